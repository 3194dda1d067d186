"""The HTML edition (`brochure build --edition html`): one self-contained, accessible web page.

Read back with the standard library's HTML parser (structure, every sentence, no request), and in
a real browser (Debian's chromium driven by Playwright): axe-core finds no violation, the text is
all there as a person sees it, and the reply form works with the keyboard alone.
"""

from __future__ import annotations

import itertools
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, normalise

from brochure import texts
from brochure.__main__ import main
from brochure.content import load_content

CHROMIUM = Path("/usr/bin/chromium")


@dataclass
class Page:
    """What the parser saw: the root's attributes, headings in order, forms and their controls."""

    root: dict[str, str] = field(default_factory=dict)
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text)
    forms: int = 0
    controls: list[dict[str, str]] = field(default_factory=list)  # input attributes
    labels: dict[str, str] = field(default_factory=dict)  # for -> text
    legends: list[str] = field(default_factory=list)
    fieldsets: int = 0
    figures: list[dict[str, str]] = field(default_factory=list)  # the <img> inside each <figure>
    images: list[dict[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # <a href>
    resources: list[str] = field(default_factory=list)  # src, and href of anything but <a>
    mains: int = 0
    text: list[str] = field(default_factory=list)  # visible text (not script, style or head)
    styles: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.capture: list[str] | None = None  # text of the heading, label or legend being read
        self.label_for = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        page = self.page
        if tag not in ("img", "input", "meta", "br", "link"):
            self.stack.append(tag)
        if tag == "html":
            page.root = a
        elif tag in ("h1", "h2", "h3", "h4", "legend", "label"):
            self.capture = []
            self.label_for = a.get("for", "")
        elif tag == "form":
            page.forms += 1
        elif tag == "fieldset":
            page.fieldsets += 1
        elif tag == "main":
            page.mains += 1
        elif tag == "input":
            page.controls.append(a)
        elif tag == "img":
            page.images.append(a)
            if "figure" in self.stack:
                page.figures.append(a)
        if tag == "a" and "href" in a:
            page.links.append(a["href"])
        elif "href" in a:
            page.resources.append(a["href"])
        if "src" in a:
            page.resources.append(a["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "legend", "label") and self.capture is not None:
            text = " ".join("".join(self.capture).split())
            if tag == "legend":
                self.page.legends.append(text)
            elif tag == "label":
                self.page.labels[self.label_for] = text
            else:
                self.page.headings.append((tag, text))
            self.capture = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "style" in self.stack:
            self.page.styles.append(data)
        if any(t in self.stack for t in ("script", "style", "head")):
            return
        self.page.text.append(data)
        if self.capture is not None:
            self.capture.append(data)


def read(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def build_html(content: Path, out: Path, *extra: str) -> Path:
    assert main(["build", str(content), "--edition", "html", "-o", str(out), *extra]) == 0
    return out


def sentences(content_path: Path) -> list[tuple[str, str]]:
    """Every sentence of the content's text, with its path (the web address as shown, without
    the scheme; the alt text is checked on the figure, not in the text)."""
    content, _ = load_content(content_path)
    out = []
    for path, text in texts(content):
        if path == "illustration.alt":
            continue
        if path == "clinic.web":
            text = text.split("://", 1)[-1]
        out += [(path, sentence) for sentence in re.split(r"(?<=[.!?])\s+", text)]
    return out


def assert_every_sentence(text: str, content_path: Path) -> None:
    flat = normalise(text)
    for path, sentence in sentences(content_path):
        assert normalise(sentence) in flat, f"{path}: {sentence!r} is missing"


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default leaflet's HTML edition, built once for this module."""
    return build_html(ROOT / "content.yaml", tmp_path_factory.mktemp("html") / "leaflet.html")


def test_structure(leaflet: Path) -> None:
    page = read(leaflet)
    content, _ = load_content(ROOT / "content.yaml")
    assert page.root == {"lang": "en-GB", "dir": "ltr"}
    assert page.mains == 1
    tags = [tag for tag, _ in page.headings]
    assert tags.count("h1") == 1 and tags[0] == "h1" and page.headings[0][1] == content.title
    section_headings = [s.heading for s in content.sections]
    assert [text for tag, text in page.headings if tag == "h2"][: len(section_headings)] == section_headings
    assert [text for tag, text in page.headings if tag == "h2"][len(section_headings)] == content.help.heading
    for previous, current in itertools.pairwise(tags):  # no level skipped on the way down
        assert int(current[1]) <= int(previous[1]) + 1, page.headings
    assert "<ol>" in leaflet.read_text(encoding="utf-8")  # the numbered list
    assert "<strong>Quick Relief:</strong>" in leaflet.read_text(encoding="utf-8")
    assert page.figures == [{"src": page.figures[0]["src"], "alt": content.illustration.alt}]  # type: ignore[union-attr]
    assert all(image.get("alt") for image in page.images), "every picture has alt text"


def test_one_form_every_control_labelled(leaflet: Path) -> None:
    page = read(leaflet)
    content, _ = load_content(ROOT / "content.yaml")
    labels = content.labels
    assert page.forms == 1 and page.fieldsets == 2
    assert page.legends == [content.help.intro, labels.get("leave_message")]
    for control in page.controls:
        assert page.labels.get(control["id"]), f"{control} has no <label for>"
    boxes = [c for c in page.controls if c["type"] == "checkbox"]
    assert [page.labels[c["id"]] for c in boxes] == list(content.help.options)
    kinds = {page.labels[c["id"]]: c["type"] for c in page.controls if c["type"] not in ("checkbox", "radio")}
    assert kinds == {labels.get("field_name"): "text", labels.get("field_phone"): "tel",
                     labels.get("field_email"): "email", labels.get("field_best_time"): "text"}  # fmt: skip
    radios = [page.labels[c["id"]] for c in page.controls if c["type"] == "radio"]
    assert radios == [labels.get("answer_yes"), labels.get("answer_no")]
    assert "tel:01632960123" in page.links and "mailto:hello@example.org" in page.links


def test_every_sentence_is_in_the_text(leaflet: Path) -> None:
    assert_every_sentence(" ".join(read(leaflet).text), ROOT / "content.yaml")


def test_nothing_is_fetched(leaflet: Path) -> None:
    page = read(leaflet)
    assert page.resources and all(r.startswith("data:") for r in page.resources), page.resources
    css = "".join(page.styles)
    assert re.findall(r"url\(\s*['\"]?([^'\")]{0,20})", css) and all(
        u.startswith("data:") for u in re.findall(r"url\(\s*['\"]?([^'\")]{0,20})", css)
    )
    assert "@import" not in css
    text = leaflet.read_text(encoding="utf-8")
    assert "default-src 'none'" in text  # the Content-Security-Policy forbids any request
    # links in <a> may go out (the clinic's web site); nothing else does
    assert all(link.startswith(("https://", "http://", "mailto:", "tel:", "#")) for link in page.links)
    assert leaflet.stat().st_size < 400_000, "fonts and pictures embedded, still a small page"


def test_rtl_example_gets_dir_rtl(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "ar" / "content.yaml", tmp_path / "content.yaml")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    out = build_html(tmp_path / "content.yaml", tmp_path / "ar.html")
    page = read(out)
    assert page.root == {"lang": "ar", "dir": "rtl"}
    assert_every_sentence(" ".join(page.text), tmp_path / "content.yaml")


def test_folder_output_bad_content_and_atomic_write(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(project / "content.yaml"), "--edition", "html", "-o", str(project / "web") + "/"]) == 0
    written = project / "web" / "leaflet.html"
    assert written.is_file() and f"wrote {written}" in capsys.readouterr().out
    assert not list(written.parent.glob(".*.tmp")), "no temporary file is left behind"
    before = written.read_bytes()
    content = project / "content.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("  phone: 01632 960 123", "  phone: call us"), encoding="utf-8")
    assert main(["build", str(content), "--edition", "html", "-o", str(written)]) == 2
    err = capsys.readouterr().err
    assert re.search(
        r"content\.yaml:\d+:\d+: error: clinic\.phone: 'call us' does not look like a phone number", err
    ), err
    assert "no HTML was written" in err
    assert written.read_bytes() == before, "the old, complete page is untouched"


# --- in a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_page(leaflet: Path):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the [a11y] extra)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(leaflet.as_uri())
        page.wait_for_load_state("load")
        yield page, requests
        browser.close()


def test_axe_finds_no_violation(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = browser_page
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
    results = axe.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_browser_shows_every_sentence_and_fetches_nothing(browser_page, leaflet: Path) -> None:  # type: ignore[no-untyped-def]
    page, requests = browser_page
    assert_every_sentence(page.inner_text("body"), ROOT / "content.yaml")
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "one column, no sideways scrolling"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert size >= 18
    assert page.evaluate("document.fonts.check('16px Brand')")


def test_the_form_works_with_the_keyboard_alone(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = browser_page
    content, _ = load_content(ROOT / "content.yaml")
    page.reload()
    page.keyboard.press("Tab")  # the skip link first: it goes to the form
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "a visible focus"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "slip-option-1"
    page.keyboard.press("Space")
    assert page.is_checked("#slip-option-1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "slip-option-2"
    for _ in content.help.options[1:]:
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "slip-name"
    page.keyboard.type("Alex Example")
    assert page.input_value("#slip-name") == "Alex Example"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "slip-phone"
    page.keyboard.type("01632 960 999")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "slip-best-time"
    page.keyboard.press("Tab")  # the radio group: one stop, arrows choose
    assert page.evaluate("document.activeElement.id") == "slip-message-yes"
    page.keyboard.press("Space")
    assert page.is_checked("#slip-message-yes")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#slip-message-no") and not page.is_checked("#slip-message-yes")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "slip-send"  # the email link carries the values
    href = page.get_attribute("#slip-send", "href") or ""
    assert href.startswith("mailto:hello@example.org?subject=") and "Alex%20Example" in href
    assert "Book%20an%20assessment" in href and "01632%20960%20999" in href
    assert page.url.startswith("file:") and "?" not in page.url, "Enter never submitted the form away"


def test_callout_link_and_large_print(variant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def change(content: dict) -> None:  # type: ignore[type-arg]
        content["sections"][0]["body"] = [
            "Read **this** first: [our page](https://www.example.org/more) <5 mg & more.",
            {"callout": {"title": "Key points", "body": "Ask us **anything**."}},
        ]

    out = build_html(variant(change), tmp_path / "v.html", "--large-print")
    text = out.read_text(encoding="utf-8")
    assert '<a href="https://www.example.org/more">our page</a> &lt;5 mg &amp; more.' in text
    assert re.search(r'<section class="callout" aria-labelledby="[^"]+">\s*<h3 id="[^"]+">Key points</h3>', text)
    assert "<p>Ask us <strong>anything</strong>.</p>" in text
    assert "font-size: 1.375rem" in text  # 22 px body text in large print
