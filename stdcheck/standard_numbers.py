"""Reading Chinese standard numbers as people write them.

:func:`parse` turns a number as written in a ledger (``GB_T_38635.1_2020``, ``DB32T1580-2019``,
``T∕CSAE248-2022``, ``GB 8923-88``, ``GB/T 19001-2016/ISO 9001:2015`` …) into a
:class:`StandardNumber`: its kind, prefix, issuing place, serial, year, suffixes, the adopted
international number, and ``normalised``, the de-duplication key. :func:`judge` gives the
verdict on a row whose kind and number disagree.

The canonical form (the key) is the prefix, one space, the serial, ``-`` and the four-digit
year: ``GB/T 38635.1-2020``, ``DB50/T 1846-2025``, ``DB12/ 617-2016`` (mandatory local: the
bare slash kept), ``T/CSAE 248-2022``, ``Q/GDW 355-2009``, ``JTG D60-2015``. International
numbers keep their colon: ``ISO 9001:2015``. Engineering series numbered after the slash keep
their own dashes: ``DB/T29-176-2016``, ``DBJ/T 15-98-2019``. The key leaves out suffixes
(edition, all parts, amendment) and the adopted number, which name the same standard. A number
without a year keeps none (``GB/T 4208``): an undated reference is not one edition. A number
that could not be read completely keeps, as its key, the text cleaned of look-alikes, case and
extra spaces, so two rows are merged only when they are surely the same.

The grammar lives here; the tables (codes, places, families) in
:mod:`stdcheck.standard_number_data`. Common canonical forms take a fast path of one regular
expression; the rest are split into tokens and read family by family.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from . import standard_number_data as D
from .i18n import KIND_NAMES
from .vocabulary import Severity, Text, msg

__all__ = ["CODE_FORMS", "KEY_FORMS", "MAX_NUMBER_LENGTH", "SERIAL", "YEAR", "StandardNumber",
           "Verdict", "clean",
           "judge", "local_code_form", "parse"]


@dataclass(frozen=True, slots=True)
class StandardNumber:
    """One standard number as read by :func:`parse`; see the module docstring for the key."""

    written: str
    kind: Optional[str]  # an EntryKind value, or None when no family fits
    confident: bool  # the family and the whole number were read without guessing
    prefix: Optional[str]  # GB/T, DB50/T, T/CAS, Q/GDW, NB/SH/T, ISO/IEC, DB/T29 …
    issuer: Optional[str]  # the province or city of a local number
    province_code: Optional[str]  # its two-digit province code
    serial: Optional[str]  # 38635.1, 0012S, D60, 50254~50259
    year: Optional[int]  # four digits; two-digit years expanded (see data.PIVOT)
    suffixes: tuple[str, ...]  # "edition 2018", "all parts", "amendment XG1-2012", …
    adopted: Optional[str]  # the adopted international number, normalised
    normalised: str  # the de-duplication key
    changes: tuple[str, ...]  # what normalising changed (keys of data.CHANGE_ZH)
    unread: Optional[str]  # the part that could not be read


@dataclass(frozen=True, slots=True)
class Verdict:
    """What is wrong with a row's number given its kind: a finding code, severity, message."""

    code: str  # code-kind-conflict, code-unreadable, code-other-province, code-no-year
    severity: Severity
    message: Text


# --- cleaning ---------------------------------------------------------------------------------

# Slashes and dashes NFKC leaves alone. Full-width forms (／ － ： and letters) NFKC folds.
_SLASHES = "\u2215\u2044\u29f8"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u30fc\u2500"
_FOLD = str.maketrans({**{c: "/" for c in _SLASHES}, **{c: "-" for c in _DASHES}})
_SPACES = re.compile(r"\s+")
# Spaces around a slash, dash, colon or tilde carry nothing.
_SPACED_MARK = re.compile(r" ?([/\-:~]) ?")


