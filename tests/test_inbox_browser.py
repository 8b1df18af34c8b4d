"""The inbox in a real browser: Debian's chromium driven through Playwright (no browser is
downloaded). A department logs in by its link, uploads a ledger with a mistake, sees the finding,
uploads the fixed one; the bureau sees the roll-call change and downloads the report. At a
phone's width nothing is wider than the screen.

Screenshots go to the folder ``STDCHECK_SCREENSHOTS`` names (the README's come from
``STDCHECK_SCREENSHOTS=docs``), else to the test's temporary folder. Locally the test skips when
chromium is missing; in CI (``CI`` set) a missing chromium fails it: `.ci/run` installs it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
playwright_api = pytest.importorskip("playwright.sync_api")

from conftest import InboxServer, example_by_department  # noqa: E402

from stdcheck.inbox.rounds import close_round  # noqa: E402
from stdcheck.inbox.standing import Standing  # noqa: E402
from stdcheck.inbox.store import Store  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态", "完成时限"]
SCIENCE = "区科技局"
ROWS = [
    ["1", "2024-05-15", "国家标准", "花椒 麻味物质含量的测定 高效液相色谱法", "GB/T 44019-2024", SCIENCE, "1", "已发布", ""],
    ["2", "2025-03-18", "地方标准", "九叶青花椒栽培技术规程", "DB50/T 1712-2025", SCIENCE, "2", "已发布", ""],
    ["3", "2025-02-30", "团体标准", "富硒茶 加工技术规范", "T/CQSES 012-2025", SCIENCE, "3", "已发布", ""],
    ["4", "", "地方标准", "花椒油 质量分级", "", SCIENCE, "2", "起草中", "2026-12-31"],
]


def ledger(path: Path, fixed: bool) -> Path:
    rows = [list(r) for r in ROWS]
    if fixed:
        rows[2][1] = "2025-02-28"  # the 30th of February was a slip for the 28th
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


@pytest.fixture
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def district(tmp_path: Path) -> Iterator[tuple[InboxServer, str, dict[str, str]]]:
    """A store with a closed round and an open one, most departments heard from."""
    store, issued = Store.create(tmp_path / "store", None, "http://127.0.0.1")
    tokens = dict(issued.departments)
    server = InboxServer(store.root).start()
    parts = sorted(example_by_department().items())
    try:
        store.open_round("2025年第二季度联席会议", dt.date(2025, 6, 30))
        for name, data in parts[:4]:
            _send(server, tokens[name], data)
        close_round(store, Standing(store))
        store.open_round("2025年第三季度联席会议", dt.date.today() + dt.timedelta(days=12))
        for name, data in parts:
            if name != SCIENCE:
                _send(server, tokens[name], data)
        store.close()
        yield server, issued.admin, tokens
    finally:
        server.stop()


def _send(server: InboxServer, token: str, data: bytes) -> None:
    head = (b'--XB\r\nContent-Disposition: form-data; name="file"; filename="ledger.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\n")
    status, answer = server.request("POST", "/api/ledgers", body=head + data + b"\r\n--XB--\r\n",
                                    headers={"Authorization": f"Bearer {token}",
                                             "Content-Type": "multipart/form-data; boundary=XB"})
    assert status == 201, answer[:300]


def _state_of(page: object, department: str) -> str:
    row = page.locator("table.roll tr", has_text=department)  # type: ignore[attr-defined]
    return str(row.locator(".badge").first.inner_text())


def test_a_department_fixes_its_ledger_and_the_bureau_sees_it(browser, district, tmp_path):
    server, admin, tokens = district
    base = f"http://127.0.0.1:{server.port}"
    shots = Path(os.environ.get("STDCHECK_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    wide = {"viewport": {"width": 1100, "height": 900}, "locale": "zh-CN",
            "accept_downloads": True}
    office = browser.new_context(**wide).new_page()
    office.goto(f"{base}/login/{admin}")
    assert office.url == f"{base}/bureau"
    assert _state_of(office, SCIENCE) == "未报送"

    dept = browser.new_context(**wide).new_page()
    dept.goto(f"{base}/login/{tokens[SCIENCE]}")
    assert dept.url == f"{base}/department" and "区科技局 · 台账报送" in dept.content()
    dept.set_input_files("#file", str(ledger(tmp_path / "科技局台账.csv", fixed=False)))
    dept.click("form[action='/upload'] button")
    assert "/department/uploads/" in dept.url
    finding = dept.locator("table.findings tr", has_text="日期无法识别")
    assert finding.count() == 1
    assert "B（完成日期）" in finding.inner_text() and "2025-02-30" in finding.inner_text()
    dept.goto(f"{base}/department")
    assert "有问题，退回修改" in dept.inner_text("section.round")
    dept.screenshot(path=str(shots / "inbox-department.png"), full_page=True)

    office.reload()
    assert _state_of(office, SCIENCE) == "有问题，退回修改"

    dept.set_input_files("#file", str(ledger(tmp_path / "科技局台账（改）.csv", fixed=True)))
    dept.click("form[action='/upload'] button")
    assert "没有发现问题" in dept.content() or dept.locator("tr.sev-error").count() == 0
    dept.goto(f"{base}/department")
    assert "已通过" in dept.inner_text("section.round")

    office.reload()
    assert _state_of(office, SCIENCE) == "已通过"
    assert "已报送" in office.inner_text("section.round")
    office.screenshot(path=str(shots / "inbox-bureau.png"), full_page=True)
    with office.expect_download() as got:
        office.click("ul.downloads a[href^='/api/report.docx']")
    paper = Path(got.value.path())
    assert paper.read_bytes()[:2] == b"PK" and got.value.suggested_filename.endswith(".docx")

    phone = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN",
             "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    for token, shot in ((tokens[SCIENCE], "inbox-department-phone.png"), (admin, None)):
        page = browser.new_context(**phone).new_page()
        page.goto(f"{base}/login/{token}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
        if shot:
            page.screenshot(path=str(shots / shot), full_page=True)
    fonts = dept.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in fonts
