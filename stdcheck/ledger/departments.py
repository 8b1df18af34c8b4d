"""Department cells as departments fill them: a name in any spelling the registry knows, a
town, several departments in one cell (区科技局、区经济信息委), a role after a name
(区科技局（牵头）)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from ..dates import show
from ..entries import Who
from ..vocabulary import msg

if TYPE_CHECKING:
    from ..names import DepartmentIndex

CACHE_MAX = 100_000  # distinct cell texts remembered

# One cell naming several departments: 区科技局、区经济信息委 (also , ， ; ； / and spaces).
_SEPARATORS = re.compile(r"\s*[、,，;；/／]\s*|\s+")
# A role after a name: 区科技局（牵头）, 区经济信息委(配合), 区民政局（参与）.
_ROLE = re.compile(r"\s*[(（]\s*(牵头|配合|参与|协办|主办|负责)\s*[)）]\s*$")


class DepartmentCells:
    """Reads department cells into :class:`Who`, once per distinct cell text."""

    def __init__(self, names: DepartmentIndex) -> None:
        self.names = names
        self._read: dict[str, Optional[Who]] = {}
        # one Who per reading, however the cell was written (区科委, 區科技局, 区科技局 …)
        self._same: dict[tuple[object, ...], Who] = {}

    def read(self, raw: str) -> Optional[Who]:
        """None for an empty cell; a :class:`Who` with a ``message`` for a name that resolves
        to nothing (the row still counts, attributed to no department)."""
        who = self._read.get(raw, NOT_READ)
        if who is not NOT_READ:
            return who  # type: ignore[return-value]
        name = raw.strip()
        found: Optional[Who] = None
        if name:
            found = self._one(name)
            if found.message is not None:
                found = self._several(name) or found
        if found is not None and found.message is None:
            found = self._same.setdefault((found.name, found.town, found.also, found.roles),
                                          found)
        if len(self._read) < CACHE_MAX:
            self._read[raw] = found
        return found

    def _one(self, written: str) -> Who:
        m = _ROLE.search(written)
        role = m.group(1) if m else ""
        name = written[: m.start()] if m else written
        names = self.names
        found = names.resolve(name)
        if found is not None:
            return Who(name=found.name, roles=(role,) if role else ())
        town = names.town(name)
        if town is not None:
            return Who(town=town)
        guesses = names.suggest(name)
        hint = f"did you mean {' or '.join(guesses)}? " if guesses else ""
        hint_zh = f"是否指{'或'.join(guesses)}？" if guesses else ""
        return Who(message=msg(
            f"{show(name)} is neither a department of the opinion nor a town or "
            f"sub-district; {hint}Write the department as the opinion names it; until then the "
            "row is attributed to no department",
            f"{show(name)} 既不是实施意见中的部门，也不是镇街；{hint_zh}请按实施意见的写法"
            "填写责任单位；改正前该行不归入任何部门"))

    def _several(self, written: str) -> Optional[Who]:
        """A cell naming several departments, each resolving: credits every one of them, in
        the order written, keeping roles. None when it is not such a cell."""
        parts = [p for p in _SEPARATORS.split(written) if p]
        if len(parts) < 2:
            return None
        found = [self._one(p) for p in parts]
        if any(d.name is None for d in found):
            return None
        names = tuple(dict.fromkeys(d.name for d in found if d.name))
        roles = tuple(d.roles[0] if d.roles else "" for d in found)
        return Who(name=names[0], also=names[1:], roles=roles if any(roles) else ())


NOT_READ = object()
