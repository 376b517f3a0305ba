"""The foreign generator's world: one enterprise's facts, drawn from a seed, and the truth a correct
pipeline must give for it (SPEC §2), computed here from the world — never by our pipeline.

Written apart from tests/packetgen on purpose (its own vocabularies, wordings and layouts); it shares
only the Annex 1 thresholds (tests/packetgen/annex1.py, a copy of the seed's table).
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.packetgen.annex1 import group_for

MIN_LOG_DAYS = 90
SYSTEM_MONTHS = 3

# ---- industries: processes (key ones marked), devices per process, products --------------------------
# name, key?, devices [(device name, model stem)]
INDUSTRIES: dict[str, dict] = {
    "C2511": {
        "kind": "process", "label": "石化",
        "processes": [
            ("原油电脱盐", False, [("电脱盐罐", "DS-"), ("原油换热器", "HX-")]),
            ("常减压蒸馏", True, [("常压塔", "T-10"), ("减压加热炉", "F-20"), ("塔顶回流泵", "P-30")]),
            ("催化裂化", True, [("提升管反应器", "R-10"), ("再生器", "R-20"), ("主风机", "K-10")]),
            ("加氢精制", True, [("加氢反应器", "R-30"), ("循环氢压缩机", "K-20")]),
            ("油品调和", True, [("调和罐", "TK-"), ("在线调和撬", "BL-")]),
            ("罐区储运", False, [("输油泵", "P-50"), ("装车鹤管", "LA-")]),
        ],
        "robots": [("码垛机器人", "罐区储运")],
        "products": ["92号车用汽油", "0号车用柴油", "3号喷气燃料", "液化石油气", "石油沥青"],
        "units": "吨",
    },
    "C3971": {
        "kind": "discrete", "label": "电子",
        "processes": [
            ("锡膏印刷", True, [("全自动锡膏印刷机", "GKG-"), ("SPI锡膏检测仪", "SPI-")]),
            ("SMT贴片", True, [("高速贴片机", "NXT-"), ("多功能贴片机", "YSM-")]),
            ("回流焊接", True, [("十温区回流焊炉", "RF-")]),
            ("插件波峰焊", False, [("波峰焊机", "WS-"), ("插件流水线", "CL-")]),
            ("整机组装", True, [("自动锁螺丝机", "SC-"), ("组装流水线", "AL-")]),
            ("老化测试", True, [("老化测试柜", "BI-"), ("综合测试仪", "AT-")]),
            ("包装入库", False, [("自动封箱机", "PK-")]),
        ],
        "robots": [("SCARA机器人", "整机组装"), ("六轴工业机器人", "整机组装"), ("协作机器人", "老化测试")],
        "products": ["智能控制板", "电源模块", "通信网关", "工业平板电脑", "传感器模组"],
        "units": "件",
    },
    "C3441": {
        "kind": "discrete", "label": "装备",
        "processes": [
            ("激光切割下料", True, [("光纤激光切割机", "LC-"), ("数控剪板机", "QC-")]),
            ("钣金折弯", True, [("数控折弯机", "WE-"), ("液压折弯机", "YW-")]),
            ("机器人焊接", True, [("焊接工作站", "WS-"), ("氩弧焊机", "WSE-")]),
            ("精密机加工", True, [("立式加工中心", "VMC-"), ("数控车床", "CK-"), ("摇臂钻床", "Z30-")]),
            ("表面喷涂", False, [("静电喷涂线", "PT-"), ("烘干炉", "HG-")]),
            ("总装调试", True, [("装配试验台", "ST-"), ("行车", "QD-")]),
        ],
        "robots": [("弧焊机器人", "机器人焊接"), ("搬运机器人", "精密机加工"), ("喷涂机器人", "表面喷涂")],
        "products": ["离心压缩机", "螺杆鼓风机", "真空泵机组", "风机配件"],
        "units": "台",
    },
    "C2720": {
        "kind": "process", "label": "医药",
        "processes": [
            ("原辅料称量", False, [("电子称量系统", "ES-"), ("负压称量罩", "FY-")]),
            ("湿法制粒", True, [("高效湿法混合制粒机", "HLSH-"), ("沸腾干燥机", "FG-")]),
            ("压片", True, [("高速旋转压片机", "GZPK-")]),
            ("薄膜包衣", True, [("高效包衣机", "BGB-")]),
            ("铝塑包装", True, [("铝塑泡罩包装机", "DPH-"), ("装盒机", "ZH-")]),
            ("外包装", False, [("捆扎机", "KZ-"), ("开箱机", "KX-")]),
        ],
        "robots": [("码垛机器人", "外包装")],
        "products": ["阿莫西林胶囊", "布洛芬片", "维生素C片", "头孢克肟颗粒"],
        "units": "万粒",
    },
}

# ---- business segments in the enterprise's own words; systems with their type words ---------------
SEGMENT_WORDS: dict[str, tuple[str, ...]] = {
    "rnd_design": ("研发管理", "产品研发与设计", "技术研发", "设计开发", "研发中心"),
    "production": ("生产运营", "生产管控", "制造执行", "车间生产管理", "生产调度"),
    "purchasing": ("供应链采购", "采购管理", "物资采购", "采购与供应商"),
    "sales": ("客户与销售", "销售管理", "市场营销", "营销与客服"),
    "finance": ("财务核算", "财务管理", "会计核算", "财务与成本"),
    "hr": ("人力资源管理", "人力资源", "人事薪酬", "人事管理"),
    "office": ("协同办公", "办公管理", "综合办公", "行政办公"),
}
SYSTEMS: dict[str, tuple[str, ...]] = {
    "rnd_design": ("PLM产品生命周期管理系统", "PDM图文档管理", "CAD/CAPP设计平台", "Teamcenter PLM"),
    "production": ("MES制造执行系统", "SCADA监控系统", "WMS仓储管理系统", "生产管控平台（MES）"),
    "purchasing": ("SRM供应商协同平台", "用友U8采购模块", "SAP MM采购管理"),
    "sales": ("CRM客户关系管理系统", "DMS经销商管理系统", "纷享销客CRM"),
    "finance": ("金蝶K/3 Cloud财务", "用友NC财务系统", "SAP FICO"),
    "hr": ("eHR人力资源系统", "北森HR云", "钉钉人事"),
    "office": ("泛微OA", "钉钉", "企业微信", "致远OA协同平台"),
}
EXTRA_SEGMENTS = (("质量管理", "QMS质量管理系统"), ("设备管理", "EAM设备资产管理"), ("能源管理", "EMS能源管控平台"))
IN_USE = ("正常使用", "在用", "运行稳定", "全面应用", "使用中")
ON_TRIAL = ("新上线，试运行", "试运行", "试运行阶段")

# ---- staff titles (mine): direct production and the others ----------------------------------------
DIRECT_TITLES = {
    "process": ("中控室内操", "装置外操", "调和操作工", "设备维修工", "仪表维修工", "化验员", "包装工", "叉车工"),
    "discrete": ("贴片操作工", "装配工", "焊工", "车工", "设备维修工", "产线质检员", "包装工", "叉车工", "钳工"),
}
INDIRECT_TITLES = ("财务会计", "出纳", "人事专员", "行政文员", "销售代表", "采购员", "保安", "保洁员", "食堂厨师",
                   "总经理", "办公室主任", "司机")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国志红海波宇浩晨"

CITY_PARTS = ("京东", "燕山", "中关", "亦庄", "昌平", "顺义", "永定", "通州", "怀柔", "大兴", "房山", "海淀")
NAME_TAILS = ("科技有限公司", "股份有限公司", "制造有限公司", "实业有限公司")

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng: random.Random) -> str:
    body = "9111" + rng.choice(("0105", "0108", "0112", "0115")) + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


@dataclass
class Device:
    name: str
    model: str
    asset: str
    qty: int
    process: str  # the process's name as described
    control: str  # CNC / DCS / PLC / 手动 …
    nc: bool
    claims_net: bool
    log: tuple[date, date] | None  # first and last day with data
    robot: bool = False
    duplicate_of: int | None = None  # index of the row this one repeats (same asset number)


@dataclass
class System:
    segment_key: str  # standard key or the extra segment's own name
    segment_text: str
    name: str
    go_live: date
    usage: str


@dataclass
class Person:
    no: str
    name: str
    dept: str
    title: str
    status: str
    direct: bool


@dataclass
class Certificate:
    title: str
    basis: str
    level_text: str
    holder: str
    qualifies: bool
    other_holder: bool


@dataclass
class World:
    seed: int
    code: str
    kind: str
    enterprise: str
    credit: str
    year: int
    basis: str
    period_start: date
    period_end: date
    stated_period: str | None  # a document's own statement of the period (current months)
    log_last: date  # last day of the logs (may overrun the stated period)
    processes: list[tuple[str, bool]]
    devices: list[Device]
    robot_list: list[tuple[str, str, int, str]]  # name, brand, qty, process
    people: list[Person]
    products: list[tuple[str, int, bool]]
    tools: list[tuple[str, str, str]]
    systems: list[System]
    missing_segment: str | None
    audit_year: int
    cost_wan: float
    output_wan: float
    benchmark: float
    certificate: Certificate | None
    variants: list[str] = field(default_factory=list)  # what this packet exercises (for the report)


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def build_world(seed: int) -> World:
    rng = random.Random(seed * 7919 + 13)
    code = rng.choice(sorted(INDUSTRIES))
    ind = INDUSTRIES[code]
    kind = ind["kind"]
    enterprise = "北京" + rng.choice(CITY_PARTS) + rng.choice(("恒", "瑞", "华", "腾", "诚", "德", "锐", "宏")) + \
        rng.choice(("达", "创", "泰", "通", "远", "新", "拓")) + ind["label"] + rng.choice(NAME_TAILS)
    year = 2026
    variants: list[str] = []
    basis = "current_months" if rng.random() < 0.4 else "prior_year"
    stated_period = None
    if basis == "current_months":
        m = rng.choice((3, 4, 5))
        start, end = date(year, 1, 1), _month_end(year, m)
        log_last = end
        stated_period = f"{year}年1月—{m}月"
        variants.append("current_months")
        if rng.random() < 0.5:  # the export runs into the next month; the documents say where the period ends
            log_last = date(year, m + 1, rng.choice((8, 12, 15)))
            variants.append("stated_period_outranks_logs")
    else:
        start, end = date(year - 1, 1, 1), date(year - 1, 12, 31)
        log_last = end

    # processes and devices
    processes = [(p, k) for p, k, _ in ind["processes"]]
    devices: list[Device] = []
    nc_controls = ("DCS", "PLC") if kind == "process" else ("CNC", "数控", "PLC")
    manual = ("手动", "人工操作") if kind == "process" else ("普通", "手动")
    process_nc_bias = {p: rng.random() for p, _, _ in ind["processes"]}
    n = 0
    for pname, _key, devs in ind["processes"]:
        for dname, stem in devs:
            n += 1
            nc = rng.random() < 0.35 + 0.6 * process_nc_bias[pname]
            claims = rng.random() < 0.55
            qty = 1 if claims else rng.choice((1, 1, 2, 3, 4))
            devices.append(Device(
                name=dname, model=f"{stem}{rng.randint(100, 990)}", asset=f"{rng.choice(('ZC', 'SB', 'EQ'))}{seed % 90 + 10}{n:03d}",
                qty=qty, process=pname, control=rng.choice(nc_controls) if nc else rng.choice(manual), nc=nc,
                claims_net=claims, log=None))
    robots_here = rng.sample(ind["robots"], k=min(len(ind["robots"]), rng.choice((0, 1, 2, 3))))
    robot_list: list[tuple[str, str, int, str]] = []
    for rname, proc in robots_here:
        n += 1
        qty = rng.choice((1, 2, 3)) if kind == "discrete" else 1
        brand = rng.choice(("ABB", "FANUC", "KUKA", "埃斯顿", "新松", "安川"))
        devices.append(Device(name=rname, model=f"{brand}-{rng.randint(10, 99)}", asset=f"JQR{seed % 90 + 10}{n:03d}",
                              qty=qty, process=proc, control="PLC", nc=True, claims_net=False, log=None, robot=True))
        robot_list.append((rname, brand, qty, proc))
    if robot_list and rng.random() < 0.12:  # the robot list counts one more than the equipment list
        name, brand, qty, proc = robot_list[0]
        robot_list[0] = (name, brand, qty + 1, proc)
        variants.append("robot_count_mismatch")
    # logs for claimed devices (one asset per networked row: quantity 1)
    for d in devices:
        if d.claims_net:
            if rng.random() < 0.12:
                d.log = (end - timedelta(days=rng.choice((30, 45, 60))), end)
                variants.append("short_log")
            else:
                d.log = (start, log_last)
    # a repeated asset number (the same asset listed twice, e.g. in two sheets)
    if rng.random() < 0.3:
        cands = [i for i, d in enumerate(devices) if not d.robot and d.qty == 1]
        i = rng.choice(cands)
        src = devices[i]
        disagree = src.claims_net and src.log == (start, log_last) and rng.random() < 0.6
        dup = Device(name=src.name, model=src.model, asset=src.asset, qty=1, process=src.process, control=src.control,
                     nc=src.nc, claims_net=not disagree and src.claims_net, log=src.log, duplicate_of=i)
        devices.append(dup)
        variants.append("repeated_asset" + ("_disagree" if disagree else ""))

    # staff
    people: list[Person] = []
    n_direct = rng.randint(25, 70)
    n_other = rng.randint(8, 20)
    for i in range(n_direct + n_other):
        direct_title = i < n_direct
        title = rng.choice(DIRECT_TITLES[kind]) if direct_title else rng.choice(INDIRECT_TITLES)
        status = "在职"
        if direct_title and rng.random() < 0.05:
            status = rng.choice(("长期病假", "外派"))
        dept = rng.choice([p for p, _ in processes]) + "车间" if direct_title else rng.choice(
            ("综合管理部", "财务部", "市场部", "行政部", "后勤保障部"))
        people.append(Person(no=f"E{seed % 50:02d}{i + 1:04d}", name=_person_name(rng), dept=dept, title=title,
                             status=status, direct=direct_title and status == "在职"))
    rng.shuffle(people)

    products = [(p, rng.randint(5, 400) * 100, rng.random() < 0.7) for p in rng.sample(ind["products"], k=rng.randint(3, 4))]
    tools = [(t, u, v) for t, u, v in rng.sample([
        ("SolidWorks", "三维结构设计", "达索系统"), ("AutoCAD", "二维制图", "欧特克"), ("Altium Designer", "电路板设计", "Altium"),
        ("中望CAD", "工艺图纸", "中望软件"), ("Aspen Plus", "流程模拟", "AspenTech"), ("ANSYS", "仿真分析", "ANSYS"),
        ("CAXA工艺图表", "工艺设计", "数码大方")], k=3)]

    # business systems
    systems: list[System] = []
    missing = rng.choice(sorted(SEGMENT_WORDS)) if rng.random() < 0.12 else None
    if missing:
        variants.append("segment_missing")
    for key in SEGMENT_WORDS:
        if key == missing:
            continue
        go = date(rng.randint(2017, 2023), rng.randint(1, 12), rng.randint(1, 28))
        usage = rng.choice(IN_USE)
        r = rng.random()
        if r < 0.12:  # on trial, young: went live inside the last three months of the period
            go = end - timedelta(days=rng.randint(20, 75))
            usage = rng.choice(ON_TRIAL)
            variants.append("trial_young")
        elif r < 0.22:  # on trial but old enough: live
            go = end - timedelta(days=rng.randint(120, 200))
            usage = rng.choice(ON_TRIAL)
            variants.append("trial_old")
        systems.append(System(key, rng.choice(SEGMENT_WORDS[key]), rng.choice(SYSTEMS[key]), go, usage))
    if "stated_period_outranks_logs" in variants:
        # a system young against the stated end, old enough against the logs' last day
        victim = rng.choice(systems)
        victim.go_live = end - timedelta(days=80)
        victim.usage = rng.choice(IN_USE)
    if rng.random() < 0.3:
        seg, sysname = rng.choice(EXTRA_SEGMENTS)
        systems.append(System(seg, seg, sysname, date(rng.randint(2019, 2023), rng.randint(1, 12), 1), rng.choice(IN_USE)))
        variants.append("extra_segment")
    rng.shuffle(systems)

    # audit
    audit_year = year - 1
    if rng.random() < 0.12:
        audit_year = year - 2
        variants.append("audit_other_year")
    output = round(rng.uniform(8000, 90000), 2)
    cost = round(output * rng.uniform(0.55, 0.92), 2)
    ratio = cost / output * 100
    benchmark = round(ratio + rng.choice((-1, 1)) * rng.uniform(1.5, 8), 1)

    cert = None
    r = rng.random()
    if r < 0.25:
        other = rng.random() < 0.25
        holder = enterprise if not other else enterprise.replace(ind["label"], "精工")
        if rng.random() < 0.5:
            lv = rng.choice(("二级", "三级"))
            cert = Certificate("智能制造能力成熟度等级证书", "GB/T 39116-2020《智能制造能力成熟度模型》", lv, holder,
                               qualifies=not other, other_holder=other)
        else:
            lv = rng.choice(("二星级", "三星级", "四星级"))
            cert = Certificate("数字化转型成熟度等级证书", "T/AIITRE 10004-2023《数字化转型成熟度模型》", lv, holder,
                               qualifies=not other and lv != "二星级", other_holder=other)
        variants.append("certificate" + ("_other_holder" if other else "") + ("" if cert.qualifies or other else "_below_bar"))

    return World(seed=seed, code=code, kind=kind, enterprise=enterprise, credit=credit_code(rng), year=year, basis=basis,
                 period_start=start, period_end=end, stated_period=stated_period, log_last=log_last,
                 processes=processes, devices=devices, robot_list=robot_list, people=people, products=products,
                 tools=tools, systems=systems, missing_segment=missing, audit_year=audit_year, cost_wan=cost,
                 output_wan=output, benchmark=benchmark, certificate=cert, variants=sorted(set(variants)))


# ---- truth -------------------------------------------------------------------------------------------

@dataclass
class Truth:
    indicators: dict[str, float | None]
    passed: bool
    route: str | None
    expected_flags: set[str]
    possible_flags: set[str]
    direct_staff: int
    period: tuple[str, str, str]  # basis, start, end


THRESHOLD_KEYS = ("key_process_nc_rate", "robots_per_production_worker", "equipment_networking_rate",
                  "digital_design_tool_coverage", "business_management_digital_rate")


def truth_of(w: World) -> Truth:
    flags: set[str] = set()
    possible = {"STAFF_ROLE_UNCERTAIN", "OCR_LOW_CONFIDENCE"}
    rows = [d for d in w.devices if d.duplicate_of is None]
    # a repeated asset: one device, the conservative reading of the two rows
    for d in w.devices:
        if d.duplicate_of is not None:
            flags.add("DUPLICATE_RECORD")
            src = w.devices[d.duplicate_of]
            if src.claims_net != d.claims_net:
                src = Device(**{**src.__dict__, "claims_net": False})
                rows[rows.index(w.devices[d.duplicate_of])] = src
    key = [p for p, k in w.processes if k]
    nc_key = 0
    for p in key:
        mapped = [d for d in rows if d.process == p]
        if mapped and all(d.nc for d in mapped):
            nc_key += 1
        elif mapped and any(d.nc for d in mapped):
            flags.add("PARTIAL_NC_PROCESS")
    nc = nc_key / len(key) * 100
    direct = sum(1 for p in w.people if p.direct)
    robots_eq = sum(d.qty for d in rows if d.robot)
    robots_list = sum(q for _, _, q, _ in w.robot_list)
    if robots_eq != robots_list:
        flags.add("ROBOT_COUNT_MISMATCH")
    robots = min(robots_eq, robots_list) / direct
    total = sum(d.qty for d in rows)
    networked = 0
    for d in rows:
        if not d.claims_net:
            continue
        days = 0
        if d.log:
            s, e = max(d.log[0], w.period_start), min(d.log[1], w.period_end)
            days = max(0, (e - s).days + 1)
        if days >= MIN_LOG_DAYS:
            networked += d.qty
        else:
            flags.add("NETWORK_DATA_INSUFFICIENT")
    net = networked / total * 100
    out_total = sum(q for _, q, _ in w.products)
    design = sum(q for _, q, dig in w.products if dig) / out_total * 100
    segs = {s.segment_key for s in w.systems} | {k for k in SEGMENT_WORDS}
    cutoff = _months_before(w.period_end + timedelta(days=1), SYSTEM_MONTHS)  # 3 full months of use
    digitised = set()
    for s in w.systems:
        if s.go_live <= cutoff:
            digitised.add(s.segment_key)
        else:
            flags.add("SYSTEM_DATA_INSUFFICIENT")
    if w.missing_segment:
        flags.add("STANDARD_SEGMENT_MISSING")
    biz = len(digitised) / len(segs) * 100
    ratio = w.cost_wan / w.output_wan * 100
    if w.audit_year != w.year - 1:
        flags.add("AUDIT_YEAR_MISMATCH")
    group = group_for(w.code)
    assert group is not None
    values = {"key_process_nc_rate": nc, "robots_per_production_worker": robots, "equipment_networking_rate": net,
              "digital_design_tool_coverage": design, "business_management_digital_rate": biz,
              "cost_to_output_ratio": ratio}
    met = sum(1 for k in THRESHOLD_KEYS if values[k] >= float(group.threshold(k)) - 1e-9)
    # a ratio from another year's audit is shown, but cannot pass the benefit indicator for Y−1
    benefit = ratio < w.benchmark and w.audit_year == w.year - 1
    cert = w.certificate
    if cert and cert.other_holder:
        flags.add("IDENTITY_MISMATCH")
    if met >= 3:
        passed, route = True, "three_of_five"
    elif met >= 2 and benefit:
        passed, route = True, "two_plus_benefit"
    elif cert and cert.qualifies:
        passed, route = True, "certification"
    else:
        passed, route = False, None
    return Truth(indicators=values, passed=passed, route=route, expected_flags=flags, possible_flags=possible,
                 direct_staff=direct, period=(w.basis, w.period_start.isoformat(), w.period_end.isoformat()))


def _months_before(d: date, months: int) -> date:
    y, m = d.year, d.month - months
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
