"""Which period the figures must come from (SPEC §2 "Data period")."""

from __future__ import annotations

from datetime import date

from models import DataPeriod, Manifest, PeriodBasis, RecordSet


def decide_period(manifest: Manifest, records: RecordSet, today: date | None = None) -> DataPeriod:
    """The whole of Y−1 by default. Without an assessment year in the manifest, Y is inferred as
    the year after the latest audited fiscal year, else the current year, and marked inferred."""
    year = manifest.assessment_year
    inferred = False
    if year is None:
        inferred = True
        fiscal = [f.fiscal_year for f in records.financials if f.fiscal_year]
        year = max(fiscal) + 1 if fiscal else (today or date.today()).year
    return DataPeriod(
        assessment_year=year,
        basis=PeriodBasis.PRIOR_YEAR,
        start=date(year - 1, 1, 1),
        end=date(year - 1, 12, 31),
        inferred=inferred,
    )
