"""Build the labelled job-title data set (extractors/data/staff/job_titles.csv) from its sources.

    python -m tools.staff.build_dataset

Sources (extractors/data/staff/README.md documents each, its origin and its labelling rule):
  catalogue             seeded generator over the catalogue below (roster noise, departments)
  seed                  seed_titles.csv, hand-written roster titles
  official              sources/official_*.csv, occupation-classification names (GB/T 6565-2009 as an
                        insurer's table writes them; 职业分类大典 2022 outline), labelled by code
  job_postings          sources/job_postings.csv, titles as job postings write them
  roster_abbreviations  sources/roster_abbreviations.csv, roster shorthand and 中英 titles (QC/IQC/PE/IE)

Seeded and deterministic; one row per DISTINCT (title, department) pair with its label, sub-class,
borderline group, source, and the `group` (title template) the held-out split is drawn by.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from extractors.staff.borderline import decide_borderline
from extractors.staff.labels import (
    AUXILIARY_PRODUCTION as AUX,
)
from extractors.staff.labels import (
    BASIC_PRODUCTION as BASIC,
)
from extractors.staff.labels import (
    LINE_TECHNICAL as TECH,
)
from extractors.staff.labels import (
    MANAGEMENT as MGMT,
)
from extractors.staff.labels import (
    OTHER,
    SALES,
    SERVICE,
    role_of,
)

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "extractors" / "data" / "staff"
SOURCES_DIR = DATA_DIR / "sources"
DATASET_PATH = DATA_DIR / "job_titles.csv"
SEED_PATH = DATA_DIR / "seed_titles.csv"
FIELDS = ("title", "department", "label", "subclass", "borderline_group", "group", "source")
RANDOM_SEED = 20240601

# ---- department pools -------------------------------------------------------------------------
SHOP = [
    "一车间", "二车间", "三车间", "总装车间", "焊装车间", "焊装线", "机加工车间", "机加车间", "冲压车间",
    "涂装车间", "注塑车间", "装配车间", "生产部", "制造部", "生产一部", "生产二部", "包装车间", "成型车间",
    "热处理车间", "铸造车间", "锻造车间", "电镀车间", "喷涂线", "SMT车间", "组装一线", "制造二课", "生产课",
    "钣金车间", "总装一线", "机加工一车间", "压铸车间", "挤出车间", "合成车间", "制剂车间", "酿造车间",
    "电机车间", "线束车间", "一分厂", "二分厂", "生产车间", "制造中心", "生产制造部", "装配二线", "精加工车间",
]
EQUIP = ["设备部", "设备动力部", "动力车间", "机修车间", "设备科", "工程设备部", "维修车间"]
QC_LINE = ["质量部检验组", "品质部IPQC组", "质量部", "品质部", "品管部", "质检部", "一车间", "总装车间", "焊装线", "生产部", "机加工车间", "质检班",
           "装配车间", "涂装车间", "制造部", "注塑车间"]
QC_OFFICE = ["质量管理部", "质量部办公室", "品质保证部", "体系办", "质量科", "质量管理办公室", "QA部",
             "品质管理部"]
WH_PROD = ["原料库", "线边库", "生产部物料组", "半成品库", "一车间", "总装车间", "机加工车间", "生产部",
           "原材料仓库", "制造部物料课"]
WH_SALES = ["成品库（销售部）", "物流部", "储运部", "销售部", "营销中心", "成品发运部"]
WH_OFFICE = ["财务部", "仓储管理办公室", "计划物流部", "供应链管理部"]
EXEC = ["总经办", "总经理办公室", "公司领导", "董事会办公室", "经营班子", "高管"]
HR = ["人力资源部", "人事部", "人事行政部", "综合管理部", "HR部"]
ADMIN = ["行政部", "综合办公室", "办公室", "行政人事部", "综合管理部", "党群工作部"]
FIN = ["财务部", "财务中心", "计划财务部", "财务科", "审计部"]
PURCH = ["采购部", "供应部", "采购中心", "物资部", "供应链管理部"]
SALES_D = ["销售部", "市场部", "营销中心", "国际贸易部", "客服中心", "市场营销部", "销售一部", "电商部"]
RND = ["研发中心", "技术中心", "研究院", "设计部", "技术部", "工程技术部", "产品开发部", "工艺部"]
IT = ["信息中心", "IT部", "信息化部", "数字化部", "信息管理部"]
PLAN = ["计划部", "PMC部", "生产计划部", "运营管理部", "生产管理部"]
SAFETY = ["安环部", "安全环保部", "EHS部", "安全生产管理部"]
LOGI = ["后勤部", "后勤保障部", "行政部", "综合服务中心", "物业部"]
CANTEEN = ["食堂", "后勤部", "员工餐厅", "后勤保障部", "行政部"]
GUARD = ["保卫部", "安保部", "行政部", "后勤部", "门卫室"]
FLEET = ["车队", "行政部", "后勤部", "物流部", "综合办公室"]
ANY = ["一车间", "行政部", "生产部", "销售部", "总装车间", "人力资源部", "财务部", "机加工车间"]
NONE = [""]


@dataclass(frozen=True)
class Entry:
    """A base title: its written variants, the departments it appears in, and its label there."""

    base: str
    variants: tuple[str, ...]
    subclass: str
    departments: tuple[str, ...]
    borderline: str = ""


def E(base: str, variants: str, subclass: str, departments: list[str], borderline: str = "") -> Entry:
    return Entry(base, tuple(variants.split()), subclass, tuple(departments), borderline)


# ---- the catalogue ----------------------------------------------------------------------------
# Clear direct titles: basic production workers in the workshops.
CATALOGUE: list[Entry] = [
    E("数控车工", "数控车工 数控车床操作工 CNC车工 数车工", BASIC, SHOP),
    E("车工", "车工 普通车工 车床工", BASIC, SHOP),
    E("铣工", "铣工 数控铣工 铣床操作工", BASIC, SHOP),
    E("钳工", "钳工 装配钳工 工具钳工", BASIC, SHOP),
    E("磨工", "磨工 磨床工 外圆磨工", BASIC, SHOP),
    E("镗工", "镗工 镗床操作工", BASIC, SHOP),
    E("钻工", "钻工 钻床工 摇臂钻工", BASIC, SHOP),
    E("焊工", "焊工 电焊工 氩弧焊工 二保焊工 气保焊工", BASIC, SHOP),
    E("激光焊", "激光焊工 激光焊接操作员 焊接机器人操作工", BASIC, SHOP),
    E("装配工", "装配工 总装工 装配员 组装工", BASIC, SHOP),
    E("钣金工", "钣金工 钣金折弯工 折弯工", BASIC, SHOP),
    E("冲压工", "冲压工 冲床工 压力机操作工", BASIC, SHOP),
    E("下料工", "下料工 剪板工 切割工 等离子切割工", BASIC, SHOP),
    E("喷涂工", "喷涂工 喷漆工 涂装工 喷粉工", BASIC, SHOP),
    E("注塑工", "注塑工 注塑机操作工 注塑操作员", BASIC, SHOP),
    E("吹塑工", "吹塑工 吹膜工", BASIC, SHOP),
    E("压铸工", "压铸工 压铸机操作工", BASIC, SHOP),
    E("铸造工", "铸造工 浇注工 造型工 制芯工", BASIC, SHOP),
    E("锻工", "锻工 锻造工 锻压工", BASIC, SHOP),
    E("热处理工", "热处理工 淬火工 热处理操作工", BASIC, SHOP),
    E("电镀工", "电镀工 镀锌工 氧化工", BASIC, SHOP),
    E("抛光工", "抛光工 打磨工 研磨工", BASIC, SHOP),
    E("包装工", "包装工 包装员 打包工", BASIC, SHOP),
    E("操作工", "操作工 普工 生产工人 作业员 生产操作工 一线员工 操作员", BASIC, SHOP),
    E("机台操作员", "机台操作员 机台员 设备操作员", BASIC, SHOP),
    E("流水线作业员", "流水线作业员 流水线工人 拉线员工", BASIC, SHOP),
    E("插件工", "插件工 手插工 插件员", BASIC, SHOP),
    E("SMT操作员", "SMT操作员 贴片操作员 SMT技工 贴片机操作工", BASIC, SHOP),
    E("绕线工", "绕线工 绕组工 嵌线工", BASIC, SHOP),
    E("浸漆工", "浸漆工 绝缘处理工", BASIC, SHOP),
    E("模具工", "模具工 模具钳工 制模工", BASIC, SHOP),
    E("线切割工", "线切割工 慢走丝操作工 电火花操作工", BASIC, SHOP),
    E("加工中心操作工", "加工中心操作工 CNC操作工 数控操作工 CNC技工", BASIC, SHOP),
    E("成型工", "成型工 成型机操作工 压制工", BASIC, SHOP),
    E("挤出工", "挤出工 挤出机操作工 造粒工", BASIC, SHOP),
    E("配料工", "配料工 投料工 混料工 搅拌工", BASIC, SHOP),
    E("灌装工", "灌装工 灌装操作员 分装工", BASIC, SHOP),
    E("印刷工", "印刷工 丝印工 移印工", BASIC, SHOP),
    E("裁断工", "裁断工 裁剪工 分切工", BASIC, SHOP),
    E("缝纫工", "缝纫工 车缝工 缝制工", BASIC, SHOP),
    E("烧结工", "烧结工 窑炉工 烧成工", BASIC, SHOP),
    E("化工操作工", "化工操作工 反应釜操作工 合成操作工 化工总控工", BASIC, SHOP),
    E("中控操作员", "中控操作员 DCS操作员 中控室操作工", BASIC, SHOP),
    E("拉丝工", "拉丝工 拉拔工 轧制工", BASIC, SHOP),
    E("酿造工", "酿造工 发酵工 制曲工", BASIC, SHOP),
    E("线束工", "线束工 压接工 端子压接员", BASIC, SHOP),
    E("涂胶工", "涂胶工 点胶工 粘接工", BASIC, SHOP),
    E("铆工", "铆工 铆接工 冷作工", BASIC, SHOP),
    E("电装工", "电装工 电气装配工 电子装配工", BASIC, SHOP),
    E("调试工", "调试工 整机调试员 试车工", BASIC, SHOP),
    # Clear direct: auxiliary production workers (serve the making of the product).
    E("设备维修工", "设备维修工 设备维修员 维修工 机修工 机械维修工", AUX, SHOP + EQUIP),
    E("电工", "电工 维修电工 设备电工 高压电工", AUX, SHOP + EQUIP, "maintenance"),
    E("叉车工", "叉车工 叉车司机 铲车工", AUX, SHOP + WH_PROD, "warehouse"),
    E("行车工", "行车工 天车工 起重工 吊车工", AUX, SHOP),
    E("巡检工", "巡检工 设备巡检员 点检员 设备点检工", AUX, SHOP + EQUIP),
    E("锅炉工", "锅炉工 司炉工 锅炉操作工", AUX, EQUIP),
    E("空压机操作工", "空压机操作工 空压站值班员 制冷工 水处理工 配电工 变电值班员", AUX, EQUIP),
    E("模具维修工", "模具维修工 修模工 模具保养员", AUX, SHOP + EQUIP),
    E("刀具管理员", "刀具管理员 刀具修磨工 工装管理员 工装维护工", AUX, SHOP),
    E("上料工", "上料工 搬运工 物料搬运工 转运工", AUX, SHOP),
    E("清洗工", "清洗工 零件清洗工 酸洗工", AUX, SHOP),
    E("试验工", "试验工 测试工 性能测试员 耐压测试员", AUX, SHOP),
    E("润滑工", "润滑工 设备保养工", AUX, SHOP + EQUIP),
    E("返修工", "返修工 修理工 返工员", AUX, SHOP),
    # Clear indirect: management (incl. office engineering/technical staff, 科室人员).
    E("总经理", "总经理 总裁 首席执行官 CEO", MGMT, EXEC),
    E("副总经理", "副总经理 副总 常务副总 生产副总 营销副总", MGMT, EXEC),
    E("董事长", "董事长 执行董事 董事", MGMT, EXEC),
    E("厂长", "厂长 副厂长 生产厂长", MGMT, EXEC + SHOP),
    E("总监", "财务总监 运营总监 技术总监 人力资源总监", MGMT, EXEC),
    E("部门经理", "部门经理 经理 副经理 部长 副部长", MGMT, HR + ADMIN + FIN + PURCH + IT),
    E("财务", "财务经理 财务主管 财务专员 财务人员", MGMT, FIN),
    E("会计", "会计 成本会计 总账会计 主办会计 税务会计", MGMT, FIN),
    E("出纳", "出纳 出纳员", MGMT, FIN),
    E("人事专员", "人事专员 HR专员 人力资源专员 人事文员", MGMT, HR),
    E("招聘专员", "招聘专员 薪酬专员 培训专员 绩效专员 社保专员", MGMT, HR),
    E("行政专员", "行政专员 行政文员 行政主管 行政助理", MGMT, ADMIN),
    E("文员", "文员 办公室文员 资料员 档案管理员", MGMT, ADMIN + HR),
    E("秘书", "秘书 总经理助理 总裁助理 董事会秘书", MGMT, EXEC + ADMIN),
    E("采购员", "采购员 采购专员 采购工程师 采购经理 采购主管", MGMT, PURCH),
    E("计划员", "计划员 PMC计划员 生产计划员 物控员 物料计划员", MGMT, PLAN),
    E("统计员", "统计员 车间统计员 统计专员 核算员", MGMT, PLAN + FIN),
    E("研发工程师", "研发工程师 结构工程师 电子工程师 硬件工程师 软件工程师 产品工程师 设计工程师", MGMT, RND),
    E("研发经理", "研发经理 研发主管 技术经理 项目经理", MGMT, RND),
    E("IT运维", "IT运维 IT工程师 网络管理员 系统管理员 信息专员 ERP专员", MGMT, IT),
    E("安全员", "安全员 安全工程师 环保专员 EHS专员 安全主管", MGMT, SAFETY),
    E("法务", "法务专员 法务 审计专员 内审员 合规专员", MGMT, ADMIN + FIN),
    E("质量经理", "质量经理 质量主管 品质经理 质量部长", MGMT, QC_OFFICE),
    E("体系工程师", "体系工程师 质量体系工程师 QA工程师 供应商质量工程师 SQE 客户质量工程师", MGMT, QC_OFFICE),
    E("党务", "党务专员 工会干事 团委干事 宣传专员", MGMT, ADMIN),
    # Clear indirect: service staff.
    E("厨师", "食堂厨师 厨师 帮厨 面点师 炊事员", SERVICE, CANTEEN),
    E("食堂", "食堂阿姨 食堂服务员 打饭员 洗碗工 食堂管理员", SERVICE, CANTEEN),
    E("保安", "保安 保安员 门卫 保安队长 巡逻员", SERVICE, GUARD),
    E("保洁", "保洁 保洁员 清洁工 卫生员 保洁阿姨", SERVICE, LOGI),
    E("司机", "司机 驾驶员 班车司机 小车司机 商务司机", SERVICE, FLEET),
    E("绿化工", "绿化工 园林工 花木工", SERVICE, LOGI),
    E("宿舍管理员", "宿舍管理员 宿管 宿舍管理 物业管理员", SERVICE, LOGI),
    E("医务", "医务室医生 厂医 护士 医务人员", SERVICE, LOGI + ADMIN),
    E("前台", "前台 前台接待 接待员 总机话务员", SERVICE, ADMIN),
    E("收发", "收发员 通讯员 快递收发员", SERVICE, ADMIN),
    # Clear indirect: sales.
    E("销售代表", "销售代表 销售员 销售专员 销售工程师 业务员 业务代表", SALES, SALES_D),
    E("销售经理", "销售经理 区域经理 大区经理 销售总监 客户经理", SALES, SALES_D),
    E("客服", "客服 客服专员 客户服务专员 售后客服 客服代表", SALES, SALES_D),
    E("售后", "售后服务工程师 售后工程师 售后服务员 服务工程师", SALES, SALES_D),
    E("市场专员", "市场专员 市场推广 品牌专员 电商运营 外贸业务员 跟单员 销售内勤", SALES, SALES_D),
    # Clear indirect: other staff.
    E("内退", "内退人员 待岗人员 离岗待退人员", OTHER, ANY),
    E("工会专职", "脱产学习人员 委培学习人员", OTHER, ANY),
    # ---- borderline groups (rules in the README) ----
    # Quality inspectors: on the line → auxiliary production; in a QC office → management.
    E("质检员", "质检员 检验员 品检员 质量检验员 IPQC 巡检员 首检员 IPQC巡检员 FQC检验员", AUX, QC_LINE, "qc_inspector"),
    E("质检员", "质检员 检验员 品检员 质量检验员 质量员", MGMT, QC_OFFICE, "qc_inspector"),
    E("来料检验", "IQC检验员 来料检验员 OQC检验员 成品检验员", AUX, QC_LINE, "qc_inspector"),
    E("来料检验", "IQC检验员 来料检验员 OQC检验员 成品检验员", MGMT, QC_OFFICE, "qc_inspector"),
    E("质检员", "质检员 检验员 品检员", AUX, NONE, "qc_inspector"),
    # Warehouse: handling production materials → auxiliary; finished goods/shipping → sales;
    # stock accounting in an office → management.
    E("仓管员", "仓管员 仓库保管员 库管员 仓库管理员 物料员 收发料员 配送员 备料员", AUX, WH_PROD, "warehouse"),
    E("仓管员", "仓管员 仓库保管员 库管员 仓库管理员 发货员 装卸工 理货员", SALES, WH_SALES, "warehouse"),
    E("仓管员", "仓库统计 仓库文员 仓库账务员 库存会计 仓库主管", MGMT, WH_OFFICE, "warehouse"),
    E("仓管员", "仓管员 仓库保管员 库管员 物料员", AUX, NONE, "warehouse"),
    E("叉车工", "叉车工 叉车司机", SALES, WH_SALES, "warehouse"),
    # Team leaders: 班组长/线长 work on the line (不脱产) → basic production;
    # 车间主任/主管 and office group heads → management.
    E("班组长", "班组长 班长 组长 线长 拉长 工段长 生产组长 机加班长 焊接班长", BASIC, SHOP, "team_leader"),
    E("班组长", "车间主任 车间副主任 车间主管 生产主管 生产经理 生产部长 车间经理", MGMT, SHOP, "team_leader"),
    E("班组长", "组长 主管 班长 主任", MGMT, HR + FIN + ADMIN + PURCH, "team_leader"),
    E("班组长", "班组长 线长 拉长 工段长", BASIC, NONE, "team_leader"),
    # Apprentices: 学徒 in a workshop count with the workers; trainees in offices do not.
    E("学徒工", "学徒工 学徒 徒工 实习操作工 见习焊工 见习车工 实习生（车间） 技校实习生", BASIC, SHOP, "apprentice"),
    E("学徒工", "管培生 管理培训生 实习生 见习生 储备干部", MGMT, HR + ADMIN + FIN + RND, "apprentice"),
    E("学徒工", "学徒工 学徒 徒工 见习焊工", BASIC, NONE, "apprentice"),
    # Long leave / seconded out ≥ 6 months (title carries the status) → other.
    E("长期病假", "长期病假 长病假人员 病休人员 长期病休 工伤休养", OTHER, SHOP + ANY, "leave_secondment"),
    E("外派", "外派人员 外派 借调人员 借调 外借人员 援外人员 挂职锻炼", OTHER, SHOP + ANY, "leave_secondment"),
    E("停薪留职", "停薪留职 停薪留职人员 长期休假 产假（6个月以上）", OTHER, SHOP + ANY, "leave_secondment"),
    # Engineering staff: on the line (工艺员, 技术员 in a workshop) → line technical; in offices → management.
    E("工艺员", "工艺员 工艺技术员 现场工艺员 工艺工程师 PE工程师 ME工程师 现场技术员 技术员 生产技术员",
      TECH, SHOP, "line_engineer"),
    E("工艺员", "工艺员 工艺工程师 技术员 PE工程师 ME工程师 工艺主管", MGMT, RND, "line_engineer"),
    E("设备工程师", "设备工程师 自动化工程师 机器人调试员 编程员 数控编程员 设备技术员", TECH, SHOP, "line_engineer"),
    E("设备工程师", "设备工程师 自动化工程师 设备主管 设备经理 机器人工程师", MGMT, RND + IT, "line_engineer"),
    E("质量技术员", "质量技术员 QE工程师 质量工程师（产线） 过程质量工程师", TECH, SHOP, "line_engineer"),
    # Maintenance: serving production equipment → auxiliary; building/utilities of the offices → service.
    E("水电工", "水电工 维修电工 电工 维修工 空调维修工", SERVICE, LOGI, "maintenance"),
    E("水电工", "水电工 维修电工 管道工", AUX, EQUIP, "maintenance"),
    # Drivers/forklifts: workshop transport is auxiliary; a company car is service (see 司机 above).
    E("厂内运输", "厂内运输司机 物料车司机 牵引车司机 AGV运维员", AUX, SHOP + WH_PROD, "warehouse"),
]

# Clear titles also appear without a department (rosters of 岗位 + 人数 often have none).
NO_DEPT_SHARE = 0.25

LEVELS = ["一级", "二级", "三级", "高级", "中级", "初级", "（高级）", "(中级)", "（初级）", "A岗", "B岗",
          "（临时）", "(临时)", "（劳务派遣）", "（外包）", "（兼）", "1", "2", "II", "组员"]
TYPOS = {"操作": "操做", "检验": "捡验", "质检": "质捡", "焊": "悍", "装配": "装陪", "保洁": "保结",
         "维修": "维休", "叉车": "差车", "仓管": "仓官", "会计": "会记", "厨师": "橱师", "包装": "包庄",
         "喷涂": "喷图", "注塑": "注朔", "钳工": "钳功", "出纳": "出呐", "统计": "统记", "销售": "消售"}


def _short_dept(dept: str) -> str:
    """The prefix a roster writes before a title: 总装车间 → 总装, 焊装线 → 焊装线."""
    for suffix in ("车间", "部", "课", "中心"):
        if dept.endswith(suffix) and len(dept) > len(suffix) + 1:
            return dept[: -len(suffix)]
    return dept


def _noisy(title: str, dept: str, rng: random.Random, levels: bool = True) -> str:
    """Apply the noise found in real rosters; about half the titles stay clean."""
    r = rng.random()
    if not levels and 0.12 <= r < 0.30:
        r = 0.35  # executives carry no grade suffix: a typo instead
    if r < 0.12 and dept and dept in SHOP:
        title = rng.choice([dept, _short_dept(dept)]) + title
    elif r < 0.30:
        title = title + rng.choice(LEVELS)
    elif r < 0.38:
        hits = [k for k in TYPOS if k in title]
        if hits:
            k = rng.choice(hits)
            title = title.replace(k, TYPOS[k], 1)
    elif r < 0.43 and len(title) > 2:
        cut = rng.randrange(1, len(title))
        title = title[:cut] + " " + title[cut:]
    elif r < 0.48:
        title = title.replace("(", "（").replace(")", "）") if rng.random() < 0.5 else title
        title = "（" + rng.choice(["正式", "合同工", "劳务"]) + "）" + title if rng.random() < 0.3 else title
    return title


def _generate(rng: random.Random, per_entry: int = 16) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for entry in CATALOGUE:
        label = role_of(entry.subclass).value
        seen: set[tuple[str, str]] = set()
        # Borderline entries get more rows: their label turns on the department, so the model
        # needs to see each title in many departments.
        wanted = per_entry * 2 if entry.borderline and entry.departments != tuple(NONE) else per_entry
        for attempt in range(wanted * 6):
            if len(seen) >= wanted:
                break
            variant = entry.variants[attempt % len(entry.variants)] if attempt < len(entry.variants) else rng.choice(entry.variants)
            dept = rng.choice(entry.departments)
            if not entry.borderline and entry.departments != tuple(NONE) and rng.random() < NO_DEPT_SHARE:
                dept = ""
            levels = not set(entry.departments) & set(EXEC)
            title = variant if attempt < len(entry.variants) else _noisy(variant, dept, rng, levels)
            if (title, dept) in seen:
                continue
            seen.add((title, dept))
            rows.append({
                "title": title, "department": dept, "label": label, "subclass": entry.subclass,
                "borderline_group": entry.borderline, "group": variant, "source": "catalogue",
            })
    return rows


def _seed_rows() -> list[dict[str, str]]:
    """The hand-written seed list: titles copied in spirit from real rosters, labelled by hand."""
    with SEED_PATH.open(encoding="utf-8") as fh:
        rows = []
        for r in csv.DictReader(fh):
            if not r["title"].strip() or r["title"].startswith("#"):
                continue
            label = role_of(r["subclass"]).value
            rows.append({
                "title": r["title"].strip(), "department": r["department"].strip(), "label": label,
                "subclass": r["subclass"], "borderline_group": r.get("borderline_group", "").strip(),
                "group": "seed:" + (r.get("group") or r["title"]).strip(), "source": "seed",
            })
        return rows


# ---- official occupation-classification names, labelled by code (README: "official") ---------
# Codes are GB/T 6565-2009 digits (6 / 604 / 60401) or 2022 outline codes (6 / 6-18).
def _official_label(code: str, name: str) -> tuple[str, str] | None:
    """(sub-class, borderline group) of an official category, or None when out of scope."""
    major = code[0]
    if major in "578":  # farming, the armed forces, 'other': not on a manufacturer's roster
        return None
    if major == "6":
        # 1999 edition entries that the 2022 edition moved out of production (broadcast and film,
        # cultural relics → services; surveying → 技术辅助服务) and monitoring staff (laboratory work).
        if code.startswith("619") and code != "61902":  # 61902 音像制品复制 = 2022's 6-08 记录媒介复制
            return SERVICE, ""
        if code in ("60101", "60102", "62501", "62502"):
            return MGMT, ""
        if code.startswith(("606", "607", "624", "6-28", "6-30", "6-31")) or code in ("62503", "69902", "69903"):
            return AUX, ""  # repair, power, transport and handling equipment, machine pumps, plain labour
        if code.startswith("626"):  # 检验、计量人员: inspectors, no department → flagged, counted direct
            return AUX, "qc_inspector"
        return BASIC, ""
    if major == "4":
        if code.startswith(("401", "4-01")):
            return SALES, ""
        if code.startswith("402"):  # 仓储人员/保管/储运: warehouse keepers, no department → flagged
            return AUX, "warehouse"
        if code == "40103":  # 采购人员
            return MGMT, ""
        return SERVICE, ""
    if major == "3" and code.startswith(("302", "3-02")):  # 安全保卫和消防
        return SERVICE, ""
    if code.startswith("211"):  # 体育工作人员 (and the insurer's list of sports under it): athletes
        return SERVICE, ""
    return MGMT, ""  # 1 负责人, 2 专业技术人员, 3 办事人员


def _official_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(SOURCES_DIR.glob("official_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                labelled = _official_label(r["code"], r["name"])
                if labelled is None:
                    continue
                subclass, border = labelled
                rows.append({
                    "title": r["name"], "department": "", "label": role_of(subclass).value, "subclass": subclass,
                    "borderline_group": border, "group": "official:" + r["name"], "source": "official",
                })
    return rows


def _listed_rows(name: str) -> list[dict[str, str]]:
    """A hand-labelled source list (title, department, subclass, borderline_group)."""
    with (SOURCES_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return [{
            "title": r["title"].strip(), "department": r["department"].strip(), "label": role_of(r["subclass"]).value,
            "subclass": r["subclass"], "borderline_group": r["borderline_group"].strip(),
            "group": f"{name}:" + r["title"].strip(), "source": name,
        } for r in csv.DictReader(fh) if r["title"].strip()]


def build_rows(seed: int = RANDOM_SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = (_seed_rows() + _official_rows() + _listed_rows("job_postings") + _listed_rows("roster_abbreviations")
            + _generate(rng))
    by_pair: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["title"], row["department"])
        prior = by_pair.get(key)
        if prior is None:
            by_pair[key] = row
        elif prior["label"] != row["label"]:
            # The same written title in the same department cannot carry two labels: keep the seed
            # (hand-labelled) or first row, and drop the contradicting generated one.
            continue
    for row in by_pair.values():
        # A borderline title whose department does not settle it is flagged and counted as direct
        # (SPEC §2): that counted role is its label, whatever the source's entry said.
        border = decide_borderline(row["title"], row["department"])
        if border is not None and border.subclass is None:
            row.update(label="direct", subclass=AUX if row["label"] == "indirect" else row["subclass"],
                       borderline_group=border.group)
    return sorted(by_pair.values(), key=lambda r: (r["source"], r["group"], r["title"], r["department"]))


def write_dataset(path: Path = DATASET_PATH) -> int:
    rows = build_rows()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    n = write_dataset()
    print(f"wrote {n} distinct (title, department) rows to {DATASET_PATH}")


if __name__ == "__main__":
    main()
