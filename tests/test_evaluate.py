"""Evaluation on entries built in the test: counting, windows, duplicates, states, lights, pace,
silent departments, overdue and due-soon items."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stdcheck.codes import normalize_code
from stdcheck.entries import entry as make_entry
from stdcheck.evaluate import Options, Tally, fails_on
from stdcheck.policy import load
from stdcheck.vocabulary import EntryKind, Light, State, Status

D = dt.date
K = EntryKind


@pytest.fixture(scope="module")
def policy():
    return load()


def entry(kind=K.local, row=2, date=D(2024, 5, 1), code=None, title="标准", department="区科技局",
          task=None, status=Status.done, due=None, source="a.csv", town=None):
    # The reader hands the evaluator normalized numbers; so does this helper.
    return make_entry(source=source, row=row, kind=kind, title=title, department=department,
                      town=town, date=date, code=normalize_code(code) if code else None,
                      task=task, status=status, due=due)


def evaluate(policy, entries, as_of=D(2024, 12, 31), due_soon=14):
    tally = Tally(policy, Options(as_of=as_of, due_soon=due_soon))
    tally.add_all(entries)
    return tally.result()


def target(result, tid):
    return next(t for t in result.targets if t.id == tid)


def task(result, number):
    return next(t for t in result.tasks if t.number == number)


def test_done_entries_in_window_count_toward_their_kinds(policy):
    r = evaluate(policy, [
        entry(K.national, 2, code="GB/T 1-2024"), entry(K.industry, 3, code="QB/T 2-2024"),
        entry(K.international, 4, code="ISO 3:2024"), entry(K.local, 5, code="DB50/T 4-2024"),
        entry(K.local, 6, code="DB50/T 5-2024", status=Status.in_progress),
        entry(K.activity, 7, title="宣传周"),
    ])
    assert target(r, "standards-participated").achieved == 3
    assert target(r, "local-standards").achieved == 1
    assert target(r, "enterprise-standards").achieved == 0


def test_same_code_written_differently_counts_once_and_names_both_places(policy):
    r = evaluate(policy, [
        entry(K.national, 5, code="GB/T 44019-2024", source="农委.csv"),
        entry(K.national, 9, code="ＧＢ／Ｔ　44019—2024", source="市监局.xlsx"),
    ])
    assert target(r, "standards-participated").achieved == 1
    (dup,) = r.duplicates
    assert (dup.first.source, dup.first.row) == ("农委.csv", 5)
    assert (dup.again.source, dup.again.row) == ("市监局.xlsx", 9)
    (p,) = [p for p in r.findings if p.code == "duplicate-entry"]
    assert p.source == "市监局.xlsx" and p.line == 9 and "农委.csv row 5" in p.message.en
    assert p.counts is False


def test_without_code_same_kind_and_title_is_a_duplicate(policy):
    r = evaluate(policy, [
        entry(K.pilot, 2, title="《江津花椒 标准化示范区》"),
        entry(K.pilot, 3, title="江津花椒标准化示范区"),
        entry(K.group, 4, title="江津花椒标准化示范区"),  # another kind: not the same thing
    ])
    assert target(r, "pilot-projects").achieved == 1
    assert target(r, "group-standards").achieved == 1
    assert len(r.duplicates) == 1


def test_late_entries_do_not_count_but_are_shown(policy):
    r = evaluate(policy, [entry(K.local, 2, date=D(2026, 2, 1), code="DB50/T 9-2026"),
                          entry(K.local, 3, date=D(2025, 12, 31), code="DB50/T 8-2025"),
                          entry(K.activity, 4, date=D(2026, 2, 1), title="不计数的活动")],
                 as_of=D(2026, 11, 28))
    t = target(r, "local-standards")
    assert (t.achieved, t.late, t.gap) == (1, 1, 1)  # 1 + 1 late = 2 = required: met late
    assert [(x.row, x.date) for x in r.late] == [(2, D(2026, 2, 1))]
    assert t.state is State.met_late
    r = evaluate(policy, [entry(K.local, 2, date=D(2026, 2, 1), code="DB50/T 9-2026")],
                 as_of=D(2026, 11, 28))
    t = target(r, "local-standards")
    assert (t.achieved, t.late, t.state, t.light) == (0, 1, State.overdue, Light.red)


def test_met_late(policy):
    r = evaluate(policy, [entry(K.local, 2, date=D(2025, 6, 1), code="DB50/T 1-2025"),
                          entry(K.local, 3, date=D(2026, 2, 1), code="DB50/T 2-2026")],
                 as_of=D(2026, 11, 28))
    t = target(r, "local-standards")
    assert t.state is State.met_late and t.light is Light.yellow and t.gap == 1


def test_entries_before_the_window_are_reported(policy):
    r = evaluate(policy, [entry(K.local, 7, date=D(2022, 12, 31), code="DB50/T 7-2022")])
    assert target(r, "local-standards").achieved == 0
    (p,) = r.findings
    assert (p.code, p.line, p.counts) == ("outside-window", 7, False)


def test_future_dated_entries_are_flagged_and_not_counted(policy):
    r = evaluate(policy, [entry(K.local, 4, date=D(2025, 1, 2), code="DB50/T 3-2025")],
                 as_of=D(2024, 12, 31))
    assert target(r, "local-standards").achieved == 0
    (p,) = r.findings
    assert (p.code, p.line, p.field) == ("future-date", 4, "date")


def test_done_entry_without_date_cannot_be_placed(policy):
    r = evaluate(policy, [entry(K.local, 4, date=None, code="DB50/T 3-2025")])
    (p,) = r.findings
    assert (p.code, p.counts) == ("missing-date", False)


def test_cancelled_entries_never_count(policy):
    r = evaluate(policy, [entry(K.group, 2, code="T/CQ 1-2024", status=Status.cancelled, task=14,
                                department="区民政局")])
    assert target(r, "group-standards").achieved == 0
    assert "区民政局" in task(r, 14).silent_departments


def test_states_and_lights_follow_the_trajectory(policy):
    # window 2023-01-01..2025-12-31, as of 2024-07-02: exactly half the span has passed
    as_of = D(2024, 7, 2)
    span = (D(2025, 12, 31) - D(2023, 1, 1)).days
    half = (as_of - D(2023, 1, 1)).days / span
    enterprise = [entry(K.enterprise, i, code=f"Q/JJ {i:04d}-2024") for i in range(2, 23)]  # 21
    groups = [entry(K.group, 100, code="T/CQ 1-2024")]  # 1 of 3: expected 1.5 -> 67% -> red
    pilots = [entry(K.pilot, 200 + i, title=f"试点{i}") for i in range(3)]  # met
    r = evaluate(policy, enterprise + groups + pilots, as_of=as_of)
    e = target(r, "enterprise-standards")
    assert e.expected_by_now == pytest.approx(50 * half, abs=0.01)
    assert e.state is State.behind and e.achieved / e.expected_by_now >= 0.8
    assert e.light is Light.yellow
    g = target(r, "group-standards")
    assert g.state is State.behind and g.light is Light.red
    p = target(r, "pilot-projects")
    assert p.state is State.met and p.light is Light.green and p.gap == 0


def test_pace_rates_and_projection(policy):
    as_of = D(2024, 1, 1)  # 12 months in, 24 months left
    r = evaluate(policy, [entry(K.enterprise, i, date=D(2023, 6, 1), code=f"Q/A {i}-2023")
                          for i in range(2, 26)], as_of=as_of)  # 24 done: 2/month so far
    e = target(r, "enterprise-standards")
    assert e.rate_so_far == pytest.approx(2.0, abs=0.01)
    assert e.rate_needed == pytest.approx(26 / (730 / (365.25 / 12)), abs=0.01)
    assert e.state is State.on_track and e.light is Light.green
    # 26 to go at 2/month: 13 months after as_of
    assert D(2025, 1, 15) < e.projected < D(2025, 2, 15)


def test_silent_departments_in_the_opinions_order(policy):
    r = evaluate(policy, [entry(K.activity, 2, task=4, department="区交通局"),
                          entry(K.activity, 3, task=4, department="区科技局")])
    t = task(r, 4)
    assert t.reporting_departments == ["区科技局", "区交通局"]
    assert t.silent_departments == ["区发展改革委", "区经济信息委", "区城市管理局", "区农业农村委",
                                    "区卫生健康委", "江津区市场监管局"]
    assert t.light is Light.yellow
    assert task(r, 5).light is Light.red  # nothing reported at all


def test_task_16_is_silent_only_when_nobody_reports(policy):
    nobody = evaluate(policy, []).tasks[15]
    assert nobody.silent_departments == [] and nobody.nobody_reported
    r = evaluate(policy, [entry(K.activity, 2, task=16, department="区民政局")])
    assert task(r, 16).silent_departments == [] and not task(r, 16).nobody_reported
    assert task(r, 16).light is Light.green


def test_task_12_counts_towns_without_listing_them(policy):
    r = evaluate(policy, [entry(K.pilot, 2, task=12, department=None, town="白沙镇", title="a"),
                          entry(K.pilot, 3, task=12, department=None, town="几江街道", title="b"),
                          entry(K.pilot, 4, task=12, department="区城市管理局", title="c")])
    t = task(r, 12)
    assert t.towns_reporting == 2
    assert t.silent_departments == ["江津区市场监管局"]


def test_overdue_and_due_soon_days(policy):
    as_of = D(2026, 11, 28)
    r = evaluate(policy, [
        entry(K.local, 2, status=Status.planned, due=D(2026, 10, 31), task=11, date=None),
        entry(K.local, 3, status=Status.in_progress, due=D(2026, 12, 10), task=11, date=None),
        entry(K.local, 4, status=Status.planned, due=D(2027, 3, 1), task=11, date=None),
        entry(K.local, 5, status=Status.cancelled, due=D(2026, 1, 1), task=11, date=None),
        entry(K.local, 6, status=Status.done, due=D(2026, 1, 1), task=11, date=D(2025, 12, 1)),
    ], as_of=as_of, due_soon=14)
    assert [(i.row, i.days_overdue) for i in r.overdue] == [(2, 28)]
    assert [(i.row, i.days_left) for i in r.due_soon] == [(3, 12)]
    assert task(r, 11).overdue == 1 and task(r, 11).light is Light.red
    assert fails_on(r, "overdue")


def test_due_soon_turns_a_task_yellow(policy):
    r = evaluate(policy, [
        entry(K.activity, 2, task=17, department="江津区市场监管局", date=D(2024, 1, 1)),
        entry(K.activity, 3, task=17, department="江津区市场监管局", status=Status.planned,
              due=D(2025, 1, 5), date=None),
    ], as_of=D(2024, 12, 31))
    assert task(r, 17).light is Light.yellow and task(r, 17).due_soon == 1


def test_findings_for_fail_on(policy):
    r = evaluate(policy, [])
    assert fails_on(r, "gap") and not fails_on(r, "overdue")
    assert not fails_on(r, "problems")


@pytest.mark.parametrize("days, soon", [(13, True), (14, True), (15, False)])
def test_due_soon_includes_its_last_day(policy, days, soon):
    as_of = D(2024, 6, 1)
    r = evaluate(policy, [entry(K.local, 2, status=Status.planned, date=None,
                                due=as_of + dt.timedelta(days=days))], as_of=as_of, due_soon=14)
    assert [i.days_left for i in r.due_soon] == ([days] if soon else [])


def test_an_item_due_soon_turns_an_on_track_target_yellow(policy):
    as_of = D(2024, 6, 1)
    done = [entry(K.group, row, code=f"T/CQ {row}-2024") for row in range(2, 5)]
    planned = entry(K.group, 9, status=Status.planned, date=None, due=D(2024, 6, 5))
    quiet = evaluate(policy, done, as_of=as_of)
    assert target(quiet, "group-standards").light is Light.green
    r = evaluate(policy, [*done, planned], as_of=as_of)
    assert target(r, "group-standards").state is State.met
    # met already: an item due soon does not dim a met target, only an on-track one
    assert target(r, "group-standards").light is Light.green
    early = [entry(K.enterprise, row, code=f"Q/JJ {row}-2023", date=D(2023, 1, 2))
             for row in range(2, 40)]
    soon = entry(K.enterprise, 90, status=Status.planned, date=None, due=D(2024, 6, 5))
    base = evaluate(policy, early, as_of=as_of)
    assert target(base, "enterprise-standards").state is State.on_track
    assert target(base, "enterprise-standards").light is Light.green
    with_soon = evaluate(policy, [*early, soon], as_of=as_of)
    assert target(with_soon, "enterprise-standards").light is Light.yellow


def test_pace_before_and_after_the_deadline(policy):
    entries = [entry(K.enterprise, row, code=f"Q/JJ {row}-2024", date=D(2024, 1, 1))
               for row in range(2, 12)]
    before = target(evaluate(policy, entries, as_of=D(2024, 12, 31)), "enterprise-standards")
    assert before.state is State.behind
    # 40 to go in the 12 months to 2025-12-31
    assert before.rate_needed == pytest.approx(40 / (365 / (365.25 / 12)), abs=0.01)
    after = target(evaluate(policy, entries, as_of=D(2026, 3, 1)), "enterprise-standards")
    assert after.state is State.overdue
    assert after.rate_needed is None  # past the deadline no rate can meet it in time
    assert after.rate_so_far is not None and after.projected is not None


def test_open_item_made_without_validation_is_the_validated_model():
    import datetime as dt

    from stdcheck.result import Item, item_fields, item_of
    from stdcheck.vocabulary import Status

    values = dict(source="a.csv", sheet="2025", row=7, title="某标准", department="区科技局（牵头）",
                  departments=["区科技局", "区经济信息委"], task=3, status=Status.in_progress,
                  stage="报批中", due=dt.date(2026, 1, 31), days_overdue=4, days_left=None)
    fields = item_fields(source="a.csv", sheet="2025", task=3, status=Status.in_progress)
    fields.update(values)
    fast, slow = item_of(fields), Item(**values)  # type: ignore[arg-type]
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert list(fast.__dict__) == list(Item.model_fields)


def test_open_items_read_as_a_list_of_items():
    """The evaluation keeps open items compact; read back they are a list of ``Item`` in every
    way a renderer or a library user reads one."""
    from pathlib import Path

    from stdcheck import check
    from stdcheck.result import Item, Items, StatusReport

    example = Path(__file__).resolve().parent.parent / "examples" / "ledger.csv"
    r = check([example], as_of=dt.date(2026, 11, 28))
    items = r.overdue
    assert isinstance(items, Items) and len(items) >= 2
    listed = list(items)
    assert all(type(i) is Item for i in listed)
    assert items[0] == listed[0] and items[-1] == listed[-1] and items[:2] == listed[:2]
    assert items == listed and listed == list(Items(listed))
    assert items != listed[:-1]
    assert [i.days_overdue for i in items] == sorted((i.days_overdue for i in items), reverse=True)
    again = StatusReport.model_validate_json(r.model_dump_json())
    assert again.overdue == items and isinstance(again.overdue, Items)
    assert r.model_dump(mode="json")["overdue"] == [i.model_dump(mode="json") for i in listed]


def test_open_items_of_one_line_on_two_sheets_keep_the_order_they_were_read(tmp_path):
    """Items due the same day on the same line of two sheets of one workbook: listed in the
    order the sheets were read, not by sheet name."""
    import openpyxl

    from stdcheck import check

    wb = openpyxl.Workbook()
    wb.active.title = "甲"  # read first, though 乙 (U+4E59) sorts before 甲 (U+7532)
    wb.create_sheet("乙")
    for ws in wb.worksheets:
        ws.append(["序号", "类别", "名称", "责任单位", "对应任务", "状态", "完成时限"])
        ws.append([1, "地方标准", f"{ws.title}的标准", "区科技局", 3, "起草中", "2026-10-01"])
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    r = check([path], as_of=dt.date(2026, 11, 28))
    assert [(i.sheet, i.row, i.days_overdue) for i in r.overdue] == [("甲", 2, 58), ("乙", 2, 58)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("花椒 　（）()《》ＧＢ／Ｔ－—-_,，.。ＡａAa１1:：;；、\u00a0\u3000ﾊ"
                                            "【】「」“”'\"")), max_size=20))
def test_title_key_is_the_noise_removed_from_nfkc(title: str) -> None:
    import re
    import unicodedata

    from stdcheck.evaluate import _TITLE_NOISE, title_key

    assert title_key(title) == _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title)).lower()
    assert re.sub(r"\s", "", title_key(title)) == title_key(title)
