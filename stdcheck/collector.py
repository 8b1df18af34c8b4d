"""The cycle collector paused around the long loops of a large roll-up.

Reading a ledger and writing a report make hundreds of thousands of objects that live until the
end (entries' keys, open items, the rows of a report) and no reference cycles; the collector
would only walk them again and again (a 100k-row Markdown report: a third of its time). It is
turned back on afterwards, when garbage made meanwhile is collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
