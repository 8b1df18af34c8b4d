"""Control characters made visible, the same way in every writer.

A ledger cell, a sheet name or a file name can hold control characters: a bell pasted from
another program, an escape sequence that would recolour or rewrite the terminal, a character
XML cannot hold (python-docx refuses it), a bidirectional override that shows text in another
order than it is. Every output shows each one visibly instead (``\\x07`` as ``␇``, an escape as
``␛``, a bidirectional control as ``⟨U+202E⟩``): never dropped in silence, never obeyed, never
a crash. Tabs and line breaks are kept: they lay text out.
"""

from __future__ import annotations

import re

# C0 but tab and line feed, DEL, C1, and the bidirectional embeddings, overrides and isolates
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FIND = re.compile(f"[{CONTROLS}]")


def _shown(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c < 0x20:
        return chr(0x2400 + c)  # the control pictures: ␀ … ␟
    if c == 0x7F:
        return "\u2421"  # ␡
    return f"\u27e8U+{c:04X}\u27e9"  # ⟨U+202E⟩: no markup in any format


def visible(text: str) -> str:
    """``text`` with every control character shown visibly; a line break written as CR LF or
    CR alone is a line break."""
    if _FIND.search(text) is None:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FIND.sub(_shown, text)
