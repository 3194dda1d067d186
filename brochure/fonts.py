"""Per-script font fallback: which font sets each piece of a text.

The brand's font sets every word it has all the characters of. A word it cannot set takes the
brand's own font for the word's script when brand.yaml names one (`fonts: {arabic: ..., arabic-bold:
...}`), else a bundled fallback for the script (FALLBACKS, in assets/fonts/), whichever first has the
whole word, so a word is never set in two fonts when one font has it all; failing that, each
grapheme cluster takes the first font that has it. Text is taken a grapheme cluster at a time
(UAX #29), so a base letter and its combining marks, a conjunct or an emoji sequence always share a
font. Spaces, digits and punctuation (script Common) and lone marks (Inherited) stay in the font of
the word before them (after them, at the start) when it has them. Fallback fonts are registered with
ReportLab on first use.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final, NamedTuple

from fontTools.unicodedata import script as _ucd_script
from reportlab.pdfbase import pdfmetrics
from uniseg.graphemecluster import grapheme_clusters

from .resources import FONTS

FONT_DIR: Final = FONTS  # assets/fonts, wherever brochure is installed (resources.py)
COMMON, INHERITED = "Zyyy", "Zinh"


class Face(NamedTuple):
    """A bundled family's two weights."""

    regular: Path
    bold: Path


def _face(stem: str, suffix: str = "") -> Face:
    return Face(FONT_DIR / f"{stem}-Regular{suffix}.ttf", FONT_DIR / f"{stem}-Bold{suffix}.ttf")


NEXT: Final = _face("AtkinsonHyperlegibleNext")
NOTO_SANS: Final = _face("NotoSans")
NASKH: Final = _face("NotoNaskhArabic")
NASTALIQ: Final = _face("NotoNastaliqUrdu")
SC: Final = _face("NotoSansSC", "-subset")

# ISO 15924 script code -> the bundled faces to try, in order.
FALLBACKS: Final[Mapping[str, tuple[Face, ...]]] = {
    "Latn": (NEXT, NOTO_SANS),
    "Grek": (NOTO_SANS,),
    "Cyrl": (NOTO_SANS,),
    "Arab": (NASKH,),
    "Hebr": (_face("NotoSansHebrew"),),
    "Beng": (_face("NotoSansBengali"),),
    "Guru": (_face("NotoSansGurmukhi"),),
    "Gujr": (_face("NotoSansGujarati"),),
    "Deva": (_face("NotoSansDevanagari"),),
    "Hans": (SC,),
    "Hani": (SC,),  # what Unicode calls every Han character
}
URDU_ARABIC: Final = (NASTALIQ, NASKH)  # Urdu readers expect Nastaliq
BUNDLED: Final = tuple(dict.fromkeys([*(f for faces in FALLBACKS.values() for f in faces), NASTALIQ]))

# brand.yaml `fonts:` keys for a script's own font (each also with "-bold"): key -> script code.
# "urdu" is the Arabic-script font for Urdu text (language ur); "arabic" serves other languages.
BRAND_SCRIPTS: Final[Mapping[str, str]] = {
    "latin": "Latn",
    "greek": "Grek",
    "cyrillic": "Cyrl",
    "arabic": "Arab",
    "urdu": "Arab",
    "hebrew": "Hebr",
    "bengali": "Beng",
    "gurmukhi": "Guru",
    "gujarati": "Gujr",
    "devanagari": "Deva",
    "chinese": "Hani",
}
BRAND_FONT_KEYS: Final = tuple(k for name in BRAND_SCRIPTS for k in (name, f"{name}-bold"))

# Format characters that print (prepended concatenation marks); other Cf/Cc characters need no glyph.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")


def script_of(char: str) -> str:
    """The ISO 15924 code of a character's script ("Zyyy" Common, "Zinh" Inherited, "Zzzz" unknown).
    itemize gives Common and Inherited characters the script of the run around them."""
    return str(_ucd_script(char))


def is_urdu(language: str | None) -> bool:
    """Whether a BCP 47 language tag is Urdu (ur, ur-PK, ur-Arab-IN ...)."""
    return bool(language) and str(language).lower().replace("_", "-").split("-")[0] == "ur"


