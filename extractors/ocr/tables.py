"""Scanned-page tables → `models.Table`, through the same layout code as born-digital PDFs
(title rows, multi-row headers "设备信息/设备名称", 合计 rows, footers, tables continued on the
next page), so a scan yields the tables its born-digital original would. Cells read by OCR then
get engine TESSERACT and their confidence.
"""

from __future__ import annotations

from extractors.ocr.table import OcrChunk
from extractors.readers.chunks import TITLE_LOOKBACK_PT, TableChunk, build_tables
from extractors.readers.layout import MAX_HEADER_ROWS, HeaderScorer, Merge
from models import BBox, Engine, EvidenceRef, Table

# The born-digital reader looks this far above a table for its title, in PDF points.
TITLE_LOOKBACK_INCH = TITLE_LOOKBACK_PT / 72

BoxKey = tuple[int, float, float, float, float]


def _key(page: int | None, box: BBox | None) -> BoxKey | None:
    if page is None or box is None or box.unit != "px":
        return None
    return (page, box.x0, box.y0, box.x1, box.y1)


# A vertical "rule" that the cells of at least this share of a grid's rows merge across is no
# column boundary: a stroke of a large (up-sampled) title character, a seal's arc, a crease —
# drawn in a few rows only. The slots it separates are one column.
FALSE_RULE_MERGED_SHARE = 0.5


def column_groups(chunk: OcrChunk) -> list[list[int]]:
    """The chunk's slots grouped into real columns: a boundary that merged cells cross in at
    least FALSE_RULE_MERGED_SHARE of the rows joins the slots either side of it."""
    n_rows = len(chunk.rows)
    n_cols = max((len(r) for r in chunk.rows), default=0)
    groups: list[list[int]] = [[0]] if n_cols else []
    for b in range(1, n_cols):
        crossed = {r for (r0, c0, r1, c1) in chunk.merges if c0 < b <= c1 for r in range(r0, r1 + 1)}
        if n_rows >= 2 and len(crossed) >= FALSE_RULE_MERGED_SHARE * n_rows:
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def _join_texts(parts: list[str]) -> str:
    return "".join(p for p in parts if p)


def _union(boxes: list[BBox | None]) -> BBox | None:
    known = [b for b in boxes if b is not None]
    if not known:
        return None
    return BBox(x0=min(b.x0 for b in known), y0=min(b.y0 for b in known), x1=max(b.x1 for b in known),
                y1=max(b.y1 for b in known), unit=known[0].unit)


def collapse_false_columns(chunk: OcrChunk) -> OcrChunk:
    """The chunk with slots that are one column (see `column_groups`) joined: texts of a row's
    slots in a group concatenated left to right (a seal's arc cut 2021年8月|10日), boxes united,
    the lowest confidence kept, merged ranges re-indexed."""
    groups = column_groups(chunk)
    if all(len(g) == 1 for g in groups):
        return chunk
    to_group = {c: k for k, g in enumerate(groups) for c in g}

    def regroup(rows, join):  # type: ignore[no-untyped-def]
        return [[join([row[c] if c < len(row) else None for c in g]) for g in groups] for row in rows]

    confs = regroup(chunk.confidences, lambda xs: min((x for x in xs if x is not None), default=None))
    merges = sorted({
        (r0, to_group[c0], r1, to_group[c1])
        for (r0, c0, r1, c1) in chunk.merges
        if r1 > r0 or to_group[c1] > to_group[c0]
    })
    return OcrChunk(
        page=chunk.page,
        rows=regroup(chunk.rows, lambda xs: _join_texts([x or "" for x in xs])),
        raw=regroup(chunk.raw, lambda xs: _join_texts([x or "" for x in xs])),
        merges=list(merges),
        bboxes=regroup(chunk.bboxes, _union),
        confidences=confs,
        top=chunk.top,
        lines_above=chunk.lines_above,
        at_page_top=chunk.at_page_top,
    )


def to_layout_chunk(chunk: OcrChunk) -> TableChunk:
    return TableChunk(
        page=chunk.page,
        rows=chunk.rows,
        raw=chunk.raw,
        merges=[Merge(*m) for m in chunk.merges],
        bboxes=chunk.bboxes,
        lines_above=chunk.lines_above,
        at_page_top=chunk.at_page_top,
    )


