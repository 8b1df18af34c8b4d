"""Standard numbers as people write them (stdcheck.standard_numbers): the corpus of real
numbers, each family, the de-duplication key, the verdicts, and the fast path."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stdcheck import standard_numbers as SN
from stdcheck.standard_numbers import StandardNumber, judge, parse
from stdcheck.vocabulary import Severity

CORPUS = Path(__file__).parent / "data" / "standard_numbers.tsv"
KINDS = {"international", "national", "industry", "local", "group", "enterprise"}


def corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = corpus()


# --- the corpus -------------------------------------------------------------------------------


def test_corpus_is_large_and_sourced() -> None:
    assert len(ROWS) >= 500
    for row in ROWS:
        assert row["written"].strip() and row["source"].strip(), row
        assert row["kind"] in KINDS, row


def test_corpus_reads_as_the_right_kind() -> None:
    wrong = [(r["written"], parse(r["written"]).kind) for r in ROWS
             if parse(r["written"]).kind != r["kind"]]
    assert len(wrong) <= len(ROWS) // 100, wrong  # at least 99% right


def test_corpus_never_confidently_another_kind() -> None:
    """A confident reading of another kind becomes an error that drops the row: never on a
    real number."""
    bad = [(r["written"], n.kind) for r in ROWS
           if (n := parse(r["written"])).confident and n.kind != r["kind"]]
    assert bad == []


def test_corpus_keys() -> None:
    wrong = [(r["written"], parse(r["written"]).normalised, r["key"]) for r in ROWS
             if parse(r["written"]).normalised != r["key"]]
    assert wrong == []


def test_every_spelling_of_one_standard_gives_one_key() -> None:
    """Rows of one corpus key are spellings of one standard: their readings agree on all but
    how it was written."""
    by_key: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for r in ROWS:
        n = parse(r["written"])
        if n.confident:
            by_key[n.normalised].add((n.kind, n.prefix, n.serial, n.year, n.province_code))
    assert {k: v for k, v in by_key.items() if len(v) > 1} == {}
    spellings = [
        ("GB/T 43556.1-2023", "GBT43556.1-2023", "GB-T43556.1-2023"),
        ("GB T 1568-2008", "GB/T 1568-2008"),
        ("DB50/T 1846-2025", "DB50_T 1846-2025"),
        ("GB_T 38509-2020", "GB/T 38509-2020"),
        ("DB11/T 1000-2020", "DB11_T_1000-2020", "DB11T_1000-2020"),
        ("GB/T 1.1-2020", "GB/T 1.1–2020", "GB/T　1.1—2020", "GB_T_1.1-2020", "GBT_1.1-2020"),
        ("GB 50254~50259-96", "GB 50254～50259-96"),
        ("T/CECS 1087-2022", "T-CECS 1087-2022"),
        ("Q/XKBZ 002—2026", "Q_XKBZ_002-2026"),
        ("GB 2760-2014", "GB2760-2014"),
        ("HJ 633-2012", "HJ 633—2012"),
    ]
    written = {r["written"] for r in ROWS}
    for group in spellings:
        assert set(group) <= written, group  # they are corpus rows, not made up here
        assert len({parse(w).normalised for w in group}) == 1, group


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["written"])
def test_key_is_its_own_key(row: dict[str, str]) -> None:
    """normalize_code is idempotent, and reading the key gives the same kind and verdict
    (the reader checks the key, not the text as written)."""
    n = parse(row["written"])
    again = parse(n.normalised)
    assert again.normalised == n.normalised
    assert (again.kind, again.confident, again.province_code) == \
        (n.kind, n.confident, n.province_code)


# --- families ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written, kind, prefix, serial, year, key", [
    # national, every way of writing the slash
    ("GB/T 38635.1-2020", "national", "GB/T", "38635.1", 2020, "GB/T 38635.1-2020"),
    ("GB_T_38635.1_2020", "national", "GB/T", "38635.1", 2020, "GB/T 38635.1-2020"),
    ("GB-T 18664-2002", "national", "GB/T", "18664", 2002, "GB/T 18664-2002"),
    ("GBT19266-2008", "national", "GB/T", "19266", 2008, "GB/T 19266-2008"),
    ("GB T 17825.4 1999", "national", "GB/T", "17825.4", 1999, "GB/T 17825.4-1999"),
    ("ＧＢ／Ｔ　１．１－２０２０", "national", "GB/T", "1.1", 2020, "GB/T 1.1-2020"),
    ("gb/t 1.1–2020", "national", "GB/T", "1.1", 2020, "GB/T 1.1-2020"),
    ("GB/Z 41-2015", "national", "GB/Z", "41", 2015, "GB/Z 41-2015"),
    ("GBZ 2.1-2019", "national", "GBZ", "2.1", 2019, "GBZ 2.1-2019"),
    ("GBZ/T 205-2007", "national", "GBZ/T", "205", 2007, "GBZ/T 205-2007"),
    ("GBJ11-87", "national", "GBJ", "11", 1987, "GBJ 11-1987"),
    ("GB/T 4208", "national", "GB/T", "4208", None, "GB/T 4208"),
    # industry: run together, combined, construction and old codes, letter serials
    ("NBT47010", "industry", "NB/T", "47010", None, "NB/T 47010"),
    ("DLT645-2007", "industry", "DL/T", "645", 2007, "DL/T 645-2007"),
    ("JGJT67-2019", "industry", "JGJ/T", "67", 2019, "JGJ/T 67-2019"),
    ("SHT3406", "industry", "SH/T", "3406", None, "SH/T 3406"),
    ("NB/SH/T 0001-2019", "industry", "NB/SH/T", "0001", 2019, "NB/SH/T 0001-2019"),
    ("CJJ／T 269-2017", "industry", "CJJ/T", "269", 2017, "CJJ/T 269-2017"),
    ("JGJ476－2019", "industry", "JGJ", "476", 2019, "JGJ 476-2019"),
    ("JTG D60-2015", "industry", "JTG", "D60", 2015, "JTG D60-2015"),
    ("JTG E20", "industry", "JTG", "E20", None, "JTG E20"),
    ("JTG/T 2231-01-2020", "industry", "JTG/T", "2231-01", 2020, "JTG/T 2231-01-2020"),
    ("SD 112-83", "industry", "SD", "112", 1983, "SD 112-1983"),
    ("JTJ 001-97", "industry", "JTJ", "001", 1997, "JTJ 001-1997"),
    ("DB/T 17-2018", "industry", "DB/T", "17", 2018, "DB/T 17-2018"),  # earthquake industry
    # group and enterprise
    ("T∕CSAE248-2022", "group", "T/CSAE", "248", 2022, "T/CSAE 248-2022"),
    ("T_CECS 101-2021", "group", "T/CECS", "101", 2021, "T/CECS 101-2021"),
    ("CECS 21:2000", "group", "CECS", "21", 2000, "CECS 21-2000"),
    ("Q GDW 355-2009", "enterprise", "Q/GDW", "355", 2009, "Q/GDW 355-2009"),
    ("Q/BBAH 0012S-2019", "enterprise", "Q/BBAH", "0012S", 2019, "Q/BBAH 0012S-2019"),
    ("Q/JJ 0001\u00a0S-2019", "enterprise", "Q/JJ", "0001S", 2019, "Q/JJ 0001S-2019"),
    ("Q/12JN3001-2019", "enterprise", "Q/12JN", "3001", 2019, "Q/12JN 3001-2019"),
    # international
    ("ISO 9001：2015", "international", "ISO", "9001", 2015, "ISO 9001:2015"),
    ("ISO9001-2015", "international", "ISO", "9001", 2015, "ISO 9001:2015"),
    ("ISO/IEC 27001:2022", "international", "ISO/IEC", "27001", 2022, "ISO/IEC 27001:2022"),
    ("IEC 60335-1:2020", "international", "IEC", "60335-1", 2020, "IEC 60335-1:2020"),
    ("ITU-T Y.3172 (06/2019)", "international", "ITU-T", "Y.3172", 2019, "ITU-T Y.3172:2019"),
])
def test_families(written: str, kind: str, prefix: str, serial: str, year: Optional[int],
                  key: str) -> None:
    n = parse(written)
    assert (n.kind, n.confident, n.prefix, n.serial, n.year, n.normalised, n.unread) == \
        (kind, True, prefix, serial, year, key, None)
    assert n.written == written


@pytest.mark.parametrize("written, prefix, issuer, province, key", [
    ("DB50_T 1846-2025", "DB50/T", "重庆", "50", "DB50/T 1846-2025"),
    ("DB31-T_444-2022", "DB31/T", "上海", "31", "DB31/T 444-2022"),
    ("DB32T1580-2019", "DB32/T", "江苏", "32", "DB32/T 1580-2019"),
    ("DB11T1677_2019", "DB11/T", "北京", "11", "DB11/T 1677-2019"),
    ("DB 11/T 1010—2019", "DB11/T", "北京", "11", "DB11/T 1010-2019"),
    ("DB3301/T 0322.3-2020", "DB3301/T", "杭州", "33", "DB3301/T 0322.3-2020"),
    ("DB1310/T 365-2025", "DB1310/T", "廊坊", "13", "DB1310/T 365-2025"),
    ("DB5323/T 76—2024", "DB5323/T", "楚雄", "53", "DB5323/T 76-2024"),
    ("DB4499/T 1-2020", "DB4499/T", "广东", "44", "DB4499/T 1-2020"),  # city not listed
    ("DB12/ 617-2016", "DB12/", "天津", "12", "DB12/ 617-2016"),  # mandatory
    ("DB31/283-2015", "DB31/", "上海", "31", "DB31/ 283-2015"),
    ("DBJ50/T-562", "DBJ50/T", "重庆", "50", "DBJ50/T 562"),
    ("DBJ61/T93-2014", "DBJ61/T", "陕西", "61", "DBJ61/T 93-2014"),
    ("DBJ50-052-2020", "DBJ50", "重庆", "50", "DBJ50-052-2020"),
    ("DBJ/T 15-98-2019", "DBJ/T 15", "广东", "44", "DBJ/T 15-98-2019"),
    ("DBJ/T15-98-2019", "DBJ/T 15", "广东", "44", "DBJ/T 15-98-2019"),
    ("DBS 50/004", "DBS50/", "重庆", "50", "DBS50/ 004"),
    ("DB13(J)185-2020", "DB13(J)", "河北", "13", "DB13(J) 185-2020"),
    ("DB/T29-176-2016", "DB/T29", "天津", "12", "DB/T29-176-2016"),
    ("DB/T 29-176-2016", "DB/T29", "天津", "12", "DB/T29-176-2016"),
    ("DGJ08-9-2003", "DGJ08", "上海", "31", "DGJ08-9-2003"),
])
def test_local_families(written: str, prefix: str, issuer: str, province: str,
                        key: str) -> None:
    n = parse(written)
    assert (n.kind, n.confident, n.prefix, n.issuer, n.province_code, n.normalised) == \
        ("local", True, prefix, issuer, province, key)


def test_db_t_is_the_earthquake_industry_unless_it_is_tianjin() -> None:
    assert parse("DB/T 17-2018").kind == "industry"
    assert parse("DB/T 29-2008").kind == "industry"  # two groups: not Tianjin's series
    assert parse("DB/T29-176-2016").kind == "local"


def test_unknown_province_is_local_but_not_confident() -> None:
    n = parse("DB99/T 1-2020")
    assert (n.kind, n.confident, n.unread) == ("local", False, "DB99")


@pytest.mark.parametrize("written, year", [
    ("GB 8923-88", 1988), ("GB 3100-93", 1993), ("JTG D60-04", 2004), ("TB 10002.1-05", 2005),
    ("GB 1-29", 2029), ("GB 1-30", 1930), ("GB 1-00", 2000), ("GB 1-99", 1999),
])
def test_two_digit_years_pivot_at_30(written: str, year: int) -> None:
    n = parse(written)
    assert n.year == year and "two-digit year" in n.changes
    assert n.normalised.endswith(f"-{year}")


def test_a_bare_two_digit_group_after_a_space_is_not_a_year() -> None:
    n = parse("GB 1 88")
    assert n.year is None and not n.confident and n.unread == "88"


@pytest.mark.parametrize("written, key, suffixes", [
    ("GB_50016-2014(2018年版)", "GB 50016-2014", ("edition 2018",)),
    ("GB 50016-2014（2016年版）", "GB 50016-2014", ("edition 2016",)),
    ("GB/T 4208（所有部分）", "GB/T 4208", ("all parts",)),
    ("GB 1499.1-2008/XG1-2012", "GB 1499.1-2008", ("amendment XG1-2012",)),
    ("GB 50205-2001/2020", "GB 50205-2001", ("also year 2020",)),
    ("GB 50254~50259-96", "GB 50254~50259-1996", ("range",)),
])
def test_suffixes_stay_out_of_the_key(written: str, key: str, suffixes: tuple[str, ...]) -> None:
    n = parse(written)
    assert (n.normalised, n.suffixes, n.confident) == (key, suffixes, True)


@pytest.mark.parametrize("written, key, adopted", [
    ("GB/T 19001-2016/ISO 9001:2015", "GB/T 19001-2016", "ISO 9001:2015"),
    ("YY 0505-2005/IEC 60601-1-2:2001", "YY 0505-2005", "IEC 60601-1-2:2001"),
    ("GB/T 15544.1-2013 / IEC 60909-0:2016", "GB/T 15544.1-2013", "IEC 60909-0:2016"),
    ("GB/T 19001-2016/ISO 9001：2015", "GB/T 19001-2016", "ISO 9001:2015"),
])
def test_adopted_numbers(written: str, key: str, adopted: str) -> None:
    n = parse(written)
    assert (n.normalised, n.adopted, n.kind, n.confident) == (key, adopted, "national"
                                                              if key.startswith("GB")
                                                              else "industry", True)


@pytest.mark.parametrize("written, change", [
    ("DB50_T 1846-2025", "underscore for slash"), ("GB-T 18664-2002", "dash for slash"),
    ("Q GDW 355-2009", "space for slash"), ("GBT19266-2008", "slash missing"),
    ("T∕CSAE248-2022", "look-alike slash"), ("CJJ／T 269-2017", "full-width characters"),
    ("DB5323/T 76—2024", "dash variant"), ("gb/t 1-2020", "lower case"),
    ("GB_T_38635.1_2020", "underscore for dash"), ("GB T 17825.4 1999", "space for dash"),
    ("GB 8923-88", "two-digit year"), ("ISO9001-2015", "colon for year"),
])
def test_changes_say_what_was_normalised(written: str, change: str) -> None:
    from stdcheck.standard_number_data import CHANGE_ZH
    n = parse(written)
    assert change in n.changes
    assert all(c in CHANGE_ZH for c in n.changes)  # each can be said in Chinese too


def test_canonical_numbers_have_no_changes() -> None:
    for written in ("GB/T 5-2025", "DB50/T 1234-2023", "T/CQSES 001-2024", "Q/JJ 0000001-2024",
                    "JTG D60-2015", "ISO 9001:2015", "DB12/ 617-2016"):
        assert parse(written).changes == (), written


@pytest.mark.parametrize("written, unread", [
    ("HELLO", "HELLO"), ("XX/T 1-2020", "XX/T 1-2020"), ("GB/T 1-2020 附录", "附录"),
    ("DB33/T 2351-2131", "2131"), ("TCECS101-2021", "TCECS"), ("", None),
])
def test_unread_part(written: str, unread: Optional[str]) -> None:
    n = parse(written)
    assert not n.confident and n.unread == unread


def test_unread_numbers_keep_their_text_as_key() -> None:
    """A number not fully read is only merged with one written the same (bar case, width and
    spacing): two different misreadings must not collapse into one count."""
    assert parse("GB/T 1-2020 附录").normalised == "GB/T 1-2020 附录"
    assert parse("gb/t  1-2020 附录").normalised == "GB/T 1-2020 附录"
    assert parse("XX/T 1-2020").normalised != parse("XX/T 1-2021").normalised


def test_standard_number_is_frozen_and_slotted() -> None:
    n = parse("GB/T 1-2020")
    assert isinstance(n, StandardNumber) and not hasattr(n, "__dict__")
    with pytest.raises(AttributeError):
        n.kind = "local"  # type: ignore[misc]


# --- verdicts ---------------------------------------------------------------------------------


def test_conflict_is_an_error_naming_the_kind_shown() -> None:
    v = judge("local", parse("GB/T 1-2020"))
    assert v is not None and (v.code, v.severity) == ("code-kind-conflict", Severity.error)
    assert "national" in v.message.en and "国家标准" in v.message.zh
    v = judge("national", parse("DB50_T 1846-2025"))
    assert v is not None and v.code == "code-kind-conflict" and "local" in v.message.en


def test_earthquake_db_t_on_a_local_row() -> None:
    v = judge("local", parse("DB/T 17-2018"))
    assert v is not None and v.code == "code-kind-conflict" and "earthquake" in v.message.en


def test_file_name_forms_are_not_conflicts() -> None:
    """The issue's point: these used to be read as another kind (DB50_T as DB/T)."""
    for kind, written in [("local", "DB50_T 1846-2025"), ("national", "GB_T_38635.1_2020"),
                          ("local", "DB31-T_444-2022"), ("industry", "DLT645-2007"),
                          ("group", "T∕CSAE248-2022"), ("enterprise", "Q GDW 355-2009"),
                          ("local", "DBJ50/T-562-2016"), ("international", "ISO 9001：2015")]:
        home = "DB31" if written.startswith("DB31") else "DB50"
        assert judge(kind, parse(written), home) is None, written


