"""Counted targets and qualitative goals from the sentences of a goals section.

A sentence is anchored in time by ``到2025年`` / ``至2025年`` / ``2025年底前`` (the anchor holds
for the lines after it, as a ``——`` bullet list under ``到2025年，`` has it). A clause is split
where a quantity ends (number + unit, with ``以上`` / ``不少于``): each piece is one target, the
verb of the first piece shared by the pieces after it (``制定原创技术标准100项、国际标准50项``).
The kinds are read from the object's words; one quantity over several kinds is one target over
those kinds. Rates, shares, amounts without a number and counts of things no ledger kind covers
are kept as goals, with a note. Numbers that are no quantity — years, document numbers,
``第89次``, ``“1+4+N”`` — are never read as one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from ..vocabulary import EntryKind
from .structure import spans_outside_brackets

ANCHOR = re.compile(r"(?:到|至|截至)\s*([0-9]{4})\s*年(?:底|末)?(?:前)?[,，:：]?|"
                     r"([0-9]{4})\s*年(?:底|末)?前[,，:：]?")
# A number and its counting unit, with the words that make it a floor or a cap.
_QUANTITY = re.compile(
    r"(?P<pre>不少于|不低于|至少|超过|突破|达到|达)?\s*(?P<n>[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>项|个|件|部|家|条|批|次|名|人|所|座|%|％|‰|倍|亿元|万元|元|万人)"
    r"(?P<post>以上|及以上|左右|以内|以下)?")
_RATE = re.compile(r"率|比重|比例|占比|覆盖|每万人|人均|%|％|‰|倍|元")
_VAGUE = re.compile(r"一批|若干|一系列|争创|创建.*奖|奖")
_BULLET = re.compile(r"^\s*(?:——|—|－|-|•|·|●|○|■|□)+\s*")

# Kind words, most specific first.
_ENTERPRISE = re.compile(r"企业[(（]?产品和服务[)）]?标准|企业标准|自我声明公开")
_PILOT = re.compile(r"试点|示范")
_KIND_WORDS = (("国际", EntryKind.international), ("国家", EntryKind.national),
               ("行业", EntryKind.industry), ("地方", EntryKind.local),
               ("团体", EntryKind.group))
_KIND_WORD = {kind: word for word, kind in _KIND_WORDS} | {EntryKind.enterprise: "企业"}
_KIND_CHAIN = re.compile(r"((?:(?:国际|国家|行业|地方|团体)(?:标准)?[、和及与或,，]*)+)标准(?!化)")


def kinds_of(obj: str) -> list[EntryKind]:
    """The ledger kinds an object names: 国家和行业标准 → national, industry."""
    if _PILOT.search(obj):
        return [EntryKind.pilot]
    kinds: list[EntryKind] = []
    for chain in _KIND_CHAIN.finditer(obj):
        for word, kind in _KIND_WORDS:
            if word in chain.group(1) and kind not in kinds:
                kinds.append(kind)
    if _ENTERPRISE.search(obj) and EntryKind.enterprise not in kinds:
        kinds.append(EntryKind.enterprise)
    # keep the order the text names them in
    order = {k: obj.find(w) for w, k in _KIND_WORDS}
    order[EntryKind.enterprise] = m.start() if (m := _ENTERPRISE.search(obj)) else 99
    return sorted(kinds, key=lambda k: order.get(k, 99))


# 各 right before the number: the number is each kind's (国家、行业标准各1000项: 1000 of each).
_EACH = re.compile(r"各\s*$")


def _kinds_span(obj: str) -> Optional[tuple[int, int]]:
    """Where the kind words of ``obj`` start and end (国家、行业标准 in 制定国家、行业标准各)."""
    spans = [(m.start(), m.end()) for m in (*_KIND_CHAIN.finditer(obj), _ENTERPRISE.search(obj))
             if m]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


def each_kind(name: str, kinds: list[EntryKind]) -> list[tuple[str, list[EntryKind]]]:
    """A number distributed by 各 over the kinds before it: one (name, [kind]) per kind, the
    name written for that kind (主导制定国家、行业标准各 → 主导制定国家标准, 主导制定行业标准).
    Without 各, or with one kind, the name and kinds as they are."""
    span = _kinds_span(name)
    if not _EACH.search(name) or len(kinds) < 2 or span is None:
        return [(name, kinds)]
    before, after = name[:span[0]], _EACH.sub("", name[span[1]:])
    return [(f"{before}{_KIND_WORD[k]}标准{after}", [k]) for k in kinds]


# Words that narrow what a target counts in a way a ledger row cannot show: the row has a kind,
# not whether the department led, nor the level of a pilot, nor which place issued a local
# standard beyond the home prefix. (pattern, what it keeps in English, in Chinese)
_QUALIFIERS = (
    (re.compile(r"(?:主导|牵头)(?![^、，,；;]{0,2}参与)"), "led by the unit only", "仅计主导制定的"),
    (re.compile(r"(?:国家|省|市|区|县)级(?:以上)?"), "of that level only", "仅计该级别的"),
    (re.compile(r"[\u4e00-\u9fff]{1,8}?(?:省|市|自治区|区|县)(?=地方标准)"),
     "that place's own local standards only", "仅计该地的地方标准"),
    (re.compile(r"强制性"), "mandatory standards only", "仅计强制性标准"),
)


def qualifiers(name: str) -> list[tuple[str, str]]:
    """A review note for each qualifier in a target's name the ledger cannot count apart."""
    notes = []
    for pattern, what_en, what_zh in _QUALIFIERS:
        m = pattern.search(name)
        if m:
            word = m.group(0)
            verb = _VERBS.match(word)
            word = word[verb.end():] if verb and verb.end() < len(word) else word
            notes.append((f"`{word}` ({what_en}): a ledger row does not say this, so every "
                          "row of the target's kinds is counted; the name keeps the qualifier: "
                          "check the counted rows, or lower the bound to what the ledger counts",
                          f"`{word}`（{what_zh}）：台账条目不记载这一点，该类别的条目都会计入；"
                          "目标名称保留了这一限定：请核对计入的条目，或按台账能统计的口径调整目标值"))
    return notes