def _clean(text: str, changes: list[str]) -> str:
    """``text`` with look-alikes folded, upper case, and spacing made single."""
    s = text
    if not s.isascii():
        folded = unicodedata.normalize("NFKC", s)
        if folded != s:
            changes.append("full-width characters")
        s = folded
        if any(c in s for c in _SLASHES):
            changes.append("look-alike slash")
        if any(c in s for c in _DASHES):
            changes.append("dash variant")
        s = s.translate(_FOLD)
    if not s.isupper() and s.upper() != s:
        changes.append("lower case")
        s = s.upper()
    spaced = _SPACED_MARK.sub(r"\1", _SPACES.sub(" ", s).strip())
    # The space after a mandatory number's bare slash (DB12/ 617-2016) is canonical: dropping
    # it here, to be put back in the key, is no change worth a note.
    if spaced != s.replace("/ ", "/"):
        changes.append("extra spaces")
    return spaced


def clean(text: str) -> str:
    """``text`` cleaned as the parser first cleans it (the key of a number it cannot read)."""
    return _clean(text, [])


# --- suffixes ---------------------------------------------------------------------------------

_EDITION = re.compile(r" ?\((\d{4}) ?年?版\)$")
_ALL_PARTS = re.compile(r" ?\(所有部分\)$")
# A short mark in brackets after the year: JTG 3362-18(RC), Q/CR 9300-18(S).
_MARK = re.compile(r"(?<=\d) ?\(([A-Z]{1,4})\)$")
# An adopted international number follows the national one's year: GB/T 19001-2016/ISO 9001.
_ADOPTED = re.compile(r"(?<=\d)[/_ ](?=(?:ISO|IEC|ITU|CISPR)(?![A-Z]))")
_AMENDMENT = re.compile(r"/(XG\d+)(?:-(\d{4}))?")
_ALSO_YEAR = re.compile(r"/(\d{4})")


def _peel(s: str, suffixes: list[str]) -> tuple[str, Optional[str]]:
    """``s`` without its trailing edition and all-parts marks, and the adopted number."""
    adopted = None
    m = _ADOPTED.search(s)
    if m:
        s, adopted = s[:m.start()], s[m.end():]
    while True:
        m = _EDITION.search(s)
        if m:
            suffixes.append(f"edition {m.group(1)}")
            s = s[:m.start()]
            continue
        m = _ALL_PARTS.search(s)
        if m:
            suffixes.append("all parts")
            s = s[:m.start()]
            continue
        m = _MARK.search(s)
        if m:
            suffixes.append(f"mark {m.group(1)}")
            s = s[:m.start()]
            continue
        return s, adopted


# --- the grammar ------------------------------------------------------------------------------

_TOKENS = re.compile(r"[A-Z]+|\d+|.", re.DOTALL)
_SEPARATORS = frozenset(" /_-")
_SEP_NOTE = {"_": "underscore for slash", "-": "dash for slash", " ": "space for slash",
             "": "slash missing"}


class _Reading:
    """A reading in progress: the tokens and what has been read of them."""

    __slots__ = (
        "changes",
        "confident",
        "doubt",
        "i",
        "issuer",
        "joiner",
        "kind",
        "letter_serial",
        "prefix",
        "province",
        "toks",
    )

    def __init__(self, toks: list[str], changes: list[str]) -> None:
        self.toks = toks
        self.i = 0
        self.kind: Optional[str] = None
        self.confident = True
        self.prefix = ""
        self.joiner = " "
        self.issuer: Optional[str] = None
        self.province: Optional[str] = None
        self.letter_serial = False
        self.changes = changes
        self.doubt: Optional[str] = None  # why a reading is not confident

    def tok(self, k: int = 0) -> str:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else ""

    def seps(self) -> str:
        """Consume the separators at the cursor and return them."""
        start = self.i
        while self.i < len(self.toks) and self.toks[self.i] in _SEPARATORS:
            self.i += 1
        return "".join(self.toks[start:self.i])

    def peek_seps(self) -> tuple[str, int]:
        j = self.i
        while j < len(self.toks) and self.toks[j] in _SEPARATORS:
            j += 1
        return "".join(self.toks[self.i:j]), j

    def slash(self, sep: str) -> None:
        """Note how a slash inside the prefix was written."""
        if sep != "/":
            self.changes.append(_SEP_NOTE.get(sep, "space for slash") if "/" not in sep
                                else "extra spaces")


def _modifier(r: _Reading, allowed: frozenset[str]) -> str:
    """A ``/T`` or ``/Z`` after a code, written however: ``/T``, ``_T``, `` T``, ``-T``."""
    sep, j = r.peek_seps()
    if sep and j < len(r.toks) and r.toks[j] in allowed:
        r.i = j + 1
        r.slash(sep)
        return "/" + r.toks[j]
    return ""


