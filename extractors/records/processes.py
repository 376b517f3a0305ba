"""Process description (生产工序说明) → KeyProcess records, from a table or from prose.

Prose shapes recognised:
- a line ``关键工序：下料、焊接、机加工、装配、检测`` (also 关键工序为/包括/有), and the same for
  一般工序 / 辅助工序 / 非关键工序 (is_key False);
- numbered items ``1. 下料（关键工序）``, ``（2）清洗``, ``③ 焊接：…``— a marker in the item decides,
  else the heading above it (``一、关键工序`` / ``二、辅助工序``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from extractors.matching import PROCESS_FUZZY_MIN_SCORE, match_process, misread_of, name_similarity
from extractors.normalize import clean_text, parse_bool
from extractors.records._rows import field_rows, is_placeholder, squeeze_cjk, tables_of
from models import (
    Document,
    DocumentType,
    EvidenceRef,
    KeyProcess,
    PageText,
    Record,
    RecordSet,
    process_key,
    process_keys,
)

# Policy: in a process description that marks no process as key anywhere (no 关键 at all), the
# processes it lists are read as its key processes — the document exists to name them.
UNMARKED_PROCESSES_ARE_KEY = True

MAX_PROCESS_NAME_CHARS = 15

_NONKEY_WORDS = r"非关键工序|一般工序|辅助工序|普通工序|次要工序"
_KEY_WORDS = r"关键工序|主要关键工序|关键工艺"
_GENERIC_WORDS = r"主要生产工序|生产工序|主要工序|工艺流程|生产流程"
_LIST_LINE = re.compile(
    rf"(?P<kind>{_NONKEY_WORDS}|{_KEY_WORDS}|{_GENERIC_WORDS})(?:共\s*[\d一二三四五六七八九十]+\s*道)?"
    # the colon after 为/包括 may be lost or read as ；/; on a scan (not after 是/有: 是否关键工序 是 否 …
    # of a sideways table is no list)
    r"(?:主要)?(?:(?:为|包括|包含|如下)[:：;；]?|(?:有|是)?[:：;；])\s*(?P<items>.+)"
)
_NUMBERED = re.compile(
    r"^\s*(?:\d{1,2}\s*[.．、)）]|[（(]\s*\d{1,2}\s*[)）]|"
    r"工序\s*[一二三四五六七八九十\d]{1,3}\s*[:：、.]?|第[一二三四五六七八九十\d]{1,3}(?:道)?工序\s*[:：、.]?)\s*(?P<body>.+)$"
)
_CIRCLED = re.compile("[\u2460-\u2473]")  # ① … ⑳
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]+[部章节分]|#+)\s*(?P<title>.+)$")
# Separators of a list or flow line; `*` `~` and a dash between two names are how OCR reads →.
_SPLIT = re.compile(r"[、，,；;/|→>*＊~～]|->|—>|(?<=[\u4e00-\u9fff])[-－—_]+(?=[\u4e00-\u9fff])")
# Conjunctions split a list item only where both sides are plausible names (焊接和装配), never
# inside a name (油品调和, 调和罐): each side needs at least this many characters.
_CONJUNCTION = re.compile(r"及|和|与")
MIN_SPLIT_SIDE_CHARS = 2


def split_items(text: str) -> list[str]:
    out: list[str] = []
    for part in _SPLIT.split(text):
        last = 0
        for m in _CONJUNCTION.finditer(part):
            left, right = part[last:m.start()].strip(), part[m.end():].strip()
            if len(left) >= MIN_SPLIT_SIDE_CHARS and len(right) >= MIN_SPLIT_SIDE_CHARS:
                out.append(left)
                last = m.end()
        out.append(part[last:])
    return out
_MARK_NONKEY = re.compile(rf"[（(【\[]\s*(?:{_NONKEY_WORDS}|非关键)\s*[)）】\]]")
_MARK_KEY = re.compile(r"[（(【\[]\s*(?:关键工序|关键|关键工艺|★)\s*[)）】\]]|★")
_NAME_END = re.compile(r"[:：—\-–，,。；;（(]")


class _Context(Enum):
    NONE = "none"  # items here are not processes (an unrelated heading)
    PROCESS = "process"  # a list of processes; markers decide
    KEY = "key"
    NONKEY = "nonkey"


@dataclass
class _Found:
    name: str
    is_key: bool
    page: PageText
    line: str


def clean_process_name(text: str) -> str | None:
    """``下料（关键工序）：将板材切割`` → ``下料``; None when nothing name-like remains."""
    s = _MARK_NONKEY.sub("", _MARK_KEY.sub("", clean_text(text)))
    s = _NAME_END.split(s, 1)[0]
    s = re.sub(r"^(?:工序|关键工序|一般工序)\s*", "", s).strip(" 　.．。")
    s = re.sub(r"工序$", "", s) if len(s) > 3 else s
    if not s or len(s) > MAX_PROCESS_NAME_CHARS or re.fullmatch(r"[\d\W]+", s):
        return None
    return s


def _heading_context(title: str) -> _Context:
    t = clean_text(title).replace(" ", "")
    if re.search(_NONKEY_WORDS, t):
        return _Context.NONKEY
    if "关键" in t:
        return _Context.KEY
    if re.search(r"工序|工艺流程|生产流程|工艺", t):
        return _Context.PROCESS
    return _Context.NONE


def _scan_page(page: PageText, doc_marks_key: bool) -> list[_Found]:
    found: list[_Found] = []
    # Before any heading, a numbered list is a process list only if the text is about 工序.
    context = _Context.PROCESS
    for raw in page.text.splitlines():
        # Circled numbers become "3." before NFKC turns ③ into a bare 3.
        line = squeeze_cjk(clean_text(_CIRCLED.sub(lambda m: f"{ord(m.group(0)) - 0x245F}.", raw)))
        if not line:
            continue
        if m := _LIST_LINE.search(line):
            kind = m.group("kind")
            if re.fullmatch(_NONKEY_WORDS, kind):
                is_key = False
            elif re.fullmatch(_KEY_WORDS, kind):
                is_key = True
            else:
                is_key = False if doc_marks_key else UNMARKED_PROCESSES_ARE_KEY
            items = re.split(r"[。.](?!\d)", m.group("items"), maxsplit=1)[0]
            names = [clean_process_name(x) for x in split_items(items)]
            found += [_Found(n, is_key, page, line) for n in names if n]
            continue
        num = _NUMBERED.match(line)
        if num is None:
            head = _HEADING.match(line)
            if head:
                context = _heading_context(head.group("title"))
            elif len(line) <= 20 and re.fullmatch(r".*(工序|工艺流程)[^。]*[:：]?", line):
                context = _heading_context(line)  # an unnumbered heading line such as 关键工序如下：
            continue
        body = num.group("body")
        if _MARK_NONKEY.search(body):
            is_key: bool | None = False
        elif _MARK_KEY.search(body):
            is_key = True
        elif context == _Context.KEY:
            is_key = True
        elif context == _Context.NONKEY:
            is_key = False
        elif context == _Context.PROCESS:
            is_key = False if doc_marks_key else UNMARKED_PROCESSES_ARE_KEY
        else:
            is_key = None
        name = clean_process_name(body)
        if name and is_key is not None:
            found.append(_Found(name, is_key, page, line))
    return found


def _split_run_together(found: list[_Found]) -> list[_Found]:
    """On an OCR'd page a flow line whose arrow was not read runs two names together
    (常减压荣馏催化裂化): a name that starts or ends with another name found on the page, leaving
    two or more characters, is those two names. Typed text is taken as written (精密机加工 beside
    机加工 is its own process)."""
    names = {f.name for f in found}
    out: list[_Found] = []
    for f in found:
        if f.page.has_text_layer:
            out.append(f)
            continue
        parts = [f.name]
        for k in sorted(names - {f.name}, key=len, reverse=True):
            if len(k) >= 2 and len(f.name) - len(k) >= 2 and (f.name.startswith(k) or f.name.endswith(k)):
                rest = f.name[len(k):] if f.name.startswith(k) else f.name[: -len(k)]
                parts = [k, rest] if f.name.startswith(k) else [rest, k]
                break
        for name in parts:
            if name == f.name or name not in names:
                out.append(_Found(name, f.is_key, f.page, f.line))
                names.add(name)
    return out


def processes_from_text(doc: Document) -> list[KeyProcess]:
    """Processes named in the document's prose, first mention first; a process named both key
    and not key is key (the stronger statement)."""
    doc_marks_key = "关键" in doc.text
    by_name: dict[str, _Found] = {}
    for page in doc.pages:
        for f in _scan_page(page, doc_marks_key):
            if f.name not in by_name:
                by_name[f.name] = f
            elif f.is_key and not by_name[f.name].is_key:
                by_name[f.name].is_key = True
    found = _split_run_together(list(by_name.values()))
    out: list[KeyProcess] = []
    for f in found:
        ref = EvidenceRef(
            file=doc.file,
            page=None if f.page.sheet else f.page.number,
            sheet=f.page.sheet,
            text=f.line[:200],
            confidence=f.page.ocr_confidence,
        )
        out.append(KeyProcess(ref=ref, min_confidence=f.page.ocr_confidence, name=f.name, is_key=f.is_key))
    return out


def _table_is_key(key_text: str, has_column: bool) -> bool | None:
    """是否关键工序 cell → True/False; None when the table has no such column. With the column, a
    blank or unreadable cell is not key (tables mark the key rows: 是 / √ / 关键)."""
    if not has_column:
        return None
    if re.search(_NONKEY_WORDS, key_text):
        return False
    if "关键" in key_text:
        return True
    return bool(parse_bool(key_text))


def processes_from_tables(doc: Document) -> list[tuple[KeyProcess, bool]]:
    """Table form: 工序名称 + 是否关键工序 (是/否, or 关键/一般). Each process comes with whether
    its table said key or not (False when the table has no such column)."""
    out: list[tuple[KeyProcess, bool]] = []
    for table in tables_of(doc.tables, DocumentType.PROCESS_DESCRIPTION):
        for fr in field_rows(table):
            raw = fr.text("process_name") or fr.text("process")
            name = clean_process_name(raw) if raw and not is_placeholder(raw) else None
            if not name:
                continue
            is_key = _table_is_key(fr.text("is_key"), fr.has("is_key"))
            proc = KeyProcess(ref=fr.ref, min_confidence=fr.min_confidence, name=name, is_key=bool(is_key) if is_key is not None else True)
            out.append((proc, is_key is not None))
    return out


def process_records(doc: Document) -> list[KeyProcess]:
    """Table rows first, prose adds the processes the tables do not name. A table without a
    是否关键工序 column lists key processes, unless the prose names the key ones (关键工序：…):
    then the prose decides."""
    tables = processes_from_tables(doc)
    prose = processes_from_text(doc) if doc.doc_type == DocumentType.PROCESS_DESCRIPTION else []
    prose_key = {p.name for p in prose if p.is_key}
    out: list[KeyProcess] = []
    for proc, stated in tables:
        if not stated and prose_key:
            proc = proc.model_copy(update={"is_key": proc.name in prose_key})
        out.append(proc)
    seen = {p.name for p in out}
    return out + [p for p in prose if p.name not in seen]


# ---- the equipment lists' process names against the described processes --------------------------


def _read_by_ocr(record: Record) -> bool:
    return record.min_confidence is not None


def merge_misread_processes(processes: list[KeyProcess]) -> list[KeyProcess]:
    """A described process read twice by OCR in different spellings (锡谊印刷 in the flow line,
    锡膏印刷 in the key list) is one process: names of an OCR'd description that one matches with
    the other by similarity merge, the key statement winning. Born-digital names stay apart
    (一次焊接 and 二次焊接 are two processes)."""
    out: list[KeyProcess] = []
    for p in processes:
        k = process_key(p.name)
        if _read_by_ocr(p) and k:
            others = {process_key(q.name): i for i, q in enumerate(out) if _read_by_ocr(q) and q.ref.file == p.ref.file}
            if k not in others:
                m = match_process(k, others)
                if m.key is not None and abs(len(m.key) - len(k)) <= 1:
                    i = others[m.key]
                    if p.is_key and not out[i].is_key:
                        out[i] = p  # the key statement's spelling and ref
                    continue
        out.append(p)
    return out


def join_process_names(facts: RecordSet) -> None:
    """Each device's / robot's 所属工序 that names no described process as written, where one side
    was read by OCR, joins the described process it most resembles (extractors.matching.
    match_process): `process` becomes the described name, `process_written` and `process_score`
    keep what was read and how similar it was. In place."""
    facts.processes = merge_misread_processes(facts.processes)
    names = {process_key(p.name): p for p in facts.processes if process_key(p.name)}
    if not names:
        return
    known = set(names)
    for item in [*facts.devices, *facts.robots]:
        keys = process_keys(item.process, known)
        if not keys or all(k in known for k in keys):
            continue
        if not (_read_by_ocr(item) or any(_read_by_ocr(p) for p in facts.processes)):
            continue
        m = match_process(process_key(item.process), known)
        if m.key is None:
            continue
        item.process_written = item.process
        item.process_score = m.score
        item.process = names[m.key].name
    _pair_leftovers(facts, names)
    _join_by_spellings(facts, names)


def _join_by_spellings(facts: RecordSet, names: dict[str, KeyProcess]) -> None:
    """A spelling that joined a described process is a reading of it too: an OCR'd 所属工序 still
    joining nothing is matched against those spellings (饭金折弯 against 钣金折弯, read right on other
    rows of the same list)."""
    known = set(names)
    spelled: dict[str, str] = {}  # spelling key → described key
    loose = []
    for item in [*facts.devices, *facts.robots]:
        keys = process_keys(item.process, known)
        if keys and all(k in known for k in keys):
            for k in keys:
                spelled.setdefault(k, k)
            if item.process_written and len(keys) == 1:
                spelled.setdefault(process_key(item.process_written), keys[0])
        elif keys and _read_by_ocr(item):
            loose.append(item)
    for item in loose:
        m = match_process(process_key(item.process), spelled)
        if m.key is not None:
            item.process_written, item.process_score = item.process, m.score
            item.process = names[spelled[m.key]].name


# Leftovers on both sides (an OCR'd described process no equipment names, an OCR'd 所属工序 naming
# no described process) pair when each is the other's most similar, at or above this score.
LEFTOVER_PAIR_MIN_SCORE = 55.0


def _pair_leftovers(facts: RecordSet, names: dict[str, KeyProcess]) -> None:
    known = set(names)
    used = {k for item in [*facts.devices, *facts.robots] for k in process_keys(item.process, known) if k in known}
    free = {k for k, p in names.items() if k not in used and _read_by_ocr(p)}
    loose: dict[str, list] = {}
    for item in [*facts.devices, *facts.robots]:
        keys = process_keys(item.process, known)
        if keys and not any(k in known for k in keys) and _read_by_ocr(item):
            loose.setdefault(process_key(item.process), []).append(item)
    if not free or not loose:
        return

    def best(k: str, pool: set[str]) -> tuple[float, str | None]:
        scored = sorted(((name_similarity(k, o), o) for o in pool), reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return 0.0, None
        return scored[0]

    for written, items in loose.items():
        score, target = best(written, free)
        if target is None or score < LEFTOVER_PAIR_MIN_SCORE or best(target, set(loose))[1] != written \
                or not (score >= PROCESS_FUZZY_MIN_SCORE or misread_of(written, target)):
            continue
        for item in items:
            item.process_written, item.process_score, item.process = item.process, score, names[target].name
        free.discard(target)
