"""Labels: both languages for every key, no key the code asks for missing, none left unused."""

from __future__ import annotations

import re
from pathlib import Path

from stdcheck import i18n

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _source() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (ROOT / "stdcheck").rglob("*.py")
                   if p.name != "i18n.py")


def test_every_label_has_chinese_and_english():
    for key, (zh, en) in i18n._LABELS.items():
        assert zh and en, key
        assert not CJK.search(en), key  # an English label holds no Chinese
    # a Chinese label is Chinese, apart from punctuation (Chinese punctuation, not ASCII)
    untranslated = [k for k, (zh, _) in i18n._LABELS.items()
                    if not CJK.search(zh) and zh.isascii()]
    assert untranslated == [], untranslated


def test_every_label_asked_for_exists_and_every_label_is_used():
    src = _source()
    asked = set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", src))
    assert asked - set(i18n._LABELS) == set()
    prefixes = set(re.findall(r"""\bt\.enum\(\s*["']([a-z_]+)["']""", src))
    quoted = set(re.findall(r"""["']([a-z_.]+)["']""", src))
    # t(f"report.{key}"): a key under such a prefix is used when its last part is quoted
    dynamic = set(re.findall(r"""\bt\(f["']([a-z_]+)\.\{""", src))
    unused = [k for k in i18n._LABELS if k not in quoted and k.split(".")[0] not in prefixes
              and not (k.split(".")[0] in dynamic and k.split(".", 1)[1] in quoted)]
    assert unused == []


def test_one_fallback_rule():
    assert i18n.Labels("en")("targets") == "Counted targets"
    assert i18n.Labels("zh")("targets") == i18n.Labels("fr")("targets") == "量化目标"


def test_a_message_is_the_text_model_construct_makes() -> None:
    from stdcheck.vocabulary import Text, msg

    made = msg("in English", "中文")
    constructed = Text.model_construct(zh="中文", en="in English")
    assert made == constructed and made.model_dump() == constructed.model_dump()
    assert made.model_fields_set == constructed.model_fields_set
    assert made.get("zh") == "中文" and made.get("en") == "in English"
    assert (made + msg("!", "！")).zh == "中文！"
    assert hash(made) == hash(constructed)
