"""Shared fixtures: a copy of the default project in a temporary folder, and the default build."""

from __future__ import annotations

import copy
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

import brochure

ROOT = Path(__file__).resolve().parent.parent

# The tools installed beside this Python (outloud, brochure) are found when the tests run as
# `.venv/bin/python -m pytest` without the virtual environment being activated.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the default leaflet project (content, brand, assets)."""
    for name in ("content.yaml", "brand.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


@pytest.fixture
def edit(project: Path) -> Callable[[str, str], Path]:
    """Replace text in the project's content.yaml; returns the content path."""

    def replace(old: str, new: str) -> Path:
        path = project / "content.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in content.yaml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return replace


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> brochure.BuildResult:
    """The default leaflet, built once for the session."""
    out = tmp_path_factory.mktemp("default") / "leaflet.pdf"
    return brochure.build(ROOT / "content.yaml", out)


def normalise(text: str) -> str:
    """Text without any white space, for comparing words across line breaks."""
    return "".join(text.split())


def assert_every_sentence(pdf: Path, content_path: Path) -> None:
    """Every sentence of the content's printed text is in the PDF's extracted text."""
    import re

    from pypdf import PdfReader

    from brochure import texts
    from brochure.content import load_content

    extracted = normalise("".join(page.extract_text() for page in PdfReader(pdf).pages))
    content, _ = load_content(content_path)
    for path, text in texts(content):
        if path == "illustration.alt":
            continue  # alt text belongs to the tags, not the printed page
        if path == "clinic.web":
            text = text.split("://", 1)[-1]  # printed without the scheme, as people type it
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert normalise(sentence) in extracted, f"{path}: {sentence!r} is missing"


Change = Callable[[dict[str, Any]], None]


@pytest.fixture
def variant(tmp_path: Path) -> Callable[[Change], Path]:
    """A project whose content.yaml is the default one with `change` applied to its loaded YAML;
    returns the content path (each call a folder of its own)."""
    base = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    count = iter(range(1000))

    def make(change: Change) -> Path:
        folder = tmp_path / f"variant{next(count)}"
        folder.mkdir()
        shutil.copy(ROOT / "brand.yaml", folder / "brand.yaml")
        shutil.copytree(ROOT / "assets", folder / "assets")
        content = copy.deepcopy(base)
        change(content)
        path = folder / "content.yaml"
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return make


def laid_out(content: Path, **options: Any) -> brochure.Document:
    """The content laid out as a build would (before the audit)."""
    return brochure.lay_out_unaudited(content, brochure.BuildOptions(**options)).document


def struct_elements(node: Any) -> list[Any]:
    """Every structure element under a node of a tagged PDF's tree (pikepdf), in reading order."""
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    found = []
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found += [kid, *struct_elements(kid)]
    return found
