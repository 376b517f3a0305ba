"""The head of a job title: the trade or function word that says what the person does.

A title is `[department prefix] + head(s) + generic suffix` (总装 + 装配 + 工, 机械设备 + 维修 +
人员, 财务 + 经理). The suffix (人员, 员, 工, 师, 岗 …) says only "a person who does it", so it is
split off and featurised as one weak token: 检验人员 and 检验员 share the head 检验, and 人员 can
no longer decide alone. The head words below are domain knowledge of what people in a
manufacturer do, sorted into production trades and non-production functions; the model learns
their weights, and a title with no known head and unfamiliar characters is uncertain.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Generic person suffixes, longest first. 工程师/技师 are NOT generic: they carry a role.
GENERIC_SUFFIXES: tuple[str, ...] = (
    "从业人员", "工作人员", "有关人员", "操作人员", "作业人员", "人员", "工人", "员工", "专员",
    "员", "工", "岗", "者", "手",
)

# Production trades and production-serving functions (what direct staff do).
TRADE_HEADS: tuple[str, ...] = (
    "操作", "作业", "普工", "技工", "操机", "开机", "机台", "生产", "制造", "加工", "制作", "制备", "装配", "组装",
    "总装", "安装", "调试", "焊", "铆", "钳", "车床", "车工", "数控", "cnc", "铣", "刨", "磨", "镗", "钻", "冲压",
    "冲床", "折弯", "钣金", "下料", "切割", "剪板", "铸", "锻", "压铸", "热处理", "淬火", "电镀", "喷涂", "喷漆", "喷粉",
    "涂装", "油漆", "抛光", "打磨", "注塑", "啤机", "吹塑", "吹瓶", "挤出", "成型", "模具", "修模", "包装", "打包",
    "灌装", "贴标", "装箱", "印刷", "丝印", "印染", "染色", "纺", "织", "针织", "缝", "车缝", "裁剪", "裁床", "裁断",
    "熨烫", "制衣", "制鞋", "皮革", "木工", "木材", "家具", "造纸", "制浆", "冶炼", "炼铁", "炼钢", "轧", "拉丝",
    "熔", "烧结", "窑", "陶瓷", "玻璃", "水泥", "化工", "合成", "反应釜", "发酵", "酿", "制药", "制剂", "配料",
    "投料", "混料", "搅拌", "烘焙", "屠宰", "食品加工", "粮油", "卷烟", "烟叶", "电子元", "电池", "贴片", "smt",
    "插件", "绕线", "线束", "压接", "电装", "维修", "检修", "机修", "修理", "保全", "保养", "点检", "巡检",
    "电工", "锅炉", "司炉", "空压", "配电", "变电", "发电", "输配", "叉车", "铲车", "行车", "天车", "起重", "吊装",
    "搬运", "上料", "装卸", "检验", "质检", "品检", "检测", "化验", "测试", "试验", "qc", "iqc", "ipqc", "fqc", "oqc",
    "计量", "工艺", "技术员", "调机", "中控", "dcs", "采矿", "矿物", "钻井", "开采", "选矿", "建筑施工", "砌筑",
    "混凝土", "钢筋", "废物处理", "再生资源", "机泵", "体力劳动", "仓管", "库管", "保管", "物料", "备料",
    "配送", "流水线", "产线", "拉长", "线长", "班组", "学徒", "徒工", "刀具", "工装", "夹具", "工具", "理货",
)

# Functions away from production (what indirect staff do).
FUNCTION_HEADS: tuple[str, ...] = (
    "经理", "总监", "主管", "主任", "部长", "厂长", "总裁", "董事", "负责人", "领导", "干部", "书记", "ceo", "cfo",
    "gm", "总经", "副总", "总助", "行政", "办公", "文员", "秘书", "助理", "前台", "接待", "人事", "人力", "hr",
    "招聘", "培训", "薪酬", "绩效", "财务", "会计", "出纳", "审计", "税务", "统计", "核算", "成本", "金融", "证券",
    "保险", "银行", "投资", "法务", "律师", "法律", "法官", "检察", "警察", "公务", "党", "工会", "团委", "宣传",
    "采购", "供应链", "物流", "报关", "单证", "货代", "销售", "营销", "市场", "业务", "商务", "客服", "客户",
    "售后", "外贸", "电商", "跟单", "推广", "推销", "营业", "导购", "收银", "促销", "招商", "品牌", "研发",
    "研究", "设计", "开发", "软件", "程序", "java", "前端", "算法", "网络", "it", "数据", "产品经理", "项目",
    "策划", "运营", "编辑", "记者", "翻译", "教师", "老师", "教学", "讲师", "教练", "医", "护士", "护理", "药剂",
    "卫生", "保安", "门卫", "保卫", "消防", "安保", "保洁", "清洁", "环卫", "绿化", "园林", "食堂", "厨", "炊事",
    "餐", "烹饪", "服务", "司机", "驾驶", "乘务", "快递", "骑手", "宿管", "宿舍", "物业", "家政", "保姆", "美容",
    "美发", "理发", "酒店", "客房", "旅游", "导游", "娱乐", "球馆", "体育", "艺术", "演员", "摄影", "广告",
    "咨询", "顾问", "体系", "内审", "合规", "qa", "sqe", "ehs", "档案", "资料", "科学", "科研", "工程技术",
    "规划", "测绘", "气象", "地震", "飞行", "领航", "船舶指挥", "引航", "邮政", "电信", "殡葬", "浴池", "租赁",
    "典当", "拍卖", "中介", "房地产", "军", "宗教", "社会", "新闻", "出版", "文化", "展览", "模型制作", "制图",
    # public bodies, professions, culture and sport, agriculture and trade outside the plant
    "负责", "机关", "团体", "组织", "政协", "法院", "自治", "事业单位", "司法", "公证", "鉴定", "调查", "犯罪",
    "管理", "分析", "经济", "信用", "计划人员", "专业", "技术人员", "农业", "园艺", "植物", "畜牧", "土壤", "育种",
    "栽培", "兽医", "运动", "球", "健身", "游泳", "浴场", "游乐", "裁判", "演员", "演奏", "播音", "主持", "编导",
    "指挥", "影视", "电影", "电视", "广播", "舞台", "放映", "美术", "音乐", "文艺", "创作", "文物", "考古", "校对",
    "管培", "账务", "库存", "erp", "环保", "首席", "茶艺", "调酒", "验光", "配镜", "洗染", "刻字", "回收", "购销", "商业", "零售", "店", "景观", "监测",
)

# The function heads that name software work (a subset of FUNCTION_HEADS; rules.SOFTWARE_TEST).
SOFTWARE_HEADS: tuple[str, ...] = ("软件", "程序", "java", "前端", "算法", "网络", "it", "数据", "开发")
assert set(SOFTWARE_HEADS) <= set(FUNCTION_HEADS)

_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(s) for s in GENERIC_SUFFIXES) + ")$")
_TRADE_RE = re.compile("|".join(re.escape(w) for w in sorted(TRADE_HEADS, key=len, reverse=True)))
_FUNCTION_RE = re.compile("|".join(re.escape(w) for w in sorted(FUNCTION_HEADS, key=len, reverse=True)))


@lru_cache(maxsize=65536)
def split_suffix(key: str) -> tuple[str, str]:
    """(core, generic suffix) of a normalised title key: 检验人员 → (检验, 人员); 焊工 → (焊, 工).
    A title that is nothing but a suffix (人员, 员工) keeps an empty core."""
    m = _SUFFIX_RE.search(key)
    if not m:
        return key, ""
    return key[: m.start()], m.group(0)


@lru_cache(maxsize=65536)
def heads(core: str) -> tuple[tuple[str, str], ...]:
    """Known head words in a title core, each as (word, "trade" | "function"), in order of
    appearance; overlapping words keep the longest match."""
    found: list[tuple[int, str, str]] = []
    for kind, pattern in (("trade", _TRADE_RE), ("function", _FUNCTION_RE)):
        found.extend((m.start(), m.group(0), kind) for m in pattern.finditer(core))
    found.sort(key=lambda x: (x[0], -len(x[1])))
    out: list[tuple[str, str]] = []
    end = -1
    for start, word, kind in found:
        if start >= end:
            out.append((word, kind))
            end = start + len(word)
    return tuple(out)
