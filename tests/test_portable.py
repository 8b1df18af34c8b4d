"""Nothing in stdcheck assumes a POSIX system: the people who run it sit at Windows PCs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Calls and modules that exist only on POSIX, and paths written with a POSIX separator.
POSIX_ONLY = re.compile(
    r"\bos\.(mkfifo|getuid|geteuid|getgid|fork|setsid|killpg|getpgid|chown|uname)\b"
    r"|\bsignal\.SIG(KILL|HUP|ALRM|USR1|USR2|CHLD)\b"
    r"|^\s*(import|from)\s+(fcntl|pwd|grp|termios|resource|pty)\b"
    r"|[\"']/(tmp|dev|proc|etc|usr)/"
    r"|\.split\([\"']/[\"']\)", re.M)


def _guarded(text: str, at: int) -> bool:
    """An import inside ``try:`` with an ``except ImportError`` right after: what Windows
    lacks is done without there."""
    before = text[:at].rstrip().rsplit("\n", 1)[-1].strip()
    after = text[at:].split("\n", 3)[:3]
    return before == "try:" and any("except ImportError" in line for line in after)


def test_no_posix_only_call_in_the_package() -> None:
    found = []
    for path in sorted((ROOT / "stdcheck").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in POSIX_ONLY.finditer(text):
            if m.group(0).lstrip().startswith(("import", "from")) and _guarded(text, m.start()):
                continue
            found.append(f"{path.relative_to(ROOT)}: {m.group(0).strip()}")
    assert found == []


def test_an_import_guarded_for_windows_is_allowed_and_a_bare_one_is_not() -> None:
    guarded = "try:\n    import resource\nexcept ImportError:\n    pass\n"
    bare = "import resource\n"
    assert _guarded(guarded, POSIX_ONLY.search(guarded).start())  # type: ignore[union-attr]
    assert not _guarded(bare, POSIX_ONLY.search(bare).start())  # type: ignore[union-attr]


def test_the_check_itself_finds_what_it_looks_for() -> None:
    assert POSIX_ONLY.search("os.mkfifo(p)") and POSIX_ONLY.search("import fcntl")
    assert POSIX_ONLY.search('Path("/tmp/x")') and not POSIX_ONLY.search("os.replace(a, b)")
