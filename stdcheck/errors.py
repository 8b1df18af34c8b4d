"""The errors the command line turns into a message and exit code 2.

Each carries a bilingual message and, where the trouble is in an input, the located findings,
so the CLI prints them in the chosen language without importing the YAML loader or the
spreadsheet readers to catch them. Importing this module stays cheap (no pydantic).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .findings import Finding
    from .vocabulary import Text


class InputError(Exception):
    """Input the tool cannot use: bad policy data, an unreadable ledger, a bad option value.

    ``code`` is the finding code of what stops the run, when it is one (an unreadable ledger's
    ``missing-column``): printed with the message, so that ``stdcheck explain`` can be pointed
    at it, as at any finding."""

    code: Optional[str] = None

    def __init__(self, message: Text, findings: Optional[list[Finding]] = None,
                 hint: Optional[Text] = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.findings: list[Finding] = list(findings or [])
        self.hint = hint  # one more line for the person at the terminal, if any

    def localized(self, lang: str) -> str:
        """The whole message in ``lang``: the summary, then one line per finding, each with
        its code."""
        head = self.message.get(lang)
        lines = [f"[{self.code}] {head}" if self.code else head]
        for f in self.findings:
            field = f" {f.field}:" if f.field else ""
            lines.append(f"  {f.where()}: [{f.code}]{field} {f.text(lang)}")
        return "\n".join(lines)


class UsageError(InputError):
    """An option value the tool cannot use; the message names the option."""


class OutputError(InputError):
    """The report could not be written where asked."""


class LedgerError(InputError):
    """A ledger file that cannot be read at all: missing, too large, not what its name says,
    undecodable, without a recognisable header, or without a required column.

    ``msg`` says what is wrong and how to fix it, in English and Chinese; ``code`` is its
    catalogue code; ``str(error)`` is ``source: message`` in English.
    """

    def __init__(self, source: str, message: Text, code: str = "unreadable-file",
                 line: Optional[int] = None, more: Optional[list[Finding]] = None,
                 sheet: Optional[str] = None) -> None:
        from .vocabulary import msg

        # ``more``: further findings of the same file (other sheets that could not be read)
        super().__init__(msg(f"{source}: ", f"{source}：") + message, more)
        self.source = source
        self.msg = message
        self.code: str = code
        self.line = line
        self.sheet = sheet

    def as_finding(self, tail: Optional[Text] = None) -> Finding:
        """The error as a finding (``--keep-going``), with ``tail`` added to the message."""
        from .findings import finding
        from .vocabulary import Severity

        return finding(self.source, self.line, None, self.code, Severity.error,
                       self.msg + tail if tail is not None else self.msg, counts=False,
                       sheet=self.sheet)
