"""The foreign packet's documents: the world laid out the way other enterprises lay it out
(own header wordings with units, transposed tables, two-level headers, notes and title rows, blank
spacer columns, per-workshop sheets, check marks V/x), in a shuffled order under neutral names."""

from __future__ import annotations

import json
import random

from tests.foreign import writers as W
from tests.foreign.world import World

BOOL_STYLES = (("是", "否"), ("√", "×"), ("V", "x"), ("Y", "N"), ("有", "无"))
NET_STYLES = (("已联网", "未联网"), ("是", "否"), ("√", "×"), ("V", "x"))


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def _date(rng: random.Random, d) -> str:  # type: ignore[no-untyped-def]
    return rng.choice((f"{d.year}-{d.month:02d}-{d.day:02d}", f"{d.year}年{d.month}月{d.day}日", f"{d.year}/{d.month}/{d.day}",
                       f"{d.year}.{d.month:02d}"))


def _full_date(rng: random.Random, d) -> str:  # type: ignore[no-untyped-def]
    return rng.choice((f"{d.year}-{d.month:02d}-{d.day:02d}", f"{d.year}年{d.month}月{d.day}日", f"{d.year}/{d.month}/{d.day}"))


def _process_written(rng: random.Random, name: str, style: str, index: int) -> str:
    """The equipment list's spelling of a described process (a suffix, a code prefix)."""
    if style == "suffix":
        return name + rng.choice(("工序", "工段"))
    if style == "code":
        return f"GX{index:02d} {name}"
    return name


def _period_line(w: World) -> str:
    if w.stated_period:
        return f"统计期间：{w.stated_period}"
    return f"统计年度：{w.year - 1}年"


def equipment(w: World, rng: random.Random, scanned: bool) -> tuple[list[W.Grid], list[str]]:
    yes, no = rng.choice(BOOL_STYLES)
    nyes, nno = rng.choice(NET_STYLES)
    pstyle = rng.choice(("plain", "plain", "suffix", "code"))
    pindex = {p: i + 1 for i, (p, _) in enumerate(w.processes)}
    cols = [
        ("no", "序号"),
        ("name", _pick(rng, "设备名称", "设备（资产）名称", "资产名称", "机台名称")),
        ("model", _pick(rng, "规格型号", "型号规格", "规格/型号")),
        ("asset", _pick(rng, "资产编号", "固定资产编码", "设备编号", "资产卡片号")),
        ("qty", _pick(rng, "数量(台)", "台套数", "数量（台/套）", "在用数量(台)")),
        ("process", _pick(rng, "所属工序", "使用工段", "所在工段/工序", "对应工艺环节")),
    ]
    nc_mode = rng.choice(("control", "bool", "both"))
    if nc_mode in ("control", "both"):
        cols.append(("control", _pick(rng, "控制方式", "控制形式", "自控方式")))
    if nc_mode in ("bool", "both"):
        cols.append(("nc", _pick(rng, f"是否数控（{yes}/{no}）", "是否数控", "数控化(是/否)")))
    cols.append(("net", _pick(rng, "是否联网", f"自动采集（{nyes}/{nno}）", "数据自动采集(是/否)", "是否联网采集")))
    cols.append(("cat", _pick(rng, "设备类别", "设备大类")))
    cols.append(("note", "备注"))
    spacer = not scanned and rng.random() < 0.3
    two_level = rng.random() < 0.35

    def cell(d, key, i):  # type: ignore[no-untyped-def]
        return {
            "no": str(i), "name": d.name, "model": d.model, "asset": d.asset, "qty": str(d.qty),
            "process": _process_written(rng, d.process, pstyle, pindex[d.process]) if pstyle != "plain" else d.process,
            "control": d.control, "nc": yes if d.nc else no, "net": nyes if d.claims_net else nno,
            "cat": "工业机器人" if d.robot else _pick(rng, "生产设备", "工艺设备", "专用设备"),
            "note": "",
        }[key]

    if nc_mode == "bool":
        # a yes/no column decides; the same answer as the controls
        pass
    header = [h for _, h in cols]
    keys = [k for k, _ in cols]
    split = not scanned and rng.random() < 0.3 or any(d.duplicate_of is not None for d in w.devices) and not scanned
    groups: list[list] = [[d for d in w.devices if d.duplicate_of is None]]
    dups = [d for d in w.devices if d.duplicate_of is not None]
    if split:
        half = len(groups[0]) // 2
        groups = [groups[0][:half], groups[0][half:] + dups]
    else:
        groups[0] += dups
    grids = []
    variants = [f"equipment:{nc_mode}", f"process_spelling:{pstyle}"]
    for gi, devs in enumerate(groups):
        rows = [[cell(d, k, i + 1) for k in keys] for i, d in enumerate(devs)]
        h = list(header)
        if spacer:
            at = 3
            h.insert(at, "")
            for r in rows:
                r.insert(at, "")
        hdr = [h]
        spans: list[tuple[int, int, int]] = []
        if two_level:
            top = ["" for _ in h]
            top[0] = "序号"
            top[1] = "设备基本信息"
            ai = h.index(header[5])
            top[ai] = "工艺与控制"
            ni = len(h) - 3
            top[ni] = "数据采集"
            spans = [(0, 1, ai - 1), (0, ai, ni - 1)]
            hdr = [top, h]
            variants.append("equipment:two_level_header")
        title = [f"{w.enterprise}生产设备台账" + (f"（{'一' if gi == 0 else '二'}车间）" if split else ""),
                 _period_line(w) + f"    填报日期：{w.period_end.year}年{min(12, w.period_end.month + 1)}月10日"]
        notes = [] if scanned else [_pick(rng, "注：数据采集情况以设备物联平台为准。", "说明：本表由设备动力部填报。")]
        grids.append(W.Grid(title=title, header=hdr, rows=rows, notes=notes, spans=spans,
                            sheet=f"{'一' if gi == 0 else '二'}车间" if split else "设备台账"))
    return grids, variants


