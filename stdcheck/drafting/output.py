"""A draft as files: targets.yaml, tasks.yaml, departments.yaml (the shape of data/) and
REVIEW.md, written together (all or none); an existing folder with files in it only with
``force``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, get_args

import yaml

from ..errors import InputError, OutputError
from ..files import cannot_write, write_together
from ..i18n import Labels
from ..result import Draft, Topic
from ..vocabulary import msg

FILES = ("targets.yaml", "tasks.yaml", "departments.yaml", "REVIEW.md")



def _dates(value: Any) -> Any:
    """JSON-mode values with dates made dates again, so YAML writes them unquoted and the
    loader (strict) reads them as dates."""
    if isinstance(value, dict):
        return {k: (dt.date.fromisoformat(v) if k in ("start", "end", "issued")
                    and isinstance(v, str) else _dates(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    return value


def _dump(header: str, data: dict[str, Any]) -> str:
    body = yaml.safe_dump(_dates(data), allow_unicode=True, sort_keys=False, width=100)
    return header + body


def yaml_files(d: Draft) -> dict[str, str]:
    """The three data files' text."""
    note = (f"# Drafted by `stdcheck draft` from {d.input}. Everything guessed or skipped is in\n"
            "# REVIEW.md beside this file: check it before relying on these numbers.\n")
    number = f"# Document number (文号): {d.document_number}\n" if d.document_number else ""
    policy = d.policy.model_dump(mode="json", exclude_none=True)
    book = {"sections": [s.model_dump(mode="json") for s in d.sections],
            "tasks": [t.model_dump(mode="json", exclude_defaults=True, exclude={"open"})
                      | ({"open": True} if t.open else {}) for t in d.tasks]}
    for t in book["tasks"]:
        t.setdefault("departments", [])
        if not t["departments"]:
            del t["departments"]
    registry: dict[str, Any] = {"prefixes": d.prefixes}
    if d.district is not None:
        registry["district"] = d.district.model_dump(mode="json")
    registry["departments"] = [dep.model_dump(mode="json") for dep in d.departments]
    return {"targets.yaml": _dump(note + number, policy),
            "tasks.yaml": _dump(note, book),
            "departments.yaml": _dump(note, registry)}


def review_markdown(d: Draft, lang: str) -> str:
    zh = lang != "en"
    lines = [f"# {'草稿待核事项' if zh else 'Draft: what to review'}", ""]
    lines.append(f"{'来源' if zh else 'Drafted from'}: `{d.input}`  ")
    lines.append((f"量化目标 {len(d.policy.targets)} 项，定性目标 {len(d.policy.goals)} 项，"
                  f"部分 {len(d.sections)} 个，任务 {len(d.tasks)} 项，责任单位 {len(d.departments)} 个。")
                 if zh else
                 (f"{len(d.policy.targets)} counted target(s), {len(d.policy.goals)} goal(s), "
                  f"{len(d.sections)} section(s), {len(d.tasks)} task(s), "
                  f"{len(d.departments)} department(s)."))
    lines += _header_values(d, zh)
    t = Labels(lang)
    for topic in get_args(Topic):
        items = [r for r in d.review if r.topic == topic]
        if not items:
            continue
        lines += ["", f"## {t(f'topic.{topic}')}", ""]
        for r in items:
            lines.append(f"- [ ] {r.message.get(lang)}")
            if r.source:
                lines.append(f"  > {r.source}")
    return "\n".join(lines) + "\n"


HEADER_FIELDS = ("title", "issuer", "document_number", "issued", "local_prefix", "level")


def _header_values(d: Draft, zh: str | bool) -> list[str]:
    """The header values in three lists: read from the text, guessed (and from what), not
    found."""
    lines: list[str] = []
    read = [f for f in d.found if f.read]
    guessed = [f for f in d.found if not f.read]
    missing = [name for name in HEADER_FIELDS if name not in {f.field for f in d.found}]
    if read:
        lines += ["", f"## {'从正文读出' if zh else 'Read from the text'}", ""]
        lines += [f"- `{f.field}`: {f.value} — “{f.source}”" for f in read]
    if guessed:
        lines += ["", f"## {'推测的（请核实）' if zh else 'Guessed (check these)'}", ""]
        for f in guessed:
            why = f"（{f.why.zh}）" if zh and f.why else f" ({f.why.en})" if f.why else ""
            source = f" — “{f.source}”" if f.source else ""
            lines.append(f"- `{f.field}`: {f.value}{why}{source}")
    if missing:
        lines += ["", f"## {'未找到' if zh else 'Not found'}", "",
                  "- " + ("、" if zh else ", ").join(f"`{name}`" for name in missing)]
    return lines


def write(d: Draft, directory: Path, lang: str = "zh", force: bool = False) -> list[Path]:
    """Write the draft into ``directory`` (created if missing). A folder that already holds
    files is refused unless ``force``. The four files are written together, all or none
    (:func:`~stdcheck.files.write_together`): a draft whose targets.yaml is new and whose
    tasks.yaml is the old one would load as a policy no opinion says."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OutputError(msg(f"--out: `{directory}` is not a folder; name a folder to write "
                              "the draft into",
                              f"--out：`{directory}` 不是文件夹；请指定写入草稿的文件夹"))
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise InputError(msg(f"--out: `{directory}` already has files in it; choose an empty "
                             "folder, or add --force to replace the draft files there",
                             f"--out：`{directory}` 中已有文件；请换一个空文件夹，或加 --force "
                             "覆盖其中的草稿文件"))
    texts = yaml_files(d)
    texts["REVIEW.md"] = review_markdown(d, lang)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise cannot_write(directory, e) from e
    written = [directory / name for name in FILES]
    write_together([(path, texts[path.name].encode("utf-8")) for path in written])
    return written
