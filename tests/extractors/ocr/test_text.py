"""Joining Tesseract tokens: Chinese without spaces, Latin tokens keep theirs."""

from extractors.ocr.engine import OcrWord
from extractors.ocr.text import words_to_text


def _w(text: str, x0: int, x1: int, y0: int = 100, h: int = 30, conf: float = 90.0) -> OcrWord:
    return OcrWord(text, x0, y0, x1, y0 + h, conf, line=1, block=1)


def test_chinese_single_characters_are_joined() -> None:
    words = [_w("数", 0, 28), _w("控", 36, 64), _w("车", 72, 100), _w("床", 108, 136)]
    assert words_to_text(words) == "数控车床"


def test_latin_tokens_keep_their_space_and_cjk_does_not_get_one() -> None:
    words = [_w("FANUC", 0, 90), _w("0i-TF", 110, 190), _w("系", 200, 228), _w("统", 236, 264)]
    assert words_to_text(words) == "FANUC 0i-TF系统"


def test_wrapped_cell_lines_are_joined_in_reading_order() -> None:
    words = [_w("装", 40, 68, y0=140), _w("配", 76, 104, y0=140), _w("自", 0, 28), _w("动", 36, 64)]
    assert words_to_text(words) == "自动装配"


def test_rule_remnants_are_dropped() -> None:
    words = [_w("|", 0, 4), _w("”SB-008", 20, 120), _w("[", 130, 134)]
    assert words_to_text(words) == "SB-008"
