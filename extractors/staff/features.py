"""Features of a (job title, department) pair.

The title is split into its core and its generic suffix (lexicon.split_suffix: 检验人员 → 检验 +
人员). The core gives character n-grams and jieba words (spaCy's zh tokenizer); the known head
words of the title (lexicon.heads: 焊, 装配, 检验 / 经理, 会计, 销售 …) give one feature each plus
their kind (trade / function), repeated so the head carries the weight; the suffix gives one
weak token, so 人员 vs 工 cannot decide alone. The department gives its own n-grams and words.

The analyzer is a module-level function so the fitted vectorizer pickles by reference; the
spaCy pipeline is built once, lazily, on first use (building it loads jieba's dictionary).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from extractors.staff.lexicon import heads, split_suffix
from extractors.staff.normalize import department_key, title_key

if TYPE_CHECKING:
    from spacy.language import Language

SEPARATOR = "\t"
TITLE_NGRAMS = (1, 2, 3)
DEPT_NGRAMS = (1, 2)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """spaCy's blank Chinese pipeline with the jieba segmenter (offline; no model download)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """jieba words of a normalised string, punctuation dropped."""
    if not text:
        return ()
    return tuple(t.text for t in nlp().tokenizer(text) if not (t.is_punct or t.is_space))


def _char_ngrams(text: str, sizes: tuple[int, ...], prefix: str) -> list[str]:
    padded = f"^{text}$"
    out = []
    for n in sizes:
        out.extend(prefix + padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def pair_document(title: str | None, department: str | None) -> str:
    """The one string a (title, department) pair is featurised from."""
    return f"{title_key(title)}{SEPARATOR}{department_key(department)}"


def analyze(document: str) -> list[str]:
    """Feature strings of one pair document (see pair_document)."""
    title, _, dept = document.partition(SEPARATOR)
    core, suffix = split_suffix(title)
    feats = _char_ngrams(core, TITLE_NGRAMS, "t:") if core else ["t:<none>"]
    feats += ["w:" + w for w in words(core)]
    found = heads(title)  # on the whole title: 演员, 记者 end in what would be a suffix
    for word, kind in found:
        feats += ["h:" + word, "h:" + word, "hk:" + kind, "hk:" + kind]
    if core and not found:
        feats.append("hk:<none>")
    feats.append("s:" + (suffix or "<none>"))
    if dept:
        feats += _char_ngrams(dept, DEPT_NGRAMS, "d:")
        feats += ["dw:" + w for w in words(dept)]
    else:
        feats.append("d:<none>")
    return feats
