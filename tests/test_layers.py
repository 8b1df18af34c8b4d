"""The layers hold: the command line and the inbox call the library and never a reader; the
formats render results only; no module takes another's private name or the package face's;
ledgers are opened on one road only. Read from the source, imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stdcheck"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in ``path``, resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((module, [a.name for a in node.names]))
    return out


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_the_command_line_never_imports_a_reader() -> None:
    found = [m for m, _ in _imports(PACKAGE / "cli.py") if m.startswith("stdcheck.ledger")]
    assert found == []
    text = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert "from .ledger" not in text and "from stdcheck.ledger" not in text


@pytest.mark.parametrize("path", sorted((PACKAGE / "render").glob("*.py")), ids=lambda p: p.name)
def test_formats_render_results_only(path: Path) -> None:
    banned = ("stdcheck.validation", "stdcheck.drafting", "stdcheck.ledger", "stdcheck.evaluate")
    found = [m for m, _ in _imports(path) if m.startswith(banned)]
    assert found == [], f"{path.name} imports {found}"


@pytest.mark.parametrize("path", [p for p in MODULES if p.parent.name == "inbox"],
                         ids=lambda p: p.name)
def test_the_inbox_calls_the_library_not_a_reader(path: Path) -> None:
    found = [m for m, _ in _imports(path) if m.startswith("stdcheck.ledger")]
    assert found == [], f"{path.name} imports {found}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_takes_another_modules_private_name(path: Path) -> None:
    here = _name(path)
    taken = [(m, n) for m, names in _imports(path) if m.startswith("stdcheck") and m != here
             for n in names if n.startswith("_") and not n.startswith("__")]
    assert taken == [], f"{here} takes {taken}"


@pytest.mark.parametrize("path", [p for p in MODULES if p != PACKAGE / "__init__.py"],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_below_the_face_imports_it(path: Path) -> None:
    """``from stdcheck import check`` (or ``from .. import __version__``) below the package
    face would import it, and with it everything it names lazily; a submodule is fine."""
    taken = [(m, n) for m, names in _imports(path) if m == "stdcheck"
             for n in names if not _is_module(f"stdcheck.{n}")]
    assert taken == [], f"{_name(path)} takes {taken} from the package face"


@pytest.mark.parametrize("name", ["evaluate.py", "validation.py", "meeting.py"])
def test_evaluate_and_validate_open_no_ledger_themselves(name: str) -> None:
    imports = _imports(PACKAGE / name)
    opened = [(m, n) for m, names in imports for n in names
              if m.startswith("stdcheck.ledger") and n in ("open_ledger", "open_ledgers",
                                                            "expand", "LedgerFile")]
    assert opened == [] or (name == "validation.py" and opened == [("stdcheck.ledger", "expand")])
    tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name) and n.func.id == "open"]
    assert calls == []