def _split_run(word: str, codes: frozenset[str] | dict[str, frozenset[str]],
               allowed: frozenset[str]) -> Optional[tuple[str, str]]:
    """``GBT`` -> (GB, /T), ``JGJT`` -> (JGJ, /T): a code run together with its modifier."""
    if word in codes:
        return word, ""
    if word[-1:] in allowed and word[:-1] in codes:
        return word[:-1], "/" + word[-1]
    return None


def _national(r: _Reading) -> bool:
    word = r.tok()
    found = _split_run(word, D.NATIONAL_CODES, frozenset("TZ"))
    if not found:
        return False
    code, mod = found
    if mod and mod[1] not in D.NATIONAL_CODES[code]:
        return False
    r.i += 1
    if mod:
        r.changes.append("slash missing")
    else:
        mod = _modifier(r, D.NATIONAL_CODES[code])
    r.kind, r.prefix = "national", code + mod
    return True


def _place(r: _Reading, code: str) -> bool:
    """Set the issuer of a local number from a two- or four-digit division code."""
    province = code[:2]
    if province not in D.PROVINCES:
        return False
    r.province = province
    r.issuer = D.CITIES.get(code, D.PROVINCES[province]) if len(code) == 4 \
        else D.PROVINCES[province]
    return True


def _dashed(r: _Reading, j: int, groups: int) -> bool:
    """Whether the tokens from ``j`` are digits, then ``groups - 1`` more dash-digit pairs."""
    toks = r.toks
    for g in range(groups):
        k = j + 2 * g
        if k >= len(toks) or not toks[k].isdigit() or (g and toks[k - 1] != "-"):
            return False
    return True


def _series(r: _Reading, word: str, mod: str) -> bool:
    """``DB/T29-176-2016``, ``DBJ/T 15-98-2019``, ``DBJ50-052-2020``: a series code after the
    prefix, then the serial and the year, each after a dash."""
    sep, j = r.peek_seps()
    if "/" in sep or (sep and not mod):
        return False
    code = r.toks[j] if j < len(r.toks) else ""
    series = D.ENGINEERING_SERIES.get(word, {})
    if code in series:
        province = series[code]
    elif word == "DBJ" and code in D.PROVINCES:
        province = code
    else:
        return False
    # DB needs all three groups (DB/T 29-2008 would be the earthquake industry's); DBJ has
    # no other reading, so the year may be missing.
    if not _dashed(r, j, 3 if word == "DB" else 2):
        return False
    r.i = j + 1
    r.kind, r.joiner = "local", "-"
    r.prefix = f"{word}{mod} {code}" if word == "DBJ" and code in series else f"{word}{mod}{code}"
    _place(r, province)
    return True


def _local(r: _Reading) -> bool:
    word = r.tok()
    if word not in D.LOCAL_FAMILIES:
        return False
    start = r.i
    r.i += 1
    if word != "DBS" and _series(r, word, ""):
        return True
    if word == "DGJ":  # only ever a series number
        r.i = start
        return False
    sep, j = r.peek_seps()
    code = r.toks[j] if j < len(r.toks) else ""
    if code.isdigit() and len(code) in (2, 4) and sep in ("", " "):
        r.i = j + 1
        r.kind, r.prefix = "local", word + code
        if not _place(r, code):
            # Still read the rest, to give a key; the unknown place is the doubt.
            r.confident, r.doubt = False, word + code
        if r.toks[r.i:r.i + 3] == ["(", "J", ")"]:
            r.prefix += "(J)"  # Hebei's engineering numbers: DB13(J)185-2020
            r.i += 3
            return True
        sep, j = r.peek_seps()
        nxt = r.toks[j] if j < len(r.toks) else ""
        if nxt == "T":
            r.i = j + 1
            r.slash(sep)
            r.prefix += "/T"
        else:
            # A bare slash is a mandatory number: DB12/ 617-2016, DB31/283-2015. Without any
            # slash mandatory is the likelier reading too (/T is rarely lost on its own).
            if "/" in sep:
                r.i = j
            else:
                r.changes.append("slash missing")
            r.prefix += "/"
        return True
    if word in ("DB", "DBJ"):
        mod = _modifier(r, frozenset({"T"}))
        if mod and _series(r, word, mod):
            return True
    r.i = start  # DB/T 17-2018: the earthquake industry's (read by _industry)
    return False


