"""Texts written after the drafter's rules, in the forms issue 22 named (a city's plan sent
with a notice, the same in traditional characters and half-width punctuation, a province's
实施意见 with its 文号 before the title and the signature at the end, a city portal's page with
labelled lines), none of them seen while the rules were made: what each drafts, header and
targets, as the stop's closing note tabulates it. Our own wording, in tests/data/drafts/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stdcheck.drafting import draft

DRAFTS = Path(__file__).resolve().parent / "data" / "drafts"

# file -> title, issuer, 文号, issue date, level, local prefix (None: not found)
HEADERS = {
    "t1-city-notice.txt": ("芜湖市贯彻落实国家标准化发展纲要实施方案", "芜湖市人民政府办公室", None,
                           dt.date(2023, 2, 8), "city", "DB34"),
    "t2-city-traditional.txt": ("芜湖市贯彻落实国家标准化发展纲要实施方案", "芜湖市人民政府办公室",
                                None, dt.date(2023, 2, 8), "city", "DB34"),
    "t3-province.txt": ("江西省人民政府办公厅关于贯彻落实国家标准化发展纲要的实施意见",
                        "江西省人民政府办公厅", "赣府厅发〔2022〕15号", dt.date(2022, 6, 30),
                        "province", "DB36"),
    "t4-portal.html": ("铜陵市标准化发展行动计划", "铜陵市人民政府办公室", "办〔2021〕12号",
                       dt.date(2021, 5, 10), "city", None),
}
CITY = [(("international",), 3, "主导"), (("national",), 50, None), (("industry",), 50, None),
        (("local",), 20, "芜湖市"), (("group",), 30, None), (("pilot",), 5, "国家级")]
# file -> (kinds, value, a qualifier the name keeps) per target; tasks; tasks the towns implement
TARGETS = {
    "t1-city-notice.txt": (CITY, 4, [3]),
    "t2-city-traditional.txt": (CITY, 4, [3]),
    "t3-province.txt": ([(("national", "industry"), 400, None), (("local",), 300, None),
                         (("group",), 500, None), (("pilot",), 100, None)], 3, [3]),
    "t4-portal.html": ([(("national", "industry"), 20, None), (("local",), 10, None),
                        (("group",), 15, None), (("pilot",), 8, "市级以上")], 2, []),
}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_a_text_not_seen_while_the_rules_were_made(name: str) -> None:
    d = draft(DRAFTS / name)
    p = d.policy
    title, issuer, number, issued, level, prefix = HEADERS[name]
    found = {f.field: f for f in d.found}
    assert p.title.zh == title and p.issuer is not None and p.issuer.zh == issuer
    assert d.document_number == number
    assert found["issued"].value == issued.isoformat()
    assert (p.level, p.local_prefix or None) == (level, prefix)
    targets, tasks, towns = TARGETS[name]
    assert [(tuple(k.value for k in t.kinds), t.bound.value) for t in p.targets] == [
        (kinds, value) for kinds, value, _ in targets]
    for t, (_, _, qualifier) in zip(p.targets, targets, strict=True):
        if qualifier is not None:  # kept in the name, and the review says the ledger cannot
            assert qualifier in t.name.zh  # tell it apart
            assert any(f"`{t.id}`" in r.message.zh and qualifier in r.message.zh
                       for r in d.review), t.id
    assert len(d.tasks) == tasks
    assert [t.number for t in d.tasks if t.towns_implement] == towns
    assert all(t.departments or t.all_departments or t.towns_implement for t in d.tasks)
