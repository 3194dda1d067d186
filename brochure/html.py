"""The HTML edition: one self-contained, accessible web page from the same content.

    brochure build content.yaml --edition html -o build/leaflet.html

The page is built with nothing but the standard library's escaping (every content text is escaped,
never handed to a markup parser): `<html lang dir>`, a header, `<main>` with the `<h1>` title,
an `<h2>` for each section, paragraphs, `<ol>`/`<ul>` lists, callouts as `<section>`s with an `<h3>`,
`<strong>` and `<a href>` from the rich text, the illustration as a data: URI `<img>` with its alt
text in a `<figure>`, the reply slip as a real `<form>` (labelled fields, the options and the
message question as `<fieldset>`s with a `<legend>`), the clinic's details with tel: and mailto:
links, and the back matter. Every word brochure adds itself comes from the language's labels.

It makes no request: the fonts (the brand's, and the bundled font of the leaflet's script when it
is small enough) are embedded as base64 @font-face, pictures as data: URIs, and a
Content-Security-Policy forbids anything else. Colours are the screen edition's (the print
colours through the print profile to sRGB), darkened where needed to keep WCAG AA contrast.

The HTML edition runs the content checks of a build (content, brand, fonts and pictures, review
date, a glyph for every character), with the same located errors; not the PDF preflight, nor the
layout audit (there are no pages).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .colour import RGB, WHITE, contrast, screen_colours
from .content import Callout, Content, ListBlock, Paragraph, Section
from .errors import Diagnostic
from .fonts import BRAND_SCRIPTS, fallbacks, is_urdu
from .labels import Key
from .layout.bidi import is_rtl_language
from .output import write_atomic
from .pipeline import check_glyphs, check_review, guard_output, input_files, read_inputs
from .rich import RichText
from .theme import Brand, Theme, load_theme

AA = 4.5  # WCAG 2 AA contrast for text
MAX_FONT_BYTES = 400_000  # a font file larger than this is not embedded (the system's font is used)
BODY_PX, LARGE_PRINT_PX = 19, 22  # body text size: comfortable on a phone; large print
SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'
_SCRIPT_OF_LANGUAGE = {"ar": "Arab", "fa": "Arab", "ur": "Arab", "ps": "Arab", "sd": "Arab", "ug": "Arab",
                       "ckb": "Arab", "he": "Hebr", "yi": "Hebr", "bn": "Beng", "as": "Beng", "pa": "Guru",
                       "gu": "Gujr", "hi": "Deva", "mr": "Deva", "ne": "Deva", "zh": "Hans"}  # fmt: skip
_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}

# Progressive enhancement only: the form is complete without it. It keeps the email link's body
# filled with the form's values, so "email" sends what was ticked and typed.
_SCRIPT = """\
(function () {
  var form = document.getElementById("slip"), link = document.getElementById("slip-send");
  if (!form || !link) return;
  var base = link.getAttribute("href");
  function text(el) { return el.labels && el.labels[0] ? el.labels[0].textContent.trim() : el.name; }
  function update() {
    var lines = [];
    form.querySelectorAll("input").forEach(function (el) {
      if (el.type === "checkbox") { if (el.checked) lines.push("[x] " + text(el)); }
      else if (el.type === "radio") {
        if (el.checked) lines.push(el.closest("fieldset").querySelector("legend").textContent.trim() + " " + text(el));
      } else if (el.value.trim()) { lines.push(text(el) + ": " + el.value.trim()); }
    });
    link.setAttribute("href", base + (lines.length ? "&body=" + encodeURIComponent(lines.join("\\n")) : ""));
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
"""


@dataclass(frozen=True)
class HtmlResult:
    output: Path
    size: int
    warnings: tuple[Diagnostic, ...]
    fonts: tuple[str, ...]  # the font files embedded (empty: the system's fonts)


@dataclass(frozen=True)
class Palette:
    primary: str  # headings, links, rules: at least 4.5:1 on white
    accent: str  # borders only
    text: str  # body text


def build_html(
    content_path: Path,
    output: Path,
    *,
    large_print: bool = False,
    allow_expired: bool = False,
    today: dt.date | None = None,
) -> HtmlResult:
    """Check the content as a build does, then write the page atomically; raises InputError
    listing every problem found in the input (nothing is written then)."""
    content, brand, warnings = read_inputs(content_path)
    theme, notes = load_theme(content, brand, large_print)
    found = [] if allow_expired else check_review(content, today or dt.date.today())
    check_glyphs(content, theme, found)
    guard_output(output, input_files(content, brand, theme))
    page, fonts = render_html(content, brand, theme, large_print)
    data = page.encode("utf-8")
    write_atomic(output, data)
    return HtmlResult(output, len(data), (*warnings, *notes), fonts)


def render_html(content: Content, brand: Brand, theme: Theme, large_print: bool = False) -> tuple[str, tuple[str, ...]]:
    """The page, and the names of the font files embedded in it."""
    labels, clinic, info = content.labels, content.clinic, content.leaflet
    faces, embedded = _font_faces(content, brand)
    palette = _palette(theme)
    rtl = is_rtl_language(content.language)
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    policy = (
        "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{script_hash}'; form-action 'none'; base-uri 'none'"
    )
    body_px = LARGE_PRINT_PX if large_print else BODY_PX
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_a(content.language)}" dir="{"rtl" if rtl else "ltr"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_t(content.title)}</title>",
        f'<meta name="description" content="{_a(content.subtitle or content.title)}">',
        f'<meta name="generator" content="brochure; {_a(info.reference)} version {_a(info.version)}">',
        f"<style>\n{faces}{_css(palette, body_px, bool(embedded))}</style>",
        "</head>",
        "<body>",
        f'<a class="skip" href="#help">{_t(content.help.heading)}</a>',
        "<header>",
    ]
    if theme.logo is not None and brand.logo is not None:
        alt = brand.logo_alt or clinic.name
        out.append(f'<img class="logo" src="{_data_uri(brand.logo)}" alt="{_a(alt)}">')
    out += [f'<p class="kicker">{_t(labels.get("patient_information"))}</p>', "</header>", '<main id="main">']
    out.append(f"<h1>{_t(content.title)}</h1>")
    if content.subtitle:
        out.append(f'<p class="subtitle">{_t(content.subtitle)}</p>')
    if content.summary:
        out.append(f'<p class="lead">{_rich(content.summary)}</p>')
    if content.illustration is not None:
        out += [
            "<figure>",
            f'<img src="{_data_uri(content.illustration.file)}" alt="{_a(content.illustration.alt)}">',
            "</figure>",
        ]
    for number, section in enumerate(content.sections, 1):
        out += _section(section, number)
    out += _form(content)
    out += _contact(content)
    out += _back_matter(content)
    out += ["</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out), embedded


# --- the parts ---------------------------------------------------------------------------------


def _section(section: Section, number: int) -> list[str]:
    out = ["<section>"]
    if section.heading:
        out.append(f'<h2 id="section-{number}">{_t(section.heading)}</h2>')
    for index, block in enumerate(section.blocks):
        if isinstance(block, Paragraph):
            out.append(f"<p>{_rich(block.text)}</p>")
        elif isinstance(block, ListBlock):
            tag = "ol" if block.style == "numbered" else "ul"
            out += [f"<{tag}>", *(f"<li>{_rich(item)}</li>" for item in block.items), f"</{tag}>"]
        elif isinstance(block, Callout):
            out += _callout(block, f"callout-{number}-{index}", heading=section.heading is not None)
    out.append("</section>")
    return out


def _callout(block: Callout, ident: str, heading: bool) -> list[str]:
    level = "h3" if heading else "h2"
    if block.title:
        out = [
            f'<section class="callout" aria-labelledby="{ident}">',
            f'<{level} id="{ident}">{_t(block.title)}</{level}>',
        ]
    else:
        out = ['<section class="callout">']
    return [*out, *(f"<p>{_rich(p)}</p>" for p in block.paragraphs), "</section>"]


def _form(content: Content) -> list[str]:
    """The reply slip as a form: usable without script (the values go by email or phone)."""
    labels, help_, clinic, info = content.labels, content.help, content.clinic, content.leaflet
    reference = labels.get("slip_reference", reference=info.reference, version=info.version)
    out = [
        '<section id="help" class="slip" aria-labelledby="help-heading" tabindex="-1">',
        f'<h2 id="help-heading">{_t(help_.heading)}</h2>',
        '<form id="slip" aria-labelledby="help-heading" novalidate>',
        '<fieldset class="options">',
        f"<legend>{_t(help_.intro)}</legend>",
    ]
    for index, option in enumerate(help_.options):
        ident = f"slip-option-{index + 1}"
        out.append(f'<div class="check"><input type="checkbox" id="{ident}" name="option" value="{_a(option)}">'
                   f'<label for="{ident}">{_t(option)}</label></div>')  # fmt: skip
    out.append("</fieldset>")
    fields: tuple[tuple[str, Key, str, str], ...] = (
        ("name", "field_name", "text", "name"),
        ("phone", "field_phone", "tel", "tel"),
        ("email", "field_email", "email", "email"),
        ("best-time", "field_best_time", "text", "off"),
    )
    for name, key, kind, autocomplete in fields:
        ident = f"slip-{name}"
        out.append(f'<div class="field"><label for="{ident}">{_t(labels.get(key))}</label>'
                   f'<input type="{kind}" id="{ident}" name="{name}" autocomplete="{autocomplete}"></div>')  # fmt: skip
    out += ['<fieldset class="answers">', f"<legend>{_t(labels.get('leave_message'))}</legend>"]
    answers: tuple[tuple[str, Key], ...] = (("yes", "answer_yes"), ("no", "answer_no"))
    for value, key in answers:
        ident = f"slip-message-{value}"
        out.append(f'<div class="check"><input type="radio" id="{ident}" name="message" value="{value}">'
                   f'<label for="{ident}">{_t(labels.get(key))}</label></div>')  # fmt: skip
    out += ["</fieldset>", "</form>"]
    send = [f"<p>{_t(labels.get('contact_phone'))} {_tel(clinic.phone)}</p>"]
    if clinic.email:
        subject = f"?subject={_mail_quote(help_.heading + ' ' + reference)}"
        send.insert(0, f'<p>{_t(labels.get("contact_email"))} <a id="slip-send" href="mailto:{_a(clinic.email)}{_a(subject)}">'
                       f"<bdi>{_t(clinic.email)}</bdi></a></p>")  # fmt: skip
    out += ['<div class="send">', *send, "</div>"]
    out += [f"<p><strong>{_t(help_.return_to)}</strong></p>", f"<p>{_t(help_.privacy)}</p>"]
    out += [f'<p class="small">{_t(reference)}</p>', "</section>"]
    return out


def _contact(content: Content) -> list[str]:
    labels, clinic = content.labels, content.clinic
    out = ['<section aria-labelledby="contact-heading">', f'<h2 id="contact-heading">{_t(labels.get("contact_us"))}</h2>',
           "<address>", f"<p><strong>{_t(clinic.name)}</strong></p>",
           f"<p>{_t(labels.get('contact_phone'))} {_tel(clinic.phone)}</p>"]  # fmt: skip
    if clinic.email:
        out.append(
            f'<p>{_t(labels.get("contact_email"))} <a href="mailto:{_a(clinic.email)}"><bdi>{_t(clinic.email)}</bdi></a></p>'
        )
    if clinic.web:
        shown = clinic.web.split("://", 1)[-1].rstrip("/")
        out.append(f'<p><a href="{_a(clinic.web)}"><bdi>{_t(shown)}</bdi></a></p>')
    if clinic.address:
        out.append("<p>" + "<br>".join(_t(line) for line in clinic.address.splitlines()) + "</p>")
    if clinic.hours:
        out.append(f"<p>{_t(clinic.hours)}</p>")
    return [*out, "</address>", "</section>"]


def _back_matter(content: Content) -> list[str]:
    labels, info = content.labels, content.leaflet
    about = [labels.get("written_by", author=info.author)] if info.author else []
    about += [labels.get("published", date=labels.date(info.published)), labels.get("review_due", date=labels.date(info.review)),
              labels.get("reference_version", reference=info.reference, version=info.version)]  # fmt: skip
    return [
        "<section>",
        f"<h2>{_t(labels.get('your_views'))}</h2>",
        f"<p>{_rich(content.feedback)}</p>",
        f"<p>{_rich(content.other_formats)}</p>",
        "</section>",
        "<section>",
        f"<h2>{_t(labels.get('about_leaflet'))}</h2>",
        f"<p>{' '.join(_t(text) for text in about)}</p>",
        f"<p>{_rich(content.disclaimer)}</p>",
        "</section>",
        "<section>",
        f"<h2>{_t(labels.get('sources'))}</h2>",
        "<ul>",
        *(f"<li>{_rich(source)}</li>" for source in content.sources),
        "</ul>",
        "</section>",
    ]


# --- text, links, pictures ---------------------------------------------------------------------


def _t(text: str) -> str:
    """Text content, escaped."""
    return escape(text, quote=False)


def _a(text: str) -> str:
    """An attribute value, escaped."""
    return escape(text, quote=True)


def _rich(text: RichText) -> str:
    out = []
    for span in text:
        piece = _t(span.text)
        if span.url:
            piece = f'<a href="{_a(span.url)}">{piece}</a>'
        out.append(f"<strong>{piece}</strong>" if span.bold else piece)
    return "".join(out)


def _tel(phone: str) -> str:
    number = "".join(c for c in phone if c.isdigit() or c == "+")
    return f'<a href="tel:{_a(number)}"><bdi>{_t(phone)}</bdi></a>'


def _mail_quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _data_uri(path: Path) -> str:
    """A picture as a data: URI (an SVG in an <img> runs no script and loads nothing); a TIFF,
    which browsers do not show, as PNG."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    mime = _MIME.get(suffix)
    if mime is None:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            buffer = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(buffer, "PNG")
        data, mime = buffer.getvalue(), "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# --- look --------------------------------------------------------------------------------------


def _palette(theme: Theme) -> Palette:
    """The screen edition's colours (print colours through the print profile), darkened until text
    in them has at least AA contrast on white."""
    screen = screen_colours([theme.primary, theme.accent, theme.text, WHITE])
    return Palette(
        _hex(_legible(screen[theme.primary])), _hex(screen[theme.accent]), _hex(_legible(screen[theme.text]))
    )


def _legible(rgb: RGB, margin: float = 0.2) -> RGB:
    """The colour, darkened in steps until it has AA contrast (with a little margin) on white."""
    colour = rgb
    while contrast(colour, (1.0, 1.0, 1.0)) < AA + margin:
        colour = (colour[0] * 0.95, colour[1] * 0.95, colour[2] * 0.95)
    return colour


def _hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in rgb)


def _font_faces(content: Content, brand: Brand) -> tuple[str, tuple[str, ...]]:
    """@font-face rules with the fonts as base64 (the brand's two weights, and the font of the
    leaflet's script: the brand's own for it, else the bundled one), each only if small enough."""
    faces: list[str] = []
    embedded: list[str] = []
    primary = content.language.replace("_", "-").split("-")[0].lower()
    script = _SCRIPT_OF_LANGUAGE.get(primary)
    families: list[tuple[str, dict[str, Path]]] = [
        ("Brand", {"regular": brand.fonts["regular"], "bold": brand.fonts["bold"]})
    ]
    if script is not None:
        keys = [k for k, s in BRAND_SCRIPTS.items() if s == script or (script == "Hans" and s == "Hani")]
        keys = sorted(keys, key=lambda k: k != ("urdu" if is_urdu(content.language) else k))
        own = next(({"regular": brand.fonts[k], "bold": brand.fonts.get(f"{k}-bold", brand.fonts[k])}
                     for k in keys if k in brand.fonts), None)  # fmt: skip
        bundled = fallbacks(script, content.language)
        if own is None and bundled:
            own = {"regular": bundled[0].regular, "bold": bundled[0].bold}
        if own is not None:
            families.append(("Script", own))
    for family, weights in families:
        for weight, path in weights.items():
            if not path.is_file() or path.stat().st_size > MAX_FONT_BYTES:
                continue
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            faces.append(f'@font-face {{ font-family: "{family}"; font-weight: {700 if weight == "bold" else 400}; '
                         f'font-style: normal; font-display: swap; src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n')  # fmt: skip
            embedded.append(path.name)
    return "".join(faces), tuple(embedded)


def _css(palette: Palette, body_px: int, fonts: bool) -> str:
    stack = f'"Brand", "Script", {SYSTEM_FONTS}' if fonts else SYSTEM_FONTS
    return _CSS_TEMPLATE.format(
        primary=palette.primary, accent=palette.accent, text=palette.text, fonts=stack, body=body_px / 16
    )


_CSS_TEMPLATE = """\
:root {{ --primary: {primary}; --accent: {accent}; --text: {text}; }}
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ font-size: 100%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; background: #fff; color: var(--text); font-family: {fonts};
  font-size: {body}rem; line-height: 1.55; overflow-wrap: break-word; }}
header, main {{ max-width: 40em; margin: 0 auto; padding: 0 1rem; }}
header {{ padding-top: 1rem; border-bottom: 0.4rem solid var(--primary); }}
.logo {{ display: block; max-height: 4rem; max-width: 60%; height: auto; }}
.kicker {{ margin: 0.5rem 0; font-weight: 700; color: var(--primary); }}
h1, h2, h3 {{ color: var(--primary); line-height: 1.25; }}
h1 {{ font-size: 1.9em; margin: 1rem 0 0.5rem; }}
h2 {{ font-size: 1.4em; margin: 2rem 0 0.5rem; }}
h3 {{ font-size: 1.15em; margin: 0 0 0.5rem; }}
.subtitle {{ font-size: 1.15em; margin-top: 0; }}
.lead {{ font-size: 1.05em; }}
p, li {{ max-width: 70ch; }}
li {{ margin-bottom: 0.5rem; }}
figure {{ margin: 1.5rem 0; }}
figure img {{ display: block; width: 100%; max-width: 24rem; height: auto; margin: 0 auto; }}
a {{ color: var(--primary); text-decoration: underline; text-underline-offset: 0.15em; }}
a:hover {{ text-decoration-thickness: 0.15em; }}
:focus-visible {{ outline: 3px solid var(--text); outline-offset: 3px; box-shadow: 0 0 0 6px var(--accent); }}
.skip {{ position: absolute; inset-inline-start: 1rem; top: -10rem; padding: 0.5rem 1rem; background: #fff;
  color: var(--primary); font-weight: 700; z-index: 1; }}
.skip:focus {{ top: 1rem; }}
.callout {{ margin: 1.5rem 0; padding: 1rem; border-inline-start: 0.5rem solid var(--accent);
  border-block: 1px solid var(--accent); border-inline-end: 1px solid var(--accent); }}
.callout p:last-child {{ margin-bottom: 0; }}
.slip {{ margin: 2rem 0; padding: 1rem; border: 2px dashed var(--primary); }}
.slip h2 {{ margin-top: 0; }}
fieldset {{ margin: 1rem 0; padding: 0.5rem 1rem 1rem; border: 1px solid #767676; }}
legend {{ font-weight: 700; padding: 0 0.25rem; }}
.check {{ display: flex; align-items: flex-start; gap: 0.6rem; margin: 0.6rem 0; }}
.check input {{ flex: none; width: 1.5rem; height: 1.5rem; margin: 0.1rem 0 0; accent-color: var(--primary); }}
.field {{ margin: 1rem 0; }}
.field label {{ display: block; font-weight: 700; margin-bottom: 0.25rem; }}
.field input {{ width: 100%; max-width: 24rem; font: inherit; padding: 0.5rem; color: var(--text);
  background: #fff; border: 2px solid #595959; border-radius: 0; }}
.send p {{ margin: 0.25rem 0; }}
.small {{ font-size: 0.9em; }}
address {{ font-style: normal; }}
address p {{ margin: 0.25rem 0; }}
main > section:last-child {{ margin-bottom: 3rem; }}
@media (max-width: 30em) {{ h1 {{ font-size: 1.6em; }} }}
@media print {{
  body {{ font-size: 12pt; color: #000; }}
  header, main {{ max-width: none; padding: 0; }}
  .skip {{ display: none; }}
  a {{ color: #000; }}
  a[href^="http"]::after {{ content: " (" attr(href) ")"; }}
  h1, h2, h3 {{ break-after: avoid; }}
  figure, .callout, fieldset, .field, address {{ break-inside: avoid; }}
  .slip {{ break-before: page; }}
  .field input {{ border: 0; border-bottom: 1px solid #000; }}
}}
"""


def describe(result: HtmlResult) -> str:
    """What was written, for the 'wrote ...' line."""
    fonts = f"fonts embedded: {', '.join(result.fonts)}" if result.fonts else "system fonts"
    return f"{result.size / 1024:.0f} KB, self-contained HTML, {fonts}"