def _industry(r: _Reading) -> bool:
    codes = D.INDUSTRY_CODES | D.OLD_CODES
    word = r.tok()
    found = _split_run(word, codes, frozenset("TZ"))
    if not found:
        return False
    code, mod = found
    r.i += 1
    parts = [code]
    if mod:
        r.changes.append("slash missing")
    else:
        # Combined codes: NB/SH/T 0001-2019.
        while True:
            sep, j = r.peek_seps()
            nxt = r.toks[j] if j < len(r.toks) else ""
            if "/" in sep and nxt in codes:
                parts.append(nxt)
                r.i = j + 1
                continue
            if "/" in sep:
                run = _split_run(nxt, codes, frozenset("TZ")) if nxt else None
                if run and run[1]:
                    parts.append(run[0])
                    mod = run[1]
                    r.i = j + 1
            break
        if not mod:
            mod = _modifier(r, frozenset({"T", "Z"}))
    r.kind, r.prefix = "industry", "/".join(parts) + mod
    r.letter_serial = code in D.LETTER_SERIALS
    return True


def _code_after(r: _Reading, letter: str, kind: str) -> bool:
    """``T/CAS``, ``Q/GDW``, ``Q GDW``, ``T∕CSAE248``: the letter, a separator, a code."""
    if r.tok() != letter:
        return False
    r.i += 1
    sep, j = r.peek_seps()
    rest = "".join(r.toks[j:])
    if not sep or not rest:
        r.i -= 1
        return False
    if kind == "group":
        m = re.match(r"[A-Z][A-Z0-9]*?(?=[ _-]?\d|$)", rest)
    else:
        # Enterprise codes mix letters and digits: the code ends at its last letter before
        # the serial (Q/12JN 3001-2019), or at a space when it is all digits; letters run into
        # a serial with a food-safety S and then only a year are code and serial
        # (Q/HLS0001S 2012).
        m = (_LETTERS_SERIAL_YEAR.match(rest)
             or re.match(r"[0-9A-Z]*[A-Z](?:-[0-9A-Z]*[A-Z])*(?=[ _]?\d)", rest)
             or re.match(r"\d+(?= \d)", rest))
    if not m:
        r.i -= 1
        return False
    r.slash(sep)
    taken = m.group(0)
    # Move the cursor past the code's tokens.
    r.i = j
    used = 0
    while used < len(taken):
        used += len(r.toks[r.i])
        r.i += 1
    if used != len(taken):  # the code ended inside a token: a letter+digit run (rare)
        r.i = 0
        return False
    r.kind, r.prefix = kind, f"{letter}/{taken}"
    return True


_LETTERS_SERIAL_YEAR = re.compile(r"[A-Z]+(?=\d+S?[ _-]?(?:19|20)\d\d$)")


def _old_group(r: _Reading) -> bool:
    """``CECS 21:2000``: an association code from before the ``T/`` prefix."""
    if r.tok() not in D.OLD_GROUP_CODES:
        return False
    r.kind, r.prefix = "group", r.tok()
    r.i += 1
    return True


def _run_together(r: _Reading) -> bool:
    """``TCECS101-2021``, ``QGDW…``: T or Q run into a code that no family knows. The kind
    is likely but a guess (``TB``, ``QB`` are industry codes), so never confident."""
    word = r.tok()
    nxt = r.tok(2) if r.tok(1) == " " else r.tok(1)
    if len(word) < 3 or word[0] not in "TQ" or not nxt.isdigit():
        return False
    kind = "group" if word[0] == "T" else "enterprise"
    r.kind, r.prefix = kind, f"{word[0]}/{word[1:]}"
    r.confident, r.doubt = False, word
    r.changes.append("slash missing")
    r.i += 1
    return True


def _prefix(r: _Reading) -> bool:
    return (_local(r) or _national(r) or _code_after(r, "T", "group")
            or _code_after(r, "Q", "enterprise") or _old_group(r) or _industry(r)
            or _run_together(r))


