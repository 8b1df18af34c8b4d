"""Draft a tracker for another district from the text of its implementation opinion.

    from stdcheck.drafting import draft, draft_text, write
    d = draft(Path("opinion.docx"))        # .txt, .docx, .html/.htm, .pdf with a text layer
    write(d, Path("moumou"), lang="zh", force=False)   # the three YAML files + REVIEW.md

``draft`` returns a :class:`Draft` (pydantic): the policy (title, issuer, targets, goals), the
sections and tasks, the department registry, where each header value came from, and the review
list — everything guessed or skipped, with the sentence it came from. The written folder always
loads (``stdcheck --data DIR targets``) and ``stdcheck.policy.check(DIR)`` finds nothing in it.
"""

from __future__ import annotations

from .build import TO_TRANSLATE, draft, draft_text
from .model import Draft, ReviewItem
from .output import review_markdown, write, yaml_files

__all__ = ["TO_TRANSLATE", "Draft", "ReviewItem", "draft", "draft_text", "review_markdown",
           "write", "yaml_files"]
