"""The README says what the code does: its preflight table is the rule catalogue."""

from __future__ import annotations

from conftest import ROOT

from brochure.check.catalogue import RULES, table


def test_readme_rule_table_is_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index("<!-- rules:start -->\n"), readme.index("<!-- rules:end -->")
    assert readme[start + len("<!-- rules:start -->\n") : end].strip() == table()


def test_every_rule_has_a_reference_and_an_action() -> None:
    for rule in RULES.values():
        assert rule.what and rule.reference and rule.action, rule.id
        assert rule.severity.split(" ")[0] in ("error", "warning"), rule.id
