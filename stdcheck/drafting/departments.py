"""The departments of a task, from the bracket that ends it, and the registry of every unit
named.

``（区科技局、区经济信息委等按职责分工负责）``, ``(责任单位：区农业农村委牵头，区商务委配合)``,
``〔市场监管总局（国家标准委）牵头，国家发展改革委按职责分工负责〕``: the bracket is split on
``、`` ``，`` ``,`` ``；`` outside inner brackets; a role word after a name (牵头, 配合,
按职责分工负责, 负责, 落实) applies to it and to the names before it since the last role; a
trailing 等 makes the list open. ``以下均需…负责，不再列出`` adds that unit to this and every later
task. ``区政府各部门`` (``市直各部门``, ``省政府各部门``) is every department; ``各镇街落实``,
``各乡镇人民政府``, ``各街道办事处``, ``各区县人民政府`` are the units below the issuer (towns,
counties), who implement. A label names the role of the names after it (``牵头单位：…；配合单位：…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..result import Role
from .structure import spans_outside_brackets

_OPEN = "(（〔【["
_CLOSE = ")）〕】]"
_LABEL = re.compile(r"^\s*(?:主要)?(?P<word>责任|牵头|负责|实施|参与|配合|协办|主办)?(?:单位|部门)"
                    r"\s*[:：]\s*")
_LABEL_ROLES: dict[str, Role] = {"牵头": "lead", "主办": "lead", "配合": "support",
                                 "协办": "support", "参与": "support"}
_CARRY = re.compile(r"以下均(?:需|由)?(?P<who>.+?)(?:负责|落实)+(?:落实)?[,，]?\s*不再(?:一一)?列出")
_ROLE = re.compile(r"(?P<open>等)?(?:(?:有关|相关|等)(?:部门|单位))?"
                   r"(?P<role>按职责分工负责|按职责负责|按职能分工负责|分工负责|负责落实|牵头负责|"
                   r"共同负责|牵头|配合|参与|负责|落实|实施)$")
# The units below the issuer, as a whole: 各镇街, 各乡镇人民政府, 各街道办事处 (a district's or
# county's towns), 各区县人民政府, 各县（市、区）人民政府 (a city's), 各设区市人民政府 (a province's).
_TOWNS = re.compile(r"各(?:设区市|[乡镇街道区县市州旗]|[(（][^()（）]*[)）]|、)+"
                    r"(?:人民政府|政府|街道办事处|办事处|管委会)?")
_TOWN_WORD = re.compile(r"(?:乡镇|街镇|街道|乡|镇|区|县|市)(?:人民政府|政府|办事处)?")
_ALL = re.compile(r"^(?:[省市区县](?:人民)?政府|[省市区县][级直])?各(?:有关|相关)?(?:部门|单位)$")
_UNIT_END = re.compile(r"(?:局|委|办|室|厅|部|院|会|中心|政府|公司|所|站|队|处|馆|团|联|社|行|署|"
                       r"标准委|总局|集团|委员会|办公室|管委会|园区|支队|大队|分局|法院|检察院)$")
_ROLES: dict[str, Role] = {"牵头": "lead", "牵头负责": "lead", "配合": "support", "参与": "support",
                           "落实": "implement", "实施": "implement"}


def last_bracket(text: str) -> Optional[tuple[str, int]]:
    """The content of the bracket that ends ``text`` (a final 。 allowed) and where it starts."""
    end = len(text.rstrip().rstrip("。.;；").rstrip())
    if end == 0 or text[end - 1] not in _CLOSE:
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                return text[i + 1:end - 1], i
    return None


def looks_like_departments(content: str) -> bool:
    return bool(_LABEL.match(content) or _CARRY.search(content) or _TOWNS.match(content)
                or re.search(r"(?:局|委|办|部|部门|政府|中心|单位)(?:等)?(?:[、，,；;]|"
                             r"(?:按职责分工)?负责|牵头|配合|落实|$)", content))


def split_names(content: str) -> list[str]:
    """Split on 、，,；; outside inner brackets."""
    parts = (content[a:b].strip()
             for a, b in spans_outside_brackets(content, "、，,；;。", _OPEN, _CLOSE))
    return [p for p in parts if p]


@dataclass
class Named:
    written: str
    name: str
    role: Optional[Role] = None


@dataclass
class Bracket:
    names: list[Named] = field(default_factory=list)
    open: bool = False
    all_departments: bool = False
    towns_implement: bool = False
    carried: Optional[str] = None  # a unit this clause carries to every later task
    unclear: list[str] = field(default_factory=list)  # parts that do not look like a unit


def parse(content: str) -> Bracket:
    out = Bracket()
    content = content.strip()
    m = _CARRY.search(content)
    if m:
        out.carried = clean_name(_LABEL.sub("", m.group("who")))
        content = content[:m.start()] + content[m.end():]
    pending: list[Named] = []
    labelled: Optional[Role] = None  # the role a label gives (牵头单位：…) to the names after it
    previous_towns = False  # 各街道、镇: the 镇 after the towns' 各 is theirs too
    for part in split_names(content):
        label = _LABEL.match(part)
        if label:
            labelled = _LABEL_ROLES.get(label.group("word") or "")
            part = part[label.end():]
        role: Optional[Role] = None
        r = _ROLE.search(part)
        if r and r.start() > 0:
            role = _ROLES.get(r.group("role"), "responsible")
            if "等" in r.group(0):
                out.open = True
            part = part[:r.start()]
        elif r:  # a bare role word: applies to what comes before
            part = ""
            role = _ROLES.get(r.group("role"), "responsible")
        part = part.strip()
        if part.endswith("等"):
            out.open = True
            part = part[:-1]
        if part.endswith(("有关部门", "相关部门", "等部门", "等单位")) and len(part) > 4 \
                and not _ALL.match(part):  # 区科技局等有关部门 → 区科技局; 各有关部门 stays
            part = re.sub(r"(?:等)?(?:有关|相关)?(?:部门|单位)$", "", part)
        towns = _TOWNS.fullmatch(part) or (previous_towns and _TOWN_WORD.fullmatch(part))
        previous_towns = bool(towns)
        if towns:
            out.towns_implement = True
        elif part and _ALL.match(part):
            if re.search(r"有关|相关", part):
                out.open = True
                out.unclear.append(part)
            else:
                out.all_departments = True
        elif part:
            name = clean_name(part)
            pending.append(Named(part, name, labelled))
            if not _UNIT_END.search(name):
                out.unclear.append(part)
        if role is not None:
            for n in pending:
                n.role = role
            out.names += pending
            pending = []
    out.names += pending
    return out


def clean_name(name: str) -> str:
    """A name without spaces (国家 卫生健康委 → 国家卫生健康委); inner brackets kept."""
    return "".join(name.split())


# --- the registry --------------------------------------------------------------------------


def core(name: str, prefixes: list[str]) -> str:
    for p in sorted(prefixes, key=len, reverse=True):
        if name.startswith(p) and len(name) > len(p) + 1:
            return name[len(p):]
    return name


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_unit(a: str, b: str, prefixes: list[str]) -> bool:
    """Two spellings that look like one unit: the same once place prefixes are dropped, or one
    an abbreviation of the other (区经信委 / 区经济信息委: same first and last character, every
    character of the shorter in the longer, in order)."""
    ca, cb = core(a, prefixes), core(b, prefixes)
    if ca == cb:
        return True
    short, long = sorted((ca, cb), key=len)
    return (len(short) >= 3 and len(long) > len(short) and short[0] == long[0]
            and short[-1] == long[-1] and _subsequence(short, long)
            and not long.endswith(short) and _UNIT_END.search(short) is not None)
