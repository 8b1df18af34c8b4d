"""The embedded opinion loads, says what the text says, and broken data fails with a located
message."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from stdcheck.policy import PolicyError, check, load
from stdcheck.schema import AtLeast
from stdcheck.vocabulary import EntryKind

ROOT = Path(__file__).resolve().parent.parent

# Written out from the bracket at the end of each task in opinion.zh.txt: (departments, 等).
OPINION_TASKS = {
    1: (["区科技局", "区经济信息委", "江津区市场监管局"], True),
    2: (["区科技局", "江津区市场监管局"], True),
    3: (["区科技局", "区经济信息委", "江津区市场监管局"], True),
    4: (["区发展改革委", "区科技局", "区经济信息委", "区城市管理局", "区交通局", "区农业农村委",
         "区卫生健康委", "江津区市场监管局"], True),
    5: (["区发展改革委", "区经济信息委", "区生态环境局", "区住房城乡建委", "区交通局",
         "江津区市场监管局", "区机关事务管理中心"], True),
    6: (["区发展改革委", "江津区规划自然资源局", "区生态环境局", "区水利局", "江津区市场监管局",
         "区林业局", "区气象局"], True),
    7: (["区经济信息委", "区住房城乡建委", "区农业农村委", "区文化旅游委", "江津区市场监管局"], True),
    8: (["区农业农村委", "区商务委", "区文化旅游委", "江津区市场监管局"], True),
    9: (["区政府办公室", "区发展改革委", "区公安局", "江津区市场监管局", "区政务服务办",
         "区机关事务管理中心", "区公共资源交易中心"], True),
    10: (["区发展改革委", "区教委", "区民政局", "区人力社保局", "区住房城乡建委", "区城市管理局",
          "区商务委", "区文化旅游委", "区卫生健康委", "区退役军人事务局", "区应急局", "区体育局",
          "江津区市场监管局", "区残联"], True),
    11: (["区农业农村委", "江津区市场监管局"], True),
    12: (["区城市管理局", "江津区市场监管局"], False),
    13: (["区科技局", "区经济信息委", "区农业农村委", "江津区市场监管局"], True),
    14: (["区经济信息委", "区民政局", "江津区市场监管局"], True),
    15: (["区经济信息委", "区司法局", "区财政局", "江津区市场监管局"], True),
    16: ([], False),
    17: (["江津区市场监管局"], False),
    18: (["区教委", "区人力社保局", "江津区市场监管局"], True),
    19: (["区司法局", "江津区市场监管局"], True),
}


@pytest.fixture(scope="module")
def policy():
    return load()


def test_embedded_policy_has_19_tasks_in_7_sections(policy):
    assert [t.number for t in policy.tasks] == list(range(1, 20))
    assert [s.number for s in policy.sections] == list(range(1, 8))
    assert {t.section for t in policy.tasks} == set(range(1, 8))
    # sections as the opinion groups them: (一) 1-2, (二) 3-4, (三) 5-7, (四) 8-10, (五) 11-13,
    # (六) 14-16, (七) 17-19
    by_section = {s: [t.number for t in policy.tasks if t.section == s] for s in range(1, 8)}
    assert by_section == {1: [1, 2], 2: [3, 4], 3: [5, 6, 7], 4: [8, 9, 10], 5: [11, 12, 13],
                          6: [14, 15, 16], 7: [17, 18, 19]}


@pytest.mark.parametrize("number", sorted(OPINION_TASKS))
def test_task_departments_match_the_opinion(policy, number):
    task = policy.task(number)
    departments, open_list = OPINION_TASKS[number]
    assert task.departments == departments
    assert task.open is open_list
    assert task.all_departments is (number == 16)
    assert task.towns_implement is (number == 12)


def test_every_canonical_name_is_written_in_the_opinion(policy):
    # the opinion's text as the project keeps it (a copy of shared/reference's)
    opinion = (ROOT / "tests" / "data" / "opinion.zh.txt").read_text(encoding="utf-8")
    assert len(policy.departments) == 30
    for d in policy.departments:
        assert d.name in opinion, d.name


def test_five_counted_targets(policy):
    targets = {t.id: t for t in policy.policy.targets}
    assert list(targets) == ["standards-participated", "local-standards", "enterprise-standards",
                             "group-standards", "pilot-projects"]
    expected = {
        "standards-participated": ({EntryKind.international, EntryKind.national,
                                    EntryKind.industry}, 10),
        "local-standards": ({EntryKind.local}, 2),
        "enterprise-standards": ({EntryKind.enterprise}, 50),
        "group-standards": ({EntryKind.group}, 3),
        "pilot-projects": ({EntryKind.pilot}, 3),
    }
    for tid, (kinds, value) in expected.items():
        t = targets[tid]
        assert set(t.kinds) == kinds
        assert isinstance(t.bound, AtLeast) and t.bound.value == value
        assert t.window.start == dt.date(2023, 1, 1)
        assert t.window.end == dt.date(2025, 12, 31)
    assert {g.year for g in policy.policy.goals} == {2025, 2035}


def test_window_start_is_a_one_line_change():
    text = (ROOT / "data/targets.yaml").read_text(encoding="utf-8")
    assert text.count("start: 2023-01-01") == 1
    assert text.count("window: *window") == 4


def test_no_name_of_the_embedded_registry_is_claimed_twice_once_normalised(policy):
    # The loader refuses a clash (tests below); this holds the shipped data to the reader's own
    # comparison too: every spelling resolves to the department that lists it.
    from stdcheck.names import DepartmentIndex

    index = DepartmentIndex(policy.departments, policy.prefixes)
    for d in policy.departments:
        for spelling in [d.name, d.full_name, *d.aliases]:
            assert index.resolve(spelling) is d, spelling


# --- broken data: each kind gives a located message --------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "policy"
    shutil.copytree(ROOT / "data", target)
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _issues(directory):
    """The findings of a broken policy, which load() raises and check() returns alike."""
    with pytest.raises(PolicyError) as exc:
        load(directory)
    returned = check(directory)
    assert returned.data is None and returned.findings == exc.value.findings
    return exc.value.findings


def test_syntax_error_is_located(data_dir):
    f = data_dir / "tasks.yaml"
    _edit(f, "sections:", "sections: [unclosed")
    issues = _issues(data_dir)
    assert issues[0].source.endswith("tasks.yaml")
    assert issues[0].line is not None and "syntax" in issues[0].message.en
    assert issues[0].code == "yaml-syntax" and "语法错误" in issues[0].message.zh


def test_unknown_key_is_located_with_a_suggestion(data_dir):
    f = data_dir / "targets.yaml"
    _edit(f, "    kinds:", "    kindz:")
    line = _line_of(f, "kindz:")
    issues = _issues(data_dir)
    bad = [i for i in issues if "kindz" in i.message.en]
    assert bad and bad[0].line == line and bad[0].source.endswith("targets.yaml")
    assert "did you mean `kinds`" in bad[0].message.en
    assert bad[0].field == "targets[0].kindz"
    assert bad[0].code == "unknown-key" and "是否指 `kinds`" in bad[0].message.zh


def test_unknown_department_is_located(data_dir):
    f = data_dir / "tasks.yaml"
    _edit(f, "区科技局", "区科枝局")
    line = _line_of(f, "区科枝局")
    issues = _issues(data_dir)
    assert len(issues) == 1
    assert issues[0].line == line
    assert "区科枝局" in issues[0].message.en and "区科技局" in issues[0].message.en
    assert issues[0].code == "unknown-reference" and issues[0].column is not None


def test_alias_in_task_list_asks_for_canonical_name(data_dir):
    alias = load().department("区经济信息委").aliases[0]
    _edit(data_dir / "tasks.yaml", "区经济信息委,", f"{alias},")
    issue = _issues(data_dir)[0]
    assert "canonical name `区经济信息委`" in issue.message.en


def test_duplicate_id_is_located(data_dir):
    f = data_dir / "targets.yaml"
    _edit(f, "id: local-standards", "id: group-standards")
    issues = _issues(data_dir)
    assert any("group-standards" in i.message.en and "twice" in i.message.en for i in issues)
    assert all(i.line for i in issues)
    assert {i.code for i in issues} == {"duplicate-id"}


def test_duplicate_key_names_both_lines(data_dir):
    f = data_dir / "targets.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("id: jiangjin-standardization-2025",
                              "id: jiangjin-standardization-2025\nid: other", 1), encoding="utf-8")
    first = _line_of(f, "id: jiangjin-standardization-2025")
    issue = _issues(data_dir)[0]
    assert f"lines {first} and {first + 1}" in issue.message.en and issue.line == first + 1
    assert issue.code == "duplicate-key"


def test_impossible_date_is_located(data_dir):
    f = data_dir / "targets.yaml"
    _edit(f, "2025-12-31", "2025-13-01")
    issues = _issues(data_dir)
    assert any("2025-13-01" in i.message.en and "not a real date" in i.message.en and i.line
               for i in issues)


def test_window_ending_before_start(data_dir):
    f = data_dir / "targets.yaml"
    _edit(f, "2023-01-01", "2026-01-01")
    issues = _issues(data_dir)
    assert any("window ends" in i.message.en and i.code == "invalid-value"
               and "统计区间" in i.message.zh for i in issues)


def test_yaml11_booleans_and_octals_are_rejected(data_dir):
    f = data_dir / "departments.yaml"
    text = f.read_text(encoding="utf-8")
    # `en: no` reads as false in YAML 1.1; a name must stay text
    f.write_text(text.replace("en: ", "en: no #", 1), encoding="utf-8")
    issues = _issues(data_dir)
    assert any("quote it" in i.message.en for i in issues)

    shutil.copy(ROOT / "data/departments.yaml", f)
    t = data_dir / "targets.yaml"
    _edit(t, "value: 10", "value: 010")
    issues = _issues(data_dir)
    assert any("010" in i.message.en and "octal" in i.message.en for i in issues)


def test_missing_file_is_reported(data_dir):
    (data_dir / "tasks.yaml").unlink()
    issues = _issues(data_dir)
    assert issues[0].source.endswith("tasks.yaml") and "missing" in issues[0].message.en
    assert issues[0].code == "no-such-file"


def test_unknown_kind_is_rejected(data_dir):
    _edit(data_dir / "targets.yaml", "[local]", "[regional]")
    issues = _issues(data_dir)
    assert any("regional" in i.field or "international" in i.message.en for i in issues)


def test_python_tags_are_not_constructed(data_dir):
    _edit(data_dir / "targets.yaml", "id: jiangjin-standardization-2025",
          "id: !!python/object/apply:os.system ['echo pwned']")
    issues = _issues(data_dir)
    assert any("not allowed" in i.message.en for i in issues)


def test_alias_bomb_fails_fast_with_a_located_message(data_dir):
    levels = ["lol0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    f = data_dir / "targets.yaml"
    f.write_text("\n".join(levels) + "\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    (issue,) = _issues(data_dir)  # 10**9 values if expanded; refused after 100,000
    assert (issue.source, issue.line) == (str(f), 1) and "aliases" in issue.message.en
    assert issue.code == "yaml-too-large"


def test_recursive_alias_is_refused(data_dir):
    f = data_dir / "tasks.yaml"
    f.write_text("loop: &a [x, *a]\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    (issue,) = _issues(data_dir)
    assert issue.line == 1 and "inside the block it names" in issue.message.en
    assert issue.code == "yaml-too-large"


def test_merge_key_onto_its_own_block_is_refused(data_dir):
    """A merge (<<) adds no level, so no depth limit stops `<<: *self` under `&self`."""
    f = data_dir / "tasks.yaml"
    _edit(f, "sections:\n  - number: 1", "sections:\n  - &self\n    <<: *self\n    number: 1")
    (issue,) = _issues(data_dir)
    assert (issue.line, issue.code) == (_line_of(f, "&self"), "yaml-too-large")
    assert "inside the block it names" in issue.message.en and "别名" in issue.message.zh


def test_an_alias_used_twice_side_by_side_is_no_cycle(data_dir):
    f = data_dir / "targets.yaml"
    f.write_text("a: &a [x]\nb: [*a, *a]\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    assert all(i.code != "yaml-too-large" for i in _issues(data_dir))  # (unknown keys a, b)


def test_a_number_of_hundreds_of_digits_is_a_located_finding(data_dir):
    f = data_dir / "targets.yaml"
    _edit(f, "value: 10}", "value: " + "9" * 400 + "}")
    (issue,) = _issues(data_dir)
    assert (issue.line, issue.code) == (_line_of(f, "9" * 400), "yaml-value")
    assert "400 digits" in issue.message.en and len(issue.message.en) < 200


@pytest.mark.parametrize(("value", "ok"), [(1_000_000, True), (1_000_001, False)])
def test_a_target_beyond_any_real_count_is_refused(data_dir, value, ok):
    _edit(data_dir / "targets.yaml", "value: 10}", f"value: {value}}}")
    if ok:
        assert load(data_dir).policy.targets[0].bound.value == value
    else:
        (issue,) = _issues(data_dir)
        assert "1000000" in issue.message.en.replace(",", "") and issue.line is not None


def test_example_policy_loads():
    other = load(ROOT / "examples/other-policy")
    assert other.policy.id != load().policy.id
    assert other.tasks and other.departments


def test_every_policy_finding_is_an_error_with_a_catalogue_code(data_dir):
    from stdcheck.findings import CODES

    _edit(data_dir / "targets.yaml", "    kinds:", "    kindz:")
    _edit(data_dir / "departments.yaml", "en: ", "en: no #")
    findings = _issues(data_dir)
    assert len(findings) >= 2
    for f in findings:
        assert f.code in CODES and CODES[f.code].scope in ("policy", "file")
        assert f.severity.value == "error" and f.message.zh and f.message.en


def test_four_mistakes_in_three_files_come_in_one_run(data_dir):
    _edit(data_dir / "targets.yaml", "    kinds:", "    kindz:")
    _edit(data_dir / "targets.yaml", "value: 10", "value: 010")
    _edit(data_dir / "tasks.yaml", "sections:", "sections: [unclosed")
    _edit(data_dir / "departments.yaml", "en: ", "en: no #")
    findings = _issues(data_dir)
    assert {Path(f.source).name for f in findings} == {"targets.yaml", "tasks.yaml",
                                                       "departments.yaml"}
    assert {"unknown-key", "yaml-value", "yaml-syntax", "wrong-type"} <= {f.code for f in findings}


@pytest.mark.parametrize("alias", ["區科技局", "区 科技局", "江津区科技局"])
def test_alias_that_clashes_after_normalisation_is_located(data_dir, alias):
    # 區科技局 (traditional), a stray space, or a place prefix are all read as 区科技局 by the
    # ledger reader: given to 区教委, every 区科技局 row would become unknown-department.
    f = data_dir / "departments.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("name: 区教委")
    aliases = text.index("aliases: [", start) + len("aliases: [")
    f.write_text(text[:aliases] + alias + ", " + text[aliases:], encoding="utf-8")
    findings = _issues(data_dir)
    clash = [x for x in findings if x.code == "alias-clash"]
    assert clash, findings
    assert clash[0].line == _line_of(f, alias) and clash[0].field.startswith("departments[")
    assert "区科技局" in clash[0].message.en and "区科技局" in clash[0].message.zh


def test_a_pace_that_ends_after_the_calendar_says_so(data_dir):
    """A target of 200,000 at a few standards a year: no date to project (the calendar ends
    in 9999), said in words instead of an internal error."""
    from stdcheck.evaluate import Options, evaluate
    from stdcheck.render import Options as RenderOptions
    from stdcheck.render import render

    _edit(data_dir / "targets.yaml", "value: 10}", "value: 200000}")
    report = evaluate(load(data_dir), [ROOT / "examples/ledger.csv"],
                      Options(as_of=dt.date(2025, 6, 1)))
    first = report.targets[0]
    assert first.projected is None and first.projected_never
    assert all(not t.projected_never for t in report.targets[1:])
    assert any(t.projected is not None for t in report.targets[1:])  # the others still have one
    table = render(report, "table", "en", RenderOptions(width=200))
    assert "not before 9999 at this pace" in table
