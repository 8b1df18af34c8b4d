"""Chinese standard numbers for the ledger reader: the key, the kind, and the check.

A thin layer over :mod:`stdcheck.standard_numbers`, which reads numbers as people write them
(``GB_T_38635.1_2020``, ``DB32T1580-2019``, ``T∕CSAE248-2022`` …). The reader reports the
parser's verdict on a row's number (:func:`stdcheck.standard_numbers.judge`) with its own code
and severity: only a confident reading of another kind (``code-kind-conflict``) keeps the row
out of the count.

Numbers are compared by their key (:func:`normalize_code`): ``GB/T 1.1—2020``,
``ＧＢ／Ｔ１．１－２０２０`` and ``GBT1.1-2020`` all become ``GB/T 1.1-2020``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Optional, Union

from .standard_number_data import INDUSTRY_CODES, PROVINCES
from .standard_numbers import (
    CODE_FORMS,
    KEY_FORMS,
    SERIAL,
    YEAR,
    StandardNumber,
    Verdict,
    judge,
    local_code_form,
    parse,
)
from .vocabulary import Text

if TYPE_CHECKING:
    from .vocabulary import EntryKind

__all__ = [
    "INDUSTRY_CODES", "PROVINCES", "FastKeys", "check_code", "check_key", "guess_kind",
    "normalize_code",
]


# Key -> the reading that gave it, so that the reader's check of a key it has just made
# (normalize_code, then _check) judges that reading instead of parsing the key again. Bounded:
# cleared when full (a million-row ledger has at most that many distinct numbers).
_READ: dict[str, StandardNumber] = {}
_READ_MAX = 1 << 16


def normalize_code(code: str) -> str:
    """The de-duplication key of ``code`` (see :mod:`stdcheck.standard_numbers`). Idempotent."""
    n = parse(code)
    key = n.normalised
    if key is not code:
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        _READ[key] = n
    return key


def guess_kind(code: str) -> Optional[str]:
    """The kind (an ``EntryKind`` value) a number reads as, or None."""
    return parse(code).kind


def check_code(kind: Union[str, EntryKind], code: str,
               home_prefix: Optional[str] = None) -> Optional[Text]:
    """A warning when ``code`` does not fit ``kind`` (an ``EntryKind`` or its value), else None.

    Kinds without standard numbers (pilot, activity) accept anything. ``home_prefix`` is the
    local-standard prefix of the policy's province (``Policy.local_prefix``; DB50: Chongqing;
    None: not checked): another province's local standard is allowed (a department can take
    part in one) but deserves a look.
    """
    verdict = check_key(getattr(kind, "value", kind), code, home_prefix)
    return verdict.message if verdict is not None else None


def check_key(kind: str, code: str, home_prefix: Optional[str] = None) -> Optional[Verdict]:
    """``check_code``'s verdict for a kind value (the reader's path); ``code`` may be raw or a
    key just made by :func:`normalize_code` (its reading is then not made again)."""
    if not code:
        return None
    return judge(kind, _READ.get(code) or parse(code), home_prefix)


# --- the reader's fast path -------------------------------------------------------------------


class FastKeys:
    """For each kind: whether a number as written is already a key that fits the kind
    (``fits``), and a number written another common way as its key when that key fits
    (``rewrite``): without the space after its code (``Q/JJ0000001-2024``, ``GB/T5-2025``), as
    a file name (``GB_T_1234_2024``), with a dash variant before the year (``QB/T12—2024``),
    an ISO number with a dash year (``ISO 9001-2015``). Built once per run from the grammar's
    key forms (``standard_numbers.KEY_FORMS``) and the home province; what neither takes goes
    through :func:`normalize_code` and the check. An empty number fits every kind; tests hold
    every rewrite to :func:`normalize_code`."""

    def __init__(self, home_prefix: Optional[str]) -> None:
        forms = dict(KEY_FORMS)
        local = local_code_form(home_prefix)
        if local is not None:
            forms["local"] = f"{local} {SERIAL}-{YEAR}"
        counted = "|".join(forms[k] for k in ("enterprise", "group", "national"))
        forms["pilot"] = forms["activity"] = counted  # numbers on a pilot or an activity row
        codes = dict(CODE_FORMS)
        if local is not None:
            codes["local"] = local
        self.fits: dict[str, Callable[[str], object]] = {}
        self.rewrite: dict[str, Callable[[str], Optional[str]]] = {}
        # the key's form without the space after its code (Q/JJ0000001-2024), the commonest
        # other way: a match of (code)(the rest), for the reader to call without a step between
        self.joined: dict[str, Callable[[str], Optional[re.Match[str]]]] = {}
        # every other way (rewrite without its first step, for a number joined fails on)
        self.other: dict[str, Callable[[str], Optional[str]]] = {}
        for kind in ("international", "national", "industry", "local", "group", "enterprise",
                     "pilot", "activity"):
            pattern = forms.get(kind)
            fits = re.compile(f"(?:{pattern})?" if pattern else "").fullmatch
            self.fits[kind] = fits
            joined, other = _rewrite(codes.get(kind), pattern, fits)
            self.joined[kind] = joined
            self.other[kind] = other

            def rewrite(written: str, joined: Callable[[str], Optional[re.Match[str]]] = joined,
                        other: Callable[[str], Optional[str]] = other) -> Optional[str]:
                m = joined(written)
                return other(written) if m is None else f"{m[1]} {m[2]}"

            self.rewrite[kind] = rewrite


# A file name's number: GB_T_1234_2024, Q_JJLY_0001S_2025, DB50_T_1001_2024, T_CQSES_001_2024
_UNDERSCORED = re.compile(f"([A-Z]+(?:[0-9]{{2}})?)_(?:([A-Z]+)_)?({SERIAL}S?)_({YEAR})")
_DASHES = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2015": "-",
                         "\uff0d": "-"})
_ISO_DASH = re.compile(f"ISO ([0-9]+)-({YEAR})")


def _rewrite(code: Optional[str], pattern: Optional[str], fits: Callable[[str], object]
             ) -> tuple[Callable[[str], Optional[re.Match[str]]], Callable[[str], Optional[str]]]:
    """For a kind whose keys (``pattern``) start with ``code`` and a space (None: a kind
    without a numbering rule, whose numbers all take the grammar's way): the match of a number
    written without that space, and the key of a number written any other common way."""
    if code is None or not pattern or not pattern.startswith(f"{code} "):
        return _no_match, lambda written: None
    # the key's form without its space: one match says the key fits (a code never ends in
    # the digit a serial starts with)
    joined = re.compile(f"({code})({pattern[len(code) + 1:]})").fullmatch

    def spaced(written: str) -> Optional[str]:
        m = joined(written)
        return None if m is None else f"{m[1]} {m[2]}"

    def other(written: str) -> Optional[str]:
        if "_" in written:
            m = _UNDERSCORED.fullmatch(written)
            if m is None:
                return None
            key = (f"{m[1]}/{m[2]} {m[3]}-{m[4]}" if m[2] else f"{m[1]} {m[3]}-{m[4]}")
            return key if fits(key) else None
        dashed = written.translate(_DASHES)
        if dashed != written:
            return dashed if fits(dashed) else spaced(dashed)
        m = _ISO_DASH.fullmatch(written)
        if m is not None:
            key = f"ISO {m[1]}:{m[2]}"
            return key if fits(key) else None
        return None

    return joined, other


def _no_match(written: str) -> None:
    return None
