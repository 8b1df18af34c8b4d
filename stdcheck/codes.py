"""Chinese standard numbers: normalizing them and checking that a number fits its kind.

The rules follow ``shared/reference/standard-numbers.md``; the lists below are data to keep up
to date, not law. ``check_code`` never rejects a row: it returns a warning the ledger reader
turns into a ``code-mismatch`` problem, and the row still counts.

Numbers are compared normalized (:func:`normalize_code`): full-width forms folded (NFKC), every
kind of dash made ``-``, spaces removed, upper case. ``GB/T 1.1—2020`` and ``ＧＢ／Ｔ１．１－２０２０``
both become ``GB/T1.1-2020``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Optional, Union

from .vocabulary import Text, msg

if TYPE_CHECKING:
    from .vocabulary import EntryKind

__all__ = [
    "INDUSTRY_CODES", "PROVINCES", "check_code", "guess_kind", "normalize_code",
]

# Two-letter industry codes (76, from public compilations; TJ is obsolete and left out), and
# construction codes seen in practice. DB is also the earthquake industry's code: DB/T 17-2018.
INDUSTRY_CODES: frozenset[str] = frozenset("""
    AQ BB CB CH CJ CY DA DB DL DY DZ EJ FZ GA GC GF GH GM GY HB HG HJ HS HY JB JC JG
    JR JS JT JY KA LB LD LS LY MH MR MT MZ NB NY QB QC QJ QX RB RF SB SC SF SH SJ SL SN SW SY TB
    TD TY WB WH WJ WM WS WW XB XF YB YC YD YJ YS YY YZ ZY
    JGJ CJJ JTG TSG
