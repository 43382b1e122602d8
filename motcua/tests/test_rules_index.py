"""Every domain rule the code and the tests cite (``R4.17`` …) is restated in docs/rules.md, so
a reader finds what a rule says and where it comes from in the repository itself."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULE = re.compile(r"\bR\d+\.\d+\b")
CITING = ("*.py", "*.html", "*.typ", "*.txt", "*.js")


def cited() -> set[str]:
    found: set[str] = set()
    for pattern in CITING:
        for path in (ROOT / "motcua").rglob(pattern):
            found |= set(RULE.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def indexed() -> set[str]:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| (R\d+\.\d+) \|", text, re.M))


def test_every_rule_cited_in_the_code_is_in_the_index():
    missing = sorted(cited() - indexed())
    assert not missing, f"add these rules to docs/rules.md: {', '.join(missing)}"


def test_the_contract_lives_in_the_repository():
    assert (ROOT / "docs" / "contract.md").read_text(encoding="utf-8").startswith("# MộtCửa")
