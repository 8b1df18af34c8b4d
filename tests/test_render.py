"""Renderers on a canned result, directly (not through the CLI): each format, each language.

The terminal view is compared with golden files; `UPDATE_GOLDEN=1 python -m pytest
tests/test_render.py` rewrites them after an intended change (review the diff).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
from pathlib import Path

import pytest

from stdcheck.entries import entry
from stdcheck.evaluate import Options, Tally
from stdcheck.policy import load
from stdcheck.render import MODULES, Format, Unsupported, render
from stdcheck.render import Options as RenderOptions
from stdcheck.result import StatusReport
from stdcheck.vocabulary import EntryKind as K
from stdcheck.vocabulary import Status

GOLDEN = Path(__file__).resolve().parent / "golden"
D = dt.date


def canned(overdue: int = 2) -> StatusReport:
    """A small, fixed evaluation: every part of the report has something in it."""
    policy = load()
    tally = Tally(policy, Options(as_of=D(2025, 6, 30), due_soon=14))
    rows = [
        entry(source="台账.csv", row=2, kind=K.national, title="富硒农产品 硒含量要求",
              department="区农业农村委", date=D(2024, 5, 28), code="GB/T44019-2024", task=8),
        entry(source="台账.csv", row=3, kind=K.national, title="富硒农产品 硒含量要求",
              department="江津区市场监管局", date=D(2024, 5, 28), code="GB/T44019-2024", task=8),
        entry(source="台账.csv", row=4, kind=K.local, title="花椒烘干技术规程", department="区科技局",
              date=D(2024, 3, 5), code="DB50/T1500-2024", task=3),
        entry(source="台账.csv", row=5, kind=K.pilot, title="<script>alert(1)</script> 试点",
              town="白沙镇", date=D(2026, 1, 1), task=12),
        entry(source="台账.csv", row=6, kind=K.group, title="富硒大米", department="区经济信息委",
              status=Status.planned, due=D(2025, 7, 10), task=3),
    ]
    rows += [entry(source="台账.csv", row=10 + i, kind=K.enterprise, title=f"企业标准{i}",
                   department="江津区市场监管局", status=Status.in_progress,
                   due=D(2025, 6, 1) - dt.timedelta(days=i), task=14)
             for i in range(overdue)]
    tally.add_all(rows)
    return tally.result()


def test_every_format_has_a_module_with_render():
    assert set(MODULES) == set(Format)
    for fmt, name in MODULES.items():
        module = importlib.import_module(f"stdcheck.render.{name}")
        assert callable(module.render), fmt


def test_the_cli_formats_are_the_registry():
    from stdcheck.cli import ListFormat, ReportFormat, ValidateFormat
    from stdcheck.render import LISTING_FORMATS, REPORT_FORMATS, VALIDATE_FORMATS

    # each command's --format choices are render's list for it, in its order
    assert [f.value for f in ListFormat] == [f.value for f in LISTING_FORMATS]
    assert [f.value for f in ReportFormat] == [f.value for f in REPORT_FORMATS]
    assert [f.value for f in ValidateFormat] == [f.value for f in VALIDATE_FORMATS]


def test_every_report_and_validate_format_renders_its_document(tmp_path):
    """What the --format choices promise: each renders the document of its command."""
    import datetime as dt

    from stdcheck.meeting import build
    from stdcheck.render import REPORT_FORMATS, VALIDATE_FORMATS
    from stdcheck.validation import validate

    ledger = Path(__file__).resolve().parent.parent / "examples" / "ledger.csv"
    report = build([ledger], as_of=dt.date(2026, 11, 28), now=dt.datetime(2026, 11, 28, 9))
    for fmt in REPORT_FORMATS:
        assert render(report, fmt, "zh"), fmt
    checked = validate([ledger], as_of=dt.date(2026, 11, 28), root=tmp_path)
    for fmt in VALIDATE_FORMATS:
        assert render(checked, fmt, "en"), fmt
    for fmt in LISTING_FORMATS_OF_STATUS:
        assert render(canned(), fmt, "en"), fmt


LISTING_FORMATS_OF_STATUS = (Format.table, Format.json)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terminal_golden(lang):
    text = render(canned(), Format.table, lang, RenderOptions(width=100))
    path = GOLDEN / f"status.{lang}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [60, 80, 100, 140])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terminal_breaks_names_joined_by_the_list_comma_as_chinese_is_set(lang, width):
    """A list of departments (区科技局、区经济信息委) breaks after a 、, never before one, and
    a name stays whole on its line where the column can hold it."""
    from stdcheck.evaluate import check

    ledger = Path(__file__).resolve().parent.parent / "examples" / "ledger.csv"
    status = check([ledger], as_of=D(2026, 11, 28))
    lines = render(status, Format.table, lang, RenderOptions(width=width)).splitlines()
    assert not [line for line in lines if line.strip().startswith("、")]
    tasks = [line for line in lines if "、" in line]
    assert len(tasks) > 5
    if width >= 100:
        listed = {name for task in status.tasks for name in task.silent_departments}
        assert len(listed) > 10
        for name in listed:  # whole on some line, not cut at the column's edge
            assert any(name in line for line in lines), (name, lang, width)
        for line in tasks:  # a line ends after a 、 or a whole name, never inside one
            last = line.rstrip().split()[-1] if line.strip() else ""
            if "、" in last and not last.endswith("、"):
                assert any(last.endswith(n) for n in listed), (last, lang, width)


def test_terminal_labels_are_in_one_language():
    en = render(canned(), Format.table, "en", RenderOptions(width=100))
    zh = render(canned(), Format.table, "zh", RenderOptions(width=100))
    assert "Counted targets" in en and "量化目标" not in en
    assert "量化目标" in zh and "Counted targets" not in zh
    assert "\x1b[" not in en  # no colour unless asked for
    assert "\x1b[" in render(canned(), Format.table, "en", RenderOptions(width=100, color=True))


def test_json_is_the_report_itself_and_self_contained():
    report = canned()
    doc = json.loads(render(report, Format.json, "en"))
    assert doc == json.loads(report.model_dump_json())
    assert StatusReport.model_validate(doc) == report  # nothing a renderer needs is missing
    assert doc["schema_version"] == 2
    assert doc["targets"][0]["bound"] == {"type": "at_least", "value": 10}
    assert doc["targets"][0]["short"]["en"] and doc["policy"]["title"]["zh"]
    assert render(report, Format.json, "zh") == render(report, Format.json, "en")


def test_summary_is_computed_once_for_every_format():
    s = canned().summary
    assert (s.targets_total, s.overdue, s.due_soon, s.warnings) == (5, 2, 1, 2)
    assert s.tasks_with_silent_departments > 0


def test_terminal_lists_are_cut_at_fifty_with_a_note():
    text = render(canned(overdue=51), Format.table, "en", RenderOptions(width=160))
    listed = re.findall(r"台账\.csv:(\d+)\s+企业标准", text)
    assert len(listed) == 50
    assert "1 more not shown; use --format json for all" in text
    exactly = render(canned(overdue=50), Format.table, "en", RenderOptions(width=160))
    assert "more not shown" not in exactly


def test_a_format_refuses_a_document_it_cannot_show():
    from pydantic import BaseModel

    class Other(BaseModel):
        x: int = 1

    with pytest.raises(Unsupported):
        render(Other(), Format.table, "en")


def test_json_written_in_pieces_is_json_dumps_of_the_whole_document():
    """The streamed JSON is byte for byte what dumping the whole document gives."""
    import datetime as dt
    import io

    from stdcheck.dates import Month
    from stdcheck.render import render_to
    from stdcheck.result import Item, Items

    report = canned()
    # one list as the evaluation makes it (compact, models made when read), one a plain list
    # (as --department narrows it)
    report = report.model_copy(update={
        "overdue": Items([*report.overdue, Item(
            source="b.csv", row=3, title="“引号”\\ 与\n换行", department=None, task=None,
            status="planned", due=Month(2025, 11, "2025年11月"), days_overdue=3)]),
        "due_soon": [*report.due_soon, Item(
            source="c.csv", sheet="表1", row=4, title="t", department="甲",
            departments=["区科技局", "区经济信息委"], task=3, status="in_progress",
            stage="报批中", due=dt.date(2026, 12, 1), days_left=3)]})
    whole = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert render(report, Format.json, "en") == whole
    out = io.StringIO()
    render_to(out, report, Format.json, "en")
    assert out.getvalue() == whole


def test_every_format_renders_with_the_cycle_collector_paused(monkeypatch) -> None:
    """A report's rows live to the end of the render: the collector is off while a renderer
    runs (render and render_to) and on again afterwards, also when the renderer fails."""
    import gc
    import io

    import stdcheck.render.markdown as md
    from stdcheck.render import render_to

    seen = []

    def spy(doc, lang, options):
        seen.append(gc.isenabled())
        if len(seen) == 3:
            raise RuntimeError("broken renderer")
        return "x"

    monkeypatch.setattr(md, "render", spy)
    report = canned()
    assert render(report, Format.md, "en") == "x" and gc.isenabled()
    render_to(io.StringIO(), report, Format.md, "en")
    with pytest.raises(RuntimeError):
        render(report, Format.md, "en")
    assert seen == [False, False, False] and gc.isenabled()


def test_english_counts_take_the_word_for_their_number():
    from stdcheck.i18n import Labels

    en, zh = Labels("en"), Labels("zh")
    assert en("file_rows", rows=1, used=1, counted=0) == "1 row read, 1 used, 0 counted"
    assert en("file_rows", rows=2, used=0, counted=0) == "2 rows read, 0 used, 0 counted"
    assert en("headline", met=0, total=5, red=5, silent=1, overdue=1).endswith(
        "1 task with silent departments, 1 overdue item")
    assert en("headline", met=5, total=5, red=0, silent=0, overdue=2).endswith(
        "0 tasks with silent departments, 2 overdue items")
    assert zh("file_rows", rows=1, used=1, counted=0) == "读取 1 行，可用 1 行，计入 0 行"


def test_open_items_written_from_their_rows_are_json_dumps_of_their_models(tmp_path, monkeypatch):
    """The evaluator's open items are written without making their models (what a shape's rows
    share is written once): the text is still what dumping the document gives, across shapes
    (departments, several departments, towns, stages, statuses, sheets), month deadlines and
    titles that need escaping; and a model is made once a shape, not once a row."""
    import io
    import random

    from conftest import report_ledger

    from stdcheck import check
    from stdcheck.render import render_to
    from stdcheck.result import Items

    rng = random.Random(3)
    who = ["区科技局", "区农业农村委", "区科技局、区经济信息委", "白沙镇", "区科技局（牵头）、区教委"]
    status = ["起草中", "计划", "报批中", "进行中", ""]
    titles = ["花椒", "“引号”\\ 与", "tab\there", "emoji 🌶", "<b>&</b>", "x" * 60]
    due = ["2026-01-15", "2025年8月", "2026-12-05", "2026-11-30", "2027-02-01"]
    rows = [[str(i), "", "地方标准", f"{rng.choice(titles)}{i}", "", rng.choice(who),
             str(rng.randint(1, 19)), rng.choice(status), rng.choice(due)] for i in range(1, 400)]
    f = report_ledger(tmp_path / "a.csv", rows)
    report = check([f], as_of=dt.date(2026, 11, 28))
    assert isinstance(report.overdue, Items) and report.overdue.split is not None
    assert len(report.overdue) > 100 and len(report.due_soon) > 10
    made = []
    for items in (report.overdue, report.due_soon):
        make = items._make
        monkeypatch.setattr(items, "_make", lambda r, make=make: made.append(r) or make(r))
    out = io.StringIO()
    render_to(out, report, Format.json, "en")
    shapes = sum(len({id(r.shape) for r in items.rows()})
                 for items in (report.overdue, report.due_soon))
    assert 0 < len(made) <= shapes < len(report.overdue) + len(report.due_soon)
    whole = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert out.getvalue() == whole
