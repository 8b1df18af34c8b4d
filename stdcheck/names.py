"""Department-name resolution: how a name written in a ledger finds its registry department.

Liaison staff write the same department many ways: the canonical name the opinion uses
(区科技局), an alias (区市监局), the full official name (重庆市江津区科学技术局), with or without
place prefixes (江津区科技局, 科技局), in traditional characters (區科技局), copied from the
garbled web page with pinyin annotations (``區(qū)科技局``, ``區（qū）科技局``), and with stray
spaces, full-width characters, NBSP or zero-width spaces.  :func:`normalize` removes everything
that is only a way of writing; :class:`DepartmentIndex` then matches exactly, and failing that
with place prefixes stripped from both sides, and offers "did you mean" suggestions.

Towns and sub-districts (白沙镇, 几江街道, 德感街道办事处) are not departments; the index
recognises them so that a task every town implements (各镇街落实) can count them: the towns the
registry lists, or, for a policy that lists none, any name ending in 镇 or 街道.

Traditional -> simplified uses ``hanzi_t2s.txt`` next to this file, generated from OpenCC data by
``scripts/make_t2s_table.py``; opencc is not needed at run time.  The table is read lazily, once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from stdcheck.schema import Department, Town

__all__ = ["CJK", "PINYIN_LETTER", "DepartmentIndex", "normalize", "t2s_table"]

_TABLE_FILE = "hanzi_t2s.txt"

# Characters that take no space and carry no meaning in a name. NFKC keeps all of them.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"

# CJK unified ideographs (BMP, extension A, compatibility, supplementary planes).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A pinyin annotation right after a CJK character: latin letters with or without tone marks
# (ā á ǎ à, ü ǖ ǘ ǚ ǜ, combining marks, ɑ ɡ) in brackets, lower case but for an optional
# capital first letter, so an acronym such as (GB) or (ISO) is not taken for pinyin. Runs after
# NFKC, so full-width brackets and letters are already ASCII-width. Consecutive annotations
# go together: 區(qū)(yè) -> 區.
PINYIN_LETTER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0251\u0261\u0300-\u036f"
_PINYIN = re.compile(rf"(?<=[{CJK}])(?:\([A-Z]?[{PINYIN_LETTER}]{{1,12}}\))+")


@cache
def t2s_table() -> dict[str, str]:
    """The traditional -> simplified character table (read from the package once)."""
    from importlib import resources

    try:
        text = resources.files("stdcheck").joinpath(_TABLE_FILE).read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # a packaging mistake, not a user error
        raise RuntimeError(
            f"stdcheck/{_TABLE_FILE} is missing from the installed package; include it as "
            "package data, or regenerate it with scripts/make_t2s_table.py"
        ) from exc
    pairs = "".join(line for line in text.splitlines() if line and not line.startswith("#"))
    if len(pairs) % 2:
        raise RuntimeError(f"stdcheck/{_TABLE_FILE} is corrupt (odd number of characters); "
                           "regenerate it with scripts/make_t2s_table.py")
    return {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}


@cache
def _translation() -> dict[int, Optional[str]]:
    table: dict[int, Optional[str]] = {ord(t): s for t, s in t2s_table().items()}
    table.update(dict.fromkeys(map(ord, _INVISIBLE)))
    return table


def simplified(text: str) -> str:
    """``text`` with traditional characters made simplified, character by character."""
    return text.translate(_translation())


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """Reduce a name to the form names are compared in.

    NFKC (full-width -> half-width), all whitespace (incl. NBSP, ideographic space) and
    zero-width characters removed, pinyin annotations after a CJK character removed
    (``區(qū)`` -> ``區``), traditional -> simplified character by character.
    Case is kept. ``normalize("區（qū） 科技局\\u200b") == "区科技局"``.
    """
    text = "".join(unicodedata.normalize("NFKC", text).split())
    text = text.translate(_translation())
    if "(" in text:
        text = _PINYIN.sub("", text)
    return text


def fold(text: str) -> str:
    """normalize() and case-folded: the key the index compares (ids are latin slugs)."""
    return normalize(text).casefold()


# Town / sub-district endings, longest first, with the form each is counted under.
_TOWN_SUFFIXES = (
    ("街道办事处", "街道"),
    ("镇人民政府", "镇"),
    ("街道办", "街道"),
    ("镇政府", "镇"),
    ("街道", "街道"),
    ("镇", "镇"),
)

_AMBIGUOUS = object()  # a key that more than one department claims
_MISSING = object()


class DepartmentIndex:
    """Resolves names as written in ledgers to registry departments.

    Built once from the registry (``DepartmentIndex(registry.departments, registry.prefixes)``);
    every method is cached per input string, as the same few names repeat across many rows.
    """

    _CACHE_MAX = 100_000  # distinct raw strings remembered per cache; beyond it, computed afresh

    def __init__(self, departments: Sequence[Department], prefixes: Iterable[str] = (),
                 towns: Sequence[Town] = ()) -> None:
        self.departments: tuple[Department, ...] = tuple(departments)
        folded = {fold(p) for p in prefixes}
        self._prefixes: tuple[str, ...] = tuple(sorted((p for p in folded if p),
                                                       key=lambda p: (-len(p), p)))
        self._exact: dict[str, object] = {}
        self._by_core: dict[str, list[Department]] = {}
        # (comparison string, canonical name) pairs for suggest(), registry order.
        self._candidates: list[tuple[str, str]] = []
        seen_candidates: set[tuple[str, str]] = set()

        for dep in self.departments:
            for written in (dep.name, dep.full_name, *dep.aliases):
                key = fold(written)
                if not key:
                    continue
                self._claim(key, dep)
                core = self.core(key)
                owners = self._by_core.setdefault(core, [])
                if dep not in owners:
                    owners.append(dep)
                for cand in (key, core):
                    if (cand, dep.name) not in seen_candidates:
                        seen_candidates.add((cand, dep.name))
                        self._candidates.append((cand, dep.name))
            self._claim(fold(dep.id), dep)

        self._cache: dict[str, Optional[Department]] = {}
        self._town_cache: dict[str, Optional[str]] = {}
        #: The registry's towns; empty: any name ending in 镇 / 街道 is a town.
        self.towns: tuple[Town, ...] = tuple(towns)
        # counted form of each town's name and aliases (prefixes stripped) -> the town's name
        self._town_keys: dict[str, str] = {}
        for town in self.towns:
            for written in (town.name, *town.aliases):
                core = self.core(fold(written))
                for k in (core, self.town_form(core)):
                    if k:
                        self._town_keys.setdefault(k, town.name)

    def _claim(self, key: str, dep: Department) -> None:
        # A key two departments claim resolves to neither; the policy loader reports the clash
        # (alias-clash), so only hand-built registries get here.
        held = self._exact.get(key)
        if held is None:
            self._exact[key] = dep
        elif held is not dep:
            self._exact[key] = _AMBIGUOUS

    # --- prefixes --------------------------------------------------------------------------

    def core(self, key: str) -> str:
        """``key`` (already normalized) with leading place prefixes stripped repeatedly, longest
        first: 重庆市江津区科技局 -> 科技局, 区科技局 -> 科技局. Never strips to an empty
        string: a name that is only a prefix (江津区) stays as it is."""
        stripped = True
        while stripped:
            stripped = False
            for prefix in self._prefixes:
                if len(key) > len(prefix) and key.startswith(prefix):
                    key = key[len(prefix):]
                    stripped = True
                    break
        return key

    # --- resolution ------------------------------------------------------------------------

    def resolve(self, name: str) -> Optional[Department]:
        """The department ``name`` designates, or None if none or more than one does.

        Exact match after normalize() against each department's name, full name, aliases and
        id; then the same with place prefixes stripped from both sides, accepted only when one
        department alone has that core."""
        try:
            return self._cache[name]
        except KeyError:
            pass
        found = self._lookup(name)
        if len(self._cache) < self._CACHE_MAX:
            self._cache[name] = found
        return found

    def _lookup(self, name: str) -> Optional[Department]:
        key = fold(name)
        if not key:
            return None
        hit = self._exact.get(key, _MISSING)
        if hit is _AMBIGUOUS:
            return None
        if hit is not _MISSING:
            return hit  # type: ignore[return-value]
        owners = self._by_core.get(self.core(key))
        if owners and len(owners) == 1:
            return owners[0]
        return None

    def canonical(self, name: str) -> Optional[str]:
        """The canonical name of the department ``name`` designates, or None."""
        dep = self.resolve(name)
        return dep.name if dep is not None else None

    def suggest(self, name: str, n: int = 3, cutoff: float = 0.6) -> list[str]:
        """Canonical names of up to ``n`` departments closest to ``name``, best first, for a
        "did you mean" message (区科枝局 -> 区科技局). Empty when nothing is reasonably close.
        A name written like a town, when the registry lists towns, gets the closest towns
        instead (白纱镇 -> 白沙镇)."""
        from difflib import SequenceMatcher

        key = fold(name)
        if not key or n <= 0:
            return []
        if self.towns and self.looks_like_town(name):
            return self.suggest_town(name, n, cutoff)
        queries = {key, self.core(key)}
        best: dict[str, float] = {}
        matcher = SequenceMatcher(autojunk=False)
        for query in queries:
            matcher.set_seq2(query)  # seq2 is the one SequenceMatcher caches
            for cand, canonical in self._candidates:
                matcher.set_seq1(cand)
                floor = max(cutoff, best.get(canonical, 0.0))
                if (matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor):
                    score = matcher.ratio()
                    if score >= floor:
                        best[canonical] = score
        order = {dep.name: i for i, dep in enumerate(self.departments)}
        ranked = sorted(best, key=lambda c: (-best[c], order.get(c, 0)))
        return ranked[:n]

    # --- towns -----------------------------------------------------------------------------

    @staticmethod
    def town_form(core: str) -> Optional[str]:
        """``core`` in the form a town is counted under (德感街道办事处 -> 德感街道), or None
        when it does not end like a town's name."""
        for suffix, counted in _TOWN_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                return core[: -len(suffix)] + counted
        return None

    def looks_like_town(self, name: str) -> bool:
        """Whether ``name`` is written like a town (…镇, …街道办事处), listed or not, and is not
        a registry department."""
        return self.resolve(name) is None and self.town_form(self.core(fold(name))) is not None

    def town(self, name: str) -> Optional[str]:
        """The town / sub-district ``name`` designates, in the form it is counted under, or None.

        Prefixes stripped and the long official forms shortened (德感街道办事处 -> 德感街道,
        白沙镇人民政府 -> 白沙镇), so one town written two ways counts once. A name that
        resolves to a registry department is not a town. When the registry lists towns, only
        they (by name or alias) are towns, and the answer is the listed name."""
        try:
            return self._town_cache[name]
        except KeyError:
            pass
        found: Optional[str] = None
        if self.resolve(name) is None:
            core = self.core(fold(name))
            short = self.town_form(core)
            if not self.towns:
                found = short
            else:
                found = self._town_keys.get(core) or (
                    self._town_keys.get(short) if short else None)
        if len(self._town_cache) < self._CACHE_MAX:
            self._town_cache[name] = found
        return found

    def suggest_town(self, name: str, n: int = 3, cutoff: float = 0.6) -> list[str]:
        """Listed towns closest to ``name`` (白纱镇 -> 白沙镇), best first; empty when the
        registry lists none or nothing is reasonably close (火星镇)."""
        from difflib import SequenceMatcher

        core = self.core(fold(name))
        query = self.town_form(core) or core
        if not query or not self.towns or n <= 0:
            return []
        best: dict[str, float] = {}
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)
        for key, town in self._town_keys.items():
            matcher.set_seq1(key)
            score = matcher.ratio()
            if score >= max(cutoff, best.get(town, 0.0)):
                best[town] = score
        order = {t.name: i for i, t in enumerate(self.towns)}
        return sorted(best, key=lambda t: (-best[t], order[t]))[:n]

    def is_town(self, name: str) -> bool:
        """Whether ``name`` is a town (…镇) or sub-district (…街道) rather than a department."""
        return self.town(name) is not None

    def town_name(self, name: str) -> str:
        """The counted form of a town name (see :meth:`town`); ValueError if not a town."""
        found = self.town(name)
        if found is None:
            raise ValueError(f"{name!r} is not a town or sub-district name")
        return found
