"""Towns and sub-districts (镇街) as registry data: only listed towns count for task 12,
a town-looking name that is none of them is an unknown department with close towns suggested,
and a policy without a town list keeps taking any …镇 / …街道 for a town."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.names import DepartmentIndex
from stdcheck.policy import PolicyError, check, load
from stdcheck.schema import Department, Town

ROOT = Path(__file__).resolve().parent.parent
OTHER = ROOT / "examples/other-policy"
runner = CliRunner()
HEADER = "序号,完成日期,类别,名称,标准编号,责任单位,对应任务,状态,完成时限,备注\n"

DEPARTMENTS = [Department(id="keji", name="区科技局", full_name="重庆市江津区科学技术局", en="x"),
               Department(id="chengguan", name="区城市管理局", full_name="重庆市江津区城市管理局",
                          en="y")]
TOWNS = [Town(name="白沙镇", en="Baisha Town"), Town(name="德感街道", en="Degan Subdistrict"),
         Town(name="几江街道", en="Jijiang Subdistrict"),
         Town(name="四面山镇", en="Simianshan Town", aliases=["四面山"])]


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def index() -> DepartmentIndex:
    return DepartmentIndex(DEPARTMENTS, ["重庆市江津区", "江津区", "区"], TOWNS)


# --- the index ----------------------------------------------------------------------------------


@pytest.mark.parametrize("written, town", [
    ("白沙镇", "白沙镇"),
    ("白沙鎮", "白沙镇"),  # traditional
    ("白沙镇人民政府", "白沙镇"),
    ("白沙镇政府", "白沙镇"),
    ("江津区白沙镇", "白沙镇"),
    ("重庆市江津区德感街道办事处", "德感街道"),
    ("德感街道办", "德感街道"),
    ("幾江街道", "几江街道"),
    (" 白沙\u3000镇 ", "白沙镇"),
    ("四面山", "四面山镇"),  # an alias counts under the listed name
    ("四面山镇人民政府", "四面山镇"),
])
def test_listed_towns_resolve(index: DepartmentIndex, written: str, town: str) -> None:
    assert index.town(written) == town


@pytest.mark.parametrize("written", ["火星镇", "白纱镇", "火星街道办事处", "区科技局", "镇", ""])
def test_unlisted_names_are_not_towns(index: DepartmentIndex, written: str) -> None:
    assert index.town(written) is None
    assert not index.is_town(written)


def test_suggestions_for_town_looking_names(index: DepartmentIndex) -> None:
    assert index.looks_like_town("火星镇") and index.looks_like_town("白纱镇人民政府")
    assert not index.looks_like_town("区科技局")
    assert index.suggest("火星镇") == []
    assert index.suggest("白纱镇") == ["白沙镇"]
    assert index.suggest("白纱镇人民政府") == ["白沙镇"]
    assert index.suggest("区科枝局") == ["区科技局"]  # departments still suggest departments


def test_without_a_town_list_any_town_name_is_a_town() -> None:
    index = DepartmentIndex(DEPARTMENTS, ["江津区", "区"])
    assert index.town("火星镇") == "火星镇"
    assert index.town("德感街道办事处") == "德感街道"
    assert index.suggest("火星镇") == []


def test_embedded_registry_lists_the_five_subdistricts_and_25_towns() -> None:
    policy = load()
    names = [t.name for t in policy.towns]
    assert len(names) == len(set(names)) == 30
    assert sum(n.endswith("街道") for n in names) == 5
    assert sum(n.endswith("镇") for n in names) == 25
    assert {"几江街道", "白沙镇", "四面山镇", "珞璜镇"} <= set(names)
    assert all(t.en.endswith((" Town", " Subdistrict")) for t in policy.towns)


def test_other_policy_lists_no_towns() -> None:
    assert load(OTHER).towns == []


# --- the policy cross-check ------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "policy"
    shutil.copytree(ROOT / "data", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_town_named_like_a_department_is_an_alias_clash(data_dir: Path) -> None:
    _edit(data_dir / "departments.yaml", "aliases: [区城管局]", "aliases: [区城管局, 白沙镇]")
    with pytest.raises(PolicyError) as exc:
        load(data_dir)
    clashes = [f for f in exc.value.findings if f.code == "alias-clash"]
    assert clashes and clashes[0].field.startswith("towns[")
    assert "白沙镇" in clashes[0].message.en and "区城市管理局" in clashes[0].message.en


def test_town_alias_of_another_town_is_an_alias_clash(data_dir: Path) -> None:
    _edit(data_dir / "departments.yaml", "{name: 德感街道, en: Degan Subdistrict}",
          "{name: 德感街道, en: Degan Subdistrict, aliases: [几江街道办事处]}")
    findings = check(data_dir).findings
    assert [f.code for f in findings] == ["alias-clash"]
    assert findings[0].field == "towns[1].aliases[0]"


def test_town_name_must_end_like_a_town(data_dir: Path) -> None:
    _edit(data_dir / "departments.yaml", "{name: 白沙镇,", "{name: 白沙,")
    findings = check(data_dir).findings
    assert [f.code for f in findings] == ["invalid-value"]
    assert "towns[" in findings[0].field and "白沙" in findings[0].message.zh


def test_duplicate_town_is_reported(data_dir: Path) -> None:
    _edit(data_dir / "departments.yaml", "{name: 吴滩镇,", "{name: 白沙镇,")
    assert "duplicate-id" in {f.code for f in check(data_dir).findings}


# --- ledgers --------------------------------------------------------------------------------


def _status(ledger: Path, *extra: str) -> dict:
    result = run("status", str(ledger), "--format", "json", "--as-of", "2026-11-28", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_only_listed_towns_count_for_task_12(tmp_path: Path) -> None:
    ledger = tmp_path / "towns.csv"
    ledger.write_text(HEADER + "\n".join([
        "1,2025-01-10,工作进展,甲,,白沙鎮,12,已完成,,",
        "2,2025-01-11,工作进展,乙,,白沙镇人民政府,12,已完成,,",
        "3,2025-01-12,工作进展,丙,,德感街道办事处,12,已完成,,",
        "4,2025-01-13,工作进展,丁,,火星镇,12,已完成,,",
        "5,2025-01-14,工作进展,戊,,白纱镇,12,已完成,,",
    ]) + "\n", encoding="utf-8")
    doc = _status(ledger)
    task12 = next(t for t in doc["tasks"] if t["number"] == 12)
    assert task12["towns_reporting"] == 2  # 白沙镇 (twice) and 德感街道
    unknown = [f for f in doc["findings"] if f["code"] == "unknown-department"]
    assert [f["line"] for f in unknown] == [5, 6]
    assert "白沙镇" not in unknown[0]["message"]["en"]  # 火星镇: nothing close
    assert "did you mean 白沙镇" in unknown[1]["message"]["en"]
    assert "是否指白沙镇" in unknown[1]["message"]["zh"]


def test_policy_without_towns_takes_any_town_name(tmp_path: Path) -> None:
    ledger = tmp_path / "towns.csv"
    ledger.write_text(HEADER + "1,2025-01-10,工作进展,甲,,火星镇,,已完成,,\n", encoding="utf-8")
    doc = _status(ledger, "--data", str(OTHER))
    assert [f for f in doc["findings"] if f["code"] == "unknown-department"] == []


# --- stdcheck departments --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["白沙镇", "白沙鎮", "白沙镇人民政府", "江津区白沙镇"])
def test_departments_answers_with_the_town(name: str) -> None:
    result = run("departments", name, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["town"] == "白沙镇" and doc["kind"] == "town" and doc["en"] == "Baisha Town"
    assert doc["listed"] is True and doc["district"] == {"zh": "江津区", "en": "Jiangjin District"}
    assert [t["number"] for t in doc["tasks"]] == [12]


@pytest.mark.parametrize("lang, words", [
    ("en", ["白沙镇 (Baisha Town) — a town of Jiangjin District; implements task 12 (各镇街落实)"]),
    ("zh", ["白沙镇 — 江津区的镇；落实任务 12（各镇街落实）"]),
])
def test_town_detail_table(lang: str, words: list[str]) -> None:
    result = run("departments", "白沙镇", "--lang", lang)
    assert result.exit_code == 0, result.output
    for w in words:
        assert w in result.output
    sub = run("departments", "德感街道办事处", "--lang", lang)
    assert ("subdistrict of Jiangjin" if lang == "en" else "江津区的街道") in sub.output


@pytest.mark.parametrize("name, says", [("火星镇", None), ("白纱镇", "白沙镇")])
def test_unknown_town_exits_2(name: str, says: str) -> None:
    result = run("departments", name, "--lang", "en")
    assert result.exit_code == 2
    assert "not a town or sub-district of Jiangjin District" in result.output
    if says:
        assert f"did you mean: {says}" in result.output
    else:
        assert "did you mean" not in result.output


def test_departments_lists_towns_after_departments() -> None:
    doc = json.loads(run("departments", "--format", "json").output)
    assert len(doc["towns"]) == 30
    assert doc["towns"][0] == {"town": {"name": "几江街道", "en": "Jijiang Subdistrict",
                                        "aliases": []}, "tasks": [12]}
    for lang, title in (("en", "Towns and sub-districts"), ("zh", "镇街名录")):
        out = run("departments", "--lang", lang).output
        assert title in out and out.index(title) > out.index("区科技局")
        assert "四屏镇" in out


def test_other_policy_town_detail_says_the_list_is_missing() -> None:
    result = run("--data", str(OTHER), "departments", "火星镇", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "火星镇 — a town of the district" in result.output
    assert "this policy lists no towns" in result.output
    doc = json.loads(run("--data", str(OTHER), "departments", "火星镇", "--format",
                         "json").output)
    assert doc["listed"] is False and doc["en"] is None
    assert "towns" not in doc and json.loads(
        run("--data", str(OTHER), "departments", "--format", "json").output)["towns"] == []


def test_the_english_task_list_separates_the_towns_with_an_english_semicolon() -> None:
    """区城市管理局、江津区市场监管局; every town …: a full-width ； glued to "every" made one
    word that the terminal folded mid-way (江津区市场监管局；e / very town)."""
    out = CliRunner().invoke(app, ["tasks", "--section", "5", "--lang", "en"],
                             env={"COLUMNS": "200"}).output
    assert "江津区市场监管局; every town" in out and "；every" not in out
    zh = CliRunner().invoke(app, ["tasks", "--section", "5", "--lang", "zh"],
                            env={"COLUMNS": "200"}).output
    assert "江津区市场监管局；" in zh
