"""Layout snapshots: the default leaflet's Document.dump(), one per format, kept in tests/snapshots/.

A change to the layout shows up as a diff of these files in review. To accept a change on purpose:
    BROCHURE_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py
then read the diff (git diff tests/snapshots) before committing it.
"""

from __future__ import annotations

import os

import pytest
from conftest import ROOT, laid_out

SNAPSHOTS = ROOT / "tests" / "snapshots"


@pytest.mark.parametrize("fmt", ["a4", "a5-booklet", "dl-trifold"])
def test_layout_matches_its_snapshot(fmt: str) -> None:
    dump = laid_out(ROOT / "content.yaml", format=fmt).dump() + "\n"
    path = SNAPSHOTS / f"{fmt}.txt"
    if os.environ.get("BROCHURE_UPDATE_SNAPSHOTS"):
        path.write_text(dump, encoding="utf-8")
    assert path.exists(), f"no snapshot yet: run with BROCHURE_UPDATE_SNAPSHOTS=1 to write {path.name}"
    expected = path.read_text(encoding="utf-8")
    assert dump == expected, f"the {fmt} layout changed: BROCHURE_UPDATE_SNAPSHOTS=1 accepts it (then review the diff)"


def test_a_snapshot_names_every_item_and_region() -> None:
    dump = (SNAPSHOTS / "a4.txt").read_text(encoding="utf-8")
    assert dump.startswith("document 'Unlocking Hope")
    for expected in (
        "region body",
        "region slip-back",
        "H1 x=30.0",
        "Figure brain.svg",
        "scissors x=18.0 ",
        "[footer]",
    ):
        assert expected in dump