@dataclass
class CountedTarget:
    year: int
    name: str  # verb + object, as written
    kinds: list[EntryKind]
    value: int
    unit: str
    bound: str  # at_least / at_most
    source: str  # the sentence
    notes: list[tuple[str, str]] = field(default_factory=list)  # (en, zh)


@dataclass
class GoalText:
    year: int
    text: str
    source: str
    why: Optional[tuple[str, str]] = None  # a note when it looked like a target but is not


@dataclass
class Reading:
    targets: list[CountedTarget] = field(default_factory=list)
    goals: list[GoalText] = field(default_factory=list)
    unanchored: list[str] = field(default_factory=list)  # quantities without a year


def _mask(text: str) -> str:
    """Digits that are no quantity replaced by ``#`` (same length, so offsets hold): document
    numbers, years, ordinals (第89次), quoted formulas (“1+4+N”), dates."""
    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[0-9]", "#", m.group(0))

    for pattern in (r"[〔\[［(（][0-9]{4}[〕\]］)）][0-9]+号", r"[0-9]{4}\s*年(?:[0-9]{1,2}月)?",
                    r"第[0-9]+", r"[“\"][^”\"]{0,20}[”\"]", r"[0-9]+\s*[+＋][0-9A-Za-z+＋]*",
                    r"[0-9]+月[0-9]+日", r"《[^》]*》"):
        text = re.sub(pattern, blank, text)
    return text


def _strip_bullet(line: str) -> str:
    return _BULLET.sub("", line)


def read(lines: list[str]) -> Reading:
    """Targets and goals in the lines of a goals section (or of anchored sentences)."""
    out = Reading()
    year: Optional[int] = None
    for raw in lines:
        line = _strip_bullet(raw)
        bullet = line != raw
        for sentence in _split_sentences(line):
            # a new anchor inside a sentence (到2023年…；到2025年…) starts a new milestone
            for part in _milestones(sentence):
                m = ANCHOR.match(part)
                if m:
                    year = int(m.group(1) or m.group(2))
                    body = part[m.end():].strip()
                elif (m2 := ANCHOR.search(part)) and m2.start() < 12:
                    year = int(m2.group(1) or m2.group(2))
                    body = part[:m2.start()] + part[m2.end():]
                else:
                    body = part
                if not body.strip("，,;；:：。 "):
                    continue
                _read_body(out, body.strip("，,;；:：。 "), sentence, year, bullet or raw != line)
    return out


def _split_sentences(line: str) -> list[str]:
    return [s.strip() for s in re.split(r"。", line) if s.strip()]


def _milestones(sentence: str) -> list[str]:
    """A sentence cut before every time anchor after its start."""
    cuts = [m.start() for m in ANCHOR.finditer(sentence) if m.start() > 0
            and sentence[m.start() - 1] in ",，;；"]
    parts, start = [], 0
    for c in cuts:
        parts.append(sentence[start:c])
        start = c
    parts.append(sentence[start:])
    return [p.strip("，,;；") for p in parts if p.strip("，,;；")]


