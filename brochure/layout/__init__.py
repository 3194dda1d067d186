"""Layout: Content + Theme + Format -> Document of positioned items."""

from ..content import Content
from ..formats import Format
from ..theme import Theme
from .mirror import mirror
from .model import Document
from .pages import lay_out_pages
from .trifold import lay_out_trifold

__all__ = ["Document", "lay_out"]


def lay_out(content: Content, theme: Theme, fmt: Format) -> Document:
    """Lay the whole leaflet out: page by page, or panel by panel for a folded sheet; a
    right-to-left leaflet is that layout mirrored (mirror.py)."""
    document = lay_out_trifold(content, theme, fmt) if len(fmt.panels) > 1 else lay_out_pages(content, theme, fmt)
    return mirror(document) if theme.body.rtl else document
