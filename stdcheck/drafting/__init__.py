"""Draft a tracker for another district from the text of its implementation opinion.

    from stdcheck.drafting import draft, draft_text, write
    d = draft(Path("opinion.docx"))        # .txt, .docx, .html/.htm, .pdf with a text layer
    write(d, Path("moumou"), lang="zh", force=False)   # the three YAML files + REVIEW.md

``draft`` returns a :class:`Draft` (pydantic): the policy (title, issuer, targets, goals), the
sections and tasks, the department registry, where each header value came from, and the review
list — everything guessed or skipped, with the sentence it came from. The written folder always
loads (``stdcheck --data DIR targets``) and ``stdcheck.policy.check(DIR)`` finds no error in it;
a draft that holds no counted target and no task (``Draft.holds_nothing``) is an
``empty-policy`` warning there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..result import Draft, ReviewItem
    from .build import TO_TRANSLATE, draft, draft_text
    from .output import review_markdown, write, yaml_files

# Imported when first used: the results module holds the Draft model, and `status` should not
# pay for the drafting grammar (the package's regexes) to show a table.
_EXPORTS = {"TO_TRANSLATE": ".build", "draft": ".build", "draft_text": ".build",
            "Draft": "..result", "ReviewItem": "..result", "review_markdown": ".output",
            "write": ".output", "yaml_files": ".output"}


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(importlib.import_module(module, __name__), name)


__all__ = ["TO_TRANSLATE", "Draft", "ReviewItem", "draft", "draft_text", "review_markdown",
           "write", "yaml_files"]
