"""Encrypted PDFs (SPEC §8). A PDF that needs a password to open is UNREADABLE_DOCUMENT with
that reason. One with only an owner (permissions) password opens without one: its text is read
like any other and no flag is raised. Nothing of it is lost, and a "no copying / no printing"
permission says nothing about the evidence: a flag would be work for the reviewer with nothing
behind it."""

from __future__ import annotations

from extractors.pipeline import extract
from models import FlagCode
from tests.hostile.make import pdf_encrypted


def test_an_owner_password_only_pdf_reads_its_text_without_a_flag() -> None:
    result = extract(pdf_encrypted(""), "限制.pdf")
    assert result.document is not None
    assert "Confidential appendix" in result.document.pages[0].text
    assert result.flags == []


def test_a_pdf_that_needs_a_password_is_flagged_as_encrypted() -> None:
    result = extract(pdf_encrypted("open-sesame"), "加密.pdf")
    assert result.document is None
    [flag] = result.flags
    assert flag.code == FlagCode.UNREADABLE_DOCUMENT and "加密" in flag.message and "密码" in flag.message
