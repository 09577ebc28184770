"""Documentation and labels stay true: every link parameter, page, chart tab (from data/charts.csv),
setting, module of the code map and label is accounted for."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from apptest_pages import site, tab_ids

from cenfigures.app import review as review_page
from cenfigures.review import check as review_check
from cenfigures.review import entries as review_entries
from cenfigures.tables import contract, vocab
from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.schema import EVENTS
from cenfigures.view import explorer, filters, indicators, source_text
from cenfigures.view.labels import LANGUAGES, labels
from cenfigures.view.model import chart_specs
from cenfigures.view.site import EDITOR_PAGES, FIXED_AFTER, GENERIC_TOPIC_FILE, OVERVIEW

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Where each reference now lives: the README is a few screens, docs/ is split by reader.
GUIDE_EN = DOCS / "guide.en.md"
GUIDE_ZH = DOCS / "guide.zh.md"
HOSTING = DOCS / "hosting.md"
ARCHITECTURE = DOCS / "architecture.md"
MARKDOWN = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
LABEL_CODE = [
    *ROOT.glob("cenfigures/view/**/*.py"),
    *ROOT.glob("cenfigures/charts/**/*.py"),
    *ROOT.glob("cenfigures/app/**/*.py"),
    ROOT / "dashboard.py",
    *ROOT.glob("pages/*.py"),
]
TABLES = load_dataset().all_tables()
SITE = site(TABLES)
LABELS = labels()


def section(title: str, doc: Path = ROOT / "README.md") -> str:
    """The text of `doc` under the heading `title`, up to the next heading of the same or a higher level."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if re.fullmatch(rf"#+ {re.escape(title)}", line)), None)
    assert start is not None, f"{doc.name} has no section {title!r}"
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines)) if re.match(rf"#{{1,{level}}} ", lines[i])), len(lines))
    return "\n".join(lines[start + 1 : end])


def link_parameters() -> str:
    return section("Link parameters", GUIDE_EN)


@pytest.mark.parametrize(
    "key", filters.FILTER_KEYS + filters.PAGE_KEYS + tuple(sorted(filters.STREAMLIT_KEYS - {"embed_options"}))
)
def test_every_link_parameter_is_documented(key):
    assert re.search(rf"^\| `{key}` \|", link_parameters(), re.MULTILINE), (
        f"guide.en.md's link-parameter table lacks `{key}`"
    )


def test_the_link_parameter_table_lists_no_parameter_that_does_not_exist():
    documented = re.findall(r"^\| `(\w+)` \|", link_parameters(), re.MULTILINE)
    known = set(filters.FILTER_KEYS) | set(filters.PAGE_KEYS) | filters.STREAMLIT_KEYS
    assert set(documented) - known == set() and len(documented) == len(set(documented))


def _url(page) -> str:
    return f"/{page.url_path}" + "".join(f"?{k}={v}" for k, v in page.query.items())


def _tabbed_pages() -> dict[str, list[str]]:
    """URL of each page with tabs -> its chart ids in order, read from data/charts.csv itself."""
    charts = TABLES["charts"].sort_values(["page_id", "position"], kind="stable")
    charts = charts[charts["type"] != "headline"]
    by_page = {page: list(rows["chart_id"]) for page, rows in charts.groupby("page_id", sort=False)}
    urls = {}
    for page in SITE:
        ids = by_page.get(page.charts or "-", [])
        if len(ids) > 1:
            urls[_url(page)] = ids
    return urls


TABBED = _tabbed_pages()


def test_the_tabs_come_from_charts_csv():
    assert {"/digitization", "/uhd_video", "/olympics_5g", "/regions"} <= set(TABBED)
    for page in SITE:
        assert list(tab_ids(page)) == TABBED.get(_url(page), []), page.key


