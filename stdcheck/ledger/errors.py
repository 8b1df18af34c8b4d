"""The error a ledger file that cannot be read at all raises."""

from __future__ import annotations

from ..errors import InputError
from ..models import Msg


class LedgerError(InputError):
    """A ledger file that cannot be read at all: missing, too large, not what its name says,
    undecodable, without a recognisable header, or without a required column.

    ``msg`` says what is wrong and how to fix it, in English and Chinese; ``message`` is the
    English; ``str(error)`` is ``source: message``.
    """

    def __init__(self, source: str, msg: Msg):
        super().__init__(f"{source}: {msg.en}")
        self.source = source
        self.msg = msg
        self.message = msg.en

    def localized(self, lang: str) -> str:
        return f"{self.source}: {self.msg.get(lang)}"
