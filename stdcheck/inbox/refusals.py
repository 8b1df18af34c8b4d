"""A request the inbox turns down: an ``InputError`` (so the command line prints it and exits 2)
that also carries the HTTP status the server answers with."""

from __future__ import annotations

from typing import Optional

from ..errors import InputError
from ..vocabulary import Text


class Refused(InputError):
    """Turned down, with ``status`` (401, 403, 404, 409, 413, 422, …) and a bilingual message
    that says what to do."""

    def __init__(self, status: int, message: Text, hint: Optional[Text] = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status
