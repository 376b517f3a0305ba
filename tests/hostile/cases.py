"""The hostile-input corpus: each case is the clean born-digital packet plus (or with one part
replaced by) something a hostile or careless uploader sends, and what must come out of it."""

from __future__ import annotations

import io
import json
import random
import stat
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl

from models import FlagCode, PacketFile
from tests.hostile import make
from tests.hostile.harness import DEFAULT_TIME_BOUND_S, SLOW_TIME_BOUND_S, Baseline, CaseRun, Expect

U = FlagCode.UNREADABLE_DOCUMENT
ROSTER_PDF = "附件2.pdf"  # the staff roster of the clean packet (default spec, seed 7)
EQUIPMENT_XLSX = "材料8.xlsx"  # its equipment list
Build = Callable[[dict[str, bytes]], list[PacketFile]]


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Build
    expect: Expect
    changed: frozenset[str] = frozenset()  # clean documents the case itself alters
    slow: bool = False
    whole_packet: bool = False  # the case replaces the packet itself: no clean documents to compare
    time_bound_s: float = DEFAULT_TIME_BOUND_S
    tags: tuple[str, ...] = field(default_factory=tuple)
    env: tuple[tuple[str, str], ...] = ()  # EVIDENCE_* settings for this case's check
    residual: str = ""  # what is still limited or not made safe, and why (printed in the summary)


def _members(files: dict[str, bytes]) -> list[PacketFile]:
    return [PacketFile(name=n, data=b) for n, b in files.items()]


def plus(*extra: tuple[str, bytes]) -> Build:
    """The clean packet and the extra members (before the manifest)."""
    def build(files: dict[str, bytes]) -> list[PacketFile]:
        out = {n: b for n, b in files.items() if n != "manifest.json"}
        out.update(dict(extra))
        out["manifest.json"] = files["manifest.json"]
        return _members(out)
    return build


def plus_lazy(make_extra: Callable[[], list[tuple[str, bytes]]]) -> Build:
    def build(files: dict[str, bytes]) -> list[PacketFile]:
        return plus(*make_extra())(files)
    return build


# ---------------------------------------------------------------- expectations


def flagged(code: FlagCode, file_part: str, *words: str) -> Expect:
    """A flag of `code` citing a file whose name holds `file_part`, its message holding `words`."""
    def expect(run: CaseRun, base: Baseline) -> list[str]:
        hits = [f for f in run.flags if f.code == code and any(file_part in (e.file or "") for e in f.evidence)]
        if not hits:
            return [f"no {code.value} citing {file_part!r}; flags: {[(f.code.value, f.message[:60]) for f in run.flags]}"]
        if not any(all(w in f.message for w in words) for f in hits):
            return [f"{code.value} on {file_part!r} lacks {words}: {[f.message for f in hits]}"]
        return []
    return expect


def each_flagged(code: FlagCode, parts: list[str], *words: str) -> Expect:
    def expect(run: CaseRun, base: Baseline) -> list[str]:
        return [p for part in parts for p in flagged(code, part, *words)(run, base)]
    return expect


def read_as_document(file_part: str, no_flag: bool = True) -> Expect:
    """The member was read (it is among the documents) and, with `no_flag`, raised no flag."""
    def expect(run: CaseRun, base: Baseline) -> list[str]:
        problems = []
        if not any(file_part in d for d in run.documents):
            problems.append(f"{file_part!r} not among the documents {run.documents[-3:]}")
        if no_flag:
            own = [f for f in run.flags if any(file_part in (e.file or "") for e in f.evidence)]
            if own:
                problems.append(f"unexpected flags on {file_part!r}: {[f.message for f in own]}")
        return problems
    return expect


def verdict_unchanged(run: CaseRun, base: Baseline) -> list[str]:
    return [] if run.indicators == base.indicators else [f"indicators moved: {run.indicators} vs {base.indicators}"]


def all_of(*expects: Expect) -> Expect:
    def expect(run: CaseRun, base: Baseline) -> list[str]:
        return [p for e in expects for p in e(run, base)]
    return expect


def no_crash(run: CaseRun, base: Baseline) -> list[str]:
    return []


