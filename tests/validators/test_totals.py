from models import Cell, EvidenceRef, FlagCode, Table, TableRow
from validators.numbers import parse_number
from validators.totals import total_mismatch_flags

FILE = "设备清单.xlsx"


def row(n: int, *texts: str, total: bool = False) -> TableRow:
    cells = [Cell(text=t, ref=EvidenceRef(file=FILE, sheet="Sheet1", row=n, column=str(i))) for i, t in enumerate(texts)]
    return TableRow(cells=cells, ref=EvidenceRef(file=FILE, sheet="Sheet1", row=n), is_total=total)


def table(rows: list[TableRow], fields=("device_name", "quantity")) -> Table:
    return Table(file=FILE, header=["设备名称", "数量"], fields=list(fields), rows=rows,
                 ref=EvidenceRef(file=FILE, sheet="Sheet1", row=2))


def test_total_equal_to_the_rows_is_fine_in_any_writing():
    t = table([row(3, "车床", "１２"), row(4, "铣床", "3台"), row(5, "钻床", "十"), row(6, "合计", "25", total=True)])
    assert total_mismatch_flags([t]) == []


def test_total_off_by_one_is_flagged_with_the_total_cell():
    t = table([row(3, "车床", "12"), row(4, "铣床", "3"), row(5, "合计", "16", total=True)])
    (flag,) = total_mismatch_flags([t])
    assert flag.code == FlagCode.TOTAL_MISMATCH
    assert (flag.data["stated"], flag.data["summed"]) == (16, 15)
    assert flag.evidence[0].row == 5 and flag.evidence[0].column == "1"


def test_subtotals_and_a_grand_total_are_each_checked():
    rows = [row(3, "a", "2"), row(4, "b", "3"), row(5, "小计", "5", total=True),
            row(6, "c", "4"), row(7, "小计", "4", total=True), row(8, "合计", "9", total=True)]
    assert total_mismatch_flags([table(rows)]) == []
    rows[4] = row(7, "小计", "5", total=True)
    assert len(total_mismatch_flags([table(rows)])) == 1


def test_columns_without_a_summed_field_are_ignored():
    t = table([row(3, "车床", "12"), row(4, "合计", "99", total=True)], fields=("device_name", "model"))
    assert total_mismatch_flags([t]) == []


def test_amounts_tolerate_rounding_but_not_a_real_difference():
    fields = ("product_name", "output_value")
    ok = table([row(3, "A", "1,000.33"), row(4, "B", "2,000.33"), row(5, "合计", "3,000.67", total=True)], fields)
    bad = table([row(3, "A", "1,000.33"), row(4, "B", "2,000.33"), row(5, "合计", "3,100.66", total=True)], fields)
    assert total_mismatch_flags([ok]) == []
    assert len(total_mismatch_flags([bad])) == 1


def test_parse_number_reads_the_usual_writings():
    assert [parse_number(t) for t in ["1,234", "１２", "12台", "3.2万", "一百二十", "三千零五", "—", ""]] == [
        1234, 12, 12, 32000, 120, 3005, None, None]