# The serial and year as a regular expression over what follows the prefix (cleaned).
_SERIAL = re.compile(
    r"(?P<sep>[ _-]*)"
    r"(?P<letters>[A-Z]{1,2}(?=\d))?"
    r"(?P<serial>\d+(?:\.\d+)*(?:~\d+(?:\.\d+)*)?)(?P<s> ?S(?![A-Z]))?"
    # JTG/T 2231-01-2020: a two-digit part between serial and year (transport codes only).
    r"(?P<part>-\d{2}(?=-\d{4}(?!\d)))?"
    r"(?:(?P<ysep>-|_|:| )(?P<year>\d{4}|\d{2})(?!\d))?"
    r"(?P<rest>.*)$", re.DOTALL)


def _year(text: str, changes: list[str]) -> Optional[int]:
    value = int(text)
    if len(text) == 2:
        changes.append("two-digit year")
        return 2000 + value if value < D.PIVOT else 1900 + value
    return value if value in D.YEARS else None


def _tail(rest: str, suffixes: list[str]) -> str:
    """Read amendment and combined-year suffixes off ``rest``; return what is left."""
    while rest:
        m = _AMENDMENT.match(rest)
        if m:
            suffixes.append("amendment " + m.group(1) + (f"-{m.group(2)}" if m.group(2) else ""))
            rest = rest[m.end():]
            continue
        m = _ALSO_YEAR.match(rest)
        if m and int(m.group(1)) in D.YEARS:
            suffixes.append(f"also year {m.group(1)}")
            rest = rest[m.end():]
            continue
        break
    return rest.strip()


_INTERNATIONAL = re.compile(
    r"(?P<prefix>(?:ISO|IEC|CISPR)(?:/(?:IEC|IEEE|TS|TR|PAS|ASTM))*(?: ?(?:TS|TR|PAS)(?= ))?"
    r"|ITU-[TRD])"
    r" ?(?P<serial>[A-Z]?\.?\d+(?:[.-]\d+)*)"
    r"(?:(?P<ysep>:|-)(?P<year>\d{4}))?"
    r"(?: ?\((?P<date>\d{2}/\d{4})\))?"
    r"(?P<rest>.*)$", re.DOTALL)


def _international(written: str, s: str, changes: list[str], suffixes: list[str],
                   ) -> Optional[StandardNumber]:
    m = _INTERNATIONAL.match(s)
    if not m:
        return None
    serial, year_text = m.group("serial"), m.group("year")
    if year_text is None and m.group("ysep") is None and "-" in serial:
        # IEC 60335-1 has parts; ISO 9001-2015 writes the year after a dash.
        head, _, last = serial.rpartition("-")
        if len(last) == 4 and int(last) in D.YEARS and "-" not in head and "." not in last:
            serial, year_text = head, last
            changes.append("colon for year")
    elif m.group("ysep") == "-":
        changes.append("colon for year")
    year = int(year_text) if year_text and int(year_text) in D.YEARS else None
    if m.group("date"):
        suffixes.append(f"date {m.group('date')}")
        if year is None:
            year = int(m.group("date")[3:])
    rest = m.group("rest").strip()
    prefix = m.group("prefix")
    key = f"{prefix} {serial}" + (f":{year}" if year else "")
    if rest:
        return StandardNumber(written, "international", False, prefix, None, None, serial, year,
                              tuple(suffixes), None, s, tuple(changes), rest)
    return StandardNumber(written, "international", True, prefix, None, None, serial, year,
                          tuple(suffixes), None, key, tuple(changes), None)


# A lower-case l standing for the digit 1 beside digits (JGJ l8-2012), not inside a word.
_L_FOR_1 = re.compile(r"(?<![A-Za-z])l(?=\d)|(?<=\d)l(?![A-Za-z])")
# An enterprise serial written in groups: Q/CSG 2 16 004-2019.
_GROUPED = re.compile(r" ?(\d+(?: \d+)+)-(\d{4})$")


# A space between two capitals of an unreadable number: inside the code (Q/JJ HJ003-2025 for
# Q/JJHJ 003-2025, T/CQ SES 012-2025 for T/CQSES 012-2025), which no grammar rule reads
_LETTER_SPACE = re.compile(r"(?<=[A-Z]) +(?=[A-Z])")


