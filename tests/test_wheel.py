"""A wheel built from the repo carries the embedded policy and works from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(out), str(ROOT)], check=True,
                   capture_output=True)
    (found,) = out.glob("stdcheck-*.whl")
    return found


def test_wheel_contains_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ("targets.yaml", "tasks.yaml", "departments.yaml"):
        assert f"stdcheck/data/{f}" in names
    assert "stdcheck/hanzi_t2s.txt" in names
    assert "stdcheck/render/templates/report.html.j2" in names  # the html report


def test_wheel_runs_from_another_directory(wheel, tmp_path):
    # The wheel is a zip of pure Python: importing from it proves the data is read through
    # importlib.resources, not from the checkout.
    env = {**os.environ, "PYTHONPATH": str(wheel), "COLUMNS": "200"}
    code = ("import stdcheck, sys; assert stdcheck.__file__.startswith(sys.argv[1]), "
            "stdcheck.__file__; from stdcheck.cli import app; app(['tasks', '--format', 'json'])")
    result = subprocess.run([sys.executable, "-c", code, str(wheel)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"number": 19' in result.stdout


def test_wheel_writes_the_example_ledger_from_inside(wheel, tmp_path):
    assert "stdcheck/examples/ledger.csv" in set(zipfile.ZipFile(wheel).namelist())
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    code = ("import stdcheck, sys; assert stdcheck.__file__.startswith(sys.argv[1]); "
            "from stdcheck.cli import app; app(['template', '--example', 'ex.csv'])")
    result = subprocess.run([sys.executable, "-c", code, str(wheel)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ex.csv").read_bytes() == (ROOT / "examples" / "ledger.csv").read_bytes()


def test_wheel_writes_the_html_report(wheel, tmp_path):
    # the template is read from inside the zip (jinja2's PackageLoader), not from the checkout
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    code = ("from stdcheck.cli import app; app(['report', sys.argv[1], '--format', 'html', "
            "'--as-of', '2026-11-28', '--lang', 'en'])")
    result = subprocess.run([sys.executable, "-c", "import sys; " + code,
                             str(ROOT / "examples/ledger.csv")], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and "Overdue and due soon" in result.stdout
