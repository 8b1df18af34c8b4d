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
