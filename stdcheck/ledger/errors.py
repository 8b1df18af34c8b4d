"""The error a ledger file that cannot be read at all raises."""

from __future__ import annotations

from ..errors import InputError


class LedgerError(InputError):
    """A ledger file that cannot be read at all: missing, too large, not what its name says,
    undecodable, without a recognisable header, or without a required column.

    ``message`` says what is wrong and how to fix it; ``str(error)`` is ``source: message``.
    """

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
