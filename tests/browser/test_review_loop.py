"""The review loop in a real browser: articles drafted by `python -m cenfigures.draft` into a copy
of the seed corpus, built by `python -m cenfigures.prep --out`, served with CENFIGURES_DATA_DIR.
Unreviewed figures must be marked wherever a number is shown, in both languages: the chart's value
labels and hover, the citation, the CSV and zip downloads, the explorer's Reviewed column, the
source reader (drafts highlighted apart, with the guess) and the overview's count per article. Then
a reviewer edits the TOML, marks a figure reviewed and rebuilds: its marks go, and drafting again
leaves the reviewed annotation alone.

Drafted: guangdong-electronics-2025 (its figures fall on the existing topics' charts when their
attributes match) and shaanxi-semiconductor-web with `--topic semiconductors`, a topic the copy of
topics.toml declares without any chart (as a corpus does before someone designs its charts).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from cenfigures.prep.build import article_pairs
from cenfigures.prep.corpus import CORPUS_FILES
from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.schema import FIGURES
from cenfigures.view.downloads import column_header
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text
from cenfigures.view.model import View
from cenfigures.view.translate import Translator
from cenfigures.view.words import value_label

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
DRAFTER_FIXTURES = ROOT / "tests" / "fixtures" / "drafter"
CORPUS_FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "yanzhao-2023-02-digital-transformation"
NEW_TOPIC = "semiconductors"  # added to the copy of seeds/topics.toml; no chart selects it
NEW_TOPIC_TOML = f'''
[[topic]]
id = "{NEW_TOPIC}"
name_zh = "半导体"
name_en = "Semiconductors"
order = 50
'''
DRAFTS = {  # article -> (its text, options of the draft command)
    "guangdong-electronics-2025": (DRAFTER_FIXTURES / "guangdong-electronics-2025.txt", ()),
    "shaanxi-semiconductor-web": (
        DRAFTER_FIXTURES / "heldout" / "shaanxi-semiconductor-web.txt",
        ("--topic", NEW_TOPIC),
    ),
}
SHAANXI = "shaanxi-semiconductor-web"
REVENUE_EN = "Revenue of the semiconductor and IC industry"


def run(*args: str) -> str:
    """A command of the project, as docs/authoring.md gives it; fails the test with its error output."""
    result = subprocess.run([PYTHON, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr or result.stdout}"
    return result.stdout


def build_corpus(folder: Path) -> tuple[Path, Path]:
    """seeds/ (the corpus files, the seed article, the yanzhao fixture and the two drafts) and data/ built from it."""
    seeds, data = folder / "seeds", folder / "data"
    seeds.mkdir()
    for name in CORPUS_FILES:
        shutil.copy2(ROOT / "seeds" / name, seeds / name)
    topics = (seeds / "topics.toml").read_text(encoding="utf-8")
    first_page = topics.index("\n[[page]]")  # the topics together, before the fixed pages
    (seeds / "topics.toml").write_text(topics[:first_page] + NEW_TOPIC_TOML + topics[first_page:], encoding="utf-8")
    for text_path, annotation_path in article_pairs(ROOT / "seeds"):
        shutil.copy2(text_path, seeds / text_path.name)
        shutil.copy2(annotation_path, seeds / annotation_path.name)
    for suffix in (".txt", ".toml"):
        shutil.copy2(CORPUS_FIXTURE.with_suffix(suffix), seeds / CORPUS_FIXTURE.with_suffix(suffix).name)
    for name, (source, options) in DRAFTS.items():
        shutil.copy2(source, seeds / f"{name}.txt")
        assert "all reviewed = false" in run("cenfigures.draft", str(seeds / f"{name}.txt"), *options)
    assert run("cenfigures.prep", "--seeds", str(seeds), "--out", str(data)).startswith(f"wrote {data}")
    return seeds, data


def read_csv(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def read_download(raw: bytes, lang: str) -> list[dict[str, str]]:
    """A CSV download of a page in `lang`, its columns named as data/figures.csv names them (the
    Chinese download heads them in Chinese)."""
    t = Translator(lang)
    names = {column_header(column.name, t): column.name for column in FIGURES.columns}
    return [{names.get(key, key): value for key, value in row.items()} for row in read_csv(raw)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    return build_corpus(tmp_path_factory.mktemp("review-loop"))


def open_page(page, wait_for_app, url: str) -> str:
    response = page.goto(url)
    assert response is not None and response.ok, url
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    return page.locator('[data-testid="stMain"]').inner_text()


_GRID_JS = """() => {
  const table = document.querySelector('[data-testid="stDataFrame"] table');
  if (!table) return null;
  return {rows: Number(table.getAttribute('aria-rowcount')),
          cells: [...table.querySelectorAll('tr')].map(r => [...r.querySelectorAll('th,td')].map(c => c.innerText))};
}"""


def grid(page, wanted: str, scroll_right: bool = False) -> dict:
    """The explorer's table as the data grid's accessible table renders it (the columns in view),
    once the column `wanted` is among them (the grid draws after the script run, and after a scroll)."""
    if scroll_right:
        page.evaluate(
            "() => { const s = document.querySelector('[data-testid=\"stDataFrame\"] .dvn-scroller');"
            " s.scrollLeft = s.scrollWidth; }"
        )
    page.wait_for_function(
        "(name) => { const row = document.querySelector('[data-testid=\"stDataFrame\"] table tr');"
        " return !!row && [...row.querySelectorAll('th,td')].some(c => c.innerText === name); }",
        arg=wanted,
        timeout=15000,
    )
    return page.evaluate(_GRID_JS)


def column(found: dict, name: str) -> list[str]:
    header = found["cells"][0]
    assert name in header, header
    return [row[header.index(name)] for row in found["cells"][1:]]


# The chart the page shows (a chart whose title wraps otherwise at another width is drawn once per
# width band, the others hidden).
SHOWN_CHART_JS = "[...document.querySelectorAll('.js-plotly-plot')].find(g => g.checkVisibility())"


def hover_point(page, trace: int, point: int, figure_id: str) -> str:
    """Move the mouse onto one point of the chart and read the hover label plotly draws for it
    (the label ends with the figure's id: never the label of the point hovered before)."""
    target = page.locator(".js-plotly-plot:visible .scatterlayer .trace").nth(trace).locator("path.point").nth(point)
    target.scroll_into_view_if_needed()  # a tall chart (rows as tall as their labels) reaches below the screen
    box = target.bounding_box()
    assert box is not None
    page.mouse.move(0, 0)
    page.locator(".js-plotly-plot .hoverlayer .hovertext").first.wait_for(state="detached", timeout=10000)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(".js-plotly-plot .hoverlayer .hovertext").filter(has_text=figure_id)
    label.first.wait_for(state="visible", timeout=10000)
    return label.first.text_content() or ""


def popover(page, label: str, holding: str):
    """Open the popover whose button says `label`; its body, the one that shows `holding`."""
    page.locator('[data-testid="stPopover"] button').filter(has_text=label).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').filter(has_text=holding).last
    body.wait_for(state="visible", timeout=10000)
    return body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unreviewed_figures_are_marked_wherever_a_number_is_shown(
    lang, corpus, start_server, page, wait_for_app, plotly_charts, screenshot_dir
):
    seeds, data = corpus
    figures = read_csv((data / "figures.csv").read_bytes())
    drafts = {row["figure_id"]: row for row in figures if row["reviewed"] == "false"}
    assert drafts and all(row["guess"] for row in drafts.values())
    view = View(load_dataset(data).all_tables(), ViewState(lang=lang))
    t = Translator(lang)
    url = start_server(env={"CENFIGURES_DATA_DIR": str(data)})

    # Overview: each article says how many of its figures are still unreviewed; the seed says nothing.
    overview = open_page(page, wait_for_app, f"{url}/?lang={lang}")
    page.screenshot(path=str(screenshot_dir / f"review-overview-{lang}.png"), full_page=True)
    # a headline card that picks a draft (Guangzhou's 2024 output is the latest) stars it and says why
    starred = [v for v in page.locator('[data-testid="stMain"] h3').all_inner_texts() if v.strip().endswith("*")]
    assert starred and overview.count(text("review.unreviewed", lang)) == len(starred)
    per_source = Counter(row["source_id"] for row in drafts.values())
    assert set(per_source) == {*DRAFTS, "yanzhao-2023-02-digital"}
    for source in read_csv((data / "sources.csv").read_bytes()):
        title = source["title"] if lang == "zh" else source["title_en"]
        card = page.locator('[data-testid="stVerticalBlock"]').filter(has_text=title).last.inner_text()
        said = text("overview.article.drafts", lang, count=per_source[source["source_id"]])
        assert (said in card) == (source["source_id"] in per_source), card

    # A chart of an existing topic draws the drafts whose attributes match its selector, starred.
    open_page(page, wait_for_app, f"{url}/uhd_video?chart=plans&lang={lang}")
    page.screenshot(path=str(screenshot_dir / f"review-chart-{lang}.png"), full_page=True)
    selected = view.all_figures.query("topic == 'uhd_video' and unit == 'count' and kind == 'observed'")
    drawn_drafts = [row for _, row in selected.iterrows() if row["figure_id"] in drafts]
    drawn_reviewed = [row for _, row in selected.iterrows() if row["figure_id"] not in drafts]
    assert drawn_drafts and drawn_reviewed
    (plans,) = plotly_charts(page)
    labels = [label for trace in plans["traces"] for label in (trace.get("text") or [])]
    assert sorted(label for label in labels if label.endswith("*")) == sorted(
        value_label(view, row) for row in drawn_drafts
    )
    assert all(t.value(row) in labels for row in drawn_reviewed)
    notes = page.evaluate(f"() => ({SHOWN_CHART_JS}.layout.annotations || []).map(a => a.text)")
    bare = lambda words: re.sub(r"<br>|\s", "", words)  # noqa: E731 - the source line wraps
    assert any(bare(text("review.footnote", lang)) in bare(note) for note in notes), notes  # what the star means

    # Its hover, with a real mouse: a draft's says so, a reviewed figure's does not.
    ids = page.evaluate(f"() => [...{SHOWN_CHART_JS}.data].map(t => [...(t.customdata || [])])")
    where = {figure_id: (trace, point) for trace, points in enumerate(ids) for point, figure_id in enumerate(points)}
    draft_id, reviewed_id = drawn_drafts[0]["figure_id"], drawn_reviewed[0]["figure_id"]
    assert text("review.unreviewed", lang) in hover_point(page, *where[draft_id], draft_id)
    assert text("review.unreviewed", lang) not in hover_point(page, *where[reviewed_id], reviewed_id)

    # Its citation counts the drafts and stars their ids.
    body = popover(page, text("cite.button", lang), text("cite.long_label", lang))
    short, long = (code.inner_text() for code in body.locator('[data-testid="stCode"]').all())
    assert text("cite.short_drafts", lang, articles="", count=len(selected), drafts=len(drawn_drafts)) in short
    assert text("cite.drafts", lang, drafts=len(drawn_drafts)) in long
    assert all(f"{row['figure_id']}*" in long for row in drawn_drafts)
    assert not any(f"{row['figure_id']}*" in long for row in drawn_reviewed)
    page.keyboard.press("Escape")

    # Its CSV and the full zip carry `reviewed` and `guess`.
    body = popover(page, text("download.button", lang), text("download.csv", lang))
    with page.expect_download() as download:
        body.get_by_role("button", name=text("download.csv", lang)).click()
    rows = read_download(Path(download.value.path()).read_bytes(), lang)
    assert {row["figure_id"]: (row["reviewed"], bool(row["guess"])) for row in rows} == {
        row["figure_id"]: ("false", True) if row["figure_id"] in drafts else ("true", False)
        for _, row in selected.iterrows()
    }
    with page.expect_download() as download:
        body.get_by_role("button", name=text("download.zip", lang)).click()
    with zipfile.ZipFile(Path(download.value.path())) as archive:
        zipped = read_csv(archive.read("figures.csv"))
        events = read_csv(archive.read("events.csv"))
    assert {row["figure_id"]: (row["reviewed"], row["guess"]) for row in zipped} == {
        row["figure_id"]: (row["reviewed"], row["guess"]) for row in figures
    }
    assert any(row["reviewed"] == "false" and row["guess"] for row in events)
    page.keyboard.press("Escape")

    # The explorer shows the drafts of a topic that has no chart: every value starred, Reviewed "no".
    open_page(page, wait_for_app, f"{url}/explorer?topic={NEW_TOPIC}&lang={lang}")
    of_topic = [row for row in figures if row["topic"] == NEW_TOPIC]
    assert of_topic and all(row["figure_id"] in drafts for row in of_topic)
    left = grid(page, t("explorer.col.value"))
    assert left["rows"] == len(of_topic) + 1
    assert all(value.endswith("*") for value in column(left, t("explorer.col.value")))
    right = grid(page, t("explorer.col.reviewed"), scroll_right=True)
    page.screenshot(path=str(screenshot_dir / f"review-explorer-{lang}.png"), full_page=True)
    assert sorted(column(right, t("explorer.col.figure_id"))) == sorted(row["figure_id"] for row in of_topic)
    assert set(column(right, t("explorer.col.reviewed"))) == {t("review.no")}

    # The source reader: every figure of the drafted article highlighted apart, with the guess.
    open_page(page, wait_for_app, f"{url}/source?source={SHAANXI}&lang={lang}")
    page.screenshot(path=str(screenshot_dir / f"review-source-{lang}.png"), full_page=True)
    marks = page.evaluate(
        "() => [...document.querySelectorAll('mark')].map(m => ({title: m.title, border: "
        "getComputedStyle(m).borderBottomStyle}))"
    )
    for figure_id, row in drafts.items():
        if row["source_id"] != SHAANXI:
            continue
        mine = [m for m in marks if m["title"].startswith(f"{figure_id} ")]
        assert mine, figure_id
        for mark in mine:
            assert (
                text("review.unreviewed", lang) in mark["title"]
                and t.labelled(t("review.guess"), row["guess"]) in mark["title"]
            )
        # its number dashed (a reviewed figure's is solid); the year it refers to has no border
        assert "dashed" in {m["border"] for m in mine} and "solid" not in {m["border"] for m in mine}
        entry = page.locator(f"li#fig-{figure_id}").inner_text()
        assert text("review.unreviewed", lang) in entry and "*" in entry
    assert any(text("review.unreviewed_event", lang) in m["title"] for m in marks)  # its drafted event


def test_edit_mark_reviewed_and_rebuild(tmp_path, start_server, page, wait_for_app, screenshot_dir):
    """The loop after the first read: edit the draft, set reviewed = true, rebuild; the figure is no
    longer marked anywhere on the source reader and the overview counts one draft fewer. Drafting
    again never overwrites an annotation with reviewed entries: the draft goes beside it."""
    seeds, data = build_corpus(tmp_path)
    url = start_server(env={"CENFIGURES_DATA_DIR": str(data)})
    annotation = seeds / f"{SHAANXI}.toml"
    drafted = [row for row in read_csv((data / "figures.csv").read_bytes()) if row["source_id"] == SHAANXI]
    reviewed_id = drafted[0]["figure_id"]
    text_zh = open_page(page, wait_for_app, f"{url}/")
    assert text("overview.article.drafts", "zh", count=len(drafted)) in text_zh

    block = f'id = "{reviewed_id}"\n'
    toml = annotation.read_text(encoding="utf-8")
    head, tail = toml.split(block)
    entry, rest = tail.split("\n\n", 1)
    assert "reviewed = false" in entry and 'indicator_en = "(untranslated) ' in entry
    # The reviewer's edit: a reviewed figure names an indicator of the corpus; this one is new, so
    # the article declares it (docs/authoring.md: "Adding an article").
    edited = "\n".join(
        f'indicator = "semiconductor_ic_revenue"\nindicator_en = "{REVENUE_EN}"'
        if line.startswith("indicator_en = ")
        else "reviewed = true"
        if line == "reviewed = false"
        else line
        for line in entry.splitlines()
    )
    declared = (
        '\n[indicators.semiconductor_ic_revenue]\nname_zh = "半导体及集成电路产业营业收入"\n'
        f'name_en = "{REVENUE_EN}"\nunit = "yuan"\n'
    )
    annotation.write_text(head + block + edited + "\n\n" + rest + declared, encoding="utf-8")
    run("cenfigures.prep", "--seeds", str(seeds), "--out", str(data))
    rebuilt = {row["figure_id"]: row for row in read_csv((data / "figures.csv").read_bytes())}
    assert rebuilt[reviewed_id]["reviewed"] == "true" and rebuilt[reviewed_id]["guess"] == drafted[0]["guess"]

    text_zh = open_page(page, wait_for_app, f"{url}/")
    assert text("overview.article.drafts", "zh", count=len(drafted) - 1) in text_zh
    open_page(page, wait_for_app, f"{url}/source?source={SHAANXI}&lang=en")
    page.screenshot(path=str(screenshot_dir / "review-loop-source-en.png"), full_page=True)
    marks = page.evaluate(
        "() => [...document.querySelectorAll('mark')].map(m => ({title: m.title, border: "
        "getComputedStyle(m).borderBottomStyle}))"
    )
    mine = [m for m in marks if m["title"].startswith(f"{reviewed_id} ")]
    assert mine and all(text("review.unreviewed", "en") not in m["title"] and m["border"] != "dashed" for m in mine)
    assert "solid" in {m["border"] for m in mine}
    assert all(REVENUE_EN in m["title"] for m in mine)
    entry = page.locator(f"li#fig-{reviewed_id}").inner_text()
    assert text("review.unreviewed", "en") not in entry and "*" not in entry
    others = [m for m in marks if m["title"].startswith(f"{drafted[1]['figure_id']} ")]
    assert others and all(text("review.unreviewed", "en") in m["title"] for m in others)

    # Drafting again: the reviewed annotation stays as it is, the new draft goes beside it, and the
    # corpus still builds (prep ignores <name>.draft.toml).
    before = annotation.read_bytes()
    said = run("cenfigures.draft", str(seeds / f"{SHAANXI}.txt"), "--topic", NEW_TOPIC)
    assert "has reviewed entries" in said and annotation.read_bytes() == before
    assert (seeds / f"{SHAANXI}.draft.toml").is_file()
    run("cenfigures.prep", "--seeds", str(seeds), "--out", str(data))
