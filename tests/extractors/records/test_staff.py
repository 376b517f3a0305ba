"""Staff rosters → Employee records (per person and aggregated)."""

from datetime import date

from extractors.classify import classify_document
from extractors.records.staff import staff_records
from tests.extractors.records.tables import make_doc, make_table


def _staff(header, rows, title=None):
    return staff_records(classify_document(make_doc([make_table(header, rows, title=title)], title=title)))


def test_per_person_roster_with_dates_and_status():
    people = _staff(
        ["序号", "工号", "姓名", "部门", "岗位", "入职日期", "离职日期", "在职状态"],
        [
            ["1", "E001", "张三", "机加车间", "车工", "2019年3月1日", "", "在职"],
            ["2", "E002", "李四", "行政部", "行政专员", "2020/07/15", "2025-06-30", "离职"],
            ["3", "E003", "王五", "焊接车间", "焊工", "2021.1.4", "", "长期病假"],
        ],
        title="员工花名册",
    )
    assert [p.name for p in people] == ["张三", "李四", "王五"]
    assert people[0].job_title == "车工" and people[0].department == "机加车间" and people[0].employee_no == "E001"
    assert people[0].hired == date(2019, 3, 1)
    assert people[1].left == date(2025, 6, 30) and people[1].status == "离职"
    assert people[2].hired == date(2021, 1, 4)
    assert all(p.headcount == 1 for p in people)


def test_aggregated_roster_with_chinese_and_fullwidth_numbers_and_total():
    roles = _staff(
        ["岗位名称", "人数（人）"],
        [["操作工", "１２０"], ["焊工", "三十五"], ["质检员", "8"], ["保安", ""], ["合计", "163"]],
    )
    assert [(r.job_title, r.headcount) for r in roles] == [("操作工", 120), ("焊工", 35), ("质检员", 8)]
    assert roles[0].name is None


def test_unreadable_headcount_recovered_from_total():
    roles = _staff(["岗位", "人数"], [["操作工", "120"], ["焊工", "?5"], ["合计", "155"]])
    assert [(r.job_title, r.headcount) for r in roles] == [("操作工", 120), ("焊工", 35)]