def test_not_confident_is_unreadable_never_a_conflict() -> None:
    v = judge("national", parse("TCECS101-2021"))
    assert v is not None and (v.code, v.severity) == ("code-unreadable", Severity.warning)
    assert "TCECS" in v.message.en and "TCECS" in v.message.zh
    v = judge("industry", parse("XX/T 1-2020"))
    assert v is not None and v.code == "code-unreadable" and "XX/T 1-2020" in v.message.en


def test_other_province() -> None:
    v = judge("local", parse("DB44/T 1-2020"), "DB50")
    assert v is not None and (v.code, v.severity) == ("code-other-province", Severity.warning)
    assert "广东" in v.message.en and "广东" in v.message.zh
    assert judge("local", parse("DB44/T 1-2020"), "DB44") is None
    assert judge("local", parse("DB4403/T 1-2020"), "DB44") is None
    v = judge("local", parse("DBJ/T 15-98-2019"), "DB50")
    assert v is not None and v.code == "code-other-province"
    assert judge("local", parse("DBJ50/T 562-2016"), "DB50") is None
    # a city's own prefix: its province's standards are the province's, not the city's
    v = judge("local", parse("DB45/T 1-2020"), "DB4501")
    assert v is not None and "not of 南宁 (DB4501)" in v.message.en
    assert "不是南宁的（DB4501）" in v.message.zh
    assert judge("local", parse("DB4501/T 3-2021"), "DB4501") is None


