"""Files that are not ledgers at all say what they are: an image, a PDF, an archive, binary
data, a named pipe or a device, each with how to get a ledger instead (exit code 2)."""

from __future__ import annotations

import json
import os
import random
import re
import socket
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.ledger.text import identify, sniff_binary

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "400"})


def noise(n: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise(200)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise(200)
GIF = b"GIF89a\x01\x00\x01\x00" + noise(200)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + noise(200)
RAR = b"Rar!\x1a\x07\x01\x00" + noise(200)
SEVENZ = b"7z\xbc\xaf\x27\x1c\x00\x04" + noise(200)

CASES = [
    # (file name, content, code, words in the English message, words in the Chinese message)
    ("ledger.xlsx", noise(), "wrong-format", ["not a .xlsx workbook but binary data, not text"],
     ["二进制数据"]),
    ("ledger.xls", noise(), "wrong-format", ["not a .xls workbook but binary data"],
     ["二进制数据"]),
    ("ledger.csv", noise(), "wrong-format", ["not a text table but binary data"], ["二进制数据"]),
    ("ledger.xlsx", PNG, "wrong-format", ["a PNG image", "send the table itself"],
     ["PNG 图片", "报送表格本身"]),
    ("ledger.csv", JPEG, "wrong-format", ["a JPEG image"], ["JPEG 图片"]),
    ("ledger.ods", GIF, "wrong-format", ["a GIF image"], ["GIF 图片"]),
    ("ledger.xls", PDF, "wrong-format", ["a PDF document", "save it as .xlsx or CSV"],
     ["PDF 文档"]),
    ("ledger.csv", RAR, "wrong-format", ["a RAR archive; unpack it"], ["RAR 压缩包；请解压"]),
    ("ledger.xlsx", SEVENZ, "wrong-format", ["a 7z archive; unpack it"], ["7z 压缩包"]),
]


@pytest.mark.parametrize("name, content, code, en, zh", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_odd_file_says_what_it_is(tmp_path: Path, name: str, content: bytes, code: str,
                                  en: list[str], zh: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("status", str(path), "--lang", "en")
    assert result.exit_code == 2, result.output
    for words in en:
        assert words in result.output
    assert "looks like text" not in result.output and "is empty" not in result.output
    doc = json.loads(run("status", str(path), "--keep-going", "--format", "json").output)
    [finding] = doc["findings"]
    assert finding["code"] == code
    for words in zh:
        assert words in finding["message"]["zh"]


def _zipped(*names: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>" * 200)  # compressed, before the names
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize("content, en, zh", [
    (_zipped("_rels/.rels", "word/document.xml"), "a Word document (.docx)", "Word 文档"),
    (_zipped("_rels/.rels", "xl/workbook.xml"), "an Excel workbook (.xlsx); rename it to .xlsx",
     "请改名为 .xlsx"),
    (_zipped("notes.txt"), "a zip archive", "zip 压缩包"),
])
def test_a_zip_named_csv_says_which_office_file_it_is(tmp_path: Path, content: bytes, en: str,
                                                      zh: str) -> None:
    """A .docx renamed .csv is not told to rename itself .xlsx."""
    path = tmp_path / "台账.csv"
    path.write_bytes(content)
    result = run("status", str(path), "--lang", "en")
    assert result.exit_code == 2 and en in result.output, result.output
    assert zh in run("status", str(path), "--lang", "zh").output


def test_a_damaged_workbook_is_said_in_chinese_without_the_librarys_english(
        tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"PK\x03\x04" + noise(300))
    said = run("status", str(path), "--lang", "zh").output
    assert "损坏的 zip 压缩包" in said and not re.search(r"\b[A-Za-z]{2,} [a-z]{2,}\b", said), said


def test_text_named_xlsx_still_looks_like_text(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_text("序号,类别,名称,责任单位\n1,国家标准,甲,区科技局\n", encoding="utf-8")
    result = run("status", str(path), "--lang", "en")
    assert result.exit_code == 2 and "it looks like text" in result.output


@pytest.mark.parametrize("text, encoding", [
    ("序号,类别,名称,责任单位\n1,国家标准,甲,区科技局\n", "utf-8"),
    ("序号,类别,名称,责任单位\n1,国家标准,甲,区科技局\n", "gb18030"),
    ("\ufeff序号,类别,名称,责任单位\n1,国家标准,甲,区科技局\n", "utf-16-le"),
    ("序号,类别,名称,责任单位\n1,国家标准,甲,区科技局\n", "utf-16-le"),  # no BOM: NUL message
    ("id\tkind\ttitle\n1\tnational\t\x1b[1mbold\x1b[0m\n", "utf-8"),
])
def test_text_is_not_taken_for_binary(text: str, encoding: str) -> None:
    assert identify(text.encode(encoding)[:512]) is None
    assert sniff_binary(text.encode(encoding)[:512]) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="os.mkfifo is POSIX-only")
def test_fifo_is_not_a_regular_file_and_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "ledger.csv"
    os.mkfifo(fifo)
    # Opening a FIFO without a writer blocks: if stdcheck opened it, this test would hang
    # (pytest's own timeout, or CI's, ends it as a failure).
    result = run("status", str(fifo), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "is not a regular file but a named pipe (FIFO)" in result.output
    assert "is empty" not in result.output
    doc = json.loads(run("status", str(fifo), "--keep-going", "--format", "json").output)
    assert [f["code"] for f in doc["findings"]] == ["unreadable-file"]
    assert "命名管道" in doc["findings"][0]["message"]["zh"]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX") or sys.platform == "win32",
                    reason="Unix sockets")
def test_socket_is_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.bind(str(path))
        except OSError as e:  # a path too long for a socket address
            pytest.skip(str(e))
        result = run("status", str(path), "--lang", "en")
    assert result.exit_code == 2 and "not a regular file but a socket" in result.output


@pytest.mark.skipif(not os.path.exists("/dev/null") or sys.platform == "win32",
                    reason="POSIX device")
def test_device_is_not_a_regular_file() -> None:
    result = run("status", "/dev/null", "--lang", "en")
    assert result.exit_code == 2 and "not a regular file but a device" in result.output


# --- Big5 ----------------------------------------------------------------------------------------

BIG5_LEDGER = ("序號,完成日期,類別,標準名稱,責任單位,對應任務\n"
               "1,2025-03-01,國家標準,花椒麻味物質含量的測定,區科技局,1\n")


def test_big5_ledger_is_named_as_big5(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes(BIG5_LEDGER.encode("big5"))
    result = run("status", str(path), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "read as Big5" in result.output and "--encoding big5" in result.output
    doc = json.loads(run("status", str(path), "--keep-going", "--format", "json").output)
    [finding] = doc["findings"]
    assert finding["code"] == "bad-encoding"
    assert "Big5" in finding["message"]["zh"] and "--encoding big5" in finding["message"]["zh"]


def test_big5_hint_only_for_the_ladder_and_only_when_big5_finds_a_header(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes(BIG5_LEDGER.encode("big5"))
    # an explicit --encoding is taken at its word
    doc = json.loads(run("status", str(path), "--encoding", "gb18030", "--keep-going",
                         "--format", "json").output)
    assert [f["code"] for f in doc["findings"]] == ["no-header"]
    # a GB18030 file without a header is no-header, not Big5
    other = tmp_path / "gbk.csv"
    other.write_bytes("甲,乙,丙\n1,2,3\n".encode("gb18030"))
    doc = json.loads(run("status", str(other), "--keep-going", "--format", "json").output)
    assert [f["code"] for f in doc["findings"]] == ["no-header"]


def test_encoding_big5_reads_big5_rows(tmp_path: Path) -> None:
    # Headers in English: no simplified header survives Big5 (类别, 名称, 责任单位 are not in
    # it), and traditional headers (類別, 標準名稱) are matched only where the reader folds
    # them. The values are Big5 and read right only with --encoding big5.
    path = tmp_path / "big5.csv"
    path.write_bytes(("id,date,kind,title,department,task\n"
                      "1,2025-03-01,national,花椒麻味物質含量的測定,區科技局,1\n").encode("big5"))
    result = run("status", str(path), "--encoding", "big5", "--format", "json",
                 "--as-of", "2026-11-28")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["files"][0]["encoding"] == "big5" and doc["files"][0]["used"] == 1
    assert doc["findings"] == []  # 區科技局 resolved to 区科技局
    task1 = next(t for t in doc["tasks"] if t["number"] == 1)
    assert task1["reporting_departments"] == ["区科技局"]
