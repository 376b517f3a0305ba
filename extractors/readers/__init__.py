"""Born-digital readers: bytes of one file → `models.Document` (page texts + tables with cell
provenance). Each raises `extractors.errors.UnreadableDocumentError` for bad input."""

from extractors.readers.csv_reader import iter_csv_rows, read_csv
from extractors.readers.docx_reader import read_docx
from extractors.readers.layout import HeaderScorer, default_header_score
from extractors.readers.pdf import read_pdf
from extractors.readers.xls import read_xls
from extractors.readers.xlsx import iter_xlsx_rows, read_xlsx

__all__ = [
    "HeaderScorer",
    "default_header_score",
    "iter_csv_rows",
    "iter_xlsx_rows",
    "read_csv",
    "read_docx",
    "read_pdf",
    "read_xls",
    "read_xlsx",
]