def _read_body(out: Reading, body: str, sentence: str, year: Optional[int],
               bullet: bool) -> None:
    masked = _mask(body)
    quantities = list(_QUANTITY.finditer(masked))
    if year is None:
        if quantities:
            out.unanchored.append(sentence)
        return
    if not quantities:
        out.goals.append(GoalText(year, body, sentence, None if not _VAGUE.search(body) else (
            "an amount without a number (一批, 争创…): kept as a goal, not counted",
            "没有具体数量（一批、争创…）：作为定性目标保留，不计数")))
        return
    # clauses: split on commas / semicolons outside brackets, then pieces ending at a quantity
    rest_goal: list[str] = []
    for clause, cmasked in _clauses(body, masked):
        qs = list(_QUANTITY.finditer(cmasked))
        if not qs:
            rest_goal.append(clause)
            continue
        verb: Optional[str] = None
        start = 0
        for q in qs:
            piece = clause[start:q.end()]
            obj_text = clause[start:q.start()]
            start = q.end()
            lead = re.match(r"^[、,，和及与]+", obj_text)
            if lead:
                obj_text = obj_text[lead.end():]
                piece = piece[lead.end():]
            obj_text = re.sub(r"(?:不少于|不低于|至少|超过|突破|达到|达)\s*$", "", obj_text)
            unit, pre, post = q.group("unit"), q.group("pre") or "", q.group("post") or ""
            kinds = kinds_of(obj_text)
            if verb is None:
                verb = _verb(obj_text)
                name = obj_text
            else:
                name = obj_text if obj_text.startswith(verb) or _starts_with_verb(obj_text) \
                    else verb + obj_text
            if _RATE.search(unit) or _RATE.search(obj_text[-8:] + pre):
                out.goals.append(GoalText(year, piece.strip(), sentence, (
                    "a rate or share, not a count of ledger entries: kept as a goal",
                    "比率或比重，不是台账条目的计数：作为定性目标保留")))
                continue
            if not kinds or unit not in ("项", "个", "件", "部"):
                out.goals.append(GoalText(year, piece.strip(), sentence, (
                    "a count of something no ledger kind covers: kept as a goal, not counted",
                    "所计数的事物不属于台账的任何类别：作为定性目标保留，不计数")))
                continue
            notes: list[tuple[str, str]] = []
            bound = "at_least"
            if post in ("以内", "以下"):
                bound = "at_most"
            elif post == "左右":
                notes.append(("“左右” (about) read as at least", "“左右”按“不少于”处理"))
            elif not post and not pre:
                notes.append(("no 以上/不少于: read as at least",
                              "未写“以上/不少于”：按“不少于”处理"))
            number = float(q.group("n"))
            if number != int(number):
                notes.append(("a fraction of a count, rounded up", "计数带小数，已向上取整"))
            for one_name, one_kinds in each_kind(name.strip(), kinds):
                out.targets.append(CountedTarget(
                    year=year, name=one_name, kinds=one_kinds, value=int(-(-number // 1)),
                    unit=unit, bound=bound, source=_source(sentence, clause, piece),
                    notes=notes + qualifiers(one_name)))
        tail = clause[start:].strip("、,，;；。 ")
        if tail and len(tail) > 4:
            rest_goal.append(tail)
    if rest_goal:
        text = "，".join(rest_goal) if "," not in body else ",".join(rest_goal)
        out.goals.append(GoalText(year, text, sentence))


def _source(sentence: str, clause: str, piece: str) -> str:
    return sentence


def _first_kind_at(obj: str) -> Optional[int]:
    found = [m.start() for m in (_KIND_CHAIN.search(obj), _ENTERPRISE.search(obj),
                                 re.search(r"(?:标准化)?(?:试点|示范)", obj)) if m]
    if not found:
        return None
    at = min(found)
    # 新自我声明公开企业…: 自我声明公开 is part of the verb when an enterprise word follows
    m = re.search(r"企业", obj)
    if obj[at:].startswith("自我声明公开") and m:
        return at
    # 标准化试点示范 starts with its 标准化
    return at


_VERBS = re.compile(r"(?:新增|新建|新|制定|修订|制修订|培育|发展|建设|创建|主导|参与|累计|完成|推动|"
                    r"打造|研制|发布|实施)+")


def _starts_with_verb(obj: str) -> bool:
    return bool(_VERBS.match(obj))


def _verb(obj: str) -> str:
    """The words before the first kind word (新增参与制定(修订)), or the leading verbs."""
    at = _first_kind_at(obj)
    if at is not None:
        return obj[:at]
    m = _VERBS.match(obj)
    return m.group(0) if m else ""


def _clauses(body: str, masked: str) -> list[tuple[str, str]]:
    # a dash pair (——) ends a clause as a comma does: 取得明显成效——新增地方标准10项
    separated = body.replace("——", "，，")  # same length: the offsets hold for body and masked
    out = [(body[a:b].strip("—").strip(), masked[a:b].strip("—").strip())
           for a, b in spans_outside_brackets(separated, ",，;；")]
    return [(c, m) for c, m in out if c]


def deadline(year: int) -> dt.date:
    return dt.date(year, 12, 31)
