"""The HTML meeting report: the status numbers, escaping, one self-contained file, labels in one
language, and the page as headless Chromium prints and shows it (skipped without Chromium)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

import pytest
from conftest import figure
from conftest import report_ledger as ledger
from conftest import run_ok as run
from hypothesis import given, settings
from hypothesis import strategies as st

from stdcheck.meeting import build
from stdcheck.render import Format, Unsupported, render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
AS_OF = dt.date(2026, 11, 28)


class Page(HTMLParser):
    """The parts of a page the tests look at: tags with their attributes, and the text a reader
    sees (outside <style> and <title>)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, Optional[str]]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def with_attr(self, name: str, tag: Optional[str] = None) -> list[dict[str, Optional[str]]]:
        return [a for t, a in self.tags if name in a and (tag is None or t == tag)]

    @property
    def words(self) -> str:
        return " ".join(self.text)


def html_report(tmp_path: Path, *args: str, lang: str = "en") -> str:
    out = tmp_path / f"report.{lang}.html"
    run("report", *args, "--as-of", "2026-11-28", "--out", str(out), "--lang", lang)
    return out.read_text(encoding="utf-8")


def test_the_numbers_are_the_status_numbers(tmp_path: Path) -> None:
    status = json.loads(run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format",
                            "json").output)
    page = Page(html_report(tmp_path, str(EXAMPLE)))
    rows = {a["data-target"]: a for a in page.with_attr("data-target", "tr")}
    charts = {a["data-target"]: a for a in page.with_attr("data-target", "figure")}
    assert list(rows) == list(charts) == [t["id"] for t in status["targets"]]
    for t in status["targets"]:
        row, chart = rows[t["id"]], charts[t["id"]]
        assert (row["data-achieved"], row["data-required"], row["data-gap"]) == \
            (str(t["achieved"]), str(t["required"]), str(t["gap"]))
        assert float(row["data-expected"] or "") == t["expected_by_now"]
        assert (row["data-state"], row["data-light"]) == (t["state"], t["light"])
        assert (chart["data-achieved"], chart["data-required"]) == \
            (str(t["achieved"]), str(t["required"]))
        assert figure(t) in page.words  # the numbers as text too
    (sources,) = page.with_attr("data-rows-read")
    s = status["summary"]
    assert (sources["data-files"], sources["data-rows-read"], sources["data-rows-used"],
            sources["data-findings"]) == (str(s["files"]), str(s["rows_read"]),
                                          str(s["rows_used"]), str(s["errors"] + s["warnings"]))
    assert sources["data-counted"] == str(sum(f["counted"] for f in status["files"]))


def test_the_sections_are_the_markdown_sections_in_order(tmp_path: Path) -> None:
    r = build([EXAMPLE], as_of=AS_OF, since=dt.date(2026, 6, 1))
    md = render(r, Format.md, "zh")
    assert isinstance(md, str)
    html = render(r, Format.html, "zh")
    assert isinstance(html, str)
    page = Page(html)
    headings = re.findall(r"^## (.+)$", md, re.M)[1:]  # after the contents
    assert [a["id"] for a in page.with_attr("id", "section")] == \
        ["summary", "since", "open", "departments", "tasks", "evidence", "quality"]
    links = [a["href"] for a in page.with_attr("href", "a")]
    assert links == ["#summary", "#since", "#open", "#departments", "#tasks", "#evidence",
                     "#quality"]
    words = page.words
    positions = [words.index(h) for h in headings]
    assert positions == sorted(positions) and len(headings) == 7
    # every department heading and every evidence heading of the Markdown is on the page
    for h in re.findall(r"^### (.+)$", md, re.M):
        assert h.replace("\\", "") in words, h
    assert "无待办事项" in words and "区司法局" in words  # the quiet departments, on one line
    # every finding, with how to fix it
    assert "重复报送" in words and r.findings and all(f.text("zh") in words
                                                         for f in r.findings)


def test_department_option_shows_only_those_pages(tmp_path: Path) -> None:
    html = html_report(tmp_path, str(EXAMPLE), "-d", "区科技局")
    headings = re.findall(r'<section class="dept">\s*<h3>(.*?)</h3>', html)
    assert headings == ["区科技局 (Jiangjin District Science and Technology Bureau)"]
    assert "nothing outstanding</strong>" not in html  # no line of the quiet departments
    everyone = html_report(tmp_path, str(EXAMPLE))
    assert len(re.findall(r'<section class="dept">', everyone)) > 1
    assert "nothing outstanding</strong>: " in everyone