@pytest.mark.parametrize("url", TABBED, ids=list(TABBED))
def test_every_chart_tab_is_documented(url):
    row = re.search(rf"^\| `{re.escape(url)}` \| (.*) \|$", link_parameters(), re.MULTILINE)
    assert row, f"guide.en.md's chart-tab table lacks {url}"
    assert re.findall(r"`(\w+)`", row.group(1)) == TABBED[url], (
        f"guide.en.md's tabs of {url} differ from data/charts.csv"
    )


def test_the_chart_tab_table_lists_no_page_without_tabs():
    table = re.findall(r"^\| `(/[^`]*)` \| `", link_parameters(), re.MULTILINE)
    assert set(table) == set(TABBED)


def _page_url(page) -> str:
    if page.path == GENERIC_TOPIC_FILE:
        return "/topic?id=<topic>"
    return "/" + page.url_path


@pytest.mark.parametrize("page", SITE, ids=lambda p: p.key)
def test_every_page_is_documented_and_exists(page):
    assert (ROOT / page.path).is_file()
    assert f"| `{_page_url(page)}` |" in section("Pages"), f"README's page table lacks {_page_url(page)}"


def test_the_generic_topic_page_is_documented():
    assert (ROOT / GENERIC_TOPIC_FILE).is_file()
    assert "| `/topic?id=<topic>` |" in section("Pages")
    assert OVERVIEW.path == "dashboard.py" and "| `/` |" in section("Pages")


def test_every_page_file_is_a_page_of_the_site():
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    site_files = {p.path for p in (*SITE, *EDITOR_PAGES) if p.path.startswith("pages/")}
    assert files == site_files | {GENERIC_TOPIC_FILE}


def _settings(table: dict, prefix: str = "") -> list[str]:
    names = []
    for key, value in table.items():
        if isinstance(value, dict):
            names += _settings(value, f"{prefix}{key}.")
        else:
            names.append(f"{prefix}{key}")
    return names