def test_no_year() -> None:
    v = judge("national", parse("GB/T 4208"))
    assert v is not None and (v.code, v.severity) == ("code-no-year", Severity.warning)
    assert judge("national", parse("GB/T 4208-2017")) is None


def test_normalising_is_not_a_finding_and_unnumbered_kinds_accept_anything() -> None:
    assert judge("national", parse("ＧＢ／Ｔ　１．１－２０２０")) is None
    assert judge("pilot", parse("anything")) is None
    assert judge("national", parse("")) is None


# --- the fast path ----------------------------------------------------------------------------


def _fields(n: StandardNumber) -> tuple[object, ...]:
    return tuple(getattr(n, f) for f in StandardNumber.__slots__)


def test_fast_path_is_taken_for_the_common_forms() -> None:
    for written in ("GB/T 5-2025", "Q/JJ0000001-2024", "T/CQSES 001-2024", "DB50/T 1234-2023"):
        assert SN._FAST.fullmatch(written), written


@pytest.mark.parametrize("row", [r for r in ROWS if SN._FAST.fullmatch(r["written"])],
                         ids=lambda r: r["written"])
def test_fast_path_equals_the_grammar_on_the_corpus(row: dict[str, str]) -> None:
    parse.cache_clear()
    assert _fields(parse(row["written"])) == _fields(SN._slow(row["written"]))