# ---------------------------------------------------------------- builders needing the clean packet


def with_manifest(data: bytes | None) -> Build:
    def build(files: dict[str, bytes]) -> list[PacketFile]:
        out = {n: b for n, b in files.items() if n != "manifest.json"}
        if data is not None:
            out["manifest.json"] = data
        return _members(out)
    return build


def manifest_with(**changes: object) -> Build:
    def build(files: dict[str, bytes]) -> list[PacketFile]:
        raw = json.loads(files["manifest.json"])
        raw.update(changes)
        return with_manifest(json.dumps(raw, ensure_ascii=False).encode())(files)
    return build


def same_file_twice(files: dict[str, bytes]) -> list[PacketFile]:
    return plus(("附件2-副本.pdf", files[ROSTER_PDF]))(files)


def equipment_as_uncached_formulas(files: dict[str, bytes]) -> list[PacketFile]:
    """The clean equipment list with every whole number written as a formula without a cached
    value (=6+6 for 12), as export scripts write it: the counts must not move."""
    wb = openpyxl.load_workbook(io.BytesIO(files[EQUIPMENT_XLSX]))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, int) and not isinstance(c.value, bool) and c.value >= 2:
                    c.value = f"={c.value - 1}+1"
    buf = io.BytesIO()
    wb.save(buf)
    out = dict(files)
    out[EQUIPMENT_XLSX] = buf.getvalue()
    return _members(out)


def packet_zip_truncated(files: dict[str, bytes]) -> list[PacketFile]:
    """The whole packet as one zip, cut inside its last member (an upload cut short)."""
    rng = random.Random(14)
    entries = [(n, b) for n, b in files.items()] + [("附件99-扫描件.pdf", make.random_bytes(rng, 300_000))]
    data = make.zip_of(entries)
    return [PacketFile(name="packet.zip", data=data[: len(data) - 200_000])]


def packet_zip_over_member_limit(files: dict[str, bytes]) -> list[PacketFile]:
    """The packet as one zip with its documents first and 2,100 junk members after them."""
    entries = list(files.items()) + [(f"空白/{i:04d}.txt", b"") for i in range(2_100)]
    return [PacketFile(name="packet.zip", data=make.zip_of(entries))]


def tiny_files(n: int) -> Build:
    return plus(*[(f"小文件/{i:03d}.csv", f"序号,备注\n{i},无\n".encode()) for i in range(n)])


def _csv(rows: list[str], encoding: str = "utf-8") -> bytes:
    return "\n".join(rows).encode(encoding)


NOTE_ROWS = ["说明事项,内容", "一,本附件为补充说明", "二,无其他材料"]
EXTS = ["pdf", "xlsx", "xls", "csv", "docx", "doc", "png", "jpg", "tif", "zip", "json", "txt"]


def _rng(name: str) -> random.Random:
    return random.Random(f"hostile:{name}")


def html_as_xls() -> bytes:
    return ("<html><body><table><tr><td>说明事项</td><td>内容</td></tr>"
            "<tr><td>一</td><td>网页导出</td></tr></table></body></html>").encode()