@pytest.mark.parametrize(
    "setting", _settings(tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8")))
)
def test_every_streamlit_setting_is_documented(setting):
    hosting = HOSTING.read_text(encoding="utf-8")
    assert f"`{setting}`" in hosting, (
        f"docs/hosting.md does not explain the setting `{setting}` of .streamlit/config.toml"
    )


def _code_map() -> str:
    return section("Code map", ARCHITECTURE)


@pytest.mark.parametrize("layer", ["tables", "prep", "draft", "intake", "review", "view", "charts", "app"])
def test_the_code_map_names_every_module_of_each_layer(layer):
    bullet = re.search(rf"^- `cenfigures/{layer}/`(.*?)(?=^- |\Z)", _code_map(), re.MULTILINE | re.DOTALL)
    assert bullet, f"the code map has no bullet for cenfigures/{layer}/"
    folder = ROOT / "cenfigures" / layer
    named = set(re.findall(r"`([\w./]+)`", bullet.group(1)))
    modules = {p.name for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    modules |= {p.name for p in folder.glob("*.csv")}
    modules |= {f"{p.name}/" for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert modules - named == set(), f"the code map of cenfigures/{layer}/ lacks {sorted(modules - named)}"
    gone = {
        n
        for n in named
        if n.endswith((".py", ".csv"))
        and not (folder / n).exists()
        and not any((folder / d / n).exists() for d in ("types", "geo"))
    }
    assert gone == set(), f"the code map of cenfigures/{layer}/ names files that do not exist: {sorted(gone)}"


# ---------------------------------------------------------------- the docs by reader

RUN_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python -m cenfigures.serve"
)
TEST_COMMAND = "bash scripts/test.sh"


def test_the_readme_is_a_few_screens_with_its_two_commands():
    assert len(README.splitlines()) <= 150, "README.md grew past a few screens: move the detail into docs/"
    assert RUN_COMMAND in section("Run it") and TEST_COMMAND in section("Test it")
    assert (ROOT / "requirements.txt").is_file() and (ROOT / "cenfigures" / "serve.py").is_file()
    # CI runs the README's test command itself
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith(f"exec {TEST_COMMAND}")


def test_the_readme_points_at_every_doc():
    docs = {f"docs/{p.name}" for p in DOCS.glob("*.md")}
    linked = set(re.findall(r"\]\((docs/[\w.]+\.md)\)", section("Where to read next")))
    assert docs - linked == set(), f"the README's 'Where to read next' lacks {sorted(docs - linked)}"


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(doc: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(m) for m in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


def _relative_links(doc: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.DOTALL)
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    return [t for t in targets if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: p.name)
def test_every_relative_link_resolves(doc):
    broken = []
    for target in _relative_links(doc):
        path, _, anchor = target.partition("#")
        resolved = (doc.parent / path).resolve() if path else doc
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(f"{target}: {resolved.name} has no heading #{anchor}")
    assert not broken, f"{doc.name}: {broken}"


def test_the_link_check_sees_a_broken_link(tmp_path):
    (tmp_path / "a.md").write_text("# Top\n[b](b.md) [c](#top) [d](#nowhere) [e](https://x.org/y)\n")
    assert _relative_links(tmp_path / "a.md") == ["b.md", "#top", "#nowhere"]
    assert _anchors(tmp_path / "a.md") == {"top"}
    assert _slug("Tables in `data/`") == "tables-in-data" and _slug("Corpus at scale: 1, 50") == "corpus-at-scale-1-50"


def test_the_generated_doc_tables_are_current():
    """The tables generated from the code (cog blocks) say what the code says: `cog -r -I . docs/*.md`."""
    docs = [str(p.relative_to(ROOT)) for p in MARKDOWN if "[[[cog" in p.read_text(encoding="utf-8")]
    assert "docs/architecture.md" in docs
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", "-I", ".", *docs],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"stale generated tables; run `.venv/bin/cog -r -I . docs/*.md`:\n{result.stdout}"


def test_authoring_lists_every_section_and_chart_type_of_the_contract():
    authoring = (DOCS / "authoring.md").read_text(encoding="utf-8")
    for section in contract.SECTIONS:
        assert f"#### `{section.key}`" in authoring, f"docs/authoring.md lacks the fields of {section.key}"
        assert all(f"| `{name}` |" in authoring for name in section.names)
    assert all(f"| `{t.name}` |" in authoring for t in contract.CHART_TYPES)


@pytest.mark.parametrize("guide", [GUIDE_ZH, GUIDE_EN], ids=["zh", "en"])
def test_both_user_guides_cover_every_page(guide):
    text = guide.read_text(encoding="utf-8")
    urls = {"/" + p.url_path for p in SITE if p.path != GENERIC_TOPIC_FILE} | {"/topic?id="}
    missing = {url for url in urls if f"`{url}" not in text}
    assert missing == set(), f"{guide.name} does not say what {sorted(missing)} is for"
    sections = re.findall(r"^## ", text, re.MULTILINE)
    assert len(sections) == 4, f"{guide.name}: exploring, filters and links, sharing and presenting, sources"


# ---------------------------------------------------------------- labels

ALLOWED_EMPTY = {key for key in LABELS if key.endswith(".suffix")} | {"qualifier.exact"}  # "" is the right word there
LATIN_IN_ZH = {"unit.mbps.suffix", "office.latin_font"}  # a unit symbol, a typeface's name


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_has_both_languages(key):
    pair = LABELS[key]
    assert set(pair) == set(LANGUAGES)
    if key not in ALLOWED_EMPTY:
        assert pair["zh"] and pair["en"], f"{key} lacks a translation"
    words = re.sub(r"\{\w+\}|`[^`]*`", "", pair["zh"])  # placeholders and commands are not prose
    assert key in LATIN_IN_ZH or re.search(r"[\u4e00-\u9fff]", words) or not re.search(r"[A-Za-z]{3}", words), (
        f"{key}: zh text looks English"
    )
    assert not re.search(r"[\u4e00-\u9fff]", pair["en"]), f"{key}: en text holds Chinese"


def test_every_label_key_written_in_code_exists():
    families = {key.split(".")[0] for key in LABELS}
    used, missing = set(), []
    for path in LABEL_CODE:
        for key in re.findall(r"""["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']""", path.read_text(encoding="utf-8")):
            if key.split(".")[0] in families and not key.endswith((".csv", ".toml", ".json", ".py", ".txt")):
                used.add(key)
                if key not in LABELS:
                    missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert len(used) > 100
    assert not missing, f"label keys used but not in labels.csv: {missing}"


def _reason_keys() -> set[str]:
    code = (ROOT / "cenfigures" / "tables" / "dataset.py").read_text(encoding="utf-8")
    return set(re.findall(r"""DataFileError\([^,]+,\s*["'](\w+)["']""", code))


# Label keys the code builds from a value: each family with every value it can be built from.
FAMILIES = {
    "kind.{}": vocab.KINDS,
    "kind.{}.text": vocab.KINDS,
    "unit.{}": vocab.UNITS,
    "unit.{}.suffix": vocab.UNITS,
    "qualifier.{}": vocab.QUALIFIERS,
    "precision.{}": next(c.enum for c in EVENTS.columns if c.name == "precision"),
    "filter.{}": filters.FILTER_KEYS,
    "filter.sentence.{}": filters.FILTER_KEYS,
    "filter.summary.{}": ("figures", "events"),
    "explorer.col.{}": explorer.COLUMNS,
    "source.legend.{}": source_text.LEGEND_ORDER,
    "source.error.{}": ("missing", "encoding", "sha256"),
    "indicators.kind.{}": ("target_vs_outcome", "corroboration", "compatible", "conflict"),
    "indicators.finding.{}": ("exceeded", "met", "missed", "corroboration", "compatible", "conflict"),
    "page.{}": tuple(p.key for p in (OVERVIEW, *FIXED_AFTER, *EDITOR_PAGES)),
    "overview.blurb.{}": tuple(p.key for p in FIXED_AFTER) + ("topic",),
    "data.reason.{}": tuple(sorted(_reason_keys() | {"missing", "unreadable"})),
    "date.month_name.{}": tuple(str(m) for m in range(1, 13)),
    "auth.{}": ("title", "intro", "password", "submit", "denied", "empty"),
    "download.col.{}": ("kind", "unit", "topic", "region", "source"),
    "rv.state.{}": review_check.STATES,
    "rv.show.{}": review_page.SHOW,
    "rv.kind.{}": tuple(k for k in review_page.ROW_KINDS if k not in vocab.KINDS),
    "rv.field.{}": tuple({name for names in review_entries.EDITABLE.values() for name in names}),
    "rv.measure.{}": vocab.MEASURES,
    "rv.change.added.{}": ("source", *review_entries.REVIEWED_SECTIONS, *review_entries.DECLARED_SECTIONS),
    "rv.change.removed.{}": ("source", *review_entries.REVIEWED_SECTIONS, *review_entries.DECLARED_SECTIONS),
}


@pytest.mark.parametrize("family", FAMILIES, ids=list(FAMILIES))
def test_every_label_a_value_can_build_exists(family):
    values = FAMILIES[family]
    assert values
    missing = [family.format(v) for v in values if family.format(v) not in LABELS]
    assert not missing, f"labels.csv lacks {missing}"


def test_the_findings_kinds_are_those_the_code_computes():
    code = (ROOT / "cenfigures" / "view" / "indicators.py").read_text(encoding="utf-8")
    assert set(re.findall(r'"(target_vs_outcome|corroboration|compatible|conflict)"', code)) == set(
        FAMILIES["indicators.kind.{}"]
    )
    assert indicators.STATED and indicators.OUTCOMES


def test_every_declared_chart_has_tab_and_title_in_both_languages():
    for spec in chart_specs(TABLES["charts"]):
        if spec.type == "headline":
            continue
        for lang in LANGUAGES:
            assert spec.tab.get(lang) and spec.title.get(lang), (spec.page, spec.id, lang)
