"""Rewrite the README's status sample from the real output (tests/test_readme.py checks it).

    python scripts/update_readme_sample.py

The command is the one in the README's ``status-output`` comment; the rows of tasks 4-17 are
elided with a ⋮ line, as the README shows them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- status-output: `COLUMNS=(\d+) stdcheck (.*?)`.*?-->\n```text\n(\$ .*?\n)"
                  r"(.*?)\n```", text, re.S)
    if not m:
        sys.exit("README lost its status sample")
    width, args = m.group(1), m.group(2).split()
    out = subprocess.run([sys.executable, "-m", "stdcheck.cli", *args], capture_output=True,
                         text=True, check=True,
                         env={**os.environ, "COLUMNS": width, "NO_COLOR": "1"}).stdout
    lines = [line.rstrip() for line in out.splitlines()]
    start = next(i for i, line in enumerate(lines) if re.match(r" 4 ", line))
    end = next(i for i, line in enumerate(lines) if re.match(r" 18 ", line))
    lines[start:end] = [" ⋮    (tasks 4–17)"]
    README.write_text(text[:m.start(4)] + "\n".join(lines).rstrip() + text[m.end(4):],
                      encoding="utf-8")


if __name__ == "__main__":
    main()
