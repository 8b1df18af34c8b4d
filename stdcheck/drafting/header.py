"""The policy's header: title, issuer, document number, issue date, and the place it is for
(which decides the local-standard prefix, DB50 for a Chongqing district)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]([0-9]{4})[〕\]］)）]\s*([0-9]+)\s*号")
_TITLE_WORDS = re.compile(r"意见|方案|规划|纲要|办法|通知|计划|措施|决定|规定|细则|行动")
_ISSUER = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,30}(?:人民政府|人民政府办公室|人民政府办公厅|"
                     r"委员会|办公室|办公厅|领导小组|委|局)$")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_DATE_LINE = re.compile(r"^(?:(?:成文|发布|印发)日期\s*[:：]\s*)?"
                        r"([0-9]{4}|[〇○零一二三四五六七八九]{4})\s*[年\-/.]\s*"
                        r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[月\-/.]\s*"
                        r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日?$")

# Province (or municipality) names and their two-digit local-standard codes (DB50/T …).
PROVINCES = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21",
    "吉林": "22", "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34",
    "福建": "35", "江西": "36", "山东": "37", "河南": "41", "湖北": "42", "湖南": "43",
    "广东": "44", "广西": "45", "海南": "46", "重庆": "50", "四川": "51", "贵州": "52",
    "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62", "青海": "63", "宁夏": "64",
    "新疆": "65",
}
# Chongqing's districts and counties: a district named without its city is still DB50.
CHONGQING = ("万州", "涪陵", "渝中", "大渡口", "江北", "沙坪坝", "九龙坡", "南岸", "北碚", "綦江",
             "大足", "渝北", "巴南", "黔江", "长寿", "江津", "合川", "永川", "南川", "璧山", "铜梁",
             "潼南", "荣昌", "开州", "梁平", "武隆", "城口", "丰都", "垫江", "忠县", "云阳", "奉节",
             "巫山", "巫溪", "石柱", "秀山", "酉阳", "彭水", "两江新区")


@dataclass
class Header:
    title: Optional[str] = None
    title_source: Optional[str] = None
    issuer: Optional[str] = None
    issuer_source: Optional[str] = None
    number: Optional[str] = None
    number_source: Optional[str] = None
    issued: Optional[dt.date] = None
    issued_source: Optional[str] = None
    place: Optional[str] = None  # 重庆市江津区
    district: Optional[str] = None  # 江津区
    local_prefix: Optional[str] = None
    prefix_source: Optional[str] = None
    references: tuple[str, ...] = ()


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return int(_CN_DIGIT.get(tens, "1") if tens else 1) * 10 + (int(_CN_DIGIT[ones]) if ones else 0)
    return int(_CN_DIGIT.get(text, "0"))


def parse_date(line: str) -> Optional[dt.date]:
    m = _DATE_LINE.match(line.strip())
    if not m:
        return None
    year = m.group(1)
    if not year.isdigit():
        year = "".join(_CN_DIGIT.get(c, c) for c in year)
    try:
        return dt.date(int(year), _cn_int(m.group(2)), _cn_int(m.group(3)))
    except ValueError:
        return None


def read(lines: list[str], body_start: int) -> Header:
    """The header from the lines before the body (``body_start``) and the last lines."""
    h = Header()
    head = lines[:max(body_start, 1)]
    tail = lines[-6:]
    for line in head:
        title = _title(line)
        if title and h.title is None:
            h.title, h.title_source = title, line
    for line in head + tail:
        m = _DOC_NUMBER.search(line)
        # the opinion's own number stands on a line of its own (a cited one is inside a sentence)
        if m and h.number is None and len(line) - len(m.group(0)) <= 4:
            h.number, h.number_source = m.group(0), line
        day = parse_date(line)
        if day and h.issued is None:
            h.issued, h.issued_source = day, line
    for i, line in enumerate(tail):
        if _ISSUER.match(line) and i + 1 < len(tail) and parse_date(tail[i + 1]):
            h.issuer, h.issuer_source = line, line
    if h.issuer is None and h.title:
        m = re.match(r"^(.+?(?:人民政府办公室|人民政府办公厅|人民政府|委员会|办公室))关于", h.title)
        if m:
            h.issuer, h.issuer_source = m.group(1), h.title_source
    _place(h, lines[:body_start + 3])
    refs = re.findall(r"《[^》]{2,60}》(?:[(（][^()（）]*?〔[0-9]{4}〕[0-9]+号[)）])?",
                      "".join(lines[body_start:body_start + 2]))
    h.references = tuple(dict.fromkeys(refs))
    return h


def _title(line: str) -> Optional[str]:
    parts = [p.strip() for p in re.split(r"\s*[|｜_]\s*|\s+[-—]\s+", line) if p.strip()]
    chosen = [p for p in parts if _TITLE_WORDS.search(p) and not p.startswith("《")]
    if not chosen:
        return None
    title = max(chosen, key=len)
    return title if len(title) <= 80 and not title.endswith("。") else None


def _place(h: Header, lines: list[str]) -> None:
    text = "\n".join(x for x in (h.title, h.issuer, *lines) if x)
    m = re.search(r"(北京|天津|上海|重庆)市([\u4e00-\u9fff]{1,4}?(?:区|县))|"
                  r"([\u4e00-\u9fff]{2,3}?)省([\u4e00-\u9fff]{1,4}?市)?([\u4e00-\u9fff]{1,4}?(?:区|县|市))?",
                  h.title or "")
    source = h.title_source or ""
    province: Optional[str] = None
    if m and m.group(1):
        province = m.group(1)
        h.place, h.district = f"{m.group(1)}市{m.group(2)}", m.group(2)
    elif m and m.group(3) in PROVINCES:
        province = m.group(3)
        district = m.group(5) or m.group(4)
        if district:
            h.district = district
            h.place = f"{m.group(3)}省{m.group(4) or ''}{m.group(5) or ''}"
    if province is None:
        for name in CHONGQING:
            m2 = re.search(rf"{name}(?:区|县|自治县)?", text)
            if m2:
                province, h.district = "重庆", m2.group(0)
                h.place = "重庆市" + m2.group(0)
                source = next((x for x in (h.title_source, *lines) if x and name in x), "")
                break
    if province is None:
        for name in PROVINCES:
            if re.search(rf"{name}(?:省|市|自治区|维吾尔|壮族|回族)", text):
                province = name
                source = next((x for x in lines if name in x), "")
                break
    if province:
        h.local_prefix = "DB" + PROVINCES[province]
        h.prefix_source = source