def test_a_ledger_title_is_text_not_markup(tmp_path: Path) -> None:
    f = ledger(tmp_path / "a.csv", [
        ["1", "2024-05-01", "地方标准", "<script>alert(1)</script> \"q\" 'a' & <b>粗</b>",
         "DB50/T 1-2024", "区科技局", "3", "已发布", ""],
        ["2", "", "地方标准", "<img src=x onerror=alert(2)>", "", "区科技局", "3", "起草中",
         "2026-01-31"]])
    html = html_report(tmp_path, str(f))
    page = Page(html)
    assert "script" not in [t for t, _ in page.tags]
    assert "img" not in [t for t, _ in page.tags] and "b" not in [t for t, _ in page.tags]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script> \"q\" 'a' & <b>粗</b>" in page.words
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)


# The loop the template had for a table's rows, before html.table() wrote them: it stays here
# as what table() must write, cell for cell.
TEMPLATE_ROWS = """{% for row in rows %}
    <tr{% if row.light %} class="light-{{ row.light }}"{% endif %}>
{% for cell in row.cells %}
      {% set cls = ("num " if loop.index0 in numeric else "") ~ ("light" if loop.index0 == light else "") %}
      <td{% if cls %} class="{{ cls | trim }}"{% endif %}>{{ cell }}</td>
{% endfor %}
    </tr>
{% endfor %}"""


def test_table_rows_are_what_the_template_loop_wrote() -> None:
    import jinja2

    from stdcheck.render.html import Row, table

    rows = [Row(["<script>x</script>", "1", "\"q\" 'a' & b", "{{ y }} {% z %}", "红"], "red"),
            Row(["a\nb", "", "&amp;", "", ""]),
            Row(["c", "3", "<b>粗</b>", "x", "绿"], "<i>")]
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    loop = env.from_string(TEMPLATE_ROWS)
    for numeric, light in [(frozenset({1, 3}), 4), (frozenset({4}), 4), (frozenset(), None)]:
        got = table(["a", "b", "c", "d", "e"], iter(rows), numeric, light)
        assert got.body() + "\n" == loop.render(rows=rows, numeric=numeric, light=light)
        assert len(got.rows) == len(rows)
    assert table(["a"], iter([])).body() == loop.render(rows=[], numeric=set(), light=None)
    with pytest.raises(ValueError):  # one cell per column
        table(["a", "b"], iter([Row(["only one"])]))


def test_one_self_contained_file(tmp_path: Path) -> None:
    f = ledger(tmp_path / "a.csv", [
        ["1", "2024-05-01", "地方标准", "见 https://example.com/a 与 [链](http://x)",
         "DB50/T 1-2024", "区科技局", "3", "已发布", ""]])
    html = html_report(tmp_path, str(f))
    page = Page(html)
    assert "https://example.com/a" in page.words  # the ledger's link, as text
    for _, attrs in page.tags:
        for name, value in attrs.items():
            assert "//" not in (value or ""), (name, value)  # no address in any attribute
    assert all((a["href"] or "").startswith("#") for a in page.with_attr("href"))
    assert not page.with_attr("src")
    assert not [t for t, _ in page.tags if t in ("script", "link", "iframe", "object", "img")]
    lowered = html.lower()
    assert "@import" not in lowered and "url(" not in lowered and "@font-face" not in lowered
    # fonts are named, with CJK fallbacks, never fetched
    assert '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "FangSong", serif' \
        in html
    for rule in ("@page", "size: A4", "break-before: page", "thead { display: table-header-group; }"):
        assert rule in html