""".split())  # noqa: SIM905 - a word list reads better than 80 quoted strings

# Province-level division codes, the two digits after DB in a local standard number.
PROVINCES: dict[str, str] = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁",
    "22": "吉林", "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽",
    "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏",
    "65": "新疆",
}

# Kind -> (Chinese name, an example number) for messages.
_KIND_TEXT: dict[str, tuple[str, str]] = {
    "international": ("国际标准", "ISO 9001:2015"),
    "national": ("国家标准", "GB/T 1.1-2020"),
    "industry": ("行业标准", "QC/T 29106-2014"),
    "local": ("地方标准", "DB50/T 1000-2021"),
    "group": ("团体标准", "T/CAS 290-2017"),
    "enterprise": ("企业标准", "Q/BBAH 0012S-2019"),
}

# Dashes and hyphens people and word processors put in numbers; NFKC already folds the
# full-width hyphen-minus (U+FF0D) and small hyphen-minus, the rest it leaves alone.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc\u2500"})
_SPACES = re.compile(r"\s+")

_INTERNATIONAL = re.compile(r"^(?:ISO|IEC|ITU)")
# GB, GB/T, GB/Z, and the occupational-health GBZ, GBZ/T; old construction numbers GBJ.
_NATIONAL = re.compile(r"^GB(?:/[TZ]|Z(?:/T)?|J)?\d")
_LOCAL = re.compile(r"^DB(\d{2}(?:\d{2})?)/T?\d")
_LETTERS = re.compile(r"^([A-Z]+(?:/[A-Z]+)*)")
# An adopted standard carries the international number after the national one.
_ADOPTED = re.compile(r"/(?:ISO|IEC)")


def normalize_code(code: str) -> str:
    """``code`` as compared: NFKC, dashes made ``-``, all whitespace removed, upper case.

    Idempotent and cheap for the common case (an ASCII number without spaces).
    """
    if not code.isascii():
        code = unicodedata.normalize("NFKC", code).translate(_DASHES)
    if " " in code or not code.isprintable():
        code = _SPACES.sub("", code)
    return code.upper()


def _national_part(code: str) -> str:
    """``GB/T19001-2016/ISO9001:2015`` -> ``GB/T19001-2016``; other numbers unchanged."""
    m = _ADOPTED.search(code)
    return code[: m.start()] if m and m.start() > 0 else code


def guess_kind(code: str) -> Optional[str]:
    """The kind (an ``EntryKind`` value) a normalized number looks like, or None."""
    code = _national_part(code)
    if _INTERNATIONAL.match(code):
        return "international"
    if _NATIONAL.match(code):
        return "national"
    if _LOCAL.match(code):
        return "local"
    if code.startswith("T/"):
        return "group"
    if code.startswith("Q/"):
        return "enterprise"
    m = _LETTERS.match(code)
    if m:
        parts = m.group(1).split("/")
        if parts[-1] in ("T", "Z"):
            parts.pop()
        if parts and all(p in INDUSTRY_CODES for p in parts) and len(code) > len(m.group(1)):
            return "industry"
    return None


def _describe(kind: str) -> str:
    zh = _KIND_TEXT.get(kind, (kind, ""))[0]
    return f"{zh} ({kind})"


def _zh(kind: str) -> str:
    return _KIND_TEXT.get(kind, (kind, ""))[0]


def check_code(kind: Union[str, EntryKind], code: str,
               home_prefix: Optional[str] = None) -> Optional[Text]:
    """A warning when ``code`` does not fit ``kind`` (an ``EntryKind`` or its value), else None.

    Kinds without standard numbers (pilot, activity) accept anything. ``home_prefix`` is the
    local-standard prefix of the ledger's own province (DB50: Chongqing): another province's
    local standard is allowed (a department can take part in one) but deserves a look.
    """
    return _check(getattr(kind, "value", kind), normalize_code(code), home_prefix)


def _check(kind: str, code: str, home_prefix: Optional[str] = None) -> Optional[Text]:
    """``check_code`` for an already normalized ``code`` and a kind value (the reader's path)."""
    # The overwhelmingly common cases first, without regular expressions.
    if kind == "enterprise":
        if code.startswith("Q/") and len(code) > 2:
            return None
    elif kind == "group":
        if code.startswith("T/") and len(code) > 2:
            return None
    elif kind not in _KIND_TEXT:
        return None  # pilot, activity: no numbering rule
    if not code:
        return None
    looks = guess_kind(code)
    example = _KIND_TEXT[kind][1]
    if looks == kind:
        if kind == "local" and home_prefix:
            return _check_home(code, home_prefix)
        return None
    if kind == "local" and code.startswith("DB/"):
        return msg(f"{code} is an earthquake industry standard (行业标准: DB is also the "
                   "earthquake industry's code), not a local standard; local numbers are DB + "
                   f"the province code, e.g. {example}. Fix the number, or set the kind to "
                   "行业标准 (industry)",
                   f"{code} 是地震行业标准（DB 也是地震行业代号），不是地方标准；地方标准编号为 DB "
                   f"加省级代码，如 {example}。请改正编号，或把类别改为行业标准")
    if looks is None:
        return msg(f"{code} is not a {_describe(kind)} number; such numbers look like "
                   f"{example}. Check the number and the kind",
                   f"{code} 不是{_zh(kind)}编号；这类编号形如 {example}。请核对编号和类别")
    return msg(f"{code} looks like a {_describe(looks)} number, but the row's kind is "
               f"{_describe(kind)}; fix the kind or the number",
               f"{code} 看起来是{_zh(looks)}编号，但该行类别是{_zh(kind)}；请改正类别或编号")


def _check_home(code: str, home_prefix: str) -> Optional[Text]:
    m = _LOCAL.match(code)
    home = normalize_code(home_prefix)[2:]
    if not m or not home or m.group(1).startswith(home):
        return None
    region = m.group(1)
    place = PROVINCES.get(region[:2], "another province")
    home_place = PROVINCES.get(home[:2], home_prefix)
    return msg(f"{code} is a local standard of {place} (DB{region}), not of {home_place} "
               f"({home_prefix}); keep it if the department took part in that standard, "
               "otherwise correct the number",
               f"{code} 是{PROVINCES.get(region[:2], '外省')}的地方标准（DB{region}），不是"
               f"{home_place}的（{home_prefix}）；如本部门确实参与制定可保留，否则请改正编号")
