"""Equipment and robot lists → Device / Robot records."""

from extractors.classify import classify_document
from extractors.records.equipment import equipment_records
from extractors.records.robots import robot_records
from models import ControlType
from tests.extractors.records.tables import make_doc, make_table


def _devices(header, rows, title="北京某某科技有限公司生产设备清单"):
    return equipment_records(classify_document(make_doc([make_table(header, rows, title=title)], title=title)))


def test_rows_quantities_flags_and_total_row():
    devices = _devices(
        ["序号", "设备名称", "规格型号", "资产编号", "数量（台）", "所属工序", "是否数控", "是否联网"],
        [
            ["1", "数控车床", "CK6150", "SB-001", "１２", "机加工", "是", "√"],
            ["2", "激光切割机", "G3015", "SB-002", "十二", "下料", "√", "已联网"],
            ["3", "普通钻床", "Z3050", "SB-003", "", "机加工", "否", "×"],
            ["", "", "", "", "", "", "", ""],
            ["4", "空压机", "", "", "3套", "", "", ""],
            ["合计", "", "", "", "28", "", "", ""],
        ],
    )
    assert [d.name for d in devices] == ["数控车床", "激光切割机", "普通钻床", "空压机"]
    assert [d.quantity for d in devices] == [12, 12, 1, 3]
    assert [d.is_nc for d in devices] == [True, True, False, None]
    assert [d.is_networked for d in devices] == [True, True, False, None]
    assert devices[0].asset_no == "SB-001" and devices[0].model == "CK6150"
    assert devices[3].process is None
    assert devices[0].ref.row == 3 and devices[2].ref.row == 5


def test_is_nc_from_control_type_when_no_nc_column():
    devices = _devices(
        ["设备名称", "对应工序", "控制方式"],
        [["加工中心", "机加工", "CNC"], ["反应釜", "合成", "DCS"], ["灌装线", "灌装", "PLC控制"], ["台钻", "钻孔", "手动"], ["叉车", "物流", ""]],
    )
    assert [d.control_type for d in devices] == [ControlType.CNC, ControlType.DCS, ControlType.PLC, ControlType.MANUAL, None]
    assert [d.is_nc for d in devices] == [True, True, True, False, None]


def test_explicit_nc_column_wins_over_control_type():
    devices = _devices(["设备名称", "控制方式", "是否数控"], [["改造车床", "PLC", "否"]])
    assert devices[0].control_type == ControlType.PLC and devices[0].is_nc is False


def test_robot_rows_are_marked_robot_and_nc():
    devices = _devices(
        ["设备名称", "设备类别", "数量", "所属工序", "是否联网"],
        [["焊接工作站", "工业机器人", "2", "焊接", "是"], ["搬运机械手", "", "1", "装配", "否"], ["数控车床", "机床", "1", "机加工", "是"]],
    )
    assert [d.is_robot for d in devices] == [True, True, False]
    assert devices[0].is_nc is True  # robots count as NC equipment of their process


def test_robot_list_records():
    title = "工业机器人清单"
    doc = classify_document(
        make_doc(
            [
                make_table(
                    ["序号", "设备名称", "型号", "品牌", "资产编号", "数量（台）", "所属工序"],
                    [
                        ["1", "焊接机器人", "M-10iA", "发那科", "JQR-01", "２", "焊接"],
                        ["2", "码垛机器人", "IRB 460", "ABB", "JQR-02", "", "包装"],
                        ["合计", "", "", "", "", "3", ""],
                    ],
                    title=title,
                )
            ],
            title=title,
        )
    )
    robots = robot_records(doc)
    assert [(r.name, r.brand, r.quantity, r.process, r.asset_no) for r in robots] == [
        ("焊接机器人", "发那科", 2, "焊接", "JQR-01"),
        ("码垛机器人", "ABB", 1, "包装", "JQR-02"),
    ]
    assert equipment_records(doc) == []


def test_ocr_confidence_is_carried():
    doc = classify_document(make_doc([make_table(["设备名称", "所属工序", "是否数控"], [["车床", "机加工", "是"]], confidence=71.5)]))
    assert equipment_records(doc)[0].min_confidence == 71.5


def test_explicit_robot_column_decides():
    devices = _devices(
        ["设备名称", "所属工序", "是否工业机器人"],
        [["焊接工作站", "焊接", "是"], ["机械手上下料单元", "机加工", "否"]],
    )
    assert [d.is_robot for d in devices] == [True, False]


def test_ocr_spaced_cells_are_squeezed():
    devices = _devices(["设 备 名 称", "所 属 工 序", "是 否 数 控"], [["数 控 车 床", "机 加 工", "是"]])
    assert (devices[0].name, devices[0].process, devices[0].is_nc) == ("数控车床", "机加工", True)


def test_one_unreadable_quantity_is_recovered_from_the_total_row():
    rows = [["1", "焊接机器人", "5"], ["2", "喷涂机器人", "杰"], ["3", "码垛机器人", ""], ["合计", "", "13"]]
    doc = classify_document(make_doc([make_table(["序号", "设备名称", "数量（台）"], rows, title="工业机器人清单")], title="工业机器人清单"))
    assert [r.quantity for r in robot_records(doc)] == [5, 7, 1]
    # two unreadable cells: nothing to recover, each counts one
    rows[0][2] = "s"
    doc = classify_document(make_doc([make_table(["序号", "设备名称", "数量（台）"], rows, title="工业机器人清单")], title="工业机器人清单"))
    assert [r.quantity for r in robot_records(doc)] == [1, 1, 1]
    devices = _devices(["设备名称", "所属工序", "数量"], [["车床", "机加工", "4"], ["铣床", "机加工", "l2"], ["合计", "", "16"]])
    assert [d.quantity for d in devices] == [4, 12]