def _slow(written: str) -> StandardNumber:
    n = _grammar(written)
    if n.kind is None:
        s = _clean(written, [])
        if _LETTER_SPACE.search(s):
            joined = _grammar(_LETTER_SPACE.sub("", s))
            if joined.kind is not None and joined.unread is None:
                return dataclasses.replace(joined, written=written,
                                           changes=(*joined.changes, "space inside the code"))
    return n


def _grammar(written: str) -> StandardNumber:
    changes: list[str] = []
    suffixes: list[str] = []
    text = written
    if "l" in text and _L_FOR_1.search(text):
        text = _L_FOR_1.sub("1", text)
        changes.append("letter l for digit 1")
    s = _clean(text, changes)
    body, adopted_text = _peel(s, suffixes)
    adopted = parse(adopted_text).normalised if adopted_text else None
    if body[:3] in D.INTERNATIONAL_BODIES or body[:5] in D.INTERNATIONAL_BODIES:
        n = _international(written, body, changes, suffixes)
        if n is not None:
            return n
    r = _Reading(_TOKENS.findall(body), changes)
    if not r.toks or not _prefix(r):
        return StandardNumber(written, None, False, None, None, None, None, None,
                              tuple(suffixes), adopted, s, tuple(changes), s or None)
    rest = "".join(r.toks[r.i:])
    grouped = _GROUPED.fullmatch(rest) if r.kind == "enterprise" else None
    if grouped is not None and int(grouped.group(2)) in D.YEARS:
        return StandardNumber(written, r.kind, r.confident, r.prefix, None, None,
                              grouped.group(1), int(grouped.group(2)), tuple(suffixes), adopted,
                              f"{r.prefix} {grouped.group(1)}-{grouped.group(2)}",
                              tuple(changes), r.doubt if not r.confident else None)
    m = _SERIAL.match(rest)
    serial: Optional[str] = None
    year: Optional[int] = None
    unread: Optional[str] = None
    if m is None or ((m.group("letters") or m.group("part")) and not r.letter_serial):
        unread = rest.strip() or None
    else:
        serial = ((m.group("letters") or "") + m.group("serial") + ("S" if m.group("s") else "")
                  + (m.group("part") or ""))
        if r.joiner == " " and m.group("sep") in ("_", "-"):
            changes.append("underscore for space" if m.group("sep") == "_" else "dash for space")
        if "~" in serial:
            suffixes.append("range")
        if m.group("year"):
            ysep = m.group("ysep")
            if ysep == "_":
                changes.append("underscore for dash")
            elif ysep == ":" and r.prefix not in D.OLD_GROUP_CODES:
                changes.append("colon for year")
            elif ysep == " ":
                if len(m.group("year")) == 2:  # a bare two-digit group is not a year
                    unread = (m.group("ysep") + m.group("year") + m.group("rest")).strip()
                else:
                    changes.append("space for dash")
            if unread is None:
                year = _year(m.group("year"), changes)
                if year is None:
                    unread = (m.group("year") + m.group("rest")).strip()
        if unread is None:
            unread = _tail(m.group("rest"), suffixes) or None
    confident = r.confident and unread is None and serial is not None
    if r.doubt and unread is None:
        unread = r.doubt
    if unread is not None or serial is None:
        key = s  # not read completely: merge only what is written the same
    else:
        key = f"{r.prefix}{r.joiner}{serial}" + (f"-{year}" if year else "")
    return StandardNumber(written, r.kind, confident, r.prefix, r.issuer, r.province, serial,
                          year, tuple(suffixes), adopted, key, tuple(changes), unread)


# A frozen dataclass's __init__ sets each field through object.__setattr__ (about 3 us for
# these 13 on the reference machine); the fast path sets the slots directly (about 1 us). The
# result is an ordinary StandardNumber, equal to one built the usual way (a test holds it).
(_W, _K, _C, _P, _I, _PC, _S, _Y, _SX, _A, _N, _CH, _U) = (
    getattr(StandardNumber, f).__set__ for f in StandardNumber.__slots__)
_new = object.__new__


def _built(written: str, kind: str, prefix: str, issuer: Optional[str],
           province_code: Optional[str], serial: str, year: Optional[int],
           key: str) -> StandardNumber:
    """A confident reading without suffixes, changes or unread part, built fast."""
    n: StandardNumber = _new(StandardNumber)
    _W(n, written), _K(n, kind), _C(n, True), _P(n, prefix), _I(n, issuer)
    _PC(n, province_code), _S(n, serial), _Y(n, year), _SX(n, ()), _A(n, None)
    _N(n, key), _CH(n, ()), _U(n, None)
    return n


