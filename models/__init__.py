"""Typed domain records every stage exchanges. Imports nothing else of the project."""

from models.document import Document, DocumentType, PageText, ReadNote, SourceFormat
from models.enterprise import enterprise_name_key, name_edits, names_agree
from models.extraction import ExtractionResult
from models.facts import STANDARD_SEGMENTS, DataPeriod, DocumentSummary, Fact, PacketFacts, PeriodBasis
from models.flags import SEVERITY, Flag, FlagCode, Severity, StepError, make_flag, unique_flags
from models.manifest import Manifest, ProcessType
from models.packet import PacketFile, ResultFile
from models.policy import DEFAULT_POLICY, ScoringPolicy
from models.provenance import BBox, Engine, EvidenceRef
from models.records import (
    BusinessSystem,
    Certification,
    ControlType,
    DataLogSpan,
    DayRange,
    DesignTool,
    Device,
    Employee,
    FinancialFigure,
    FinancialKind,
    IdentityMention,
    KeyProcess,
    Product,
    Record,
    RecordSet,
    Robot,
    StaffRole,
    asset_key,
    process_key,
    process_keys,
)
from models.scoring import CertificationMatch, IndustryGroup, ScoreResult
from models.table import Cell, ColumnMatch, Table, TableRow
from models.verdict import (
    BENEFIT_INDICATORS,
    INDICATOR_NAMES_ZH,
    PROCESS_INDICATORS,
    SCHEMA_VERSION,
    BenefitIndicator,
    CheckStatus,
    EnterpriseInfo,
    Indicators,
    PeriodInfo,
    ProcessIndicator,
    Route,
    Verdict,
    VerdictFlag,
)

__all__ = [name for name in dir() if not name.startswith("_")]
