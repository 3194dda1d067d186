"""Layout: Content + Theme + Format -> Document of positioned items.

The stages are imported when `lay_out` runs, so that theme.py can use this package's leaf modules
(bidi, fonts_for) whichever module is imported first: the stages themselves use the theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Document

if TYPE_CHECKING:
    from ..content import Content
    from ..formats import Format
    from ..theme import Theme

__all__ = ["Document", "lay_out"]


def lay_out(content: Content, theme: Theme, fmt: Format, edition: str = "print") -> Document:
    """Lay the whole leaflet out: page by page, or panel by panel for a folded sheet; a
    right-to-left leaflet is that layout mirrored (mirror.py). The screen edition's reply slip
    is a form filled in on screen, with nothing to cut."""
    from .mirror import mirror
    from .pages import lay_out_pages
    from .slip import screen_slip
    from .trifold import lay_out_trifold

    with screen_slip(edition == "screen"):
        document = lay_out_trifold(content, theme, fmt) if len(fmt.panels) > 1 else lay_out_pages(content, theme, fmt)
    return mirror(document) if theme.body.rtl else document
