"""ReportLab's drawing shapes and renderPDF, imported without loading platypus.

`reportlab.graphics.shapes` and `renderPDF` import the platypus package only for its `Flowable`
class, and the package's __init__ loads paragraphs, tables and frames with it: about 0.1 s of a
cold build, for nothing brochure uses. Here they are imported while a stand-in package holds
`Flowable` alone; the stand-in is then removed, so a later `import reportlab.platypus` loads the
real package (whose `Flowable` is the same class). brochure's modules import them from here.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path


def _import_shapes() -> None:
    if "reportlab.graphics.renderPDF" in sys.modules or "reportlab.platypus" in sys.modules:
        return
    import reportlab

    stand_in = types.ModuleType("reportlab.platypus")
    stand_in.__path__ = [str(Path(reportlab.__file__).parent / "platypus")]
    sys.modules["reportlab.platypus"] = stand_in
    try:
        from reportlab.platypus.flowables import Flowable

        stand_in.Flowable = Flowable  # type: ignore[attr-defined]
        import reportlab.graphics.renderPDF  # (it and shapes want only Flowable of platypus)
    finally:
        if sys.modules.get("reportlab.platypus") is stand_in:
            del sys.modules["reportlab.platypus"]
        if getattr(reportlab, "platypus", None) is stand_in:
            delattr(reportlab, "platypus")


_import_shapes()

from reportlab.graphics import renderPDF  # noqa: E402
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, Group, Image, Shape, String  # noqa: E402

__all__ = ["STATE_DEFAULTS", "Drawing", "Group", "Image", "Shape", "String", "renderPDF"]