def robots(w: World, rng: random.Random) -> W.Grid | None:
    if not w.robot_list:
        return None
    h = ["序号", _pick(rng, "机器人名称", "机器人类型", "名称"), _pick(rng, "品牌", "制造商"), "型号",
         _pick(rng, "数量（台）", "台数"), _pick(rng, "应用工序", "所在工序")]
    rows = [[str(i + 1), n, b, f"{b}-R{i + 1}", str(q), p] for i, (n, b, q, p) in enumerate(w.robot_list)]
    return W.Grid(title=[f"{w.enterprise}工业机器人清单"], header=[h], rows=rows, sheet="机器人")


def roster(w: World, rng: random.Random) -> W.Grid:
    h = [_pick(rng, "工号", "员工编号"), "姓名", _pick(rng, "所属部门/车间", "部门"), _pick(rng, "岗位（工种）", "岗位", "现任岗位"),
         _pick(rng, "用工状态", "在职状态")]
    rows = [[p.no, p.name, p.dept, p.title, p.status] for p in w.people]
    return W.Grid(title=[f"{w.enterprise}员工花名册", _period_line(w)], header=[h], rows=rows, sheet="花名册")


def process_doc(w: World, rng: random.Random, scanned: bool) -> tuple[str, object]:
    """('docx', bytes) prose, or ('grid', Grid) a table (maybe transposed)."""
    names = [p for p, _ in w.processes]
    key = [p for p, k in w.processes if k]
    form = rng.choice(("prose", "table", "transposed")) if not scanned else rng.choice(("table", "prose"))
    if form == "prose":
        lines = [f"{w.enterprise}", "生产工艺流程及关键工序说明",
                 f"本公司主要生产工艺流程为：{'→'.join(names)}。",
                 f"其中关键工序为：{'、'.join(key)}。",
                 "各工序设备见生产设备台账。"]
        return "prose", lines
    if form == "table":
        yes, no = rng.choice((("是", "否"), ("√", ""), ("关键", "一般")))
        h = ["序号", _pick(rng, "工序名称", "工艺环节名称"), _pick(rng, "是否关键工序", "工序类别"), "工序说明"]
        rows = [[str(i + 1), p, yes if k else no, f"{p}作业"] for i, (p, k) in enumerate(w.processes)]
        return "grid", W.Grid(title=[f"{w.enterprise}生产工序说明"], header=[h], rows=rows, sheet="工序")
    h = ["工序名称"] + names
    rows = [["是否关键工序"] + ["是" if k else "否" for _, k in w.processes]]
    return "grid", W.Grid(title=[f"{w.enterprise}生产工序说明（横表）"], header=[h], rows=rows, sheet="工序")


