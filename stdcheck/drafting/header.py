"""The policy's header: title, issuer, document number (文号) and issue date.

They are read by their form wherever they stand in the lines before the first heading and in
the signature at the end: a notice (关于印发《…》的通知) before the plan it issues, its number on a
line of its own or at either end of the title line, the addressees, the 印发 sentence, the
issuer with the date under it, the plan's own title; a portal's labelled lines (``名  称 :…
文  号 :…``) are split at their labels first. A value that does not look like what it claims —
an issuer holding a 文号 or 《, a title holding a label — is set aside, not shown as read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

_CJK = "\u4e00-\u9fff"
_NUMBER_CORE = re.compile(r"[〔\[［(（]([0-9]{4})[〕\]］)）]\s*([0-9]+)\s*号")
_TITLE_WORDS = re.compile(r"意见|方案|规划|纲要|办法|通知|计划|措施|决定|规定|细则|行动")
_ISSUER = re.compile(rf"国务院(?:办公厅)?|(?:中共)?[{_CJK}]{{2,30}}(?:人民政府|人民政府办公室|"
                     r"人民政府办公厅|委员会|办公室|办公厅|领导小组|委|局)")
# A notice that issues (or forwards) another document: the policy is that document.
_ISSUES = re.compile(r"关于(?:印发|转发)[《〈]?(.+?)[》〉]?的(?:通知|函)$")
_TITLE_ISSUER = re.compile(r"^(.+?(?:人民政府办公室|人民政府办公厅|人民政府|委员会|办公室|办公厅)|"
                           r"国务院)关于")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_DATE = re.compile(r"([0-9]{4}|[〇○零一二三四五六七八九]{4})\s*[年\-/.]\s*"
                   r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[月\-/.]\s*"
                   r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日?")
_DATE_LINE = re.compile(rf"^(?:(?:成文|发布|印发)日期\s*[:：]\s*)?[(（]?{_DATE.pattern}[)）]?(?:印发)?$")

# The labels of a government portal's information table, spaced as portals space them.
_PORTAL_WORDS = ("索引号", "信息分类", "名称", "标题", "文号", "发文字号", "发布机构", "发文机关",
                 "发文单位", "成文日期", "发文日期", "印发日期", "发布日期", "生成日期", "公开日期",
                 "发布时间", "内容分类", "主题分类", "体裁分类", "组配分类", "有效性", "效力状态",
                 "公开方式", "公开范围", "关键词", "主题词", "统一编号", "实施日期", "废止日期", "来源")
_PORTAL = re.compile("(" + "|".join(r"\s*".join(w) for w in
                                    sorted(_PORTAL_WORDS, key=len, reverse=True)) + r")\s*[:：]")
# Any short label with a colon: what no title holds.
_ANY_LABEL = re.compile(rf"(?:^|\s)[{_CJK}](?:\s*[{_CJK}]){{1,5}}\s*[:：]")
_ISSUED_LABELS = ("成文日期", "发文日期", "印发日期")
_PUBLISHED_LABELS = ("发布日期", "发布时间", "生成日期", "公开日期")


@dataclass
class Value:
    """A header value and the line it came from; ``read`` is False for a guess, and ``why``
    (en, zh) says what it was guessed from."""

    text: str
    source: str
    read: bool = True
    why: Optional[tuple[str, str]] = None


@dataclass
class Header:
    title: Optional[Value] = None
    issuer: Optional[Value] = None
    number: Optional[Value] = None
    issued: Optional[Value] = None
    issued_date: Optional[dt.date] = None
    references: tuple[str, ...] = ()
    # values found in a field's place that do not look like that field: (field, value, line)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    lines: set[str] = field(default_factory=set)  # the lines the header was read from


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return int(_CN_DIGIT.get(tens, "1") if tens else 1) * 10 + (int(_CN_DIGIT[ones]) if ones else 0)
    return int(_CN_DIGIT.get(text, "0"))


def parse_date(line: str) -> Optional[dt.date]:
    """The date of a line that is only a date (2023年1月19日, （2022年9月30日）, 2016-07-18,
    二〇二四年三月一日, 成文日期：…)."""
    m = _DATE_LINE.match(line.strip())
    return _date(m) if m else None


def _date(m: re.Match[str]) -> Optional[dt.date]:
    year = m.group(1)
    if not year.isdigit():
        year = "".join(_CN_DIGIT.get(c, c) for c in year)
    try:
        return dt.date(int(year), _cn_int(m.group(2)), _cn_int(m.group(3)))
    except ValueError:
        return None


def portal_fields(line: str) -> dict[str, str]:
    """The label → value pairs of a portal's labelled line (``名  称 :… 文  号 :…``); empty
    when the line does not start with a label."""
    found = list(_PORTAL.finditer(line))
    if not found or line[:found[0].start()].strip():
        return {}
    out: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        out.setdefault(re.sub(r"\s", "", m.group(1)), line[m.end():end].strip())
    return out


def number_in(line: str) -> Optional[tuple[str, str]]:
    """The document's own number in a header line and the line without it: on a line of its
    own or at either end of a title line; never one cited in brackets or inside a sentence."""
    if re.search(r"[。；;]\s*$", line):
        return None
    for m in _NUMBER_CORE.finditer(line):
        run = re.search(rf"[{_CJK}]{{1,12}}$", line[max(0, m.start() - 12):m.start()])
        if run is None:
            continue
        prefix = run.group(0)
        # a title merged with the number (…的实施意见赣府厅发〔2022〕20号): the title ends at its word
        words = list(_TITLE_WORDS.finditer(prefix))
        if words and words[-1].end() < len(prefix):
            prefix = prefix[words[-1].end():]
        prefix = prefix[-10:]
        start = m.start() - len(prefix)
        before, after = line[:start].strip(), line[m.end():].strip()
        cited = before.rstrip("(（").endswith("》")  # 《…》（某府〔2021〕3号）: another document's
        if cited or (before and after and len(before) + len(after) > 4):
            continue
        return prefix + line[m.start():m.end()].replace(" ", ""), (before + " " + after).strip()
    return None


def _unwrapped(text: str) -> str:
    text = text.strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        return text[1:-1].strip()
    return text


def title_in(line: str) -> Optional[str]:
    """The title a header line holds, if it is one (the number and any site name around it
    dropped); None for a sentence, an addressee line, or a line without a title word."""
    if re.search(r"[。；;:：，,]\s*$", line):
        return None
    found = number_in(line)
    rest = found[1] if found else line
    parts = [_unwrapped(p) for p in re.split(r"\s*[|｜_]\s*|\s+[-—]\s+", rest) if p.strip()]
    chosen = [p for p in parts if _TITLE_WORDS.search(p) and not p.startswith("《")]
    if not chosen:
        return None
    title = max(chosen, key=len)
    return title if len(title) <= 80 and not title.endswith("。") else None


def looks_like_title(text: str) -> bool:
    return not _ANY_LABEL.search(text) and not _PORTAL.search(text) \
        and not _NUMBER_CORE.search(text) and len(text) <= 80


def looks_like_issuer(text: str) -> bool:
    return bool(_ISSUER.fullmatch(text)) and "关于" not in text


def read(region: list[str], tail: list[str]) -> Header:
    """The header from the lines before the first heading (``region``) and the signature
    lines at the end (``tail``)."""
    h = Header()
    lines = region + tail
    fields = {i: portal_fields(line) for i, line in enumerate(lines)}
    _title(h, lines, fields)
    _number(h, lines, fields)
    _issuer_and_date(h, lines, fields)
    own = h.title.text if h.title else ""
    sentences = [line for line in region if line.endswith("。")][:2]
    refs = re.findall(r"《[^》]{2,60}》(?:[(（][^()（）]*?〔[0-9]{4}〕[0-9]+号[)）])?", "".join(sentences))
    h.references = tuple(r for r in dict.fromkeys(refs) if r.strip("《》") != own)
    h.lines = {v.source for v in (h.title, h.issuer, h.number, h.issued) if v}
    return h


def _title(h: Header, lines: list[str], fields: dict[int, dict[str, str]]) -> None:
    candidates: list[tuple[str, str]] = []  # (title, line)
    for i, line in enumerate(lines):
        labelled = fields[i]
        if labelled:
            value = labelled.get("标题") or labelled.get("名称")
            title = title_in(value) if value else None
        else:
            title = title_in(line)
        if title is None:
            continue
        if looks_like_title(title):
            candidates.append((title, line))
        else:
            h.rejected.append(("title", title, line))
    if not candidates:
        return
    title, line = candidates[0]
    issued = _ISSUES.search(title)
    if issued:  # the notice's attachment is the policy: its own title line if the text has one
        inner = _unwrapped(issued.group(1))
        own = next((src for t, src in candidates[1:] if t == inner), line)
        h.title = Value(inner, own)
    else:
        h.title = Value(title, line)
    notice = _TITLE_ISSUER.match(title)
    if notice:
        h.issuer = _checked(h, "issuer", notice.group(1), line)


def _checked(h: Header, name: str, value: str, line: str) -> Optional[Value]:
    if looks_like_issuer(value):
        return Value(value, line)
    h.rejected.append((name, value, line))
    return None


def _number(h: Header, lines: list[str], fields: dict[int, dict[str, str]]) -> None:
    for i, line in enumerate(lines):
        if fields[i]:  # a portal's line: its 文号 label, never a number in another label
            value = fields[i].get("文号") or fields[i].get("发文字号")
            found = number_in(value) if value else None
        else:
            found = number_in(line)
        if found:
            h.number = Value(found[0], line)
            return


def _signature(lines: list[str]) -> Optional[tuple[Value, Value, dt.date]]:
    """The issuer and the date under it (or after it on one line), wherever they stand."""
    for i, line in enumerate(lines):
        parts = line.rsplit(None, 1)
        day = parse_date(parts[1]) if len(parts) == 2 else None
        if day and looks_like_issuer(parts[0]):  # 某某县人民政府办公室 2024年3月1日
            return Value(parts[0], line), Value(parts[1], line), day
        day = parse_date(lines[i + 1]) if i + 1 < len(lines) else None
        if day and looks_like_issuer(line):
            return Value(line, line), Value(lines[i + 1], lines[i + 1]), day
    return None


def _issuer_and_date(h: Header, lines: list[str], fields: dict[int, dict[str, str]]) -> None:
    """The signature first; then a portal's labels; then a date, an issuer standing alone;
    last, a portal's publication date as a guess."""
    signature = _signature(lines)
    if signature:
        h.issuer, h.issued, h.issued_date = signature
        return
    for i, line in enumerate(lines):
        labelled = fields[i]
        organ = labelled.get("发布机构") or labelled.get("发文机关") or labelled.get("发文单位")
        if organ and h.issuer is None:
            h.issuer = _checked(h, "issuer", organ, line)
        for label in _ISSUED_LABELS:
            day = parse_date(labelled.get(label, ""))
            if day and h.issued is None:
                h.issued, h.issued_date = Value(labelled[label], line), day
    if h.issued is None:
        day, line = next(((d, x) for x in lines if (d := parse_date(x)) and not portal_fields(x)),
                         (None, ""))
        if day:
            h.issued, h.issued_date = Value(line, line), day
    if h.issuer is None:
        alone = next((line for line in lines if looks_like_issuer(line)), None)
        if alone:
            h.issuer = Value(alone, alone)
    if h.issued is None:
        _published(h, lines, fields)


def _published(h: Header, lines: list[str], fields: dict[int, dict[str, str]]) -> None:
    for i, line in enumerate(lines):
        for label in _PUBLISHED_LABELS:
            day = parse_date(fields[i].get(label, ""))
            if day:
                h.issued, h.issued_date = Value(fields[i][label], line, read=False, why=(
                    f"the page's {label} (publication date), not the issue date",
                    f"网页的{label}（发布日期），不是成文日期")), day
                return


# The lines that close a document: the issuer and date of the signature, 此件公开发布, 抄送,
# the printing line.
_CLOSING = re.compile(r"[(（]此件[^)）]*[)）]|抄送[:：].*|.*[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日印发")


def signature_start(lines: list[str]) -> int:
    """Where the closing lines (signature, date, 抄送) at the end of the text start."""
    i = len(lines)
    while i > 0:
        line = lines[i - 1]
        parts = line.rsplit(None, 1)
        if looks_like_issuer(line) or parse_date(line) or _CLOSING.fullmatch(line) or (
                len(parts) == 2 and looks_like_issuer(parts[0]) and parse_date(parts[1])):
            i -= 1
        else:
            break
    return i
