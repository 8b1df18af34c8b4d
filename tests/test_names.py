"""Department-name resolution (stdcheck.names). Offline, fast, independent of data/."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from stdcheck.names import DepartmentIndex, normalize, t2s_table
from stdcheck.schema import Department

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = ["重庆市", "江津区", "区"]


def dep(id: str, name: str, full_name: str, *aliases: str) -> Department:
    return Department(id=id, name=name, full_name=full_name, en=id, aliases=list(aliases))


DEPARTMENTS = [
    dep("keji", "区科技局", "重庆市江津区科学技术局"),
    dep("shichang-jianguan", "江津区市场监管局", "重庆市江津区市场监督管理局",
        "区市场监管局", "区市监局", "江津区市场监督管理局"),
    dep("jingji-xinxi", "区经济信息委", "重庆市江津区经济和信息化委员会", "区经信委"),
    dep("fazhan-gaige", "区发展改革委", "重庆市江津区发展和改革委员会", "区发改委"),
    dep("nongye-nongcun", "区农业农村委", "重庆市江津区农业农村委员会"),
    dep("weisheng-jiankang", "区卫生健康委", "重庆市江津区卫生健康委员会"),
    dep("shuili", "区水利局", "重庆市江津区水利局"),
]


@pytest.fixture(scope="module")
def index() -> DepartmentIndex:
    return DepartmentIndex(DEPARTMENTS, PREFIXES)


# --- normalize -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("区科技局", "区科技局"),
    ("區科技局", "区科技局"),
    ("區(qū)科技局", "区科技局"),
    ("區（qū）科技局", "区科技局"),  # full-width brackets
    ("江津區(qū)市場監(jiān)管局", "江津区市场监管局"),
    ("發(fā)展(zhuǎn)", "发展"),
    ("綠(lǜ)色", "绿色"),  # ü with a tone mark
    ("綠(lu\u0308\u0300)色", "绿色"),  # the same, decomposed
    ("區(qū)(yè)", "区"),  # consecutive annotations
    ("区 科技局", "区科技局"),
    ("区科技局\u3000", "区科技局"),  # ideographic space
    ("\u00a0区科技局\u00a0", "区科技局"),  # NBSP
    ("\ufeff区\u200b科\u200c技\u200d局", "区科技局"),  # BOM and zero-width characters
    ("区\t科技局\n", "区科技局"),
    ("ＡＢＣ１２３", "ABC123"),  # full-width latin and digits
    ("（修訂）", "(修订)"),  # brackets with Chinese inside are text, not pinyin
    ("GB/T 1.1(ISO)", "GB/T1.1(ISO)"),  # an acronym after latin text is kept
    ("标准(GB)", "标准(GB)"),  # ... and after a CJK character: all capitals is no pinyin
    ("", ""),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_cached() -> None:
    normalize.cache_clear()
    normalize("區(qū)科技局")
    normalize("區(qū)科技局")
    info = normalize.cache_info()
    assert info.hits == 1 and info.maxsize and info.maxsize >= 1024


# --- the traditional -> simplified table ----------------------------------------------------


def test_table_maps_the_characters_the_opinion_uses() -> None:
    table = t2s_table()
    for trad, simp in zip("區發經濟監農衛業場規劃", "区发经济监农卫业场规划", strict=True):
        assert table[trad] == simp
    assert len(table) > 4000
    assert all(len(t) == 1 and len(s) == 1 and t != s for t, s in table.items())


def test_table_is_loaded_without_opencc() -> None:
    source = (ROOT / "stdcheck" / "names.py").read_text(encoding="utf-8")
    assert "import opencc" not in source and "from opencc" not in source
    # And in a fresh interpreter where opencc cannot be imported at all:
    code = (
        "import sys; sys.modules['opencc'] = None\n"
        "from stdcheck.names import normalize\n"
        "assert normalize('區(qū)經濟信息委') == '区经济信息委'\n"
        "assert 'opencc' not in {m for m in sys.modules if sys.modules[m] is not None}\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_table_file_is_up_to_date_with_its_generator() -> None:
    pytest.importorskip("opencc")
    spec = importlib.util.spec_from_file_location("make_t2s_table",
                                                  ROOT / "scripts" / "make_t2s_table.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    current = (ROOT / "stdcheck" / "hanzi_t2s.txt").read_text(encoding="utf-8")
    assert current == module.build(), "run scripts/make_t2s_table.py"


# --- resolve ----------------------------------------------------------------------------------


@pytest.mark.parametrize("written, canonical", [
    # canonical, alias, full name, id
    ("区科技局", "区科技局"),
    ("区市监局", "江津区市场监管局"),
    ("区经信委", "区经济信息委"),
    ("区发改委", "区发展改革委"),
    ("重庆市江津区科学技术局", "区科技局"),
    ("江津区市场监督管理局", "江津区市场监管局"),
    ("keji", "区科技局"),
    ("KEJI", "区科技局"),
    # traditional characters
    ("區科技局", "区科技局"),
    ("區經濟信息委", "区经济信息委"),
    ("區農業農村委", "区农业农村委"),
    ("區衛生健康委", "区卫生健康委"),
    # copied from the garbled web page
    ("區(qū)科技局", "区科技局"),
    ("江津區(qū)市場監(jiān)管局", "江津区市场监管局"),
    ("區（qū）科技局", "区科技局"),
    ("區(qū)發(fā)展改革委", "区发展改革委"),
    ("區(qū)衛(wèi)生健康委", "区卫生健康委"),
    # spaces, full-width, invisible characters
    ("区 科技局", "区科技局"),
    ("区科技局\u3000", "区科技局"),
    (" 区\u200b科技局\u00a0", "区科技局"),
    # with other prefixes, or none
    ("江津区科技局", "区科技局"),
    ("重庆市江津区科技局", "区科技局"),
    ("科技局", "区科技局"),
    ("重庆市江津区市场监管局", "江津区市场监管局"),
    ("区市场监管局", "江津区市场监管局"),
    ("市场监管局", "江津区市场监管局"),
    ("江津区市监局", "江津区市场监管局"),
    ("科学技术局", "区科技局"),
    ("江津区科学技术局", "区科技局"),
    ("江津區(qū)經濟信息委", "区经济信息委"),
])
def test_resolve(index: DepartmentIndex, written: str, canonical: str) -> None:
    found = index.resolve(written)
    assert found is not None, written
    assert found.name == canonical
    assert index.canonical(written) == canonical


@pytest.mark.parametrize("written", [
    "区档案馆", "区科枝局", "", "   ", "\u200b", "区", "江津区", "重庆市江津区", "重庆市", "局",
    "白沙镇", "几江街道",
])
def test_unknown_names_resolve_to_none(index: DepartmentIndex, written: str) -> None:
    assert index.resolve(written) is None


def test_core_never_strips_to_nothing(index: DepartmentIndex) -> None:
    assert index.core("科技局") == "科技局"
    assert index.core("区科技局") == "科技局"
    assert index.core("重庆市江津区科技局") == "科技局"
    assert index.core("区区科技局") == "科技局"
    assert index.core("江津区") == "江津区"
    assert index.core("重庆市江津区") == "江津区"
    assert index.core("区") == "区"


def test_shared_core_is_ambiguous() -> None:
    index = DepartmentIndex(
        [dep("dangan", "区档案馆", "重庆市江津区档案馆"),
         dep("dangan-2", "江津区档案局", "重庆市江津区档案局", "江津区档案馆")],
        PREFIXES,
    )
    # The core 档案馆 belongs to both: a bare or differently prefixed name is not guessed.
    assert index.resolve("档案馆") is None
    assert index.resolve("重庆市档案馆") is None
    # ... while a name one department owns exactly still resolves.
    assert index.resolve("区档案馆").name == "区档案馆"
    assert index.resolve("江津区档案馆").name == "江津区档案局"
    assert index.resolve("档案局").name == "江津区档案局"


def test_exact_conflict_is_ambiguous() -> None:
    index = DepartmentIndex(
        [dep("a", "区甲局", "重庆市江津区甲局", "区共用局"),
         dep("b", "区乙局", "重庆市江津区乙局", "区共用局"),
         dep("c", "区丙局", "重庆市江津区丙局", "区共用局")],
        PREFIXES,
    )
    # claimed by two (or three) departments: attributed to none, never to the last one listed
    assert index.resolve("区共用局") is None and index.resolve("區共用局") is None
    assert index.resolve("区甲局").name == "区甲局" and index.resolve("区丙局").name == "区丙局"


def test_resolve_is_cached_per_input(index: DepartmentIndex) -> None:
    first = index.resolve("區(qū)科技局 ")
    assert index.resolve("區(qū)科技局 ") is first
    assert "區(qū)科技局 " in index._cache
    assert index.resolve("no such department") is None
    assert index._cache["no such department"] is None


def test_without_prefixes_only_exact_names_resolve() -> None:
    index = DepartmentIndex(DEPARTMENTS, [])
    assert index.resolve("區科技局").name == "区科技局"
    assert index.resolve("科技局") is None


# --- suggest ----------------------------------------------------------------------------------


def test_suggest_typo(index: DepartmentIndex) -> None:
    assert index.suggest("区科枝局")[0] == "区科技局"
    assert index.suggest("區(qū)科枝局")[0] == "区科技局"


def test_suggest_near_alias(index: DepartmentIndex) -> None:
    assert index.suggest("区市场监督局")[0] == "江津区市场监管局"
    assert index.suggest("江津区经济信息化委")[0] == "区经济信息委"


def test_suggest_limits_and_nothing_close(index: DepartmentIndex) -> None:
    assert len(index.suggest("区卫生健康局", n=1)) == 1
    assert index.suggest("区卫生健康局")[0] == "区卫生健康委"
    assert index.suggest("区档案馆") == []
    assert index.suggest("白沙镇") == []
    assert index.suggest("") == []
    assert index.suggest("区科枝局", n=0) == []
    suggestions = index.suggest("区水务局")
    assert suggestions[0] == "区水利局"
    assert len(suggestions) == len(set(suggestions))


# --- towns ------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, town", [
    ("白沙镇", "白沙镇"),
    ("几江街道", "几江街道"),
    ("德感街道办事处", "德感街道"),
    ("德感街道办", "德感街道"),
    ("白沙镇人民政府", "白沙镇"),
    ("白沙镇政府", "白沙镇"),
    ("江津区白沙镇", "白沙镇"),
    ("重庆市江津区德感街道办事处", "德感街道"),
    ("幾江街道", "几江街道"),  # traditional
    ("德感街道(dào)辦事處", "德感街道"),
    (" 白沙\u3000镇 ", "白沙镇"),
])
def test_towns(index: DepartmentIndex, written: str, town: str) -> None:
    assert index.is_town(written)
    assert index.town(written) == town
    assert index.town_name(written) == town


@pytest.mark.parametrize("written", [
    "区科技局", "區(qū)科技局", "镇", "街道", "江津区镇", "区街道", "各镇街", "区档案馆", "",
])
def test_not_towns(index: DepartmentIndex, written: str) -> None:
    assert not index.is_town(written)
    with pytest.raises(ValueError):
        index.town_name(written)


def test_registry_department_ending_like_a_town_is_not_a_town() -> None:
    index = DepartmentIndex([dep("jiedao", "区街道办", "重庆市江津区街道办"),
                             dep("xiangzhen", "区乡镇", "重庆市江津区乡镇")], PREFIXES)
    assert not index.is_town("区乡镇")
    assert not index.is_town("区街道办")
    assert index.is_town("白沙镇")


def test_same_town_written_two_ways_counts_once(index: DepartmentIndex) -> None:
    written = ["德感街道", "德感街道办事处", "江津区德感街道", "白沙镇", "白沙镇人民政府"]
    assert {index.town_name(w) for w in written} == {"德感街道", "白沙镇"}


# --- imports stay light --------------------------------------------------------------------------


def test_names_imports_no_cli_code() -> None:
    code = (
        "import sys\n"
        "import stdcheck.names\n"
        "heavy = {'typer', 'rich', 'pydantic', 'opencc', 'difflib', 'stdcheck.schema'}\n"
        "loaded = heavy & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


@pytest.mark.parametrize("written, canonical", [
    ("重庆市江津区科技局", "区科技局"),
    ("重庆市江津区科学技术局", "区科技局"),
    ("江津区科技局", "区科技局"),
    ("科技局", "区科技局"),
    # municipal bodies are not the district's: the city is dropped only with the district
    ("重庆市科学技术局", None),
    ("重庆市科技局", None),
    ("重庆市市场监督管理局", None),
])
def test_embedded_registry_tells_municipal_from_district(written: str, canonical) -> None:
    from stdcheck.policy import load

    data = load()
    index = DepartmentIndex(data.departments, data.prefixes)
    assert index.canonical(written) == canonical
    if canonical is None:  # still a helpful suggestion for the ledger's problem message
        assert index.suggest(written)
