"""JSON: the document itself, as data for scripts and CI.

Every document carries ``schema_version``; texts are ``{"zh", "en"}`` objects everywhere and
department names are canonical names, as the opinion writes them.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from . import Options


def render(doc: BaseModel, lang: str, options: Options) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