def products(w: World, rng: random.Random, scanned: bool) -> W.Grid:
    unit = w.products and INDUSTRY_UNIT.get(w.code, "件")
    transposed = not scanned and rng.random() < 0.3
    yes, no = rng.choice((("是", "否"), ("√", "×")))
    if transposed:
        h = ["项目"] + [p for p, _, _ in w.products]
        rows = [[f"产量（{unit}）"] + [str(q) for _, q, _ in w.products],
                ["是否应用数字化设计工具"] + [yes if d else no for _, _, d in w.products]]
        return W.Grid(title=[f"{w.enterprise}主要产品及产量"], header=[h], rows=rows, sheet="产品")
    h = ["序号", _pick(rng, "产品名称", "产品品种"), _pick(rng, f"产量（{unit}）", "年产量", "产量"), "计量单位",
         _pick(rng, "是否应用数字化设计工具", f"数字化设计（{yes}/{no}）")]
    rows = [[str(i + 1), p, str(q), unit, yes if d else no] for i, (p, q, d) in enumerate(w.products)]
    return W.Grid(title=[f"{w.enterprise}产品类型及产量", _period_line(w)], header=[h], rows=rows, sheet="产品")


INDUSTRY_UNIT = {"C2511": "吨", "C3971": "件", "C3441": "台", "C2720": "万粒"}


def tools(w: World, rng: random.Random) -> W.Grid:
    h = ["序号", _pick(rng, "软件名称", "工具软件"), _pick(rng, "用途", "应用场景"), _pick(rng, "厂商", "供应商")]
    rows = [[str(i + 1), t, u, v] for i, (t, u, v) in enumerate(w.tools)]
    return W.Grid(title=["数字化研发设计软件清单"], header=[h], rows=rows, sheet="软件")


def systems(w: World, rng: random.Random) -> W.Grid:
    h = [_pick(rng, "业务环节", "业务领域", "管理模块"), _pick(rng, "系统名称", "信息系统（平台）", "应用系统"),
         _pick(rng, "上线时间", "投运日期", "启用时间"), _pick(rng, "应用情况", "运行状态", "使用情况")]
    # a month-only date (2021.03) only where the day cannot matter (long before the period end)
    rows = [[s.segment_text, s.name, _date(rng, s.go_live) if (w.period_end - s.go_live).days > 400 else
             _full_date(rng, s.go_live), s.usage] for s in w.systems]
    title = [f"{w.enterprise}经营管理信息系统应用情况表" + (f"（{w.stated_period}）" if w.stated_period else "")]
    return W.Grid(title=title, header=[h], rows=rows, sheet="信息系统")


def logs(w: World, rng: random.Random) -> list[bytes]:
    from datetime import timedelta

    header = rng.choice((["设备编号", "采集时间", "运行状态", "主轴负载(%)"], ["资产编号", "时间戳", "状态", "电流(A)"],
                         ["设备编号", "记录时间", "运行状态", "温度(℃)"]))
    lines = [",".join(header)]
    for d in w.devices:
        if not d.log or d.duplicate_of is not None:
            continue
        day = d.log[0]
        while day <= d.log[1]:
            lines.append(f"{d.asset},{day.isoformat()} 08:{rng.randint(0, 59):02d}:00,{rng.choice(('运行', '待机'))},"
                         f"{rng.randint(10, 95)}")
            day += timedelta(days=1)
    return ["\r\n".join(lines).encode("utf-8-sig")]


