"""Format-neutral document content: what a writer turns into xlsx / csv / pdf / docx bytes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TableContent(BaseModel):
    header: list[str]
    rows: list[list[str | int | float]]
    # Two-row header: (group label, span) over `header`; a span-1 group equal to its sub-header
    # is one cell merged down both header rows.
    group_header: list[tuple[str, int]] | None = None
    total: list[str | int | float] | None = None  # the 合计 row
    caption: str | None = None  # a line right above the table (e.g. 主要财务数据（单位：万元）)


class DocContent(BaseModel):
    title: str
    lines_before: list[str] = Field(default_factory=list)  # 企业名称：…, 统一社会信用代码：…, 填报日期
    paragraphs: list[str] = Field(default_factory=list)  # prose body
    table: TableContent | None = None
    lines_after: list[str] = Field(default_factory=list)  # （盖章）, date
    sheet_name: str = "Sheet1"