_PREFIXES = st.sampled_from(["GB", "GB/T", "GB/Z", "T/CAS", "T/CQSES", "Q/JJ", "Q/GDW",
                             "DB50/T", "DB50/", "DB5001/T", "DB99/T", "DB4403/T", "T/A"])


@settings(max_examples=300, deadline=None)
@given(_PREFIXES, st.sampled_from(["", " "]), st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,2})?",
                                                             fullmatch=True),
       st.integers(1890, 2110))
def test_fast_path_equals_the_grammar(prefix: str, space: str, serial: str, year: int) -> None:
    written = f"{prefix}{space}{serial}-{year}"
    assert _fields(parse(written)) == _fields(SN._slow(written))
    undated = f"{prefix}{space}{serial}"  # an undated reference takes the fast path too
    assert _fields(parse(undated)) == _fields(SN._slow(undated))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("GBTDQJ/_-–—∕／ 0123456789.SZ（）()年版:：ISOEC~")),
               max_size=24))
def test_any_text_parses_and_its_key_is_stable(text: str) -> None:
    n = parse(text)
    assert parse(n.normalised).normalised == n.normalised
    assert n.confident is False or n.kind is not None


def test_fast_built_numbers_equal_dataclass_built_ones() -> None:
    n = parse("DB3301/T 0322.3-2020")
    assert SN._FAST.fullmatch(n.written)
    assert n == StandardNumber(*_fields(n)) and repr(n) == repr(StandardNumber(*_fields(n)))


