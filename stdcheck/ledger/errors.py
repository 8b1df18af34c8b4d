"""The error a ledger file that cannot be read at all raises."""

from __future__ import annotations

from typing import Optional

from ..errors import InputError
from ..findings import Finding, finding
from ..vocabulary import Severity, Text, msg


class LedgerError(InputError):
    """A ledger file that cannot be read at all: missing, too large, not what its name says,
    undecodable, without a recognisable header, or without a required column.

    ``msg`` says what is wrong and how to fix it, in English and Chinese; ``code`` is its
    catalogue code; ``str(error)`` is ``source: message`` in English.
    """

    def __init__(self, source: str, message: Text, code: str = "unreadable-file",
                 line: Optional[int] = None, more: Optional[list[Finding]] = None,
                 sheet: Optional[str] = None) -> None:
        # ``more``: further findings of the same file (other sheets that could not be read)
        super().__init__(msg(f"{source}: ", f"{source}：") + message, more)
        self.source = source
        self.msg = message
        self.code = code
        self.line = line
        self.sheet = sheet

    def as_finding(self, tail: Optional[Text] = None) -> Finding:
        """The error as a finding (``--keep-going``), with ``tail`` added to the message."""
        return finding(self.source, self.line, None, self.code or "unreadable-file",
                       Severity.error,
                       self.msg + tail if tail is not None else self.msg, counts=False,
                       sheet=self.sheet)