def audit(w: World, rng: random.Random) -> bytes:
    y = w.audit_year
    paras = [
        f"{w.enterprise}全体股东：",
        "一、审计意见",
        f"我们审计了{w.enterprise}（以下简称贵公司）财务报表，包括{y}年12月31日的资产负债表，{y}年度的利润表、现金流量表以及相关财务报表附注。",
        f"我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司{y}年12月31日的财务状况以及{y}年度的经营成果。",
        f"经审计，贵公司{y}年度实现工业总产值{w.output_wan:,.2f}万元。",
    ]
    g = W.Grid(title=["利润表（摘要）  单位：万元"], header=[["项目", "本年金额", "上年金额"]],
               rows=[["营业收入", f"{w.output_wan * 1.05:,.2f}", f"{w.output_wan * 0.93:,.2f}"],
                     ["营业成本", f"{w.cost_wan:,.2f}", f"{w.cost_wan * 0.9:,.2f}"],
                     ["利润总额", f"{w.output_wan * 0.06:,.2f}", f"{w.output_wan * 0.05:,.2f}"]])
    return W.docx(paras, [g], heading="审计报告")


def certificate(w: World, rng: random.Random) -> bytes:
    c = w.certificate
    assert c is not None
    lines = [c.title, f"证书编号：CMM-{w.seed:04d}-{rng.randint(1000, 9999)}", f"企业名称：{c.holder}",
             f"评定依据：{c.basis}", f"评定等级：{c.level_text}",
             f"有效期：{w.year - 1}年6月1日至{w.year + 2}年5月31日", "发证机构：中电数智两化融合评定中心"]
    img = W.render_lines(lines, red_first=True)
    return W.degrade(img, rng, stamp_text="两化融合评定中心")


def build_packet(w: World, scanned: bool = False) -> tuple[dict[str, bytes], list[str]]:
    """The packet's files (name → bytes) and the layout variants it exercises."""
    rng = random.Random(w.seed * 31 + (7 if scanned else 0))
    docs: list[tuple[str, bytes]] = []
    variants: list[str] = list(w.variants)

    def table_doc(grids: list[W.Grid], kind: str) -> None:
        if scanned:
            for g in grids:
                docs.append(("png", W.degrade(W.render_grid(g, rng), rng, stamp_text=w.enterprise[2:10])))
            variants.append(f"scan:{kind}")
            return
        fmt = rng.choice(("xlsx", "xlsx", "csv", "docx")) if len(grids) == 1 else "xlsx"
        if fmt == "csv":
            docs.append(("csv", W.csv_bytes(grids[0], rng.choice(("gbk", "utf-8-sig", "gb18030")))))
        elif fmt == "docx":
            docs.append(("docx", W.docx([], grids)))
        else:
            docs.append(("xlsx", W.xlsx(grids, numbers_as_text=rng.random() < 0.3)))

    eq, v = equipment(w, rng, scanned)
    variants += v
    table_doc(eq, "equipment")
    r = robots(w, rng)
    if r:
        table_doc([r], "robots")
    table_doc([roster(w, rng)], "roster")
    form, p = process_doc(w, rng, scanned)
    variants.append(f"process_doc:{form}")
    if form == "prose":
        if scanned:
            docs.append(("png", W.degrade(W.render_lines(p), rng)))  # type: ignore[arg-type]
        else:
            docs.append(("docx", W.docx(p)))  # type: ignore[arg-type]
    else:
        table_doc([p], "processes")  # type: ignore[list-item]
    table_doc([products(w, rng, scanned)], "products")
    table_doc([tools(w, rng)], "tools")
    table_doc([systems(w, rng)], "systems")
    for b in logs(w, rng):
        docs.append(("csv", b))
    docs.append(("docx", audit(w, rng)))
    if w.certificate:
        docs.append(("png", certificate(w, rng)))
    rng.shuffle(docs)
    files = {f"附件{i + 1:02d}.{ext}": data for i, (ext, data) in enumerate(docs)}
    manifest = {"packet_id": f"foreign-{w.seed:04d}", "enterprise_name": w.enterprise, "credit_code": w.credit,
                "industry_code": w.code, "assessment_year": w.year,
                "process_type": w.kind, "certifications": [],
                "benefit_benchmarks": {"cost_to_output_ratio": w.benchmark}}
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    return files, sorted(set(variants))