# The common families' keys as they come out of the grammar above, written once: a serial of
# dotted parts and a four-digit year of this century or the last. ``KEY_FORMS`` are the
# canonical keys of each kind (what ``parse`` gives back unchanged, confident, without a
# finding on a row of that kind); the reader takes a number matching one without parsing it
# (``codes.fast_keys``). Tests hold each form to ``parse`` and ``judge``.
SERIAL = r"[0-9]+(?:[.][0-9]+)*"
YEAR = r"(?:19|20)[0-9]{2}"
CODE_FORMS = {  # the code a key starts with, per kind
    "enterprise": "Q/[A-Z]+",
    "group": "T/[A-Z]+",
    "national": "GB(?:/[TZ])?",
    "international": "ISO",
    "industry": f"(?:{'|'.join(sorted(D.INDUSTRY_CODES))})(?:/T)?",
}
KEY_FORMS = {
    "enterprise": f"{CODE_FORMS['enterprise']} {SERIAL}S?-{YEAR}",
    "group": f"{CODE_FORMS['group']} {SERIAL}-{YEAR}",
    "national": f"{CODE_FORMS['national']} {SERIAL}-{YEAR}",
    "international": f"ISO {SERIAL}:{YEAR}",
    "industry": f"{CODE_FORMS['industry']} {SERIAL}-{YEAR}",
}


def local_code_form(home_prefix: Optional[str]) -> Optional[str]:
    """The code of the home province's recommended local keys (``DB50/T`` for DB50), or None
    where the policy names no province (every local number then takes the grammar)."""
    if home_prefix is None or not re.fullmatch("DB[0-9]{2}", home_prefix):
        return None
    return f"{home_prefix}/T"


# The forms most ledgers hold, already canonical or nearly: read with one expression. Every
# reading here equals the slow one (a test holds it to that).
_FAST = re.compile(
    r"(?P<prefix>GB(?:/[TZ])?|DB(?P<place>\d{2}(?:\d{2})?)/T?|T/[A-Z]+|Q/[A-Z]+)"
    f"(?P<space> ?)(?P<serial>{SERIAL})(?:-(?P<year>{YEAR}))?")


#: The longest text read as a standard number (the longest real forms, an adopted number with
#: an edition, are about 50 characters): the rest of a longer text is left unread, so no
#: pattern runs on an unbounded text.
MAX_NUMBER_LENGTH = 100


@lru_cache(maxsize=1 << 14)
def parse(text: str) -> StandardNumber:
    """Read one standard number as written; never raises. See :class:`StandardNumber`."""
    if len(text) > MAX_NUMBER_LENGTH:
        n = _slow(text[:MAX_NUMBER_LENGTH])
        return dataclasses.replace(n, written=text, confident=False,
                                   unread=f"{text[MAX_NUMBER_LENGTH:][:12]}…")
    m = _FAST.fullmatch(text)
    if m is not None:
        prefix, place = m.group("prefix"), m.group("place")
        issuer = province = None
        if place is not None:
            province = place[:2]
            if province not in D.PROVINCES:
                return _slow(text)
            issuer = D.CITIES.get(place, D.PROVINCES[province]) if len(place) == 4 \
                else D.PROVINCES[province]
            kind = "local"
        else:
            kind = {"G": "national", "T": "group", "Q": "enterprise"}[prefix[0]]
        serial = m.group("serial")
        year = m.group("year")
        if year is None:  # GB/T 4208: an undated reference, written as its key
            if not m.group("space"):
                return _slow(text)  # run together: GB4208 is read by the grammar
            return _built(text, kind, prefix, issuer, province, serial, None,
                          f"{prefix} {serial}")
        return _built(text, kind, prefix, issuer, province, serial, int(year),
                      f"{prefix} {serial}-{year}")
    return _slow(text)


# --- verdicts ---------------------------------------------------------------------------------


def _shown(written: str) -> str:
    """A number as written, quoted for a message (``validate`` leaves quoted values out unless
    asked to show them); a text past any number's length is cut."""
    text = written.strip()
    return f"“{text[:MAX_NUMBER_LENGTH]}…”" if len(text) > MAX_NUMBER_LENGTH else f"“{text}”"


