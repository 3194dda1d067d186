"""Layout: Content + Theme + Format -> Document of positioned items."""

from .leaflet import lay_out
from .model import Document

__all__ = ["Document", "lay_out"]
