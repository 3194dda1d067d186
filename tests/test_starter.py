"""The starter project (brochure/starter.py, assets/starter/): what init_project writes, that it never
overwrites, and that the starter builds clean in every format, as written for clinic staff."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT

import brochure
import brochure.resources as resources
from brochure.content import load_content
from brochure.errors import InputError, OutputError
from brochure.formats import FORMATS
from brochure.rich import plain
from brochure.starter import StarterFile, init_project
from brochure.theme import load_brand

NAMES = ["content.yaml", "brand.yaml", "assets/brain.svg", "assets/logo.svg", "README.md"]


def test_assets_are_the_repository_folder_when_run_from_it() -> None:
    assert resources.ASSETS == ROOT / "assets", "from a clone (or an editable install): the clone's assets/"
    assert resources.FONTS == ROOT / "assets" / "fonts" and resources.STARTER == ROOT / "assets" / "starter"
    import brochure.colour as colour
    import brochure.fonts as fonts
    import brochure.labels as labels
    import brochure.theme as theme

    assert fonts.FONT_DIR == resources.FONTS and labels.TABLES == resources.LABELS
    assert colour.PRINT_PROFILE.parent == resources.ICC and theme.PACKAGE_ASSETS == resources.ASSETS
    assert all(path.is_file() for path in theme.DEFAULT_FONTS.values())


def test_writes_the_project_into_a_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "clinic" / "leaflet"
    placed = init_project(folder)
    assert placed == [StarterFile(folder / name, name, True) for name in NAMES]
    for name, source in [("brand.yaml", "starter/brand.yaml"), ("README.md", "starter/README.md"),
                         ("assets/brain.svg", "brain.svg"), ("assets/logo.svg", "logo.svg")]:  # fmt: skip
        assert (folder / name).read_bytes() == (ROOT / "assets" / source).read_bytes(), name
    content, _ = load_content(folder / "content.yaml")
    today = dt.date.today()
    try:
        due = today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        due = today.replace(year=today.year + 2, day=28)
    assert (content.leaflet.published, content.leaflet.review) == (today, due), "published today, review in 2 years"
    assert content.language == "en-GB" and load_brand(folder / "brand.yaml").format == "a4"
    assert content.illustration is not None and content.illustration.file == (folder / "assets" / "brain.svg").resolve()


def test_never_overwrites_and_says_what_was_there(tmp_path: Path) -> None:
    (tmp_path / "content.yaml").write_text("title: mine\n", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_bytes(b"<svg/>")
    (tmp_path / "README.md").mkdir()  # a folder where a file would go is left alone too
    placed = init_project(tmp_path)
    assert {p.name: p.written for p in placed} == {
        "content.yaml": False, "brand.yaml": True, "assets/brain.svg": True, "assets/logo.svg": False,
        "README.md": False,
    }  # fmt: skip
    assert (tmp_path / "content.yaml").read_text(encoding="utf-8") == "title: mine\n"
    assert (tmp_path / "assets" / "logo.svg").read_bytes() == b"<svg/>" and (tmp_path / "README.md").is_dir()
    before = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*")}
    again = init_project(tmp_path, "dl-trifold", "cy")
    assert [p.written for p in again] == [False] * len(NAMES), "a second run writes nothing"
    assert {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*")} == before


def test_sets_the_format_and_the_language(tmp_path: Path) -> None:
    init_project(tmp_path, fmt="dl-trifold", language="cy_gb")
    assert load_brand(tmp_path / "brand.yaml").format == "dl-trifold"
    content, _ = load_content(tmp_path / "content.yaml")
    assert content.language == "cy-GB", "written in its usual case"
    assert content.labels.language == "cy", "brochure's own words in Welsh"
    assert content.help.heading != "How can we help?", "the slip's heading is left to the language's labels"
    text = (tmp_path / "brand.yaml").read_text(encoding="utf-8")
    assert "format: dl-trifold  " in text and "# the page size" in text, "the line's comment is kept"


@pytest.mark.parametrize(
    ("fmt", "language", "says"),
    [("a3", None, "unknown format 'a3'"), (None, "Welsh", "'Welsh' is not a language tag"), (None, "en GB", "not a")],
)
def test_refuses_an_unknown_format_or_language_before_writing(
    tmp_path: Path, fmt: str | None, language: str | None, says: str
) -> None:
    with pytest.raises(InputError) as raised:
        init_project(tmp_path / "new", fmt, language)
    assert says in str(raised.value)
    if language == "Welsh":
        assert raised.value.diagnostics[0].hint == "write 'cy'"
    assert not (tmp_path / "new").exists(), "nothing is written"


def test_a_file_where_the_folder_should_be_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        init_project(tmp_path / "taken")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_starter_builds_with_no_warnings_in_every_format(tmp_path: Path, fmt: str) -> None:
    init_project(tmp_path, fmt=fmt)
    result = brochure.build(tmp_path / "content.yaml", tmp_path / "leaflet.pdf")
    assert result.print_ready and result.preflight.warnings == 0
    assert not result.warnings, [w.format() for w in result.warnings]  # the leaflet checks, readability too


def test_the_starter_in_another_language_has_only_the_readability_note(tmp_path: Path) -> None:
    init_project(tmp_path, language="cy")
    result = brochure.build(tmp_path / "content.yaml", tmp_path / "leaflet.pdf")
    assert result.print_ready
    assert [(w.severity, "readability not assessed" in w.message) for w in result.warnings] == [("info", True)]


def test_the_commented_keys_are_valid_when_taken_in(tmp_path: Path) -> None:
    """Staff take the # off the optional keys the starter shows: they must then read as written."""
    init_project(tmp_path)
    path = tmp_path / "content.yaml"
    text = path.read_text(encoding="utf-8")
    keys = ("heading", "intro", "return", "privacy", "disclaimer", "other_formats", "feedback")
    text = re.sub(rf"^(\s*)# ({'|'.join(keys)}): ", r"\1\2: ", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    content, _ = load_content(path)
    assert content.help.intro == "Choose from the following options (tick all that apply)."
    assert plain(content.feedback).endswith("email hello@example.org.")
    brand = (tmp_path / "brand.yaml").read_text(encoding="utf-8")
    (tmp_path / "brand.yaml").write_text(re.sub(r"^# (fonts:|  regular:|  bold:)", r"\1", brand, flags=re.M), "utf-8")
    with pytest.raises(InputError, match=re.escape("file not found: 'assets/YourFont-Regular.ttf'")):
        load_brand(tmp_path / "brand.yaml")  # the brand's fonts are read, from assets/ as the comment says


def test_the_starter_invents_no_contact_details() -> None:
    """Fictional details only: UK drama numbers (01632 960000-960999) and example.org addresses."""
    for path in sorted((ROOT / "assets" / "starter").iterdir()):
        text = path.read_text(encoding="utf-8")
        for number in re.findall(r"\b0\d{2,4}[ \d]{6,9}\d\b", text):
            assert re.fullmatch(r"01632 ?960 ?\d{3}", number), f"{path.name}: {number}"
        for domain in re.findall(r"(?:@|://)([\w.-]+)", text):
            assert domain.rstrip(".") in ("example.org", "www.example.org"), f"{path.name}: {domain}"
