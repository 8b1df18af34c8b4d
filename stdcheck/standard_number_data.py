"""The tables behind :mod:`stdcheck.standard_numbers`: prefix families, codes and places.

Plain data, kept apart from the grammar so that a new industry code, city or engineering
series is a one-line change here and never a new regular expression. The lists follow
``shared/reference/standard-numbers.md`` and public compilations; they are data to keep up to
date, not law.
"""

from __future__ import annotations

__all__ = [
    "CHANGE_ZH", "CITIES", "ENGINEERING_SERIES", "INDUSTRY_CODES", "INTERNATIONAL_BODIES",
    "KIND_EXAMPLE", "LETTER_SERIALS", "LOCAL_FAMILIES", "NATIONAL_CODES", "OLD_CODES",
    "OLD_GROUP_CODES", "PIVOT", "PROVINCES", "SUFFIX_ZH", "YEARS",
]

#: Two-letter industry codes (76, from public compilations; TJ is obsolete and left out) and
#: the construction codes seen in practice. DB is also the earthquake industry's code
#: (``DB/T 17-2018``), which is why local numbers are told apart by the digits after DB.
INDUSTRY_CODES: frozenset[str] = frozenset(["AQ", "BB", "CB", "CH", "CJ", "CY", "DA", "DB", "DL", "DY", "DZ", "EJ", "FZ", "GA", "GC", "GF", "GH", "GM", "GY", "HB", "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JR", "JS", "JT", "JY", "KA", "LB", "LD", "LS", "LY", "MH", "MR", "MT", "MZ", "NB", "NY", "QB", "QC", "QJ", "QX", "RB", "RF", "SB", "SC", "SF", "SH", "SJ", "SL", "SN", "SW", "SY", "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "WW", "XB", "XF", "YB", "YC", "YD", "YJ", "YS", "YY", "YZ", "ZY", "JGJ", "CJJ", "JTG", "TSG"])

#: Superseded ministry codes still cited in ledgers: SD (water and power), JTJ (transport,
#: replaced by JTG). They read as industry standards.
OLD_CODES: frozenset[str] = frozenset({"SD", "JTJ"})

#: Association codes from before group standards took the ``T/`` prefix, still cited:
#: ``CECS 21:2000`` (China Association for Engineering Construction Standardization, now
#: ``T/CECS``). They read as group standards; their year may follow a colon.
OLD_GROUP_CODES: frozenset[str] = frozenset({"CECS"})

#: Codes whose serial may begin with letters: ``JTG D60-2015``, ``JTG E20``.
LETTER_SERIALS: frozenset[str] = frozenset({"JTG", "JTJ"})

#: National prefixes and the modifiers each takes: GB/T, GB/Z; GBZ (occupational health),
#: GBZ/T; GBJ (old construction numbers).
NATIONAL_CODES: dict[str, frozenset[str]] = {
    "GB": frozenset({"T", "Z"}), "GBZ": frozenset({"T"}), "GBJ": frozenset({"T"}),
}

#: The bodies an international number starts with; ``ISO/IEC``, ``ISO/TS`` and ``ITU-T`` are
#: read from these and what follows.
INTERNATIONAL_BODIES: frozenset[str] = frozenset({"ISO", "IEC", "ITU", "CISPR"})

#: Local-standard families: letters after DB -> what they hold. All are ``local``.
LOCAL_FAMILIES: dict[str, str] = {
    "DB": "local standard",
    "DBJ": "local engineering-construction standard",
    "DBS": "local food-safety standard",
    "DGJ": "Shanghai engineering-construction standard (DGJ08-…)",
}

#: Engineering series numbered by an old series code instead of the province code, with dashes
#: between series, serial and year: ``DB/T29-176-2016``, ``DB29-140-2011`` (Tianjin),
#: ``DBJ/T 15-98-2019``, ``DBJ 15-31-2016`` (Guangdong), ``DBJ/T13-…`` (Fujian),
#: ``DGJ08-9-2003`` (Shanghai).
#: Family -> series code -> province code. DBJ with a province code and dashes
#: (``DBJ50-052-2020``, Chongqing) is read the same way without being listed.
ENGINEERING_SERIES: dict[str, dict[str, str]] = {
    "DB": {"29": "12"}, "DBJ": {"15": "44", "13": "35"}, "DGJ": {"08": "31"},
}

#: Province-level division codes, the two digits after DB in a local standard number.
PROVINCES: dict[str, str] = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁",
    "22": "吉林", "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽",
    "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏",
    "65": "新疆",
}

#: City-level division codes (GB/T 2260) for the four digits after DB: the cities whose local
#: standards show up most. A four-digit code not listed still reads as its province's.
CITIES: dict[str, str] = {
    "1301": "石家庄", "1302": "唐山", "1303": "秦皇岛", "1304": "邯郸", "1305": "邢台",
    "1306": "保定", "1307": "张家口", "1308": "承德", "1309": "沧州", "1310": "廊坊",
    "1311": "衡水", "1401": "太原", "1501": "呼和浩特", "2101": "沈阳", "2102": "大连",
    "2201": "长春", "2301": "哈尔滨", "3201": "南京", "3202": "无锡", "3203": "徐州",
    "3204": "常州", "3205": "苏州", "3206": "南通", "3207": "连云港", "3208": "淮安",
    "3209": "盐城", "3210": "扬州", "3211": "镇江", "3212": "泰州", "3213": "宿迁",
    "3301": "杭州", "3302": "宁波", "3303": "温州", "3304": "嘉兴", "3305": "湖州",
    "3306": "绍兴", "3307": "金华", "3308": "衢州", "3309": "舟山", "3310": "台州",
    "3311": "丽水", "3401": "合肥", "3501": "福州", "3502": "厦门", "3601": "南昌",
    "3701": "济南", "3702": "青岛", "3703": "淄博", "3704": "枣庄", "3705": "东营",
    "3706": "烟台", "3707": "潍坊", "3708": "济宁", "3709": "泰安", "3710": "威海",
    "3711": "日照", "4101": "郑州", "4201": "武汉", "4301": "长沙", "4401": "广州",
    "4402": "韶关", "4403": "深圳", "4404": "珠海", "4405": "汕头", "4406": "佛山",
    "4407": "江门", "4408": "湛江", "4409": "茂名", "4412": "肇庆", "4413": "惠州",
    "4419": "东莞", "4420": "中山", "4501": "南宁", "4601": "海口", "5101": "成都",
    "5201": "贵阳", "5301": "昆明", "5323": "楚雄", "5401": "拉萨", "6101": "西安",
    "6201": "兰州", "6301": "西宁", "6401": "银川", "6501": "乌鲁木齐",
}

#: Four-digit years accepted; anything else after the serial is not a year.
YEARS = range(1900, 2100)

#: Two-digit years: below the pivot they are 20xx, from it 19xx. Chinese numbers moved to
#: four-digit years in the 1990s, so a two-digit year is almost always 19xx; 00-29 are taken
#: as 20xx for the odd modern number written short (``-15`` for 2015).
PIVOT = 30

#: Kind -> an example number, for messages (the kinds that have numbers).
KIND_EXAMPLE: dict[str, str] = {
    "international": "ISO 9001:2015",
    "national": "GB/T 1.1-2020",
    "industry": "QC/T 29106-2014",
    "local": "DB50/T 1000-2021",
    "group": "T/CAS 290-2017",
    "enterprise": "Q/BBAH 0012S-2019",
}

#: What normalising changed (``StandardNumber.changes``), in Chinese for messages.
CHANGE_ZH: dict[str, str] = {
    "full-width characters": "全角字符",
    "look-alike slash": "形似斜杠的字符",
    "dash variant": "破折号或连接号",
    "lower case": "小写字母",
    "extra spaces": "多余空格",
    "underscore for slash": "下划线代替斜杠",
    "dash for slash": "连字符代替斜杠",
    "space for slash": "空格代替斜杠",
    "slash missing": "缺少斜杠",
    "underscore for space": "下划线代替空格",
    "dash for space": "连字符代替空格",
    "underscore for dash": "下划线代替连字符",
    "space for dash": "空格代替连字符",
    "two-digit year": "两位年份",
    "colon for year": "冒号分隔年份",
    "letter l for digit 1": "字母 l 代替数字 1",
    "space inside the code": "代号中间多了空格",
}

#: Suffix kinds (the first word of each ``StandardNumber.suffixes`` item), in Chinese.
SUFFIX_ZH: dict[str, str] = {
    "edition": "版本", "all parts": "所有部分", "amendment": "修改单",
    "also year": "另一年份", "range": "编号范围", "date": "日期", "mark": "标记",
}
