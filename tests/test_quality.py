"""ruff and mypy run with the tests, and the stages keep their import direction."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_is_clean() -> None:
    for command in (["ruff", "check", "."], ["ruff", "format", "--check", "."]):
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_render_touches_the_canvas() -> None:
    """Layout produces plain positioned data; only the render stage (render.py, marks.py) draws."""
    for path in (ROOT / "brochure").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imports += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        uses_canvas = any(
            name.startswith(("reportlab.pdfgen", "reportlab.graphics.renderPDF")) or name == "reportlab.graphics"
            for name in imports
        )
        if path.name not in ("render.py", "marks.py", "_reportlab.py"):  # (_reportlab imports renderPDF for render)
            assert not uses_canvas, f"{path.relative_to(ROOT)} imports the canvas"


def test_library_code_does_not_print() -> None:
    for path in (ROOT / "brochure").rglob("*.py"):
        if path.name in ("__main__.py", "console.py"):  # (console.py is how the command line prints)
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"]
        assert not calls, f"{path.relative_to(ROOT)} prints"
