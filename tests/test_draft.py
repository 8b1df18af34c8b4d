"""stdcheck draft: from an opinion's text to the three data files and a review list."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.drafting import Draft, draft, draft_text, write
from stdcheck.policy import check, load
from stdcheck.vocabulary import EntryKind as K

DATA = Path(__file__).parent / "data"
runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # no table cell folded over two lines


def _review(d: Draft) -> str:
    return "\n".join(f"{r.message.zh} {r.source or ''}" for r in d.review)


def _loads(d: Draft, tmp_path: Path) -> None:
    out = tmp_path / "drafted"
    write(d, out)
    result = check(out)
    assert result.findings == [], [f.message.en for f in result.findings]


# --- the two Jiangjin texts ------------------------------------------------------------------


@pytest.fixture(scope="module")
def embedded():  # type: ignore[no-untyped-def]
    return load()


@pytest.mark.parametrize("name", ["opinion.zh.txt", "opinion.original.txt"])
def test_jiangjin_drafts_as_data(name: str, embedded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = draft(DATA / name)
    p = d.policy
    assert p.title.zh == embedded.policy.title.zh
    assert p.local_prefix == "DB50"
    # the five counted targets
    assert [(t.kinds, t.bound.value) for t in p.targets] == [
        (t.kinds, t.bound.value) for t in embedded.policy.targets]
    assert [t.name.zh for t in p.targets] == [t.name.zh for t in embedded.policy.targets]
    assert all(t.window.end == dt.date(2025, 12, 31) for t in p.targets)
    assert all(t.bound.type == "at_least" for t in p.targets)
    # the goals: every goal of data/ is in a drafted goal of its year, and nothing else is
    assert {g.year for g in p.goals} == {2025, 2035}
    for goal in embedded.policy.goals:
        assert any(goal.text.zh in g.text.zh for g in p.goals if g.year == goal.year), goal.id
    assert not any("10项" in g.text.zh for g in p.goals)
    # sections and tasks in order, departments in order, the flags
    assert [s.title.zh for s in d.sections] == [s.title.zh for s in embedded.sections]
    assert [(t.number, t.section, t.title.zh) for t in d.tasks] == [
        (t.number, t.section, t.title.zh) for t in embedded.tasks]
    for mine, theirs in zip(d.tasks, embedded.tasks, strict=True):
        assert mine.departments == theirs.departments, mine.number
        assert (mine.open, mine.all_departments, mine.towns_implement) == (
            theirs.open, theirs.all_departments, theirs.towns_implement), mine.number
    assert d.tasks[11].towns_implement and d.tasks[15].all_departments
    # the registry: every department of data/, in the order of first appearance
    assert [x.name for x in d.departments] == [x.name for x in embedded.departments]
    assert all(not x.full_name_confirmed for x in d.departments)
    _loads(d, tmp_path)


def test_original_page_artefacts_are_dropped() -> None:
    d = draft(DATA / "opinion.original.txt")
    text = json.dumps(d.model_dump(mode="json"), ensure_ascii=False)
    assert "(qū)" not in text and "區" not in text
    assert "环纽" not in "".join(t.summary.zh for t in d.tasks)
    assert any(r.topic == "input" and "环纽" in (r.source or "") for r in d.review)
    # the cited document number is a reference, not this opinion's number nor a target
    assert d.document_number is None
    assert any("渝府办发〔2021〕143号" in r for r in d.policy.references)


# --- short texts, one notation each ------------------------------------------------------------

NATIONAL = """\
国务院关于印发某某标准化行动方案的通知
国发〔2022〕30号
一、总体要求
（一）主要目标。
到2025年，制定原创技术标准100项、国际标准50项、国家和行业标准400项。
二、重点任务
（一）强化标准引领。
1.完善标准体系。加快制定基础通用标准。〔市场监管总局（国家标准委）牵头，国家发展改革委、工业和信息化部按职责分工负责；以下均需地方人民政府负责，不再列出〕
2.推动国际合作。积极参与国际标准化活动。〔国家 卫生健康委、商务部配合〕
三、保障措施
（一）加强组织领导。各部门要高度重视。
"""


def test_square_brackets_roles_and_carry_forward(tmp_path: Path) -> None:
    d = draft_text(NATIONAL)
    assert d.document_number == "国发〔2022〕30号"
    # the notice issues a plan: the plan's title, the notice's issuer
    assert (d.policy.title.zh, d.policy.issuer.zh) == ("某某标准化行动方案", "国务院")
    t1, t2 = d.tasks
    assert t1.departments == ["市场监管总局（国家标准委）", "国家发展改革委", "工业和信息化部",
                              "地方人民政府"]
    assert t2.departments == ["国家卫生健康委", "商务部", "地方人民政府"]
    roles = [a.role for a in d.task_sources[0].assignments]
    assert roles[:3] == ["lead", "responsible", "responsible"]
    assert [a.role for a in d.task_sources[1].assignments][:2] == ["support", "support"]
    assert "不再列出" in _review(d)
    # a shared verb over three objects: three targets, the first not a ledger kind (a goal)
    assert [(t.name.zh, t.kinds, t.bound.value) for t in d.policy.targets] == [
        ("制定国际标准", [K.international], 50),
        ("制定国家和行业标准", [K.national, K.industry], 400)]
    assert any("原创技术标准" in g.text.zh for g in d.policy.goals)
    # the document number is no target, and its year opens the windows
    assert not any(t.bound.value in (2022, 30) for t in d.policy.targets)
    assert d.policy.targets[0].window.start == dt.date(2022, 1, 1)
    assert [s.title.zh for s in d.sections] == ["强化标准引领"]
    _loads(d, tmp_path)


LABELLED = """\
某某县标准化工作实施方案
一、工作目标
到2024年，新增地方标准5项以上，标准化试点示范项目覆盖率达到60%以上；到2026年，新增地方标准10项以上。
二、主要任务
（一）推进农业标准化。建设农业标准化示范区。（责任单位：县农业农村局牵头，县市场监管局配合）
（二）推进服务业标准化。制定服务规范。（牵头单位：县商务局、县经信局等）
（三）推进社会治理标准化。（责任单位：县经济和信息化局）
"""


def test_labelled_brackets_milestones_and_rates(tmp_path: Path) -> None:
    d = draft_text(LABELLED)
    assert [t.departments for t in d.tasks] == [
        ["县农业农村局", "县市场监管局"], ["县商务局", "县经信局"], ["县经信局"]]
    assert d.tasks[1].open
    # 县经信局 / 县经济和信息化局: one unit, with an alias and a review item
    units = {x.name: x for x in d.departments}
    assert "县经济和信息化局" in units["县经信局"].aliases
    assert "看来是同一单位" in _review(d)
    # tasks directly under 二、: that part is their section
    assert [s.title.zh for s in d.sections] == ["主要任务"]
    # two milestones of one measure: one target each; the rate is a goal
    assert [(t.kinds, t.bound.value, t.window.end.year) for t in d.policy.targets] == [
        ([K.local], 5, 2024), ([K.local], 10, 2026)]
    assert any("60%" in g.text.zh for g in d.policy.goals)
    assert "比率或比重" in _review(d)
    _loads(d, tmp_path)


BULLETS = """\
某某区推进标准化发展行动计划
到2025年，主要目标：
——新增团体标准8项以上；
——主导或参与制定国家标准不少于3项；
——培育一批标准化人才；
—新增企业标准自我声明公开200项；
完成第89次会议部署，落实“1+4+N”工作体系。
1.加强标准研制。支持企业研制标准。（区市场监管局牵头，区科技局、区经信委配合）
2.加强标准实施。推动标准落地。（区市场监管局、区经济信息委等按职责分工负责，各镇街落实）
3.加强宣传。营造氛围。（区政府各部门按职责分工负责）
"""


def test_bullets_and_a_plain_numbered_list(tmp_path: Path) -> None:
    d = draft_text(BULLETS)
    assert [(t.kinds, t.bound.value) for t in d.policy.targets] == [
        ([K.group], 8), ([K.national], 3), ([K.enterprise], 200)]
    assert not any(t.bound.value in (89, 1, 4) for t in d.policy.targets)
    assert any("一批" in g.text.zh for g in d.policy.goals)
    # the numbered tasks after the list are tasks, not goals
    assert not any(t.title.zh in g.text.zh for t in d.tasks for g in d.policy.goals)
    assert "未写“以上/不少于”" in _review(d)  # the 200 without 以上
    assert [t.title.zh for t in d.tasks] == ["加强标准研制", "加强标准实施", "加强宣传"]
    assert d.tasks[0].departments == ["区市场监管局", "区科技局", "区经信委"]
    assert d.tasks[1].departments == ["区市场监管局", "区经信委"]  # 区经济信息委 merged
    assert d.tasks[1].open and d.tasks[1].towns_implement
    assert d.tasks[2].all_departments and d.tasks[2].departments == []
    assert d.policy.local_prefix is None and "local_prefix" in _review(d)
    _loads(d, tmp_path)


TRADITIONAL_HALF_WIDTH = """\
重慶市綦江區貫徹落實國家標準化發展綱要的實施方案
一、發展目標
到2025年,新增地方標準3項以上。
二、主要任務
(一)推動標準化建設。
1.加強標準研製。支持企業。(區科技局、區市場監管局等按職責分工負責)
"""


def test_traditional_characters_and_half_width_punctuation(tmp_path: Path) -> None:
    d = draft_text(TRADITIONAL_HALF_WIDTH)
    assert d.policy.title.zh == "重庆市綦江区贯彻落实国家标准化发展纲要的实施方案"
    assert d.policy.local_prefix == "DB50"
    assert d.tasks[0].departments == ["区科技局", "区市场监管局"] and d.tasks[0].open
    assert [(t.kinds, t.bound.value) for t in d.policy.targets] == [([K.local], 3)]
    assert d.prefixes == ["重庆市綦江区", "綦江区", "区"]
    _loads(d, tmp_path)


# --- file formats ------------------------------------------------------------------------------


def test_docx_input(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in TRADITIONAL_HALF_WIDTH.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "opinion.docx"
    document.save(str(path))
    d = draft(path)
    assert d.tasks[0].departments == ["区科技局", "区市场监管局"]
    assert d.policy.targets[0].bound.value == 3


def test_html_input_drops_scripts_and_navigation(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in LABELLED.splitlines())
    html = ("<html><head><title>某某县标准化工作实施方案_某某县人民政府</title>"
            "<style>p{color:red}</style><script>var x='到2030年，新增地方标准99项';</script>"
            "</head><body><nav><a>首页</a><a>政务公开</a></nav>"
            '<div class="breadcrumb">首页 &gt; 文件</div>'
            f'<div class="article">{body}</div><footer>版权所有 电话:023-1234-5678</footer>'
            "</body></html>")
    path = tmp_path / "opinion.html"
    path.write_text(html, encoding="utf-8")
    d = draft(path)
    assert [t.bound.value for t in d.policy.targets] == [5, 10]
    assert d.tasks[0].departments == ["县农业农村局", "县市场监管局"]
    assert "首页" not in json.dumps(d.model_dump(mode="json"), ensure_ascii=False)


def test_txt_encodings(tmp_path: Path) -> None:
    for encoding in ("gb18030", "utf-8-sig", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(LABELLED.encode(encoding))
        assert [t.bound.value for t in draft(path).policy.targets] == [5, 10], encoding


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    result = runner.invoke(app, ["--lang", "en", "draft", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no text layer" in result.output


# --- the command -------------------------------------------------------------------------------


def test_cli_draft_then_targets(tmp_path: Path) -> None:
    out = tmp_path / "jiangjin"
    result = runner.invoke(app, ["--lang", "en", "draft", str(DATA / "opinion.original.txt"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "To review" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "REVIEW.md", "departments.yaml", "targets.yaml", "tasks.yaml"]
    assert "广告" in (out / "REVIEW.md").read_text(encoding="utf-8") or \
        "advertisement" in (out / "REVIEW.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["--data", str(out), "targets"])
    assert result.exit_code == 0, result.output
    # a folder with files: refused without --force, replaced with it
    again = runner.invoke(app, ["--lang", "en", "draft", str(DATA / "opinion.zh.txt"),
                                "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(app, ["draft", str(DATA / "opinion.zh.txt"), "--out", str(out),
                                 "--force"])
    assert forced.exit_code == 0, forced.output
    assert "opinion.zh.txt" in (out / "targets.yaml").read_text(encoding="utf-8")


def test_cli_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(DATA / "opinion.zh.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert len(doc["policy"]["targets"]) == 5 and len(doc["tasks"]) == 19
    assert {"review", "departments", "sections", "found"} <= set(doc)
    assert not list(tmp_path.iterdir())  # nothing written
    missing = runner.invoke(app, ["draft", str(DATA / "opinion.zh.txt")])
    assert missing.exit_code == 2


def test_fifty_pages_well_under_a_second() -> None:
    text = (DATA / "opinion.zh.txt").read_text(encoding="utf-8")
    tasks = text.split("二、主要任务")[1].split("三、组织实施")[0]
    big = text.replace("三、组织实施", tasks * 12 + "三、组织实施")  # ~200,000 characters
    started = time.perf_counter()
    d = draft_text(big)
    assert time.perf_counter() - started < 1.0
    assert len(d.tasks) == 19 * 13


# --- inputs that are not what they say, or hold nothing ---------------------------------------


def test_page_declaring_gb2312_reads_its_em_dash(tmp_path: Path) -> None:
    # GBK editors write the em dash as A1AA; Python's gb2312 codec reads that as ― (U+2015)
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "</head><body><p>某某县标准化工作方案</p><p>一、工作目标</p>"
            "<p>到2025年，成效明显——新增地方标准4项以上。</p></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gb18030"))
    d = draft(path)
    text = json.dumps(d.model_dump(mode="json"), ensure_ascii=False)
    assert "——" in text and "―" not in text
    # the dash pair ends a clause: the statement before it is a goal, not the target's name
    assert [(t.name.zh, t.bound.value) for t in d.policy.targets] == [("新增地方标准", 4)]
    assert [g.text.zh for g in d.policy.goals] == ["成效明显"]


@pytest.mark.parametrize(("content", "looks"), [
    (b"<html><body>not a pdf</body></html>", "web page"),
    (b"PK\x03\x04 a zip", ".docx"),
    ("到2025年，新增地方标准5项。".encode(), "text"),
])
def test_a_file_named_pdf_that_is_not_one(content: bytes, looks: str, tmp_path: Path) -> None:
    path = tmp_path / "opinion.pdf"
    path.write_bytes(content)
    result = runner.invoke(app, ["--lang", "en", "draft", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{path}: not a PDF" in result.output and looks in result.output
    assert "EOF marker" not in result.output and "invalid pdf header" not in result.output
    assert not (tmp_path / "o").exists()


def test_a_damaged_pdf_prints_only_our_message(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")  # cut short: no xref, no %%EOF
    caplog.set_level(logging.DEBUG)
    result = runner.invoke(app, ["--lang", "en", "draft", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "not a readable PDF" in result.output and "download it again" in result.output
    # pypdf logs what it repairs; outside pytest that reaches stderr as a bare line
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf \n\n  \n"])
def test_an_empty_file_says_so(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "opinion.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["--lang", "en", "draft", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{path}: the file holds no text" in result.output
    assert not (tmp_path / "o").exists()


# --- 各: a number for each kind before it ------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "到2025年，主导或参与制定国家、行业标准各300项以上，国家和行业标准80项。",
    "到2025年,主导或参与制定国家、行业标准各300项以上,国家和行业标准80项。",
    "到2025年，主導或參與制定國家、行業標準各300項以上，國家和行業標準80項。",
])
def test_each_distributes_a_number_over_the_kinds_before_it(sentence: str) -> None:
    d = draft_text("某某市标准化行动方案\n一、主要目标\n" + sentence)
    assert [(t.name.zh, t.kinds, t.bound.value) for t in d.policy.targets] == [
        ("主导或参与制定国家标准", [K.national], 300),
        ("主导或参与制定行业标准", [K.industry], 300),
        ("国家和行业标准", [K.national, K.industry], 80)]  # no 各: one number over both kinds
    assert [t.id for t in d.policy.targets] == ["national-2025", "industry-2025",
                                                "national-industry-2025"]


def test_each_over_group_and_enterprise_standards() -> None:
    d = draft_text("到2026年，培育团体标准、企业标准各40项。")
    assert [(t.name.zh, t.kinds, t.bound.value) for t in d.policy.targets] == [
        ("培育团体标准", [K.group], 40), ("培育企业标准", [K.enterprise], 40)]


# --- qualifiers a ledger cannot count apart ------------------------------------------------------

QUALIFIED = ("某某市标准化发展方案\n一、发展目标\n"
             "到2025年，新增主导制修订国际标准6项，承担国家级标准化试点示范项目9项，"
             "新增某某市地方标准20项以上，新增参与制定地方标准8项，主导或参与制定团体标准5项。")


@pytest.mark.parametrize("text", [
    QUALIFIED,
    QUALIFIED.replace("，", ",").replace("。", "."),
    "某某市標準化發展方案\n一、發展目標\n到2025年，新增主導制修訂國際標準6項，承擔國家級標準化"
    "試點示範項目9項，新增某某市地方標準20項以上，新增參與制定地方標準8項，主導或參與制定團體標準5項。",
])
def test_a_qualifier_stays_in_the_name_and_is_reviewed(text: str) -> None:
    d = draft_text(text)
    assert [(t.name.zh, t.kinds, t.bound.value) for t in d.policy.targets] == [
        ("新增主导制修订国际标准", [K.international], 6),
        ("承担国家级标准化试点示范项目", [K.pilot], 9),
        ("新增某某市地方标准", [K.local], 20),
        ("新增参与制定地方标准", [K.local], 8),
        ("主导或参与制定团体标准", [K.group], 5)]
    qualified = {r.message.zh.split("：")[0]: r.message.zh for r in d.review
                 if "台账条目不记载" in r.message.zh}
    assert sorted(qualified) == ["目标 `international-2025`", "目标 `local-2025`",
                                 "目标 `pilot-2025`"]
    assert "`主导`" in qualified["目标 `international-2025`"]
    assert "`国家级`" in qualified["目标 `pilot-2025`"]
    assert "`某某市`" in qualified["目标 `local-2025`"]
    # lead or take part (主导或参与) is what a ledger counts: no note
    assert not any("group-2025" in r.message.zh and "台账条目不记载" in r.message.zh
                   for r in d.review)


# --- the header, wherever its parts stand ------------------------------------------------------

CITY_NOTICE = """\
南宁市人民政府办公厅关于印发《南宁市标准化提升三年行动方案》的通知
南府办发〔2023〕7号
各县（市、区）人民政府，市直各委、办、局：
《南宁市标准化提升三年行动方案》已经市人民政府同意，现印发给你们，请认真贯彻执行。
南宁市人民政府办公厅
2023年3月6日
南宁市标准化提升三年行动方案
为落实《国家标准化发展纲要》，结合本市实际，制定本方案。
一、行动目标
到2025年，新增地方标准12项以上。
二、重点任务
（一）推进产业标准化。开展关键标准研制。（责任单位：市工业和信息化局）
"""


def _found(d: Draft) -> dict[str, tuple[str, bool]]:
    return {f.field: (f.value, f.read) for f in d.found}


def _half_width(text: str) -> str:
    return text.translate(str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"}))


@pytest.mark.parametrize("text", [
    CITY_NOTICE,
    _half_width(CITY_NOTICE),
    # a traditional-character copy in half-width punctuation
    _half_width("南寧市人民政府辦公廳關於印發《南寧市標準化提升三年行動方案》的通知\n南府辦發〔2023〕7號\n"
                "各縣（市、區）人民政府，市直各委、辦、局：\n《南寧市標準化提升三年行動方案》已經市人民政府"
                "同意，現印發給你們，請認真貫徹執行。\n南寧市人民政府辦公廳\n2023年3月6日\n"
                "南寧市標準化提升三年行動方案\n為落實《國家標準化發展綱要》，結合本市實際，制定本方案。\n"
                "一、行動目標\n到2025年，新增地方標準12項以上。\n二、重點任務\n"
                "（一）推進產業標準化。開展關鍵標準研製。（責任單位：市工業和信息化局）\n"),
])
def test_a_notice_header_is_read_past_its_issuing_sentence(text: str, tmp_path: Path) -> None:
    d = draft_text(text)
    assert _found(d) == {
        "title": ("南宁市标准化提升三年行动方案", True),  # the plan the notice issues
        "issuer": ("南宁市人民政府办公厅", True),
        "document_number": ("南府办发〔2023〕7号", True),
        "issued": ("2023-03-06", True),  # the date on its own line, after the 印发 sentence
        "local_prefix": ("DB4501", True),  # the city's own, from a city whose code is known
        "level": ("city", False)}
    assert d.policy.issued == dt.date(2023, 3, 6)
    assert d.policy.targets[0].window.start == dt.date(2023, 3, 6)
    assert d.policy.references == ["《国家标准化发展纲要》"]
    assert "成文日期不详" not in _review(d) and "未找到成文日期" not in _review(d)
    _loads(d, tmp_path)


PROVINCE_NUMBER_FIRST = """\
闽政办〔2022〕31号《福建省人民政府办公厅关于推动标准化发展的实施意见》
各设区市人民政府，平潭综合实验区管委会，省人民政府各部门：
为贯彻落实《国家标准化发展纲要》，经省人民政府同意，提出如下实施意见。
一、主要目标
到2025年，制定地方标准200项以上。
二、重点任务
（一）强化标准引领。推动标准研制。（省市场监管局负责）
"""


@pytest.mark.parametrize("text", [PROVINCE_NUMBER_FIRST, _half_width(PROVINCE_NUMBER_FIRST)])
def test_a_number_before_the_title_is_neither_the_issuer_nor_the_title(text: str) -> None:
    d = draft_text(text)
    assert _found(d)["document_number"] == ("闽政办〔2022〕31号", True)
    assert _found(d)["title"] == ("福建省人民政府办公厅关于推动标准化发展的实施意见", True)
    assert _found(d)["issuer"] == ("福建省人民政府办公厅", True)
    assert (d.policy.level, d.policy.local_prefix) == ("province", "DB35")


PORTAL = """\
<html><head><title>某某市人民政府办公室关于印发某某市标准化战略实施方案的通知_某某市人民政府</title></head>
<body><div class="nav">首页 &gt; 信息公开</div>
<p><span>索 引 号 :11340000-2016-0012</span> <span>信息分类 :政府文件</span></p>
<p><span>名       称 :某某市人民政府办公室关于印发某某市标准化战略实施方案的通知</span>
<span>文       号 :办〔2016〕21号</span> <span>内容分类 :规范性文件发布</span></p>
<p><span>发布机构 :某某市人民政府办公室</span> <span>生成日期 :2016-06-30</span></p>
<p>各县区人民政府，市政府各部门：</p>
<p>现将《某某市标准化战略实施方案》印发给你们，请认真组织实施。</p>
<p>某某市标准化战略实施方案</p>
<p>一、工作目标</p><p>到2020年，制定地方标准6项以上。</p>
<p>二、重点任务</p><p>（一）推进农业标准化。建设示范区。（牵头单位：市农委）</p>
</body></html>"""


def test_a_portal_page_with_labels(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PORTAL, encoding="utf-8")
    d = draft(path)
    found = _found(d)
    assert found["title"] == ("某某市标准化战略实施方案", True)
    assert found["document_number"] == ("办〔2016〕21号", True)  # in the labelled line
    assert found["issuer"] == ("某某市人民政府办公室", True)
    # no issue date on the page, only when the page was made: a guess, not `issued`
    assert found["issued"] == ("2016-06-30", False)
    assert d.policy.issued is None
    assert d.policy.targets[0].window.start == dt.date(2016, 6, 30)
    assert "生成日期" in _review(d)
    assert not any("名称" in f.value or "内容分类" in f.value for f in d.found)


def test_a_portal_gives_title_number_and_issuer_by_their_labels() -> None:
    d = draft_text("名  称 ：某某市标准化工作方案  文  号 ：某政〔2020〕1号  有效性 ：有效\n"
                   "发布机构：某某市人民政府  成文日期：2020-04-02\n一、工作目标\n到2022年，新增地方标准3项。")
    assert _found(d) | {"level": None} == {
        "title": ("某某市标准化工作方案", True), "document_number": ("某政〔2020〕1号", True),
        "issuer": ("某某市人民政府", True), "issued": ("2020-04-02", True), "level": None}


def test_only_this_documents_number_is_read() -> None:
    d = draft_text("某某县人民政府文件\n"
                   "为落实《某某省标准化条例》（某政发〔2020〕2号\n"  # cited (a line cut short)
                   "根据某政发〔2021〕8号。\n"  # in a sentence
                   "（某政发〔2023〕4号）\n"  # its own, in brackets under the header
                   "某某县标准化工作方案\n一、工作目标\n到2025年，新增地方标准2项。")
    assert _found(d)["document_number"] == ("某政发〔2023〕4号", True)


def test_a_title_holding_a_label_is_set_aside() -> None:
    d = draft_text("信息名称：某某县标准化工作方案 所属栏目：政策文件\n一、工作目标\n"
                   "到2025年，新增地方标准2项。")
    assert "title" not in _found(d) and d.policy.title.zh == "(标题待填)"
    assert "不像标题：未采用" in _review(d) and "所属栏目" in _review(d)


def test_an_issuer_holding_a_number_is_not_read() -> None:
    from stdcheck.drafting.header import looks_like_issuer

    assert looks_like_issuer("湖南省人民政府办公厅")
    assert not looks_like_issuer("湘政办发〔2022〕38号《湖南省人民政府办公厅")
    assert not looks_like_issuer("某某县人民政府办公室关于印发")
    assert not looks_like_issuer("某某县人民政府关于调整标准化工作领导小组")  # a title


CITY_OPINION = """\
各镇人民政府，各街道办事处，市政府各部门：
现将《某某市关于推进标准化发展的意见》印发给你们，请认真贯彻执行。执行中遇到的问题，请径向市市场监管局反映。
某某市人民政府
2021年11月5日
某某市关于推进标准化发展的意见
一、发展目标
到2025年，新增团体标准30项以上。
二、主要任务
（一）推动产业标准化。支持企业参与标准制定。（市市场监管局牵头，市科技局配合）
"""


@pytest.mark.parametrize("text", [CITY_OPINION, _half_width(CITY_OPINION)])
def test_issuer_date_and_title_after_the_issuing_sentence(text: str) -> None:
    d = draft_text(text)
    found = _found(d)
    assert found["title"] == ("某某市关于推进标准化发展的意见", True)
    assert found["issuer"] == ("某某市人民政府", True)
    assert found["issued"] == ("2021-11-05", True)
    assert "document_number" not in found and "正文中没有文号" in _review(d)


def test_a_pdf_keeps_short_header_lines_apart_from_the_title() -> None:
    from stdcheck.drafting.extract import join_wrapped

    printed = ("某某省人民政府办公厅关于贯彻落实国家\n标准化发展纲要的实施意见\n某政办发〔2022〕5号\n"
               "各市、州人民政府，省政府各部门：\n为贯彻落实《国家标准化发展纲要》，经省人民政府同意，\n"
               "现提出如下实施意见。\n一、主要目标\n到2025年，制定地方标准100项以上。\n"
               "某某省人民政府办公厅\n2022年5月20日\n")
    text = join_wrapped(printed)
    assert text.splitlines()[:3] == ["某某省人民政府办公厅关于贯彻落实国家标准化发展纲要的实施意见",
                                     "某政办发〔2022〕5号", "各市、州人民政府，省政府各部门："]
    d = draft_text(text)
    assert _found(d)["document_number"] == ("某政办发〔2022〕5号", True)
    assert _found(d)["title"] == ("某某省人民政府办公厅关于贯彻落实国家标准化发展纲要的实施意见", True)
    assert _found(d)["issued"] == ("2022-05-20", True)


def test_a_number_merged_into_the_title_line_is_still_read() -> None:
    d = draft_text("某某市人民政府关于推进标准化发展的意见某府〔2021〕9号\n一、发展目标\n"
                   "到2025年，新增团体标准30项以上。")
    assert _found(d)["document_number"] == ("某府〔2021〕9号", True)
    assert _found(d)["title"] == ("某某市人民政府关于推进标准化发展的意见", True)


def test_review_says_what_was_read_and_what_was_guessed(tmp_path: Path) -> None:
    from stdcheck.drafting import review_markdown

    d = draft(DATA / "opinion.zh.txt")
    found = {f.field: f for f in d.found}
    assert found["title"].read and found["local_prefix"].read
    assert not found["issuer"].read and found["issuer"].value == "重庆市江津区人民政府"
    assert found["issuer"].why is not None
    markdown = review_markdown(d, "en")
    read, guessed = markdown.split("## Guessed (check these)")
    assert "`title`: 重庆市江津区贯彻落实国家标准化发展纲要的实施意见" in read
    assert "`issuer`: 重庆市江津区人民政府 (a guess from the place the title names)" in guessed
    assert "## Not found\n\n- `document_number`, `issued`" in markdown
    doc = json.loads(runner.invoke(app, ["draft", str(DATA / "opinion.zh.txt"),
                                         "--format", "json"]).output)
    assert {(f["field"], f["read"]) for f in doc["found"]} >= {("title", True), ("issuer", False)}
    table = runner.invoke(app, ["--lang", "en", "draft", str(DATA / "opinion.zh.txt"),
                                "--out", str(tmp_path / "o")], env=WIDE)
    rows = {line.split()[0]: line.split()[-1] for line in table.output.splitlines()
            if line.strip().startswith(("title ", "issuer "))}
    assert rows == {"title": "read", "issuer": "guessed"}


# --- goals come from the goals part only ---------------------------------------------------------

COUNTY_PLAN = """\
某某县标准化工作三年行动方案
一、总体要求
以标准化助推全县高质量发展。到2025年，全县新增地方标准3项以上，培育团体标准5项以上，标准化意识明显增强。
二、重点任务
（一）推进农业标准化。制定特色农产品生产技术规范。（责任单位：县农业农村局）
（二）推进服务业标准化。开展旅游服务标准化建设。（责任单位：县文化旅游局、县商务局）
三、保障措施
（一）加强组织领导。建立联席会议制度，统筹推进全县标准化工作。
（二）强化经费保障。到2025年，每年安排标准化专项经费不少于20项。
某某县人民政府办公室
2024年3月1日
"""


@pytest.mark.parametrize("text", [
    COUNTY_PLAN,
    _half_width(COUNTY_PLAN),
    "某某縣標準化工作三年行動方案\n一、總體要求\n以標準化助推全縣高質量發展。到2025年，全縣新增地方標準3項以上，"
    "培育團體標準5項以上，標準化意識明顯增強。\n二、重點任務\n（一）推進農業標準化。制定特色農產品生產技術規範。"
    "（責任單位：縣農業農村局）\n（二）推進服務業標準化。開展旅遊服務標準化建設。（責任單位：縣文化旅遊局、縣商務局）\n"
    "三、保障措施\n（一）加強組織領導。建立聯席會議制度，統籌推進全縣標準化工作。\n"
    "（二）強化經費保障。到2025年，每年安排標準化專項經費不少於20項。\n某某縣人民政府辦公室\n2024年3月1日\n",
])
def test_goals_never_come_from_support_measures_or_the_signature(text: str,
                                                                 tmp_path: Path) -> None:
    d = draft_text(text)
    assert [(t.kinds, t.bound.value) for t in d.policy.targets] == [([K.local], 3), ([K.group], 5)]
    assert [g.text.zh for g in d.policy.goals] == ["标准化意识明显增强"]
    # the signature is the header's, and not the last task's text either
    assert _found(d)["issuer"] == ("某某县人民政府办公室", True)
    assert _found(d)["issued"] == ("2024-03-01", True)
    assert [s.title.zh for s in d.sections] == ["重点任务"]
    assert d.tasks[-1].departments == ["县文化旅游局", "县商务局"]
    assert "办公室" not in d.tasks[-1].summary.zh
    _loads(d, tmp_path)


def test_a_signature_after_the_last_task_is_not_part_of_it() -> None:
    d = draft_text("某某县标准化行动计划\n一、工作目标\n到2025年，新增地方标准2项。\n二、重点任务\n"
                   "（一）推进农业标准化。制定生产规范。（责任单位：县农业农村局）\n"
                   "某某县人民政府\n2024年1月5日\n")
    assert d.tasks[0].departments == ["县农业农村局"] and not d.tasks[0].all_departments
    assert d.tasks[0].summary.zh == "制定生产规范。"
    assert _found(d)["issued"] == ("2024-01-05", True)


# --- owners below the issuer, and words that follow its level ------------------------------------

OWNERS = """\
某某县人民政府办公室关于印发某某县标准化工作方案的通知
一、工作目标
到2025年，新增地方标准2项以上。
二、重点任务
（一）推进乡村标准化。建设示范基地。（责任单位：各乡镇人民政府）
（二）推进社区标准化。规范社区服务。（各街道办事处负责）
（三）推进政务标准化。规范办事流程。（牵头单位：县政务服务中心；配合单位：各乡镇人民政府）
（四）加强宣传。开展标准化宣传。（县政府各部门按职责分工负责）
"""


@pytest.mark.parametrize("text", [
    OWNERS,
    _half_width(OWNERS),
    "某某縣人民政府辦公室關於印發某某縣標準化工作方案的通知\n一、工作目標\n到2025年，新增地方標準2項以上。\n"
    "二、重點任務\n（一）推進鄉村標準化。建設示範基地。（責任單位：各鄉鎮人民政府）\n"
    "（二）推進社區標準化。規範社區服務。（各街道辦事處負責）\n"
    "（三）推進政務標準化。規範辦事流程。（牽頭單位：縣政務服務中心；配合單位：各鄉鎮人民政府）\n"
    "（四）加強宣傳。開展標準化宣傳。（縣政府各部門按職責分工負責）\n",
])
def test_towns_are_owners_and_the_words_follow_a_county(text: str, tmp_path: Path) -> None:
    d = draft_text(text)
    assert [(t.departments, t.all_departments, t.towns_implement) for t in d.tasks] == [
        ([], False, True), ([], False, True), (["县政务服务中心"], False, True), ([], True, False)]
    assert "末尾没有找到责任单位" not in _review(d)
    assert [a.role for a in d.task_sources[2].assignments] == ["lead"]
    assert d.policy.level == "county"
    out = tmp_path / "county"
    write(d, out)
    assert check(out).findings == []
    listing = runner.invoke(app, ["--data", str(out), "--lang", "zh", "tasks"], env=WIDE)
    assert listing.exit_code == 0, listing.output
    assert "各乡镇（街道）落实" in listing.output and "县政府各部门" in listing.output
    assert "区政府各部门" not in listing.output and "各镇街落实" not in listing.output
    # the meeting report's task table: a task only the towns implement is theirs, not everyone's
    paper = tmp_path / "report.md"
    report = runner.invoke(app, ["--data", str(out), "--lang", "zh", "report",
                                 str(Path(__file__).parent.parent / "examples" / "ledger.csv"),
                                 "--as-of", "2025-06-01", "--out", str(paper)])
    assert report.exit_code == 0, report.output
    rows = paper.read_text(encoding="utf-8")
    assert "| 1 | 推进乡村标准化 | 各乡镇（街道）落实 |" in rows
    assert "| 4 | 加强宣传 | 县政府各部门 |" in rows
    view = runner.invoke(app, ["--lang", "en", "draft", str(_saved(text, tmp_path)),
                               "--format", "table", "--out", str(tmp_path / "again")], env=WIDE)
    assert "every township and sub-district implements" in view.output
    assert "every county department" in view.output


def _saved(text: str, folder: Path) -> Path:
    path = folder / "opinion.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bracket", ["（区经委牵头，各街道、镇配合）", "(区经委牵头,各乡、镇人民政府配合)"])
def test_one_each_over_several_kinds_of_town(bracket: str) -> None:
    d = draft_text("二、主要任务\n（一）提升产业标准化水平。开展对标达标。" + bracket + "\n")
    assert (d.tasks[0].departments, d.tasks[0].towns_implement) == (["区经委"], True)
    assert "不像单位名称" not in _review(d)


@pytest.mark.parametrize(("issuer", "level", "every", "below"), [
    ("某某省人民政府办公厅", "province", "省政府各部门", "各市（州）落实"),
    ("某某市人民政府", "city", "市政府各部门", "各区县（市）落实"),
    ("重庆市某某区人民政府", "district", "区政府各部门", "各镇街落实"),
])
def test_the_words_follow_the_level_of_the_issuer(issuer: str, level: str, every: str,
                                                   below: str, tmp_path: Path) -> None:
    d = draft_text(f"{issuer}关于推进标准化发展的意见\n一、发展目标\n到2025年，新增团体标准3项。\n"
                   "二、主要任务\n（一）加强宣传。开展宣传活动。\n"
                   "（二）推进基层标准化。建设示范点。（各区县人民政府、各设区市人民政府落实）\n")
    assert d.policy.level == level
    assert (d.tasks[0].all_departments, d.tasks[1].towns_implement) == (True, True)
    assert ("台账只把镇街" in _review(d)) == (level != "district")
    out = tmp_path / "drafted"
    write(d, out)
    listing = runner.invoke(app, ["--data", str(out), "--lang", "zh", "tasks"], env=WIDE)
    assert every in listing.output and below in listing.output


def test_the_embedded_policy_keeps_its_district_words() -> None:
    assert load().policy.level == "district"
    listing = runner.invoke(app, ["--lang", "zh", "tasks"], env=WIDE)
    assert "区政府各部门" in listing.output and "各镇街落实" in listing.output


# --- the local prefix, whether or not the title names the province ------------------------------

_GOAL = "\n一、工作目标\n到2025年，新增地方标准5项以上。\n"


@pytest.mark.parametrize(("title", "prefix", "read", "level"), [
    ("湖南省长沙市某某县标准化工作方案", "DB43", True, "county"),  # a county: its province's
    ("长沙市标准化工作方案", "DB4301", True, "city"),  # no province named: the city's code
    ("長沙市標準化工作方案", "DB4301", True, "city"),
    ("湖南省标准化工作方案", "DB43", True, "province"),
    ("江津区标准化工作方案", "DB50", True, "district"),  # a Chongqing district without its city
    ("某某市标准化工作方案", "DB43", False, "city"),  # only a cited document names the province
])
def test_local_prefix_with_or_without_the_province(title: str, prefix: str, read: bool,
                                                  level: str) -> None:
    cited = "为落实《湖南省贯彻落实国家标准化发展纲要的实施意见》，制定本方案。"
    d = draft_text(title + "\n" + cited + _GOAL)
    assert (d.policy.local_prefix, d.policy.level) == (prefix, level)
    assert _found(d)["local_prefix"] == (prefix, read)
    if title.startswith("江津区"):  # a district of a municipality is named with it
        assert d.prefixes == ["重庆市江津区", "江津区", "区"]
    assert ("是推测的：标题和发文机关没有写省份" in _review(d)) == (not read)


def test_no_place_at_all_leaves_the_prefix_empty() -> None:
    d = draft_text("某某县标准化工作方案" + _GOAL)
    assert d.policy.local_prefix is None and "local_prefix" not in _found(d)
    assert "无法识别地区" in _review(d)


# --- a text with nothing to track ----------------------------------------------------------------

NOT_AN_OPINION = "会议听取了近期工作情况汇报，研究部署了下一阶段工作。\n会议强调，要抓好各项工作落实。\n"


@pytest.mark.parametrize("text", [NOT_AN_OPINION, _half_width(NOT_AN_OPINION)])
def test_nothing_to_track_is_said_and_flagged(text: str, tmp_path: Path) -> None:
    path = _saved(text, tmp_path)
    out = tmp_path / "drafted"
    result = runner.invoke(app, ["--lang", "en", "draft", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{path}: no counted target and no numbered task found" in result.output
    review = (out / "REVIEW.md").read_text(encoding="utf-8")
    assert "## Input" in review and "nothing to track" in review  # written, and said first
    assert review.index("## Input") < review.index("## Policy")
    as_json = runner.invoke(app, ["draft", str(path), "--format", "json"])
    assert as_json.exit_code == 1
    assert any(r["topic"] == "input" for r in json.loads(as_json.stdout)["review"])
    # validate: a warning (the files load), so --strict fails
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    strict = runner.invoke(app, ["--lang", "en", "validate", "--strict", str(out)])
    assert strict.exit_code == 1
    assert "[empty-policy]" in strict.output and "targets.yaml" in strict.output
    found = check(out)
    assert found.data is not None and [f.code for f in found.findings] == ["empty-policy"]


def test_empty_text_in_the_library_is_a_review_item() -> None:
    d = draft_text("")
    assert d.holds_nothing() and "文本为空" in _review(d)


def test_explain_knows_empty_policy() -> None:
    result = runner.invoke(app, ["--lang", "en", "explain", "empty-policy"])
    assert result.exit_code == 0 and "no counted target and no task" in result.output


# --- the README's example ------------------------------------------------------------------------


def test_readme_review_excerpt_is_the_example_drafted(tmp_path: Path) -> None:
    import re

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- review-excerpt: `stdcheck (.*?) --out DIR`.*?-->\n```markdown\n(.*?)\n```",
                  readme, re.S)
    assert m, "README lost its review excerpt"
    assert "examples/opinion-county.txt" in m.group(1)
    assert "stdcheck draft examples/opinion-county.txt --out" in readme
    out = tmp_path / "county"
    args = [a.replace("examples/", str(root / "examples") + "/") for a in m.group(1).split()]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    real = (out / "REVIEW.md").read_text(encoding="utf-8").splitlines()
    shown = [line for line in m.group(2).splitlines() if line != "⋮"]
    it = iter(real)
    missing = [line for line in shown if not any(line == r for r in it)]
    assert not missing, f"README shows lines REVIEW.md does not hold: {missing[:3]}"
    d = draft(root / "examples" / "opinion-county.txt")
    assert [(t.kinds, t.bound.value) for t in d.policy.targets] == [
        ([K.national], 2), ([K.industry], 2), ([K.local], 5), ([K.group], 10), ([K.pilot], 3)]
    assert len(d.tasks) == 6 and d.policy.level == "county"


def test_a_long_line_full_of_numbers_is_read_in_time() -> None:
    text = ("某" * 5000 + "〔2021〕1号") * 40  # 200,000 characters on one line
    started = time.perf_counter()
    draft_text(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("bracket", ["（省政府各部门按职责分工负责）", "(市直各部门负责)",
                                     "（市人民政府各部门按职责分工负责）", "（县级各部门）"])
def test_every_department_at_any_level(bracket: str) -> None:
    d = draft_text("二、主要任务\n（一）加强宣传。开展宣传活动。" + bracket + "\n")
    assert d.tasks[0].all_departments and d.tasks[0].departments == []
    assert "末尾没有找到责任单位" not in _review(d)


def test_mandatory_standards_are_a_qualifier() -> None:
    d = draft_text("到2025年，制定强制性地方标准2项以上。")
    assert [t.name.zh for t in d.policy.targets] == ["制定强制性地方标准"]
    assert "`强制性`（仅计强制性标准）" in _review(d)
