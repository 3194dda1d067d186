"""brochure: content.yaml + brand + illustration -> print-ready patient leaflet PDF.

The pipeline lives in `brochure.pipeline` (one function per stage, frozen values between them).
This package exports its names lazily: `import brochure` is cheap, so `brochure --help` starts at
once, and the first use of `brochure.build` (or `from brochure import build`) loads the pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .pipeline import (
        BrochureError,
        BuildOptions,
        BuildResult,
        Content,
        Diagnostic,
        Document,
        InputError,
        LayoutError,
        Location,
        Theme,
        build,
        lay_out_unaudited,
        make_pdf,
        prepare,
        texts,
    )

__all__ = [
    "BrochureError", "BuildOptions", "BuildResult", "Content", "Diagnostic", "Document", "InputError", "LayoutError",
    "Location", "Theme", "__version__", "build", "lay_out_unaudited", "make_pdf", "prepare", "texts",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """Every name of the pipeline (build, prepare, BuildOptions ...), loaded on first use."""
    import importlib.util

    if name.startswith("__") or importlib.util.find_spec(f"{__name__}.{name}") is not None:
        # a submodule not imported yet: `from . import labels` then imports it, as for any package
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    pipeline = importlib.import_module(".pipeline", __name__)
    try:
        value = getattr(pipeline, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value