def test_every_label_in_both_languages() -> None:
    r = build([EXAMPLE], as_of=AS_OF, since=dt.date(2026, 6, 1))
    en = render(r, Format.html, "en")
    zh = render(r, Format.html, "zh")
    assert isinstance(en, str) and isinstance(zh, str)
    assert '<html lang="en">' in en and '<html lang="zh-CN">' in zh
    data = set(re.findall(r"[\u4e00-\u9fff（）、，：；·]+", EXAMPLE.read_text("utf-8")))
    data |= {d.name for d in __import__("stdcheck").load_policy().departments}
    leftover = [w for w in re.findall(r"[\u4e00-\u9fff]+", en) if not any(w in d for d in data)]
    assert leftover == []
    from stdcheck import i18n
    from stdcheck.render.html import _labels

    words = Page(zh).words
    english = [v for k, v in _labels(i18n.Labels("en")).items() if k != "colon"]
    english += ["Overview", "Overdue and due soon", "Actions by department", "Evidence", "Data quality",
                "Since the last meeting", "Rows counted", "How to fix", "Expected by now"]
    assert [w for w in english if w in words] == []
    # chart titles and captions are labels too
    assert "已完成 9 / 目标值 10" in zh and "Achieved 9 / Required 10" in en
    # a label's colon and a list's separator are full width in Chinese, as in the Word paper
    assert "<li>截至：<time" in zh and "<li>As of: <time" in en
    md = render(r, Format.md, "zh")
    assert isinstance(md, str)
    for text in (zh, md):
        share = next(line for line in text.splitlines() if "计入各目标的条目：" in line)
        assert "；" in share and "; " not in share and ": " not in share


def test_since_section(tmp_path: Path) -> None:
    page = Page(html_report(tmp_path, str(EXAMPLE), "--since", "2026-06-01"))
    assert "Since 2026-06-01" in page.words
    assert re.search(r"Completed \(\d+\)", page.words)
    assert re.search(r"Newly overdue \(\d+\)", page.words)
    assert "Since the last meeting" not in Page(html_report(tmp_path, str(EXAMPLE))).words


def test_html_refuses_another_document_and_jinja_loads_only_when_used() -> None:
    from stdcheck import check, load_policy

    with pytest.raises(Unsupported):
        render(check([EXAMPLE], load_policy(), AS_OF), Format.html, "en")
    code = ("import sys, stdcheck.cli, stdcheck.render; "
            "assert 'jinja2' not in sys.modules, 'jinja2 imported at start-up'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_suffix_picks_html(tmp_path: Path) -> None:
    for name in ("r.html", "r.HTM"):
        run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(tmp_path / name))
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)


def _chromium(args: list[str], profile: Path) -> subprocess.Popen[str]:
    assert CHROMIUM
    return subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install "
                    "chromium fonts-noto-cjk poppler-utils): the HTML is not rendered")
def test_chromium_prints_and_shows_the_report(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--since", "2026-06-01", "--out",
        str(html), "--lang", "zh")
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    url = html.resolve().as_uri()
    jobs = [_chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", url],
                      tmp_path / "p1"),
            _chromium([f"--screenshot={png}", "--window-size=1280,2000", url], tmp_path / "p2")]
    logs = []
    for job in jobs:
        out, err = job.communicate(timeout=180)
        assert job.returncode == 0, err[-2000:]
        logs.append(out + err)
    console = [line for log in logs for line in log.splitlines()
               if "Uncaught" in line or "CONSOLE" in line]
    assert console == []  # the page logs nothing: no script, nothing it failed to load

    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    assert pages > 1  # a page break between the sections, at least
    # a CJK font is embedded: Chromium embeds Noto CJK (OpenType CFF) as Type 3 fonts, which
    # pdffonts lists without a name, so the font descriptors in the file are read as well
    fonts = ""
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+", fonts)  # embedded
    names = re.findall(rb"/(?:FontName|BaseFont)\s*/([A-Za-z0-9+_-]+)", data)
    assert re.search(r"CJK", fonts, re.I) or any(re.search(rb"CJK|Song|Hei|Han", n)
                                                 for n in names), (fonts[:500], names[:10])
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "标准化工作联席会议差距报告" in text.replace(" ", "")

    shot = png.read_bytes()
    assert _png_size(shot) == (1280, 2000) and len(shot) > 50_000  # a page, not a blank


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from("&<>'\"a花 \n#;")), st.text(), st.integers()))
def test_cell_text_is_escaped_as_autoescaping_does(value: object) -> None:
    """The table cells' own escape writes what markupsafe's (autoescaping's) writes, once the
    control characters are made visible as every writer makes them."""
    from markupsafe import Markup, escape

    from stdcheck.render.controls import visible
    from stdcheck.render.html import _text

    assert _text(value) == str(escape(visible(value) if isinstance(value, str) else value))
    assert _text(Markup("<i>已是标记</i>")) == "<i>已是标记</i>"
