"""The encodings a ledger can be read in: those a table is saved in (UTF-8, GB18030, UTF-16 …),
not every codec Python knows."""

from __future__ import annotations

import codecs
from typing import Optional

#: Codecs Python counts as text encodings in which no table is saved: names for the web,
#: escapes, a codec that always fails
_NOT_FOR_FILES = frozenset({"punycode", "idna", "undefined", "unicode_escape",
                            "raw_unicode_escape"})


def file_encoding(name: str) -> Optional[str]:
    """The codec name of ``name`` when a table can be saved in it, else None: ``base64``,
    ``zlib``, ``rot13`` and the like turn bytes into bytes or text into text, not bytes into
    text."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or \
            info.name.replace("-", "_") in _NOT_FOR_FILES:
        return None
    return info.name
