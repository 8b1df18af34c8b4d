"""The ledger inbox (issue 21) through Starlette's test client: the store, every route for every
role, CSRF, the upload limits, rounds, what a department may see, naughty strings, the export
that `stdcheck report` reads to the server's numbers, and thirty uploads at once."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("starlette")
from conftest import example_by_department
from starlette.testclient import TestClient

from stdcheck.cli import app as cli_app
from stdcheck.inbox import intake
from stdcheck.inbox.app import create_app
from stdcheck.inbox.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ledger.csv"
AS_OF = "2026-11-28"
HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态", "完成时限"]
GOOD_ROW = ["1", "2024-03-05", "国家标准", "花椒 质量分级", "GB/T 30391-2024", "区科技局", "1", "已发布", ""]
BAD_ROW = ["2", "2024-13-45", "国家标准", "藤椒油", "GB/T 30392-2024", "区科技局", "1", "已发布", ""]
SCIENCE, FARMING = "区科技局", "区农业农村委"
REPORTS_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def csv_bytes(*rows: list[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    return buf.getvalue().encode("utf-8")


class Inbox:
    """A store with a round open, its app, and the tokens init printed."""

    def __init__(self, root: Path, limit: int = intake.DEFAULT_LIMIT, round_open: bool = True):
        self.store, issued = Store.create(root / "store", None, "http://testserver")
        self.admin = issued.admin
        self.tokens = dict(issued.departments)
        if round_open:
            self.store.open_round("2025年第三季度联席会议", dt.date(2099, 12, 31))
        self.app = create_app(self.store, limit=limit)

    def client(self, login: str | None = None) -> TestClient:
        c = TestClient(self.app, follow_redirects=False)
        if login is not None:
            assert c.get(f"/login/{login}").status_code == 303
        return c

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def upload(self, department: str, data: bytes, name: str = "台账.csv",
               token: str | None = None) -> tuple[int, dict]:
        r = self.client().post("/api/ledgers", headers=self.bearer(token or self.tokens[department]),
                               files={"file": (name, data, "application/octet-stream")})
        return r.status_code, r.json()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
def inbox(tmp_path: Path) -> Inbox:
    return Inbox(tmp_path)


# --- the store ---------------------------------------------------------------------------------


def test_init_makes_a_private_store_in_wal_mode_and_prints_each_token_once(tmp_path: Path):
    out = CliRunner().invoke(cli_app, ["inbox", "init", str(tmp_path / "s"), "--format", "json",
                                       "--base-url", "https://inbox.example"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert len(doc["departments"]) == 30 and doc["departments"][0]["name"] == SCIENCE
    tokens = [doc["admin_token"], *(d["token"] for d in doc["departments"])]
    assert len(set(tokens)) == 31 and all(len(t) >= 43 for t in tokens)  # 256 random bits
    assert doc["departments"][0]["link"] == f"https://inbox.example/login/{tokens[1]}"
    root = tmp_path / "s"
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert {p.name for p in root.iterdir()} >= {"inbox.sqlite3", "files", "ledgers", "tmp"}
    db = sqlite3.connect(root / "inbox.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    stored = b"".join((root / "inbox.sqlite3").read_bytes() for _ in [0])
    assert not any(t.encode() in stored for t in tokens)  # only their hashes are kept
    digests = {r[0] for r in db.execute("SELECT digest FROM tokens")}
    assert hashlib.sha256(tokens[0].encode()).hexdigest() in digests
    again = CliRunner().invoke(cli_app, ["inbox", "init", str(root)])
    assert again.exit_code == 2 and "not an empty folder" in again.output


def test_init_with_data_copies_the_policy_and_refuses_a_broken_one(tmp_path: Path):
    other = ROOT / "examples" / "other-policy"
    store, issued = Store.create(tmp_path / "s", other, "http://x")
    assert (tmp_path / "s" / "policy" / "tasks.yaml").read_bytes() == \
        (other / "tasks.yaml").read_bytes()
    assert store.setting("policy") == "copied"
    assert [n for n, _ in issued.departments] == [d.name for d in store.policy().departments]
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("targets.yaml", "tasks.yaml", "departments.yaml"):
        (broken / name).write_text((other / name).read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "tasks.yaml").write_text("sections: [\n", encoding="utf-8")
    out = CliRunner().invoke(cli_app, ["inbox", "init", str(tmp_path / "t"), "--data",
                                       str(broken), "--lang", "en"])
    assert out.exit_code == 2 and "tasks.yaml" in out.output
    assert not (tmp_path / "t").exists() and not list(tmp_path.glob(".t.*"))


def test_a_new_token_revokes_the_old_one_and_its_sessions(inbox: Inbox):
    old = inbox.tokens[SCIENCE]
    page = inbox.client(login=old)
    assert page.get("/department").status_code == 200
    out = CliRunner().invoke(cli_app, ["inbox", "token", str(inbox.store.root), "--department",
                                       "科技局", "--format", "json"])
    assert out.exit_code == 0, out.output
    new = json.loads(out.stdout)
    assert new["name"] == SCIENCE and new["link"].endswith(new["token"])
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW), token=old)[0] == 401
    assert page.get("/department").status_code == 401  # its session ended with it
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW), token=new["token"])[0] == 201
    assert inbox.store.who(inbox.tokens[FARMING]) is not None  # the others still work
    bad = CliRunner().invoke(cli_app, ["inbox", "token", str(inbox.store.root), "-d", "火星局"])
    assert bad.exit_code == 2 and "火星局" in bad.output


# --- routes and roles --------------------------------------------------------------------------

ROLES = ("anonymous", "wrong token", "department", "department page", "bureau", "bureau page")


def _client(inbox: Inbox, role: str) -> tuple[TestClient, dict[str, str]]:
    if role == "anonymous":
        return inbox.client(), {}
    if role == "wrong token":
        return inbox.client(), inbox.bearer("x" * 43)
    if role == "department":
        return inbox.client(), inbox.bearer(inbox.tokens[SCIENCE])
    if role == "bureau":
        return inbox.client(), inbox.bearer(inbox.admin)
    token = inbox.tokens[SCIENCE] if role == "department page" else inbox.admin
    return inbox.client(login=token), {}


# path -> the status each role gets, in the order of ROLES
GETS = {
    "/healthz": (200, 200, 200, 200, 200, 200),
    "/static/report.css": (200, 200, 200, 200, 200, 200),
    "/department": (401, 401, 200, 200, 403, 403),
    "/department/uploads/{own}": (401, 401, 200, 200, 403, 403),
    "/department/uploads/{own}/file": (401, 401, 200, 200, 403, 403),
    "/department/uploads/{other}": (401, 401, 404, 404, 403, 403),
    "/department/uploads/{other}/file": (401, 401, 404, 404, 403, 403),
    "/template.xlsx": (401, 401, 200, 200, 200, 200),
    "/bureau": (401, 401, 403, 403, 200, 200),
    "/bureau/departments/science-technology": (401, 401, 403, 403, 200, 200),
    "/bureau/uploads/{other}": (401, 401, 403, 403, 200, 200),
    "/bureau/uploads/{other}/file": (401, 401, 403, 403, 200, 200),
    "/api/uploads": (401, 401, 403, 403, 200, 200),
    "/api/status": (401, 401, 403, 403, 200, 200),
    **{f"/api/report.{fmt}": (401, 401, 403, 403, 200, 200)
       for fmt in ("docx", "html", "xlsx", "md", "json")},
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Inbox, dict[str, int]]:
    inbox = Inbox(tmp_path_factory.mktemp("routes"))
    own = inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))[1]["upload"]["id"]
    other = inbox.upload(FARMING, csv_bytes([*GOOD_ROW[:5], FARMING, "8", "已发布", ""]))[1]
    return inbox, {"own": own, "other": other["upload"]["id"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(GETS))
def test_every_get_route_checks_its_role(shared, path: str, role: str):
    inbox, ids = shared
    client, headers = _client(inbox, role)
    r = client.get(path.format(**ids), headers=headers)
    assert r.status_code == GETS[path][ROLES.index(role)], r.text[:300]
    if r.status_code == 200 and "/file" in path:
        assert r.content == csv_bytes(GOOD_ROW) or FARMING.encode() in r.content
    if path.startswith("/api/") and r.status_code >= 400:
        assert set(r.json()["error"]["message"]) == {"zh", "en"}


@pytest.mark.parametrize("role", ROLES)
def test_home_sends_each_role_to_its_page(shared, role: str):
    inbox, _ = shared
    client, headers = _client(inbox, role)
    r = client.get("/", headers=headers)
    expected = {"anonymous": 200, "wrong token": 401, "department": 303,
                "department page": 303, "bureau": 303, "bureau page": 303}[role]
    assert r.status_code == expected
    if expected == 303:
        assert r.headers["location"] == ("/department" if "department" in role else "/bureau")


@pytest.mark.parametrize("role", ROLES)
def test_the_upload_api_takes_only_a_department_token(inbox: Inbox, role: str):
    client, headers = _client(inbox, role)
    r = client.post("/api/ledgers", headers=headers,
                    files={"file": ("台账.csv", csv_bytes(GOOD_ROW), "text/csv")})
    expected = {"anonymous": 401, "wrong token": 401, "department": 201,
                "department page": 401, "bureau": 403, "bureau page": 401}[role]
    assert r.status_code == expected, r.text
    assert len(inbox.store.uploads()) == (1 if expected == 201 else 0)


FORMS = {  # path -> (role allowed, fields)
    "/upload": ("department page", None),
    "/bureau/rounds/close": ("bureau page", {}),
    "/logout": (None, {}),
}


@pytest.mark.parametrize("path", list(FORMS))
@pytest.mark.parametrize("role", ["anonymous", "department page", "bureau page"])
def test_every_form_needs_its_role_and_the_sessions_csrf_token(inbox: Inbox, path: str,
                                                               role: str):
    allowed, fields = FORMS[path]
    client, _ = _client(inbox, role)
    if path == "/upload":
        def send(csrf: str | None) -> int:
            data = {"csrf": csrf} if csrf else {}
            return client.post(path, data=data, files={"file": ("a.csv", csv_bytes(GOOD_ROW))}
                               ).status_code
    else:
        def send(csrf: str | None) -> int:
            return client.post(path, data={**fields, **({"csrf": csrf} if csrf else {})}
                               ).status_code
    if role == "anonymous":
        assert send(None) == 401
        return
    token = csrf_of(client.get("/department" if "department" in role else "/bureau").text)
    if allowed not in (None, role):
        assert send(token) == 403
        return
    assert send(None) == 403  # no token
    assert send("forged" + token[6:]) == 403  # another token
    assert inbox.store.uploads() == [] and inbox.store.current() is not None
    assert send(token) == 303


def test_login_by_link_or_form_sets_a_private_cookie_and_a_bad_link_says_so(inbox: Inbox):
    c = inbox.client()
    r = c.get(f"/login/{inbox.tokens[SCIENCE]}")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert inbox.tokens[SCIENCE] not in cookie
    bad = inbox.client().get("/login/not-a-token")
    assert bad.status_code == 401 and "链接无效" in bad.text
    form = inbox.client()
    page = form.get("/login")
    ok = form.post("/login", data={"csrf": csrf_of(page.text), "token": inbox.admin})
    assert ok.status_code == 303 and form.get("/bureau").status_code == 200
    forged = inbox.client().post("/login", data={"csrf": "x", "token": inbox.admin})
    assert forged.status_code == 403
    secure = TestClient(create_app(inbox.store, secure=True), follow_redirects=False)
    assert "Secure" in secure.get(f"/login/{inbox.admin}").headers["set-cookie"]


def test_every_response_carries_the_security_headers(shared):
    inbox, ids = shared
    c = inbox.client(login=inbox.admin)
    for path in ("/", "/bureau", "/static/inbox.css", "/nowhere", "/api/status",
                 f"/bureau/uploads/{ids['own']}"):
        h = c.get(path).headers
        assert "script-src" not in h["content-security-policy"]
        assert "default-src 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
    page = c.get("/bureau").text
    assert "<script" not in page and "style=" not in page and "<style" not in page


def test_the_pages_share_the_reports_stylesheet(shared):
    from stdcheck.render.html import COLOURS, stylesheet

    inbox, _ = shared
    css = inbox.client().get("/static/report.css")
    assert css.text == stylesheet() and css.headers["content-type"].startswith("text/css")
    assert all(colour in css.text for colour in COLOURS.values())


# --- uploads -----------------------------------------------------------------------------------


def test_an_upload_is_checked_at_once_and_its_findings_located(inbox: Inbox):
    status, doc = inbox.upload(SCIENCE, csv_bytes(GOOD_ROW, BAD_ROW))
    assert status == 201
    up = doc["upload"]
    assert up["accepted"] and up["counted"] and up["department"] == SCIENCE
    assert up["rows"] == {"read": 2, "used": 1, "counted": 1}
    assert up["sha256"] == hashlib.sha256(csv_bytes(GOOD_ROW, BAD_ROW)).hexdigest()
    bad = [f for f in doc["findings"] if f["code"] == "bad-date"]
    assert bad and (bad[0]["line"], bad[0]["column"], bad[0]["field"]) == (3, 2, "完成日期")
    assert "2024-13-45" in bad[0]["message"]["zh"]  # its own file: the value is shown
    assert str(inbox.store.root) not in json.dumps(doc, ensure_ascii=False)
    kept = inbox.store.blob(up["sha256"])
    assert kept.read_bytes() == csv_bytes(GOOD_ROW, BAD_ROW)  # as received
    page = inbox.client(login=inbox.tokens[SCIENCE]).get(f"/department/uploads/{up['id']}")
    assert "日期无法识别" in page.text and "B（完成日期）" in page.text and ">3<" in page.text


def test_a_file_that_is_not_a_ledger_is_kept_but_never_counted(inbox: Inbox):
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))[0] == 201
    status, doc = inbox.upload(SCIENCE, b"%PDF-1.7 a scan", name="台账.pdf")
    assert status == 422 and not doc["upload"]["accepted"]
    assert doc["findings"][0]["code"] == "wrong-format" and doc["findings"][0]["severity"] == "error"
    assert inbox.store.blob(doc["upload"]["sha256"]).read_bytes() == b"%PDF-1.7 a scan"
    status, doc = inbox.upload(SCIENCE, "序号,名称\n1,花椒\n".encode(), name="x.csv")
    assert status == 422 and {f["code"] for f in doc["findings"]} & {"no-header", "missing-column"}
    counted = inbox.store.counted(inbox.store.current().id)  # type: ignore[union-attr]
    assert [u.file_name for u in counted] == ["台账.csv"]  # the earlier readable one counts
    from stdcheck.inbox.standing import Standing

    rnd = inbox.store.current()
    assert rnd is not None
    roll = {line.department.name: line for line in Standing(inbox.store).roll_call(rnd)}
    assert roll[SCIENCE].state == "rejected" and roll[SCIENCE].counted.file_name == "台账.csv"


def test_an_xlsx_and_an_ods_upload_read_as_the_cli_reads_them(inbox: Inbox, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (HEADER, GOOD_ROW):
        book.active.append(row)
    path = tmp_path / "台账.xlsx"
    book.save(path)
    status, doc = inbox.upload(SCIENCE, path.read_bytes(), name="台账.XLSX")
    assert status == 201 and doc["upload"]["rows"]["counted"] == 1
    ods = (ROOT / "tests" / "fixtures" / "ledger.ods").read_bytes()
    status, doc = inbox.upload(FARMING, ods, name="ledger.ods")
    assert status == 201 and doc["upload"]["rows"]["read"] > 0


def test_a_department_sees_nothing_of_another(inbox: Inbox):
    _, theirs = inbox.upload(FARMING, csv_bytes([*GOOD_ROW[:5], FARMING, "8", "已发布", ""]),
                             name="农业农村委台账.csv")
    mine = inbox.client(login=inbox.tokens[SCIENCE])
    page = mine.get("/department").text
    assert FARMING not in page and "农业农村委台账" not in page
    assert mine.get(f"/department/uploads/{theirs['upload']['id']}").status_code == 404
    assert mine.get(f"/department/uploads/{theirs['upload']['id']}/file").status_code == 404
    # a field, a header or a path in the file name naming another department changes nothing
    page = mine.get("/department").text
    r = mine.post("/upload", headers={"X-Department": FARMING.encode("utf-8")},
                  data={"csrf": csrf_of(page), "department": FARMING},
                  files={"file": (f"../{FARMING}/台账.csv", csv_bytes(GOOD_ROW))})
    assert r.status_code == 303
    up = inbox.store.upload(int(r.headers["location"].rsplit("/", 1)[1]))
    assert up is not None and up.department == SCIENCE and up.file_name == "台账.csv"
    r = inbox.client().post("/api/ledgers", headers={
        **inbox.bearer(inbox.tokens[SCIENCE]), "X-Department": FARMING.encode("utf-8")},
        data={"department": FARMING}, files={"file": ("台账.csv", csv_bytes(GOOD_ROW))})
    assert r.status_code == 201 and r.json()["upload"]["department"] == SCIENCE
    assert {u.department for u in inbox.store.uploads()} == {SCIENCE, FARMING}
    assert len(inbox.store.uploads(department=FARMING)) == 1  # only the one it sent itself


NAUGHTY = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}",
           "a\x1b[31mb\x07c", "evil\u202egpj.csv"]


def test_naughty_strings_are_escaped_on_every_page(inbox: Inbox):
    rows = [[str(i), "2024-03-05", s, s, "", s, "1", "已发布", ""] for i, s in enumerate(NAUGHTY)]
    status, doc = inbox.upload(SCIENCE, csv_bytes(*rows), name='"><img src=x onerror=1>.csv')
    assert status == 201
    upload_id = doc["upload"]["id"]
    dept = inbox.client(login=inbox.tokens[SCIENCE])
    bureau = inbox.client(login=inbox.admin)
    pages = [dept.get("/department").text, dept.get(f"/department/uploads/{upload_id}").text,
             bureau.get("/bureau").text, bureau.get(f"/bureau/uploads/{upload_id}").text,
             bureau.get("/bureau/departments/science-technology").text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page
    shown = pages[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # said as text, in the findings
    assert "{{7*7}}" in shown and "␛" in shown
    assert "__img src=x onerror=1_.csv" in pages[2]  # the name sent, made safe to show


def test_413_when_the_declared_length_is_over_the_limit_before_a_byte_is_read(tmp_path: Path):
    inbox = Inbox(tmp_path, limit=1000)
    status, doc = inbox.upload(SCIENCE, csv_bytes(*[GOOD_ROW] * 40))
    assert status == 413 and "over the limit of 0.000953674 MB" in doc["error"]["message"]["en"]
    assert inbox.store.uploads() == [] and not list(inbox.store.tmp.iterdir())
    assert not list(inbox.store.files.iterdir())
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))[0] == 201  # under it: taken


@pytest.mark.parametrize("size", [100 * 1024, 3 * 1024 * 1024])
def test_413_for_a_body_without_a_length_counted_as_it_comes(tmp_path: Path, size: int):
    """A file over the limit inside the form's slack, and a body far over it; both sent
    without a length. (The test client hands the app a body whole; that the server stops
    reading the socket at the limit is tested on a real server, in test_inbox_server.py.)"""
    inbox = Inbox(tmp_path, limit=64 * 1024)

    def body():
        yield (b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
               b"Content-Type: text/csv\r\n\r\n")
        yield b"x" * size
        yield b"\r\n--B--\r\n"

    r = inbox.client().post("/api/ledgers", content=body(), headers={
        **inbox.bearer(inbox.tokens[SCIENCE]), "Content-Type": "multipart/form-data; boundary=B"})
    assert r.status_code == 413 and "0.0625 MB" in r.json()["error"]["message"]["en"]
    assert inbox.store.uploads() == [] and not list(inbox.store.tmp.iterdir())
    assert not list(inbox.store.files.iterdir())


def test_a_form_without_a_file_or_not_a_form_is_a_400(inbox: Inbox):
    c = inbox.client()
    h = inbox.bearer(inbox.tokens[SCIENCE])
    assert c.post("/api/ledgers", headers=h, content=b"hello").status_code == 400
    assert c.post("/api/ledgers", headers=h, data={"x": "1"}, files={"other": ("a", b"1")}
                  ).status_code == 400
    two = [("file", ("a.csv", csv_bytes(GOOD_ROW))), ("file", ("b.csv", csv_bytes(GOOD_ROW)))]
    assert c.post("/api/ledgers", headers=h, files=two).status_code == 400
    assert inbox.store.uploads() == [] and not list(inbox.store.tmp.iterdir())


# --- rounds ------------------------------------------------------------------------------------


def test_no_open_round_is_a_clear_refusal(tmp_path: Path):
    inbox = Inbox(tmp_path, round_open=False)
    status, doc = inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))
    assert status == 409 and "no round is open" in doc["error"]["message"]["en"]
    page = inbox.client(login=inbox.tokens[SCIENCE]).get("/department").text
    assert "当前没有开启的报送轮次" in page and 'action="/upload"' not in page
    assert "还没有任何轮次" in inbox.client(login=inbox.admin).get("/bureau").text


def test_rounds_open_close_freeze_and_feed_the_next_report(inbox: Inbox):
    bureau = inbox.client(login=inbox.admin)
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))[0] == 201
    page = bureau.get("/bureau").text
    r = bureau.post("/bureau/rounds", data={"csrf": csrf_of(page), "name": "x",
                                            "deadline": "2099-01-01"})
    assert r.status_code == 409  # one round at a time
    assert bureau.post("/bureau/rounds/close", data={"csrf": csrf_of(page)}).status_code == 303
    first = inbox.store.rounds()[0]
    assert not first.open and first.closed_as_of == dt.date.today()
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))[0] == 409  # frozen
    page = bureau.get("/bureau").text
    for name, deadline in (("", "2099-01-01"), ("第四季度", "2099-02-30")):
        r = bureau.post("/bureau/rounds", data={"csrf": csrf_of(page), "name": name,
                                                "deadline": deadline})
        assert r.status_code == 422
    r = bureau.post("/bureau/rounds", data={"csrf": csrf_of(page), "name": "2025年第四季度联席会议",
                                            "deadline": "2099-01-01"})
    assert r.status_code == 303
    second_row = [*GOOD_ROW[:3], "花椒油", "GB/T 30393-2025", SCIENCE, "1", "已发布", ""]
    second_row[1] = "2025-01-10"
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW, second_row))[0] == 201
    report = bureau.get("/api/report.json").json()
    since = report["since_last_meeting"]
    assert since["since"] == first.closed_as_of.isoformat() and len(since["previous"]) == 1
    assert [c["title"] for c in since["added"]] == ["花椒油"]
    page = bureau.get("/bureau").text
    assert page.count("2025年第三季度联席会议") >= 2 and "2025年第四季度联席会议" in page
    targets = len(inbox.store.policy().policy.targets)
    for name in ("2025年第三季度联席会议", "2025年第四季度联席会议"):  # each target's count by round
        assert page.count(f'<th scope="row">{name}</th>') == targets
    old = bureau.get(f"/bureau?round={first.id}").text
    assert "已归档" in old
    assert bureau.get("/bureau?round=999").status_code == 404


def test_round_commands_and_their_mistakes(tmp_path: Path):
    runner = CliRunner()
    store = tmp_path / "s"
    assert runner.invoke(cli_app, ["inbox", "init", str(store)]).exit_code == 0
    run = lambda *a: runner.invoke(cli_app, ["inbox", "round", str(store), *a, "--lang", "en"])  # noqa: E731
    assert run("close").exit_code == 2
    assert run("open", "Q3").exit_code == 2  # no deadline
    assert run("open", "Q3", "--deadline", "30.9.2025").exit_code == 2
    ok = run("open", "Q3", "--deadline", "2025-09-30")
    assert ok.exit_code == 0 and "Q3: deadline 2025-09-30, open" in ok.output
    assert run("open", "Q4", "--deadline", "2025-12-31").exit_code == 2
    assert "closed, counts as of" in run("close").output
    listed = json.loads(run("list", "--format", "json").stdout)
    assert [r["name"] for r in listed["rounds"]] == ["Q3"] and not listed["rounds"][0]["open"]
    missing = runner.invoke(cli_app, ["inbox", "round", str(tmp_path / "none"), "list"])
    assert missing.exit_code == 2 and "inbox init" in missing.output


# --- the export and the server agree -----------------------------------------------------------


NUMBERS = ("targets", "summary", "tasks", "departments", "overdue", "due_soon", "late")


def _numbers(doc: dict) -> dict:
    """Everything but where files are: the numbers a meeting reads."""
    out = {k: doc[k] for k in NUMBERS}
    for key in ("overdue", "due_soon", "late"):
        out[key] = [{k: v for k, v in x.items() if k != "source"} for x in doc[key]]
    out["findings"] = sorted((f["code"], f["line"], f["severity"]) for f in doc["findings"])
    return out


def test_the_export_reads_to_the_servers_numbers(inbox: Inbox, tmp_path: Path):
    parts = example_by_department()
    assert len(parts) > 5
    for department, data in parts.items():
        status, _ = inbox.upload(department, data, name=f"{department}台账.csv")
        assert status == 201
    bureau = inbox.client(login=inbox.admin)
    server = bureau.get(f"/api/status?as_of={AS_OF}").json()
    out = tmp_path / "export"
    done = CliRunner().invoke(cli_app, ["inbox", "export", str(inbox.store.root), "--out",
                                        str(out), "--lang", "en"])
    assert done.exit_code == 0 and "gives the server's numbers" in done.output
    assert len(list(out.glob("*/*.csv"))) == len(inbox.store.counted(1))
    cli = CliRunner().invoke(cli_app, ["status", str(out), "--format", "json", "--as-of", AS_OF,
                                       "--keep-going"])
    assert _numbers(json.loads(cli.stdout)) == _numbers(server)
    assert server["summary"]["rows_read"] == 44  # the whole example, split and sent
    report = json.loads(CliRunner().invoke(cli_app, [
        "report", str(out), "--format", "json", "--as-of", AS_OF, "--keep-going"]).stdout)
    served = bureau.get(f"/api/report.json?as_of={AS_OF}").json()
    assert _numbers(report) == _numbers(served)
    assert [p["share"] for p in report["department_pages"]] == \
        [p["share"] for p in served["department_pages"]]
    again = CliRunner().invoke(cli_app, ["inbox", "export", str(inbox.store.root), "--out",
                                         str(out)])
    assert again.exit_code == 2 and "not an empty folder" in again.output  # never overwritten
    last = inbox.store.counted(1)[-1]
    inbox.store.blob(last.sha256).unlink()  # a kept file lost: the export fails whole
    broken = CliRunner().invoke(cli_app, ["inbox", "export", str(inbox.store.root), "--out",
                                          str(tmp_path / "half"), "--lang", "en"])
    assert broken.exit_code == 2 and "nothing was written" in broken.output
    assert not (tmp_path / "half").exists() and not list(tmp_path.glob(".half.*"))


def test_an_interrupted_exports_folder_is_removed_by_the_next_export(inbox: Inbox,
                                                                    tmp_path: Path):
    assert inbox.upload(SCIENCE, csv_bytes(GOOD_ROW))[0] == 201
    old = tmp_path / ".export.k1ll3d.part"  # what an export killed mid-way leaves
    (old / SCIENCE).mkdir(parents=True)
    (old / SCIENCE / "台账.csv").write_text("half", encoding="utf-8")
    young = tmp_path / ".export.running.part"  # an export writing now: kept
    young.mkdir()
    mine = tmp_path / ".export.notes.part.txt"  # not a building folder: kept
    mine.write_text("x", encoding="utf-8")
    hour_ago = time.time() - 3601
    os.utime(old, (hour_ago, hour_ago))
    done = CliRunner().invoke(cli_app, ["inbox", "export", str(inbox.store.root), "--out",
                                        str(tmp_path / "export"), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert f"removed {old} (an export that was interrupted)" in done.output
    assert not old.exists() and young.is_dir() and mine.is_file()
    assert len(list((tmp_path / "export").glob("*/*.csv"))) == 1


# --- thirty at once ----------------------------------------------------------------------------


def test_thirty_departments_upload_at_once_and_nothing_is_lost(inbox: Inbox, monkeypatch):
    running, most = [0], [0]
    lock = threading.Lock()
    check = intake._check

    def counted_check(store, path):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return check(store, path)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(intake, "_check", counted_check)
    departments = [d.name for d in inbox.store.policy().departments]
    results: dict[str, tuple[int, dict]] = {}
    start = threading.Barrier(len(departments))

    def send(name: str) -> None:
        row = [*GOOD_ROW[:3], f"{name}的标准", "", name, "16", "已发布", ""]
        start.wait()
        results[name] = inbox.upload(name, csv_bytes(row, [*row[:3], f"{name}的第二项", *row[4:]]))

    with TestClient(inbox.app):  # one event loop for all thirty, as a server has
        threads = [threading.Thread(target=send, args=(n,)) for n in departments]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert sorted(results) == sorted(departments)
    assert {s for s, _ in results.values()} == {201}, [d for s, d in results.values() if s != 201]
    assert 1 < most[0] <= intake.CHECKS._initial_value  # type: ignore[attr-defined]
    uploads = inbox.store.uploads()
    assert len(uploads) == 30 and {u.department for u in uploads} == set(departments)
    assert {(u.rows_read, u.rows_counted, u.accepted) for u in uploads} == {(2, 2, True)}
    assert inbox.store.damaged(hashes=True) == [] and not list(inbox.store.tmp.iterdir())
    roll = inbox.client(login=inbox.admin).get("/bureau").text
    assert "已报送 30/30" in roll


# --- start-up stays light ----------------------------------------------------------------------


def test_the_command_line_does_not_import_the_web_packages():
    code = ("import sys, stdcheck.cli\n"
            "heavy = {'starlette', 'uvicorn', 'python_multipart', 'sqlite3', 'jinja2', "
            "'stdcheck.inbox.store', 'stdcheck.inbox.app'}\n"
            "assert not heavy & set(sys.modules), heavy & set(sys.modules)\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_every_page_speaks_english_on_asking_and_keeps_it(shared):
    inbox, ids = shared
    dept = inbox.client(login=inbox.tokens[SCIENCE])
    first = dept.get("/department?lang=en")
    assert first.status_code == 200 and "Upload again" in first.text and 'lang="en"' in first.text
    assert "stdcheck_lang=en" in first.headers["set-cookie"]
    assert "Ledger file" in dept.get("/department").text  # the choice is kept
    assert "No problems found" in dept.get(f"/department/uploads/{ids['own']}").text
    office = inbox.client(login=inbox.admin)
    pages = {"/bureau?lang=en": "Roll-call", "/bureau/departments/science-technology": "Its tasks",
             f"/bureau/uploads/{ids['other']}": "Download the file as sent",
             "/nowhere": "Not found"}
    for path, words in pages.items():
        assert words in office.get(path).text, path
    assert "Log in" in inbox.client().get("/login?lang=en").text
    assert "中文" in office.get("/bureau").text  # the switch back


def test_a_paper_with_an_annex_comes_as_a_zip_of_both(inbox: Inbox):
    """Past its size the Word paper names an annex: the download holds the two together."""
    import zipfile

    from stdcheck.render.docx import ANNEX_ROWS

    rows = [[str(i), "2024-03-05", "企业标准", f"企业标准{i}", f"Q/JJ {1000 + i}-2024", SCIENCE,
             "4", "已发布", ""] for i in range(1, ANNEX_ROWS + 2)]
    assert inbox.upload(SCIENCE, csv_bytes(*rows))[0] == 201
    bureau = inbox.client(login=inbox.admin)
    got = bureau.get(f"/api/report.docx?as_of={AS_OF}")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    assert ".zip" in got.headers["content-disposition"]
    z = zipfile.ZipFile(io.BytesIO(got.content))
    paper, annex = "2025年第三季度联席会议-汇总报告.docx", "2025年第三季度联席会议-汇总报告-附件.xlsx"
    assert z.namelist() == [paper, annex]
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(z.read(paper))).paragraphs)
    assert f"附件：{annex}" in text
    # a small round's paper is the docx alone
    small = Inbox(inbox.store.root.parent / "small")
    assert small.upload(SCIENCE, csv_bytes(GOOD_ROW))[0] == 201
    got = small.client(login=small.admin).get(f"/api/report.docx?as_of={AS_OF}")
    assert got.headers["content-type"] == REPORTS_DOCX and got.content[:2] == b"PK"


def test_the_server_runs_with_the_cycle_collector_on(tmp_path: Path, monkeypatch):
    """The command line turns the collector off for a short run (cli.main); a server runs for
    days, so serve turns it back on before it takes a request."""
    import gc

    import uvicorn

    Inbox(tmp_path)  # a store at tmp_path/store
    seen = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: seen.append(gc.isenabled()))
    gc.disable()
    try:
        got = CliRunner().invoke(cli_app, ["serve", str(tmp_path / "store"), "--lang", "en"])
    finally:
        on = gc.isenabled()
        gc.enable()
    assert got.exit_code == 0, got.output
    assert seen == [True] and on


def test_the_access_log_hides_a_login_token() -> None:
    import logging

    from stdcheck.inbox.cli import _hide_tokens

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/login/s3cr3t-token?next=/", "1.1",
                                303), None)
    assert _hide_tokens(record) is True
    assert "s3cr3t" not in record.getMessage()
    assert '"GET /login/…?next=/ HTTP/1.1" 303' in record.getMessage()