def fallbacks(script: str, language: str | None = None) -> tuple[Face, ...]:
    """The bundled faces for a script in a language, in the order they are tried."""
    if script == "Arab" and is_urdu(language):
        return URDU_ARABIC
    return FALLBACKS.get(script, ())


def itemize(
    text: str,
    regular_font: str,
    bold: bool = False,
    language: str | None = None,
    brand_fonts: Mapping[str, Path] | None = None,
) -> tuple[tuple[str, str], ...]:
    """Split text into (piece, registered ReportLab font name) runs, each in one font and one script
    (Common characters count as the script of the word they lean on), in text order.

    `regular_font` is the registered brand font the text is set in (a style's font, or its bold
    font); `bold` picks the weight of the brand's script fonts and the fallbacks; `brand_fonts` is
    Brand.fonts (only its script keys, BRAND_FONT_KEYS, are used). A character no font has stays in
    `regular_font`: `missing` lists those."""
    return tuple(
        (piece, font) for piece, font, _ in _runs(text, regular_font, bold, is_urdu(language), _brand(brand_fonts))[0]
    )


def missing(
    text: str,
    regular_font: str,
    bold: bool = False,
    language: str | None = None,
    brand_fonts: Mapping[str, Path] | None = None,
) -> list[tuple[str, str]]:
    """The characters of `text` that no font has (not the brand's, nor a fallback), each once, with
    its script code, in order of appearance. `describe` names one for a message."""
    return list(_runs(text, regular_font, bold, is_urdu(language), _brand(brand_fonts))[1])


def describe(char: str) -> str:
    """U+XXXX and the character's Unicode name, for messages: 'U+10000 LINEAR B SYLLABLE B008 A'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '(unnamed)')}"


def _brand(brand_fonts: Mapping[str, Path] | None) -> tuple[tuple[str, str], ...]:
    """The brand's script fonts as a hashable key for the cache."""
    return tuple(sorted((k, str(p)) for k, p in (brand_fonts or {}).items() if k in BRAND_FONT_KEYS))


