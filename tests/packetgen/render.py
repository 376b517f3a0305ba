"""World → DocContent per document type: headers from the synonym pools, values in Chinese forms."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from models.document import DocumentType as D
from tests.packetgen.content import DocContent, TableContent
from tests.packetgen.ground import World
from tests.packetgen.spec import DocStyle, PacketSpec
from tests.packetgen.zhtext import bool_text, chinese_numeral, quantity_text

# Header synonyms per canonical field (a subset of docs/EVIDENCE-FORMATS.md, all realistic).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "device_name": ("设备名称", "设备", "名称", "设备名"),
    "model": ("型号", "规格型号", "设备型号"),
    "asset_no": ("资产编号", "设备编号", "固定资产编号"),
    "quantity": ("数量", "台数", "台(套)数", "台（套）数", "数量（台/套）"),
    "process": ("所属工序", "对应工序", "使用工序", "对应生产工序"),
    "control_type": ("控制方式", "控制系统", "数控系统类型"),
    "is_nc": ("是否数控", "是否数控化"),
    "is_networked": ("是否联网", "是否自动采集", "自动采集", "是否具备自动采集", "联网情况"),
    "category": ("设备类别", "设备类型", "类别"),
    "robot_name": ("机器人名称", "设备名称", "名称"),
    "brand": ("品牌", "生产厂家", "制造商"),
    "employee_no": ("工号", "员工编号", "职工号"),
    "person_name": ("姓名",),
    "gender": ("性别",),
    "department": ("部门", "所在部门", "车间/部门"),
    "job_title": ("岗位", "职务", "工种", "岗位名称"),
    "hired": ("入职日期", "入职时间"),
    "status": ("在职状态", "状态", "人员状态"),
    "process_name": ("工序名称", "工序", "生产工序"),
    "is_key": ("是否关键工序", "关键工序"),
    "process_note": ("工序说明", "主要内容"),
    "product_name": ("产品名称", "产品类型", "产品"),
    "output_qty": ("产量", "年产量", "生产数量"),
    "unit": ("单位", "计量单位"),
    "digital_design": ("是否应用数字化设计工具", "是否使用数字化研发设计工具", "数字化设计"),
    "design_tools": ("设计软件", "使用的设计工具", "研发设计工具"),
    "tool_name": ("软件名称", "工具名称"),
    "purpose": ("用途", "应用环节"),
    "vendor": ("厂商", "开发商"),
    "licenses": ("授权数量", "许可数"),
    "segment": ("业务环节", "环节", "业务领域"),
    "system_name": ("系统名称", "软件系统", "信息化系统", "使用系统"),
    "go_live": ("上线时间", "启用时间", "上线日期", "投用时间"),
    "usage": ("应用情况", "使用情况", "运行情况"),
    "log_asset": ("设备编号", "资产编号", "设备ID"),
    "timestamp": ("采集时间", "时间", "时间戳", "记录时间"),
    "log_status": ("运行状态", "状态"),
    "log_value": ("主轴转速", "采集值", "数值", "温度"),
}

TITLES: dict[D, str] = {
    D.EQUIPMENT_LIST: "生产设备清单",
    D.ROBOT_LIST: "工业机器人设备清单",
    D.STAFF_ROSTER: "员工花名册",
    D.PROCESS_DESCRIPTION: "生产工序说明",
    D.PRODUCT_LIST: "产品类型及产量统计表",
    D.DESIGN_TOOL_LIST: "数字化研发设计软件清单",
    D.BUSINESS_SYSTEM_LIST: "业务环节及信息系统应用情况表",
    D.DATA_COLLECTION_LOG: "设备数据采集记录",
    D.AUDIT_REPORT: "审计报告",
}


class Renderer:
    def __init__(self, spec: PacketSpec, world: World, kind: D):
        self.spec, self.world, self.kind = spec, world, kind
        self.style: DocStyle = spec.styles[kind]
        self.rng = random.Random(f"{spec.seed}:{kind.value}")
        self.variant = self.style.header_variant

    def head(self, field: str) -> str:
        pool = SYNONYMS[field]
        i = self.variant if self.variant is not None else self.rng.randrange(len(pool))
        return pool[i % len(pool)]

    def yes_no(self, value: bool) -> str:
        return bool_text(value, self.style.bool_style, self.rng)

    def qty(self, n: int, unit: str = "台") -> str | int:
        if self.style.number_style == "arabic":
            return n
        return quantity_text(n, self.style.number_style, unit, self.rng)

    @property
    def name(self) -> str:
        return self.world.other_name if self.spec.identity_mismatch_doc == self.kind else self.world.enterprise_name

    def identity_lines(self) -> list[str]:
        lines = [f"企业名称：{self.name}"]
        if self.style.include_credit_code:
            lines.append(f"统一社会信用代码：{self.world.credit_code}")
        return lines

    def stamp_lines(self) -> list[str]:
        return [f"单位名称（盖章）：{self.name}", f"填报日期：{self.spec.assessment_year}年1月{self.rng.randint(5, 25)}日"]

    def doc(self, table: TableContent, sheet: str = "Sheet1", paragraphs: list[str] | None = None) -> DocContent:
        return DocContent(title=f"{self.name}{TITLES[self.kind]}", lines_before=self.identity_lines(),
                          paragraphs=paragraphs or [], table=table, lines_after=self.stamp_lines(), sheet_name=sheet)


def _equipment(r: Renderer) -> DocContent:
    w, spec = r.world, r.spec
    mode = r.rng.choice(["nc", "control", "both"])
    fields = ["seq", "device_name", "model", "asset_no", "quantity", "category", "process"]
    fields += {"nc": ["is_nc"], "control": ["control_type"], "both": ["control_type", "is_nc"]}[mode]
    fields.append("is_networked")
    rows = []
    for i, d in enumerate(w.devices, start=1):
        values = {
            "seq": i, "device_name": d.name, "model": d.model, "asset_no": d.asset_no,
            "quantity": r.qty(d.quantity, "套" if d.is_robot else "台"), "category": d.category, "process": d.process,
            "is_nc": r.yes_no(d.is_nc), "control_type": d.control, "is_networked": r.yes_no(d.networked),
        }
        rows.append([values[f] for f in fields])
    header = [r.head(f) for f in fields]
    total = None
    if r.style.total_row:
        total = [""] * len(fields)
        total[1] = "合计"
        total[fields.index("quantity")] = sum(d.quantity for d in w.devices) + spec.total_row_error
    group = None
    if r.style.merged_header:
        group = [("序号", 1), ("设备信息", 5), ("使用及数控、联网情况", len(fields) - 6)]
        header[0] = "序号"
    return r.doc(TableContent(header=header, rows=rows, total=total, group_header=group), sheet="设备清单")


def _robot_list(r: Renderer) -> DocContent:
    fields = ["seq", "robot_name", "brand", "model", "asset_no", "quantity", "process"]
    rows = [[i, x.name, x.brand, x.model, x.asset_no, r.qty(x.quantity, "台"), x.process]
            for i, x in enumerate(r.world.robots, start=1)]
    total = None
    if r.style.total_row:
        total = ["", "合计", "", "", "", sum(x.quantity for x in r.world.robots), ""]
    return r.doc(TableContent(header=[r.head(f) for f in fields], rows=rows, total=total), sheet="机器人")


def _roster(r: Renderer) -> DocContent:
    fields = ["seq", "employee_no", "person_name", "gender", "department", "job_title", "hired", "status"]
    date_fmt = r.rng.choice(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"])
    rows = [[i, e.employee_no, e.name, e.gender, e.department, e.job_title, e.hired.strftime(date_fmt), e.status]
            for i, e in enumerate(r.world.employees, start=1)]
    return r.doc(TableContent(header=[r.head(f) for f in fields], rows=rows), sheet="花名册")


_PROCESS_NOTES = ("按工艺文件执行", "首件检验合格后批量生产", "关键质量控制点", "执行作业指导书", "设备自动完成")


def _process_description(r: Renderer) -> DocContent:
    procs = r.world.processes
    keys = [p.name for p in procs if p.is_key]
    others = [p.name for p in procs if not p.is_key]
    if r.style.prose and r.style.format.value in ("pdf", "scan-pdf", "docx"):  # prose needs a text container
        paras = [f"本公司主要从事相关产品的研发、生产和销售。根据工艺文件，主要生产工序共{chinese_numeral(len(procs))}道，说明如下。"]
        if r.rng.random() < 0.5:
            paras.append("关键工序：" + "、".join(keys))
            if others:
                paras.append("一般工序：" + "、".join(others))
        else:
            paras.append("工艺流程（按生产顺序）：")
            paras += [f"{i}. {p.name}" + ("（关键工序）" if p.is_key else "") for i, p in enumerate(procs, start=1)]
        paras.append("以上关键工序所用设备详见生产设备清单。")
        return DocContent(title=f"{r.name}{TITLES[r.kind]}", lines_before=r.identity_lines(), paragraphs=paras,
                          lines_after=r.stamp_lines())
    fields = ["seq", "process_name", "is_key", "process_note"]
    rows = [[i, p.name, r.yes_no(p.is_key), r.rng.choice(_PROCESS_NOTES)] for i, p in enumerate(procs, start=1)]
    return r.doc(TableContent(header=[r.head(f) for f in fields], rows=rows), sheet="工序")


def _products(r: Renderer) -> DocContent:
    fields = ["seq", "product_name", "unit", "output_qty", "digital_design", "design_tools"]
    rows = [[i, p.name, p.unit, r.qty(p.output, p.unit), r.yes_no(p.digital), "、".join(p.tools) if p.tools else "—"]
            for i, p in enumerate(r.world.products, start=1)]
    total = None
    if r.style.total_row:
        total = ["", "合计", "", sum(p.output for p in r.world.products), "", ""]
    table = TableContent(header=[r.head(f) for f in fields], rows=rows, total=total,
                         caption=f"统计期间：{r.world.period_start.year}年1月1日至{r.world.period_end.year}年12月31日")
    return r.doc(table, sheet="产品产量")


def _design_tools(r: Renderer) -> DocContent:
    fields = ["seq", "tool_name", "vendor", "purpose", "licenses"]
    rows = [[i, t.name, t.vendor, t.purpose, r.qty(r.rng.randint(2, 30), "套")] for i, t in enumerate(r.world.tools, start=1)]
    return r.doc(TableContent(header=[r.head(f) for f in fields], rows=rows), sheet="设计软件")


def _business(r: Renderer) -> DocContent:
    fields = ["seq", "segment", "system_name", "go_live", "usage"]
    fmt = r.rng.choice(["%Y-%m-%d", "%Y年%m月", "%Y/%m/%d"])
    rows = []
    for i, s in enumerate(r.world.segments, start=1):
        if s.system and s.go_live:
            usage = "正常运行，业务数据完整" if s.state == "digitised" else "已上线运行"
            rows.append([i, s.written, s.system, s.go_live.strftime(fmt), usage])
        else:
            rows.append([i, s.written, "无", "—", "暂未使用信息系统，人工处理"])
    return r.doc(TableContent(header=[r.head(f) for f in fields], rows=rows), sheet="业务系统")


def _logs(r: Renderer) -> DocContent:
    """One row per reading: several readings a day over each device's run of days."""
    fields = ["log_asset", "timestamp", "log_status", "log_value"]
    per_day = max(1, r.spec.log_readings_per_day)
    hours = [8 + i * (12 // per_day) for i in range(per_day)]
    rows: list[list[str | int | float]] = []
    day = timedelta(days=1)
    for log in r.world.logs:
        base = r.rng.randint(800, 3000)
        d = log.start
        while d <= log.end:
            for h in hours:
                t = datetime(d.year, d.month, d.day, h, r.rng.randint(0, 59), r.rng.randint(0, 59))
                status = r.rng.choices(["运行", "待机", "停机"], weights=(8, 2, 1))[0]
                value = round(base * r.rng.uniform(0.85, 1.1), 1) if status == "运行" else 0
                rows.append([log.asset_no, t.strftime("%Y-%m-%d %H:%M:%S"), status, value])
            d += day
    rows.sort(key=lambda row: (str(row[1]), str(row[0])))
    return r.doc(TableContent(header=[r.head(f) for f in fields], rows=rows), sheet="采集记录")


def _money(v) -> str:
    return f"{v:,.2f}"


def _audit(r: Renderer) -> DocContent:
    w, y = r.world, r.world.fiscal_year
    firm = r.rng.choice(["北京中兴华会计师事务所", "北京天圆全会计师事务所", "北京兴华会计师事务所"])
    paras = [
        f"{firm[2:4]}审字[{y + 1}]第{r.rng.randint(100, 999)}号",
        f"{r.name}全体股东：",
        "一、审计意见",
        f"我们审计了{r.name}（统一社会信用代码：{w.credit_code}，以下简称贵公司）财务报表，包括{y}年12月31日的资产负债表，"
        f"{y}年度的利润表、现金流量表、所有者权益变动表以及相关财务报表附注。",
        f"我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司{y}年12月31日的财务状况以及{y}年度的经营成果和现金流量。",
        "二、形成审计意见的基础",
        "我们按照中国注册会计师审计准则的规定执行了审计工作。我们相信，我们获取的审计证据是充分、适当的，为发表审计意见提供了基础。",
    ]
    table = TableContent(
        caption=f"{y}年度主要财务数据（单位：万元）",
        header=["项目", "本期金额", "上期金额"],
        rows=[
            ["营业收入", _money(w.revenue_wan), _money(w.revenue_wan * 93 / 100)],
            ["营业成本", _money(w.cost_wan), _money(w.cost_wan * 94 / 100)],
            ["工业总产值", _money(w.output_wan), _money(w.output_wan * 92 / 100)],
        ],
    )
    after = [f"{firm}（特殊普通合伙）", "中国注册会计师：" + "、".join(r.rng.sample(["王立新", "李晓东", "张红梅", "刘建国"], 2)),
             f"{y + 1}年3月{r.rng.randint(10, 28)}日"]
    return DocContent(title="审计报告", lines_before=[], paragraphs=paras, table=table, lines_after=after,
                      sheet_name="审计报告")


RENDERERS = {
    D.EQUIPMENT_LIST: _equipment,
    D.ROBOT_LIST: _robot_list,
    D.STAFF_ROSTER: _roster,
    D.PROCESS_DESCRIPTION: _process_description,
    D.PRODUCT_LIST: _products,
    D.DESIGN_TOOL_LIST: _design_tools,
    D.BUSINESS_SYSTEM_LIST: _business,
    D.DATA_COLLECTION_LOG: _logs,
    D.AUDIT_REPORT: _audit,
}


def render(spec: PacketSpec, world: World, kind: D) -> DocContent:
    return RENDERERS[kind](Renderer(spec, world, kind))


def period_text(start: date, end: date) -> str:
    return f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}"