def _zh(kind: str) -> str:
    return KIND_NAMES.get(kind, (kind, ""))[0]


def _describe(kind: str) -> str:
    return f"{_zh(kind)} ({kind})"


def judge(kind: str, number: StandardNumber, home_prefix: Optional[str] = None) -> Optional[Verdict]:
    """The finding on a row of ``kind`` (an EntryKind value) holding ``number``, or None.

    ``code-kind-conflict`` (error) only for a confident reading of another kind;
    ``code-unreadable`` (warning) names the part that could not be read; another province's
    local number is ``code-other-province`` (warning: a department can take part in one); a
    number without a year is ``code-no-year`` (warning). Normalising is not a finding.
    """
    if kind not in D.KIND_EXAMPLE or not number.written.strip():
        return None  # pilot, activity: no numbering rule; no number: nothing to judge
    code = _shown(number.written)  # as the ledger wrote it; the key is for matching
    example = D.KIND_EXAMPLE[kind]
    if number.kind is not None and number.kind != kind and number.confident:
        looks = number.kind
        if kind == "local" and number.prefix is not None and number.prefix.startswith("DB/"):
            return Verdict("code-kind-conflict", Severity.error, msg(
                f"{code} is an earthquake industry standard (行业标准: DB is also the "
                "earthquake industry's code), not a local standard; local numbers are DB + "
                f"the province code, e.g. {example}. Fix the number, or set the kind to "
                "行业标准 (industry)",
                f"{code} 是地震行业标准（DB 也是地震行业代号），不是地方标准；地方标准编号为 DB "
                f"加省级代码，如 {example}。请改正编号，或把类别改为行业标准"))
        return Verdict("code-kind-conflict", Severity.error, msg(
            f"{code} is a {_describe(looks)} number, but the row's kind is {_describe(kind)}; "
            "fix the kind or the number",
            f"{code} 是{_zh(looks)}编号，但该行类别是{_zh(kind)}；请改正类别或编号"))
    if number.kind is None or not number.confident:
        part = number.unread or number.normalised
        seen = (f" (it looks like a {_describe(number.kind)} number)" if number.kind else "")
        seen_zh = f"（看起来像{_zh(number.kind)}编号）" if number.kind else ""
        return Verdict("code-unreadable", Severity.warning, msg(
            f"{code} is not a {_describe(kind)} number as written: could not read “{part}”"
            f"{seen}; such numbers look like {example}. Check the number and the kind",
            f"{code} 不是规范的{_zh(kind)}编号：无法识别“{part}”{seen_zh}；这类编号形如 "
            f"{example}。请核对编号和类别"))
    if kind == "local" and number.province_code is not None and home_prefix:
        verdict = _other_province(number, home_prefix)
        if verdict is not None:
            return verdict
    if number.year is None:
        return Verdict("code-no-year", Severity.warning, msg(
            f"{code} has no year; the same standard has several editions, so give the year "
            f"of the one meant, e.g. {example}",
            f"{code} 缺少年份；同一标准有多个版本，请写明所指版本的年份，如 {example}"))
    return None


_REGION = re.compile(r"DB[JS]?(\d{2}(?:\d{2})?)(?!\d)")


def _other_province(number: StandardNumber, home_prefix: str) -> Optional[Verdict]:
    home = "".join(c for c in clean(home_prefix) if c.isdigit())
    # The division code as written (DB4403: Shenzhen), or the province of a series number.
    m = _REGION.match(number.prefix or "")
    region = m.group(1) if m and m.group(1)[:2] == number.province_code \
        else number.province_code or ""
    if not home or region.startswith(home):
        return None
    code = _shown(number.written)
    place = number.issuer or "another province"
    # a city's own prefix (DB4501: 南宁) names the city: its province's standards are not its own
    home_place = D.CITIES.get(home) or D.PROVINCES.get(home[:2], home_prefix)
    return Verdict("code-other-province", Severity.warning, msg(
        f"{code} is a local standard of {place}, not of {home_place} ({home_prefix}); keep it "
        "if the department took part in that standard, otherwise correct the number",
        f"{code} 是{number.issuer or '外省'}的地方标准，不是{home_place}的（{home_prefix}）；"
        "如本部门确实参与制定可保留，否则请改正编号"))