def xlsx_note() -> bytes:
    wb = openpyxl.Workbook()
    for r in [["说明事项", "内容"], ["一", "伪装成 PDF 的表格"]]:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def legacy_xls() -> bytes:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("说明")
    for i, r in enumerate([["说明事项", "内容"], ["一", "老版本 Excel"]]):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def external_link_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["设备编号", "设备名称", "数量"])
    ws.append(["WL-1", "外购设备", "='[供应商台账.xlsx]Sheet1'!C2"])
    ws.append(["WL-2", "外购设备", "=[1]Sheet1!C3*2"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def unrelated_rows_csv(n: int) -> bytes:
    return b"".join(b"%d,%d\n" % (i, i * 7 % 1000) for i in range(n))


def env(**values: object) -> tuple[tuple[str, str], ...]:
    return tuple((f"EVIDENCE_{k.upper()}", str(v)) for k, v in values.items())


CASES: list[Case] = [
    # -- zero-byte and random bytes under every extension
    Case("zero_bytes_every_ext", "a 0-byte file under each of 12 extensions",
         plus(*[(f"空文件.{e}", b"") for e in EXTS]),
         each_flagged(U, [f"空文件.{e}" for e in EXTS if e != "json"], "0 字节")),
    Case("random_bytes_every_ext", "8 KB of random bytes under each of 12 extensions",
         plus_lazy(lambda: [(f"乱码.{e}", make.random_bytes(_rng(e), 8192)) for e in EXTS]),
         each_flagged(U, [f"乱码.{e}" for e in EXTS if e != "json"], "无法")),
    # -- PDFs
    Case("pdf_truncated", "the roster PDF cut in half, under another name",
         lambda f: plus(("附件2-不完整.pdf", f[ROSTER_PDF][: len(f[ROSTER_PDF]) // 2]))(f),
         no_crash),
    Case("pdf_encrypted_user_password", "a PDF that needs a password to open",
         plus_lazy(lambda: [("加密.pdf", make.pdf_encrypted("open-sesame"))]), flagged(U, "加密.pdf", "加密")),
    Case("pdf_encrypted_owner_only", "a PDF with permissions but no open password",
         plus_lazy(lambda: [("限制.pdf", make.pdf_encrypted(""))]), read_as_document("限制.pdf"),
         residual="read in full without a flag: an owner (permissions) password locks nothing we read "
         "(tests/extractors/readers/test_pdf_encrypted.py says why no note)"),
    Case("pdf_javascript", "a PDF with an OpenAction JavaScript",
         plus_lazy(lambda: [("脚本.pdf", make.pdf_javascript())]), read_as_document("脚本.pdf")),
    Case("pdf_2000_pages", "a 2,000-page PDF (~200 KB)",
         plus_lazy(lambda: [("超长.pdf", make.pdf_many_pages(2000))]),
         flagged(U, "超长.pdf", "2000 页", "500 页"), slow=True, time_bound_s=SLOW_TIME_BOUND_S,
         residual="the first max_pdf_pages (500) pages are read, the rest named as not read"),
    Case("pdf_20000pt_page", "one page of 20,000 × 20,000 points",
         plus_lazy(lambda: [("巨幅.pdf", make.pdf_page(20000, 20000))]), read_as_document("巨幅.pdf")),
    Case("pdf_20000pt_scan_page", "an image-only page of 20,000 × 20,000 points (3 Gpx at the OCR resolution)",
         plus_lazy(lambda: [("巨幅扫描.pdf", make.pdf_scan_page(20000, 20000))]),
         flagged(U, "巨幅扫描.pdf", "文字识别上限", "dpi"),
         residual="OCR'd shrunk to max_ocr_pixels (about 16 dpi here): small text on such a sheet is not "
         "recognised; the page is flagged for a person"),
    Case("png_81mpx_page", "a 9,000 × 9,000 PNG page (under the bomb limit, over the OCR limit)",
         plus_lazy(lambda: [("大图.png", make.big_text_png(9000, 9000))]),
         flagged(U, "大图.png", "文字识别上限", "缩小至"), slow=True, time_bound_s=SLOW_TIME_BOUND_S,
         residual="OCR'd shrunk to max_ocr_pixels, the page flagged (images over max_image_pixels are refused)"),
    Case("png_strip_64mpx", "a 4,000 × 16,000 strip (not page-shaped: read at its pixels)",
         plus_lazy(lambda: [("长条.png", make.big_text_png(4000, 16000))]),
         flagged(U, "长条.png", "文字识别上限"), slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    Case("pdf_stream_bomb", "a content stream inflating to 300 MB",
         plus_lazy(lambda: [("炸弹.pdf", make.pdf_stream_bomb(300 * 1024 * 1024))]),
         flagged(U, "炸弹.pdf", "压缩炸弹"), slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    # -- zips
    Case("zip_slip", "../, absolute, drive-letter and backslash member paths",
         plus_lazy(lambda: [("附件包.zip", make.zip_of([
             ("../../evil.csv", b"a\n"), ("/etc/evil.csv", b"a\n"), ("C:/Windows/evil.csv", b"a\n"),
             ("..\\..\\evil.csv", b"a\n"), ("ok/说明.csv", _csv(NOTE_ROWS))]))]),
         all_of(each_flagged(U, ["../../evil.csv", "/etc/evil.csv", "C:/Windows/evil.csv", "..\\..\\evil.csv"],
                             "压缩包之外"), read_as_document("附件包.zip!ok/说明.csv"))),
    Case("zip_links_and_devices", "a symlink member, a FIFO and a device member",
         plus_lazy(lambda: [("链接.zip", make.zip_of([
             (make.special_member("link.csv", stat.S_IFLNK | 0o777), b"/etc/passwd"),
             (make.special_member("fifo.csv", stat.S_IFIFO | 0o644), b""),
             (make.special_member("dev.csv", stat.S_IFCHR | 0o644), b""),
             ("说明.csv", _csv(NOTE_ROWS))]))]),
         all_of(flagged(U, "link.csv", "符号链接"), flagged(U, "fifo.csv", "普通文件"),
                flagged(U, "dev.csv", "普通文件"), read_as_document("链接.zip!说明.csv"))),
    Case("tar_with_hardlink", "a tar archive holding a hard link (not a format we read)",
         plus_lazy(lambda: [("归档.tar", make.tar_with_hardlink())]), flagged(U, "归档.tar", "无法")),
    Case("zip_nested_two_levels", "a zip in a zip in the packet, a note at the bottom",
         plus_lazy(lambda: [("外层.zip", make.nested_zip(2, [("说明.csv", _csv(NOTE_ROWS))]))]),
         read_as_document("外层.zip!level1.zip!说明.csv")),
    Case("zip_nested_five_levels", "five zips deep: refused, the inner documents named",
         plus_lazy(lambda: [("深层.zip", make.nested_zip(5, [("最里面的说明.csv", _csv(NOTE_ROWS))]))]),
         flagged(U, "深层.zip", "嵌套", "最里面的说明.csv")),
    Case("zip_bomb_1gb_zeros", "1 GB of zeros deflated to ~1 MB",
         plus_lazy(lambda: [("炸弹.zip", make.zeros_bomb_zip(1 << 30))]),
         flagged(U, "zeros.csv", "1073741824", "上限"), slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    Case("zip_100k_members", "a zip of 100,000 one-byte members",
         plus_lazy(lambda: [("十万.zip", make.many_members_zip(100_000))]),
         flagged(U, "十万.zip", "100000", "2000"), slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    Case("zip_duplicate_names", "two members with the same name, different content",
         plus_lazy(lambda: [("重名.zip", make.zip_of([("说明.csv", _csv(NOTE_ROWS)),
                                                    ("说明.csv", _csv(NOTE_ROWS + ["三,第二份"]))]))]),
         all_of(read_as_document("重名.zip!说明.csv"), read_as_document("重名.zip!说明 (2).csv"))),
    Case("zip_gbk_and_cp437_names", "member names in GBK and CP437 without the UTF-8 flag",
         plus_lazy(lambda: [("旧电脑.zip", make.raw_name_zip([("说明事项.csv".encode("gbk"), _csv(NOTE_ROWS)),
                                                          ("Résumé.csv".encode("cp437"), _csv(NOTE_ROWS[:2]))]))]),
         all_of(read_as_document("旧电脑.zip!说明事项.csv"), read_as_document("旧电脑.zip!Résumé.csv"))),
    Case("zip_encrypted_member", "a member with the encryption bit set",
         plus_lazy(lambda: [("加密包.zip", make.encrypted_flag_zip("秘密.csv", _csv(NOTE_ROWS)))]),
         flagged(U, "秘密.csv", "加密")),
    Case("packet_zip_truncated", "the whole packet as one zip, cut inside its last member",
         packet_zip_truncated, all_of(flagged(U, "packet.zip", "不完整", "附件99-扫描件.pdf"), verdict_unchanged)),
    Case("packet_zip_over_member_limit", "the packet zip with 2,100 junk members after its documents",
         packet_zip_over_member_limit, all_of(flagged(U, "packet.zip", "超过上限"), verdict_unchanged)),
    # -- images
    Case("png_bomb", "a 30,000 × 30,000 PNG of ~100 KB",
         plus_lazy(lambda: [("炸弹.png", make.png_bomb(30_000, 30_000))]), flagged(U, "炸弹.png", "像素", "炸弹")),
    Case("jpeg_bomb", "a JPEG whose header claims 65,000 × 65,000",
         plus_lazy(lambda: [("炸弹.jpg", make.jpeg_claiming(65_000, 65_000))]), flagged(U, "炸弹.jpg", "像素")),
    Case("tiff_bomb", "a 20,000 × 20,000 group-4 TIFF",
         plus_lazy(lambda: [("炸弹.tif", make.tiff_bomb(20_000, 20_000))]), flagged(U, "炸弹.tif", "像素")),
    Case("tiff_300_frames", "a small 300-frame TIFF: read up to the frame cap, the cap named",
         plus_lazy(lambda: [("多页.tif", make.tiff_frames(300))]), flagged(U, "多页.tif", "300 帧", "200 帧"),
         slow=True, time_bound_s=SLOW_TIME_BOUND_S,
         residual="the first max_image_pages (200) frames are read, the rest named as not read"),
    Case("jpeg_cmyk", "a CMYK JPEG",
         plus_lazy(lambda: [("印刷.jpg", make.cmyk_jpeg())]), read_as_document("印刷.jpg")),
    Case("jpeg_exif_rotations", "JPEGs with EXIF orientation 3, 6 and 8",
         plus_lazy(lambda: [(f"旋转{o}.jpg", make.exif_rotated_jpeg(o)) for o in (3, 6, 8)]),
         all_of(*[read_as_document(f"旋转{o}.jpg") for o in (3, 6, 8)])),
    # -- workbooks
    Case("xlsx_formulas_no_cached_values", "the equipment list with its counts as uncached formulas",
         equipment_as_uncached_formulas, verdict_unchanged),
    Case("xlsx_streamed_uncached_formulas", "a 20,500-row sheet (streamed) with 3 counts as uncached formulas",
         plus_lazy(lambda: [("长表公式.xlsx", make.big_sheet_with_uncached_formulas(20_500, {7, 1000, 20_003}))]),
         flagged(U, "长表公式.xlsx", "未计入", "B7", "B1000", "B20003", "流式"),
         residual="not evaluated: a streamed sheet (over 20,000 rows or 3 MB of XML) is read without "
         "evaluating formulas; rows with an uncached formula are left out and named (smaller sheets "
         "evaluate them: xlsx_formulas_no_cached_values)"),
    Case("xlsx_external_links", "formulas pointing at another workbook, no cached values",
         plus_lazy(lambda: [("外部链接.xlsx", external_link_xlsx())]), flagged(U, "外部链接.xlsx", "外部", "C2", "C3")),
    Case("xlsx_1m_rows", "a sheet of 1,000,000 unrelated rows",
         plus_lazy(lambda: [("百万行.xlsx", make.xlsx_million_rows(1_000_000))]), no_crash,
         slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    Case("xlsx_shared_strings_bomb", "200,000 shared strings of 600 characters (~360 MB)",
         plus_lazy(lambda: [("字符串.xlsx", make.shared_strings_bomb(200_000, 600))]),
         flagged(U, "字符串.xlsx", "压缩"), slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    Case("xlsx_billion_laughs", "nested entities in sharedStrings.xml",
         plus_lazy(lambda: [("笑话.xlsx", make.xlsx_parts(shared_strings=make.billion_laughs("sst")))]),
         flagged(U, "笑话.xlsx", "xl/sharedStrings.xml", "实体扩展")),
    Case("xlsx_billion_laughs_other_parts", "nested entities in [Content_Types].xml, workbook.xml, the sheet, "
         "a UTF-16 sheet",
         plus_lazy(lambda: [(f"笑话{i}.xlsx", make.xlsx_entity_bomb(part, enc)) for i, (part, enc) in enumerate([
             ("[Content_Types].xml", "utf-8"), ("xl/workbook.xml", "utf-8"), ("xl/worksheets/sheet1.xml", "utf-8"),
             ("xl/worksheets/sheet1.xml", "utf-16"), ("xl/_rels/workbook.xml.rels", "utf-8")])]),
         all_of(flagged(U, "笑话0.xlsx", "[Content_Types].xml", "实体扩展"),
                flagged(U, "笑话1.xlsx", "xl/workbook.xml", "实体扩展"),
                flagged(U, "笑话2.xlsx", "xl/worksheets/sheet1.xml", "实体扩展"),
                flagged(U, "笑话3.xlsx", "xl/worksheets/sheet1.xml", "实体扩展"),
                flagged(U, "笑话4.xlsx", "xl/_rels/workbook.xml.rels", "实体扩展"))),
    Case("docx_billion_laughs", "nested entities in word/document.xml",
         plus_lazy(lambda: [("笑话.docx", make.docx_billion_laughs())]),
         flagged(U, "笑话.docx", "word/document.xml", "实体扩展")),
    Case("xlsm_macro", "a macro-enabled workbook with a vbaProject.bin",
         plus_lazy(lambda: [("宏.xlsm", make.xlsx_parts(macro=True, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)}))]),
         read_as_document("宏.xlsm")),
    # -- CSVs
    Case("csv_utf16", "a UTF-16 (BOM) tab-separated export",
         plus(("说明16.csv", "\r\n".join(r.replace(",", "\t") for r in NOTE_ROWS).encode("utf-16"))),
         read_as_document("说明16.csv")),
    Case("csv_utf16_no_bom", "UTF-16LE without a BOM",
         plus(("说明16无BOM.csv", _csv(NOTE_ROWS, "utf-16-le"))), read_as_document("说明16无BOM.csv")),
    Case("csv_gb18030", "GB18030 with a four-byte character",
         plus(("说明18030.csv", _csv([*NOTE_ROWS, "三,㐀字"], "gb18030"))), read_as_document("说明18030.csv")),
    Case("csv_bom_then_gbk", "a UTF-8 BOM in front of GBK text",
         plus(("说明BOM.csv", b"\xef\xbb\xbf" + _csv(NOTE_ROWS, "gbk"))), read_as_document("说明BOM.csv")),
    Case("csv_mixed_utf8_gbk", "lines in UTF-8 and lines in GBK",
         plus(("说明混合.csv", _csv(NOTE_ROWS[:2]) + b"\n" + _csv(NOTE_ROWS[2:], "gbk"))),
         read_as_document("说明混合.csv")),
    Case("csv_nul_byte", "one stray NUL byte",
         plus(("说明NUL.csv", _csv(NOTE_ROWS)[:10] + b"\x00" + _csv(NOTE_ROWS)[10:])),
         flagged(U, "说明NUL.csv", "空字节")),
    Case("csv_10mb_line", "one 10 MB line",
         plus(("长行.csv", b"a," + b"x" * (10 * 1024 * 1024) + b"\n1,2\n")), no_crash),
    Case("csv_1m_unrelated_rows", "1,000,000 rows of unrelated numbers",
         plus_lazy(lambda: [("百万.csv", b"".join(b"%d,%d\n" % (i, i * 7 % 1000) for i in range(1_000_000)))]),
         no_crash, slow=True, time_bound_s=SLOW_TIME_BOUND_S),
    # -- content not matching its extension
    Case("xlsx_named_pdf", "a workbook named .pdf", plus_lazy(lambda: [("伪装.pdf", xlsx_note())]),
         read_as_document("伪装.pdf")),
    Case("html_named_xls", "an HTML table named .xls", plus_lazy(lambda: [("网页.xls", html_as_xls())]),
         read_as_document("网页.xls")),
    Case("legacy_doc", "a Word 97-2003 .doc", plus_lazy(lambda: [("旧版.doc", make.ole2_with(["WordDocument"]))]),
         flagged(U, "旧版.doc", "暂不支持")),
    Case("legacy_xls", "an Excel 97-2003 .xls", plus_lazy(lambda: [("旧版.xls", legacy_xls())]),
         read_as_document("旧版.xls")),
    Case("docx_password", "a password-protected docx (OLE2 EncryptedPackage)",
         plus_lazy(lambda: [("加密.docx", make.ole2_with(["EncryptionInfo", "EncryptedPackage"]))]),
         flagged(U, "加密.docx", "加密")),
    # -- manifest
    Case("manifest_missing", "no manifest.json", with_manifest(None),
         flagged(FlagCode.MISSING_EVIDENCE, "manifest.json", "manifest.json")),
    Case("manifest_malformed", "manifest.json that is not JSON", with_manifest(b'{"packet_id": "x", '),
         flagged(U, "manifest.json", "无法解析")),
    Case("manifest_wrong_types", "year 'abc', industry code a number, declared values a list",
         manifest_with(assessment_year="abc", industry_code=3911, declared=[1, 2]),
         each_flagged(U, ["manifest.json"], "已忽略")),
    Case("manifest_10mb", "a 10 MB manifest.json",
         with_manifest(json.dumps({"packet_id": "x", "junk": "x" * (10 * 1024 * 1024)}).encode()),
         flagged(U, "manifest.json", "过大")),
    Case("manifest_id_dotdot", "packet_id '../../results/other'", manifest_with(packet_id="../../results/other"),
         flagged(U, "manifest.json", "packet_id")),
    Case("manifest_id_slashes", "packet_id 'a/b\\\\c'", manifest_with(packet_id="a/b\\c"),
         flagged(U, "manifest.json", "packet_id")),
    Case("manifest_id_nul", "packet_id with a NUL", manifest_with(packet_id="acme\x00.zip"),
         flagged(U, "manifest.json", "packet_id")),
    Case("manifest_id_300_chars", "a 300-character packet_id", manifest_with(packet_id="p" * 300),
         flagged(U, "manifest.json", "packet_id", "128")),
    # -- file names, repeats, sizes of the packet
    Case("name_newlines_controls", "a file name with a newline, a tab and a bell",
         plus(("说明\n第二行\t\x07.csv", _csv(NOTE_ROWS))), read_as_document("说明\n第二行\t\x07.csv")),
    Case("name_300_chars", "a 300-character file name", plus(("长" * 296 + ".csv", _csv(NOTE_ROWS))),
         read_as_document("长" * 296 + ".csv")),
    Case("same_file_twice", "the roster uploaded again as 附件2-副本.pdf", same_file_twice,
         all_of(flagged(FlagCode.DUPLICATE_RECORD, "附件2-副本.pdf", "只按"), verdict_unchanged)),
    # -- the per-document limits of the real check (extractors.isolation), set low via settings
    Case("csv_past_document_time_out", "a CSV that reads for ~10 s; EVIDENCE_DOCUMENT_TIMEOUT_SECONDS=3",
         plus_lazy(lambda: [("慢.csv", unrelated_rows_csv(1_000_000))]), flagged(U, "慢.csv", "读取超时（3 秒"),
         env=env(document_timeout_seconds=3),
         residual="a document past the per-document time-out (default 300 s) is stopped and flagged whole: "
         "nothing of it is kept"),
    Case("xlsx_past_document_time_out", "a 150,000-row workbook (~5 s); EVIDENCE_DOCUMENT_TIMEOUT_SECONDS=1.5",
         plus_lazy(lambda: [("慢.xlsx", make.xlsx_million_rows(150_000))]), flagged(U, "慢.xlsx", "读取超时（1.5 秒"),
         env=env(document_timeout_seconds=1.5)),
    Case("csv_past_document_memory_cap", "a 1.5M-row CSV (~17 MB) with EVIDENCE_DOCUMENT_MEMORY_MB=64",
         plus_lazy(lambda: [("大.csv", unrelated_rows_csv(1_500_000))]), flagged(U, "大.csv", "内存上限 64 MB"),
         env=env(document_memory_mb=64),
         residual="the cap is on the document worker's address space; OCR page processes it starts carry "
         "the same cap each (with ocr_workers=2, up to twice it)"),
    Case("empty_packet", "a packet with no files at all", lambda f: [], no_crash, whole_packet=True),
    Case("500_tiny_files", "500 tiny CSV notes beside the documents", tiny_files(500), verdict_unchanged),
]

CASES_BY_NAME = {c.name: c for c in CASES}