# --- `stdcheck number` ------------------------------------------------------------------------


def _number(*args: str):
    import json as _json

    from typer.testing import CliRunner

    from stdcheck.cli import app

    result = CliRunner().invoke(app, ["number", *args], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.output if "json" not in args else _json.loads(result.output)


def test_number_command_in_json():
    doc = _number("DB50_T 1846-2025", "GB/T 19001-2016/ISO 9001:2015", "JTG E20", "--format",
                  "json")
    local, adopted, undated = doc["numbers"]
    assert (local["kind"], local["issuer"], local["serial"], local["year"], local["normalised"]) \
        == ("local", "重庆", "1846", 2025, "DB50/T 1846-2025")
    assert local["changes"] == [{"zh": "下划线代替斜杠", "en": "underscore for slash"}]
    assert (adopted["normalised"], adopted["adopted"]) == ("GB/T 19001-2016", "ISO 9001:2015")
    assert (undated["kind"], undated["year"]) == ("industry", None)


def test_number_command_speaks_the_chosen_language():
    zh = _number("DB50_T 1846-2025", "foo 12", "--lang", "zh")
    assert "地方标准" in zh and "重庆" in zh and "下划线代替斜杠" in zh and "无法识别的部分" in zh
    assert "underscore" not in zh and "Kind" not in zh
    en = _number("DB50_T 1846-2025", "foo 12", "--lang", "en")
    assert "local" in en and "underscore for slash" in en and "could not read: FOO 12" in en
    assert "地方标准" not in en


@pytest.mark.parametrize("written, kind, key, suffixes, change", [
    # a short mark after the year (RC: a revised edition's own mark; S: food safety)
    ("JTG3362-18(RC)", "industry", "JTG 3362-2018", ("mark RC",), "two-digit year"),
    ("Q/CR 9300-18(S)", "enterprise", "Q/CR 9300-2018", ("mark S",), "two-digit year"),
    # a lower-case l typed for the digit 1
    ("JGJ l8-2012", "industry", "JGJ 18-2012", (), "letter l for digit 1"),
    # an enterprise serial written in groups
    ("Q/CSG 2 16 004-2019", "enterprise", "Q/CSG 2 16 004-2019", (), None),
    ("Q/CSG-GPG-GPED 2 16 016-2019", "enterprise", "Q/CSG-GPG-GPED 2 16 016-2019", (), None),
    # the year after a space, the code run into its serial
    ("Q/HLS0001S 2012", "enterprise", "Q/HLS 0001S-2012", (), "space for dash"),
])
def test_real_numbers_as_written_are_read_confidently(written: str, kind: str, key: str,
                                                      suffixes: tuple[str, ...],
                                                      change: Optional[str]) -> None:
    n = parse(written)
    assert (n.kind, n.confident, n.normalised, n.suffixes, n.unread) == \
        (kind, True, key, suffixes, None)
    assert change is None or change in n.changes
    assert judge(kind, n, "DB50") is None  # no finding on a row of its kind


def test_a_letter_l_inside_a_code_or_word_stays_a_letter() -> None:
    assert parse("Q/GDWl 355-2009").normalised != "Q/GDW1 355-2009"
    assert "letter l for digit 1" not in parse("T/CSAE 248-2022").changes