# Letters, digits, punctuation, symbols and spaces whose grapheme cluster break property is not
# Other: Hangul jamo and syllables, regional indicators, Prepend and SpacingMark letters, Extend
# modifiers. Between two other such characters a cluster always breaks (UAX #29).
_NOT_PLAIN = (
    (0x0D4E, 0x0D4E), (0x0E33, 0x0E33), (0x0EB3, 0x0EB3), (0x1100, 0x11FF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
    (0xFF9E, 0xFF9F), (0x111C2, 0x111C3), (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A),
    (0x11A84, 0x11A89), (0x11D46, 0x11D46), (0x11F02, 0x11F02), (0x1F1E6, 0x1F1FF), (0x1F3FB, 0x1F3FF),
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _plain(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char)[0] in "LNPSZ"
        and char not in "\u2028\u2029"
        and not any(low <= code <= high for low, high in _NOT_PLAIN)
    )


def _clusters(text: str) -> list[str]:
    """The text's grapheme clusters (UAX #29): uniseg's, asked only where a break is not certain."""
    found: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (_plain(text[i - 1]) and _plain(text[i])):
            found.extend(grapheme_clusters(text[start:i]) if i - start > 1 else (text[start:i],))
            start = i
    return found


def _needs_glyph(char: str) -> bool:
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return char in _VISIBLE_FORMAT
    return not ("\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")  # variation selectors


def _register(path: str) -> str:
    """The registered name of a font file, registering it on first use (again if it changed)."""
    stat = Path(path).stat()
    return _register_version(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _register_version(path: str, mtime_ns: int, size: int) -> str:
    from .theme import register_font  # theme imports this module for BRAND_FONT_KEYS

    return register_font(Path(path))


@functools.lru_cache(maxsize=256)
def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _has(font: str, cluster: str) -> bool:
    cmap = _cmap(font)
    return all(ord(c) in cmap for c in cluster if _needs_glyph(c))


def _strong_script(cluster: str) -> str | None:
    for char in cluster:
        code = script_of(char)
        if code not in (COMMON, INHERITED):
            return code
    return None


def _chain(script: str, urdu: bool, bold: bool, own: Mapping[str, str]) -> list[str]:
    """Font files for a script, best first: the brand's own, the bundled fallbacks, then every
    bundled font (for Common characters such as arrows, and scripts with no fallback of their own)."""

    def brand(key: str) -> str | None:
        return (own.get(f"{key}-bold") if bold else None) or own.get(key)

    def bundled(face: Face) -> str:
        return str(face.bold if bold else face.regular)

    if script == "Arab" and urdu:
        chain = [brand("urdu"), bundled(NASTALIQ), brand("arabic"), bundled(NASKH)]
    else:
        han = "Hani" if script == "Hans" else script
        chain = [brand(k) for k, code in BRAND_SCRIPTS.items() if code == han and k != "urdu"]
        chain += [bundled(face) for face in FALLBACKS.get(script, ())]
    chain += [bundled(face) for face in BUNDLED]
    return list(dict.fromkeys(path for path in chain if path))


@functools.lru_cache(maxsize=8192)
def _runs(
    text: str, regular_font: str, bold: bool, urdu: bool, brand: tuple[tuple[str, str], ...]
) -> tuple[tuple[tuple[str, str, str], ...], tuple[tuple[str, str], ...]]:
    """(piece, font, script) runs, and the (char, script) pairs no font has."""
    clusters = _clusters(text)
    strong = [_strong_script(c) for c in clusters]
    # A Common/Inherited cluster leans on the strong cluster before it (after it, at the start).
    lean: list[int | None] = []
    for i, code in enumerate(strong):
        lean.append(i if code is not None else (lean[-1] if lean else None))
    after: int | None = None
    for i in reversed(range(len(clusters))):
        after = i if strong[i] is not None else after
        lean[i] = after if lean[i] is None else lean[i]
    scripts = [strong[a] if a is not None else None for a in lean]

    chains: dict[str, list[str]] = {}
    names: dict[str, str] = {}  # font file -> registered name, for this text
    absent: dict[str, str] = {}

    def tries(script: str, first: str) -> Iterator[str]:
        """Font names to try, best first; fallback files are registered when first reached."""
        yield from (first, regular_font)
        if script not in chains:
            chains[script] = _chain(script, urdu, bold, dict(brand))
        for path in chains[script]:
            yield names.get(path) or names.setdefault(path, _register(path))

    def pick(piece: str, script: str, first: str) -> str | None:
        return next((name for name in tries(script, first) if _has(name, piece)), None)

    def cluster_font(i: int, first: str) -> str:
        font = pick(clusters[i], scripts[i] or COMMON, first)
        if font is None:
            font = first
            absent.update({c: script_of(c) for c in clusters[i] if _needs_glyph(c) and ord(c) not in _cmap(font)})
        return font

    # A word (strong clusters of one script in a row) takes the first font that has all of it, so a
    # word is not set in two fonts (Δύο, Tiếng); failing that, each cluster takes the first that has it.
    fonts: dict[int, str] = {}
    start = 0
    while start < len(clusters):
        end = start + 1
        if strong[start] is not None:
            while end < len(clusters) and strong[end] == strong[start]:
                end += 1
            word = pick("".join(clusters[start:end]), scripts[start] or COMMON, regular_font)
            fonts.update({i: word or cluster_font(i, regular_font) for i in range(start, end)})
        start = end
    # Common and Inherited clusters stay in the font of the word they lean on when it has them.
    for i, anchor in enumerate(lean):
        if strong[i] is None:
            fonts[i] = cluster_font(i, fonts[anchor] if anchor is not None else regular_font)

    runs: list[tuple[str, str, str]] = []
    for i, cluster in enumerate(clusters):
        key = (fonts[i], scripts[i] or COMMON)
        if runs and runs[-1][1:] == key:
            runs[-1] = (runs[-1][0] + cluster, *key)
        else:
            runs.append((cluster, *key))
    return tuple(runs), tuple(sorted(absent.items(), key=lambda item: text.index(item[0])))


def script_name(char: str) -> str:
    """The name of a character's script, for messages: 'Linear B script'."""
    from fontTools import unicodedata as ucd

    code = ucd.script(char)
    if code in (COMMON, INHERITED):
        return "a symbol, in no script"
    return f"{ucd.script_name(code).replace('_', ' ')} script"
