"""Where a policy is from: the place named by its issuer (or title), the level of government
that issues it (省, 市, 区, 县), and the prefix of the local standards that are home (DB50 for a
Chongqing district, DB43 for Hunan, DB4301 for Changsha's own).

The level is read from the issuer's name, the smallest unit it names: ``湖南省人民政府办公厅`` is a
province, ``长沙市人民政府`` a city, ``重庆市江津区人民政府`` a district, ``某某县人民政府办公室`` a
county. The province comes from a place the title or issuer names (a province, a Chongqing
district, a city whose code is known); failing that, from a province the text names elsewhere,
which is a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..standard_number_data import CITIES
from ..standard_number_data import PROVINCES as PROVINCE_NAMES
from ..vocabulary import Level

#: Province (or municipality) name -> its two-digit local-standard code.
PROVINCES = {name: code for code, name in PROVINCE_NAMES.items()}
_CITY_CODES = {name: code for code, name in CITIES.items()}
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
# Chongqing's districts and counties: a district named without its city is still DB50.
CHONGQING = ("万州", "涪陵", "渝中", "大渡口", "江北", "沙坪坝", "九龙坡", "南岸", "北碚", "綦江",
             "大足", "渝北", "巴南", "黔江", "长寿", "江津", "合川", "永川", "南川", "璧山", "铜梁",
             "潼南", "荣昌", "开州", "梁平", "武隆", "城口", "丰都", "垫江", "忠县", "云阳", "奉节",
             "巫山", "巫溪", "石柱", "秀山", "酉阳", "彭水", "两江新区")

_CJK = "\u4e00-\u9fff"
# The organ after the place in an issuer's name: 人民政府办公厅, 市场监督管理局, 委员会, …
_ORGAN = re.compile(r"(?:人民政府(?:办公厅|办公室)?|政府(?:办公厅|办公室)?|党委|委员会|办公厅|办公室|"
                    r"领导小组(?:办公室)?|(?<=[省市区县])委|[省市区县](?=委))$")
_UNIT_LEVEL: tuple[tuple[str, Level], ...] = (
    ("自治区", "province"), ("省", "province"), ("自治州", "city"), ("地区", "city"),
    ("盟", "city"), ("市", "city"), ("新区", "district"), ("区", "district"),
    ("自治县", "county"), ("县", "county"), ("旗", "county"))
_PROVINCE_WORD = re.compile(rf"({'|'.join(PROVINCES)})(?:省|市|自治区|维吾尔|壮族|回族)")
_CITY_WORD = re.compile(rf"({'|'.join(_CITY_CODES)})市")


@dataclass
class Place:
    name: Optional[str] = None  # the issuing unit's place as named: 重庆市江津区, 昆明市, 某某县
    unit: Optional[str] = None  # the unit itself: 江津区, 昆明市, 某某县
    level: Optional[Level] = None
    level_source: Optional[str] = None  # the line of the issuer (or title) the level is read from
    province: Optional[str] = None  # 重庆, 云南
    prefix: Optional[str] = None  # DB50, DB5301
    prefix_source: Optional[str] = None
    prefix_read: bool = True  # False: the province is a guess from a name elsewhere in the text


def _unit_of(name: str) -> Optional[tuple[str, str, Level]]:
    """(the place as named, its smallest unit, the level) of an issuer's or title's leading
    place: 重庆市江津区人民政府 → (重庆市江津区, 江津区, district)."""
    name = re.sub(r"^中共", "", name)
    m = re.match(rf"[{_CJK}]{{2,30}}?(?=关于|贯彻|推进|加快|实施|标准化|进一步|全面|深化|$)", name)
    head = m.group(0) if m else name
    while True:  # drop the organ words: 长沙市人民政府办公厅 → 长沙市
        stripped = _ORGAN.sub("", head)
        if stripped == head:
            break
        head = stripped
    units = list(re.finditer(rf"[{_CJK}]+?(?:自治区|自治州|自治县|新区|地区|省|市|区|县|盟|旗)", head))
    if not units or units[0].start() != 0:
        return None
    last = units[-1]
    place = head[:last.end()]
    unit = place[units[-2].end():] if len(units) > 1 else place
    for ending, level in _UNIT_LEVEL:
        if unit.endswith(ending):
            return place, unit, level
    return None  # pragma: no cover - every unit above ends in one of the endings


def locate(issuer: Optional[str], title: Optional[str], lines: list[str],
           sources: dict[str, str]) -> Place:
    """The place, level and local-standard prefix of a policy from its issuer and title, then
    from the ``lines`` of the text. ``sources`` gives the line each of issuer and title was read
    from, to cite."""
    out = Place()
    for value in (issuer, title):
        found = _unit_of(value) if value else None
        if found:
            out.name, out.unit, out.level = found
            out.level_source = sources.get(value, value) if value else None
            break
    named = [(v, sources.get(v, v)) for v in (title, issuer) if v]
    for value, source in named:
        province = _province_in(value)
        if province:
            out.province, out.prefix_source = province, source
            break
    if out.province is None:
        for line in lines:
            province = _province_in(line, chongqing=False)
            if province:
                out.province, out.prefix_source, out.prefix_read = province, line, False
                break
    if out.province is None:
        return out
    if out.province in MUNICIPALITIES and out.name and out.level in ("district", "county") \
            and not out.name.startswith(out.province):
        out.name = f"{out.province}市{out.name}"  # 江津区 is 重庆市江津区
    out.prefix = "DB" + PROVINCES[out.province]
    city = _CITY_WORD.search(out.name or "")
    if out.level == "city" and city and out.province not in MUNICIPALITIES:
        code = _CITY_CODES[city.group(1)]
        if code[:2] == PROVINCES[out.province]:
            out.prefix = "DB" + code  # the city's own local standards: DB4301 for 长沙
    return out


def _province_in(text: str, chongqing: bool = True) -> Optional[str]:
    """The province a text names: a province or municipality, a Chongqing district, or a city
    whose code is known (昆明市 → 云南)."""
    m = _PROVINCE_WORD.search(text)
    if m:
        return m.group(1)
    if chongqing:
        for name in CHONGQING:
            if re.search(rf"{name}(?:区|县|自治县)", text):
                return "重庆"
        city = _CITY_WORD.search(text)
        if city:
            return PROVINCE_NAMES[_CITY_CODES[city.group(1)][:2]]
    return None

