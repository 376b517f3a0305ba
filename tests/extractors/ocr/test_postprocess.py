"""Post-OCR normalisation: the usual confusions fixed, nothing invented."""

import pytest

from extractors.ocr.postprocess import normalise_cell_text, normalise_ocr_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M1OiA", "M10iA"),  # O between digits in a model number
        ("SB-0O1", "SB-001"),
        ("SB-l01", "SB-101"),
        ("M:-10iA", "M-10iA"),  # a stray mark glued to the hyphen
        ("ＣＮＣ１２", "CNC12"),  # full-width Latin and digits
        ("〈盖章)", "（盖章）"),  # Tesseract's 〈 for （, ASCII ) after CJK
        ("台(套)数", "台（套）数"),
        ("代码:9111", "代码：9111"),
    ],
)
def test_confusions_are_fixed(raw: str, expected: str) -> None:
    assert normalise_ocr_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    ["IRB1200", "C-2.0/0.8", "FANUC 0i-TF", "SCO", "OLED", "数控车床", "是", "2025-01-10", "Model (CNC)"],
)
def test_nothing_is_invented(text: str) -> None:
    assert normalise_ocr_text(text) == text


def test_cell_edges_lose_rule_remnants_only() -> None:
    assert normalise_cell_text("，IRB5500") == "IRB5500"
    assert normalise_cell_text("数控折弯机。") == "数控折弯机"
    assert normalise_cell_text("《数量") == "数量"
    assert normalise_cell_text("《管理制度》") == "《管理制度》"
    assert normalise_cell_text("-") == "-"


def test_credit_code_repaired_only_when_the_check_character_confirms_it() -> None:
    assert (
        normalise_ocr_text("统一社会信用代码：91110112MA005RGFLXQ") == "统一社会信用代码：91110112MA05RGFLXQ"
    )
    assert normalise_ocr_text("91110112MAO5RGFLXQ") == "91110112MA05RGFLXQ"  # O is not in the alphabet
    # an invalid code that no confirmed repair explains stays as read (the validator flags it)
    assert normalise_ocr_text("91110108MA01ABCD2X") == "91110108MA01ABCD2X"
    assert normalise_ocr_text("91110112MA05RGFLXX") == "91110112MA05RGFLXX"
