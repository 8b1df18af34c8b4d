"""stdcheck: where a district stands against the targets of its standardization policy.

The library face, what the command line calls::

    from stdcheck import check, load_policy
    report = check(["ledgers/"], as_of=datetime.date(2025, 11, 28))
    for target in report.targets:
        print(target.name.zh, target.achieved, "/", target.required)

Names are imported on first use, so ``import stdcheck`` (and ``stdcheck --version``) stays as
light as the command line's own start-up.
"""

from __future__ import annotations

import importlib

from .version import __version__

TYPE_CHECKING = False  # typing is not imported: a bounded child imports this package alone
if TYPE_CHECKING:
    from typing import Any

    from .errors import InputError
    from .evaluate import check
    from .findings import CODES, Finding
    from .policy import PolicyError
    from .policy import check as check_policy
    from .policy import load as load_policy
    from .result import StatusReport
    from .schema import PolicyData

# public name -> (module, attribute)
_EXPORTS = {
    "check": ("evaluate", "check"),
    "load_policy": ("policy", "load"),
    "check_policy": ("policy", "check"),
    "PolicyData": ("schema", "PolicyData"),
    "StatusReport": ("result", "StatusReport"),
    "Finding": ("findings", "Finding"),
    "CODES": ("findings", "CODES"),
    "InputError": ("errors", "InputError"),
    "PolicyError": ("policy", "PolicyError"),
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'stdcheck' has no attribute {name!r}") from None
    return getattr(importlib.import_module(f".{module}", __name__), attr)