def confidence_index(chunks: list[OcrChunk]) -> dict[BoxKey, float | None]:
    """(page, cell box) → confidence of every OCR'd slot."""
    index: dict[BoxKey, float | None] = {}
    for ch in chunks:
        for box_row, conf_row in zip(ch.bboxes, ch.confidences):
            for box, conf in zip(box_row, conf_row):
                key = _key(ch.page, box)
                if key is not None:
                    index[key] = conf
    return index


def _ocr_ref(ref: EvidenceRef, confidence: float | None) -> EvidenceRef:
    return ref.model_copy(update={"engine": Engine.TESSERACT, "confidence": confidence})


def apply_ocr_provenance(
    tables: list[Table], index: dict[BoxKey, float | None], ocr_pages: set[int]
) -> list[Table]:
    """Mark what OCR read: cells on OCR'd pages get engine TESSERACT and a confidence; a row's
    ref carries its lowest cell confidence and its box on the page image (so OCR_LOW_CONFIDENCE
    can point at it); a table's ref its header's lowest confidence.

    Policy: a value is only as certain as the header naming its column, so a cell's confidence
    is the lower of its own and its column header's — a misread header (a column that may be
    mapped to the wrong field, or to none) makes every value under it doubtful, hence flagged."""
    out = []
    for t in tables:
        columns = header_confidences(t, index) if t.ref.page in ocr_pages else []
        rows = []
        for row in t.rows:
            if row.ref.page not in ocr_pages:
                rows.append(row)
                continue
            cells = []
            for k, cell in enumerate(row.cells):
                key = _key(cell.ref.page, cell.ref.bbox)
                conf = _lower(
                    index.get(key) if key is not None else None, columns[k] if k < len(columns) else None
                )
                cells.append(cell.model_copy(update={"ref": _ocr_ref(cell.ref, conf)}))
            confs = [c.ref.confidence for c in cells if c.ref.confidence is not None]
            row_ref = _ocr_ref(row.ref, min(confs) if confs else None)
            boxes = [c.ref.bbox for c in cells if c.ref.bbox is not None]
            if boxes and row_ref.bbox is None:  # the row's box on the page image, for flags
                row_ref = row_ref.model_copy(
                    update={
                        "bbox": BBox(
                            x0=min(b.x0 for b in boxes),
                            y0=min(b.y0 for b in boxes),
                            x1=max(b.x1 for b in boxes),
                            y1=max(b.y1 for b in boxes),
                            unit="px",
                        )
                    }
                )
            rows.append(row.model_copy(update={"cells": cells, "ref": row_ref}))
        ref = t.ref
        if ref.page in ocr_pages:
            known = [c for c in columns if c is not None]
            ref = _ocr_ref(ref, min(known) if known else None)
        out.append(t.model_copy(update={"rows": rows, "ref": ref}))
    return out


def _lower(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def header_confidences(table: Table, index: dict[BoxKey, float | None]) -> list[float | None]:
    """Per column, the lowest confidence of the header slots above it: the OCR'd slots of the
    table's first page within MAX_HEADER_ROWS row heights above its first data row that overlap
    the column horizontally."""
    first = next((r for r in table.rows if r.ref.page == table.ref.page), None)
    if first is None:
        return []
    boxes = [c.ref.bbox for c in first.cells]
    known = [b for b in boxes if b is not None]
    if not known:
        return []
    top = min(b.y0 for b in known)
    height = max(1.0, min(b.y1 - b.y0 for b in known))
    slots = [
        (bx0, bx1, conf)
        for (page, bx0, by0, bx1, by1), conf in index.items()
        if conf is not None
        and page == table.ref.page
        and by1 <= top + 2
        and by0 >= top - (MAX_HEADER_ROWS + 0.5) * height
    ]
    out: list[float | None] = []
    for b in boxes:
        if b is None:
            out.append(None)
            continue
        over = [conf for bx0, bx1, conf in slots if min(bx1, b.x1) - max(bx0, b.x0) > 0.5 * (b.x1 - b.x0)]
        out.append(min(over) if over else None)
    return out


def chunks_to_tables(
    chunks_by_page: list[list[OcrChunk]],
    file: str,
    scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> list[Table]:
    """Tables of a scanned document; `chunks_by_page[i]` holds the chunks of page i + 1."""
    chunks_by_page = [[collapse_false_columns(ch) for ch in page] for page in chunks_by_page]
    layout = [[to_layout_chunk(ch) for ch in page] for page in chunks_by_page]
    tables = build_tables(layout, file, scorer, max_rows)
    flat = [ch for page in chunks_by_page for ch in page]
    return apply_ocr_provenance(tables, confidence_index(flat), {ch.page for ch in flat})
