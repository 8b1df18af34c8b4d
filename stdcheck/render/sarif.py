"""SARIF 2.1.0 for ``validate``: the format code-scanning services (GitHub's upload-sarif)
read. The rules are the finding catalogue; a result's location is its file relative to the
repository root and the line and column of the finding."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..findings import CODES
from ..vocabulary import Severity
from . import Options, Unsupported

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def sarif(doc: BaseModel, lang: str) -> dict[str, Any]:
    from ..result import ValidationReport

    if not isinstance(doc, ValidationReport):
        raise Unsupported("the sarif format shows `validate` reports; use table or json")
    index = {code: i for i, code in enumerate(CODES)}
    rules = [{
        "id": c.code,
        "name": c.code,
        "shortDescription": {"text": c.title.get(lang)},
        "fullDescription": {"text": c.help.get(lang)},
        "help": {"text": c.help.get(lang)},
        "defaultConfiguration": {"level": LEVEL[c.severity]},
        "properties": {"scope": c.scope},
    } for c in CODES.values()]
    results = []
    for f in doc.findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": f.uri,
                                                         "uriBaseId": "%SRCROOT%"}}
        if f.line is not None:
            region: dict[str, Any] = {"startLine": f.line}
            if f.column is not None:
                region["startColumn"] = f.column
            location["region"] = region
        where = f"[{f.sheet}] " if f.sheet else ""
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": LEVEL[f.severity],
            "message": {"text": where + f.text(lang)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"stdcheckFingerprint/v1": f.fingerprint},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stdcheck", "version": doc.tool_version,
                                "semanticVersion": doc.tool_version, "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(doc: BaseModel, lang: str, options: Options) -> str:
    return json.dumps(sarif(doc, lang), ensure_ascii=False, indent=2) + "\n"
