"""The data explorer: the displayed table, the CSV of the rows shown (data/figures.csv's columns byte
for byte, then label columns in the page's language), file names, and the page in zh and en."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re

import pandas as pd
import pytest
from apptest_pages import open_page

from cenfigures.tables.dataset import TABLES_BY_NAME, load_dataset, parse_table
from cenfigures.tables.paths import CSV_ENCODING, DATA_DIR
from cenfigures.view import downloads, explorer, filters
from cenfigures.view.filters import FilterOptions, state_of
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.model import View
from cenfigures.view.translate import Translator

TABLES = load_dataset().all_tables()
FIGURES = TABLES["figures"]
N = len(explorer.FIGURE_COLUMNS)
PUBLISHED = (DATA_DIR / "figures.csv").read_bytes()


def view(lang: str = "zh", **values) -> View:
    return View(TABLES, state_of(lang, **values))


def names_in(lang: str) -> dict[str, dict[str, str]]:
    """What a reader of `lang` calls each region, topic, indicator and article, from the tables."""
    zh = lang == "zh"
    regions, topics, indicators, sources = TABLES["regions"], TABLES["topics"], TABLES["indicators"], TABLES["sources"]
    return {
        "region": dict(zip(regions["region_id"], regions["short_zh" if zh else "name_en"])),
        "topic": dict(zip(topics["topic_id"], topics["name_zh" if zh else "name_en"])),
        "indicator": dict(zip(indicators["indicator_id"], indicators["name_zh" if zh else "name_en"])),
        "source": {
            row["source_id"]: f"{row['publisher' if zh else 'publisher_en']} {row['published']}"
            for _, row in sources.iterrows()
        },
    }


def _pick(figures: pd.DataFrame) -> pd.DataFrame:
    """Rows of several sorts: large numbers, ranks, qualifiers, derived figures."""
    picks = [
        figures[figures["value"] >= 1e4].head(2),
        figures[figures["unit"] == "rank"].head(1),
        figures[figures["qualifier"] != "exact"].head(2),
        figures[figures["kind"] == "derived"].head(2),
    ]
    return pd.concat(picks).drop_duplicates("figure_id")


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(CSV_ENCODING), newline="")))


SHOWN = explorer.FIGURE_COLUMNS.index("value") + 1  # the value as the screen shows it follows the value


def machine_part(data: bytes) -> bytes:
    """The CSV's columns of data/figures.csv (the shown value taken out, the file's own header put
    back), written back as prep writes a table."""
    header, *rows = csv_rows(data)
    buffer = io.StringIO()
    lines = [explorer.FIGURE_COLUMNS, *(row[:SHOWN] + row[SHOWN + 1 : N + 1] for row in rows)]
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue().encode(CSV_ENCODING)


# ---------------------------------------------------------------- the table on screen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_table_headers_are_translated(lang):
    table = explorer.display_table(view(lang), FIGURES)
    assert list(table.columns) == [text(f"explorer.col.{name}", lang) for name in explorer.COLUMNS]
    other = "en" if lang == "zh" else "zh"
    assert set(table.columns).isdisjoint(text(f"explorer.col.{name}", other) for name in explorer.COLUMNS)
    assert len(table) == len(FIGURES)
    assert list(explorer.column_layout(Translator(lang))) == list(table.columns)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_table_shows_names_and_formatted_values_not_codes(lang):
    rows = _pick(FIGURES)
    assert len(rows) >= 5
    names = names_in(lang)
    table = explorer.display_table(view(lang), FIGURES).set_index(text("explorer.col.figure_id", lang))
    col = lambda name: text(f"explorer.col.{name}", lang)  # noqa: E731
    for _, row in rows.iterrows():
        shown = table.loc[row["figure_id"]]
        assert shown[col("value")] == format_figure(row, lang)
        assert shown[col("unit")] == text(f"unit.{row['unit']}", lang)
        assert shown[col("kind")] == text(f"kind.{row['kind']}", lang)
        assert shown[col("topic")] == names["topic"][row["topic"]]
        assert shown[col("region")] == names["region"][row["region_id"]]
        assert shown[col("indicator")] == names["indicator"][row["indicator_id"]]
        assert shown[col("source")] == names["source"][row["source_id"]]
        assert shown[col("quote")] == row["quote"]
        assert shown[col("reviewed")] == text("review.yes", lang)


def test_display_table_large_numbers_per_language():
    big = FIGURES[(FIGURES["value"] >= 1e4) & (FIGURES["unit"] == "count")].iloc[[0]]
    zh = explorer.display_table(view("zh"), big).iloc[0][text("explorer.col.value", "zh")]
    en = explorer.display_table(view("en"), big).iloc[0][text("explorer.col.value", "en")]
    assert "万" in zh
    assert "," in en and "万" not in en


@pytest.mark.parametrize("lang", LANGUAGES)
def test_derived_rows_show_their_formula_and_inputs(lang):
    table = explorer.display_table(view(lang), FIGURES)
    formula = table[text("explorer.col.formula", lang)]
    derived = (FIGURES["kind"] == "derived").to_numpy()
    assert derived.any()
    for shown, (_, row) in zip(formula[derived], FIGURES[derived].iterrows()):
        assert shown.startswith(row["formula"])
        for part in row["inputs"].split(";"):
            assert part.split("=")[1] in shown
    assert (formula[~derived] == "").all()


def test_an_unreviewed_draft_says_so():
    draft = FIGURES.head(1).assign(reviewed="false")
    for lang in LANGUAGES:
        shown = explorer.display_table(view(lang), draft).iloc[0]
        assert shown[text("explorer.col.reviewed", lang)] == text("review.no", lang)
        assert shown[text("explorer.col.value", lang)] == text(
            "review.marked", lang, value=format_figure(draft.iloc[0], lang)
        )


# ---------------------------------------------------------------- the CSV


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_of_every_row_is_the_published_file_then_labels(lang):
    data = explorer.csv_bytes(view(lang), FIGURES)
    assert data.startswith(codecs.BOM_UTF8)
    assert machine_part(data) == PUBLISHED  # data/figures.csv byte for byte in its columns
    header, *rows = csv_rows(data)
    t = Translator(lang)
    names_in_order = [*explorer.FIGURE_COLUMNS[:SHOWN], "value_shown", *explorer.FIGURE_COLUMNS[SHOWN:]]
    assert header[: N + 1] == [downloads.column_header(name, t) for name in names_in_order]
    assert [row[SHOWN] for row in rows] == [t.value(figure) for figure in FIGURES.to_dict("records")]
    labels = ["kind", "unit", "topic", "region", "source"]
    assert header[N + 1 :] == [text(f"download.col.{name}", lang) for name in labels]
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", name) for name in header)
    names = names_in(lang)
    for row, (_, figure) in zip(rows, FIGURES.iterrows()):
        assert row[N + 1 :] == [
            text(f"kind.{figure['kind']}", lang),
            text(f"unit.{figure['unit']}", lang),
            names["topic"][figure["topic"]],
            names["region"][figure["region_id"]],
            names["source"][figure["source_id"]],
        ]


@pytest.mark.parametrize(
    "values",
    [
        {"region": ("hebei",)},
        {"q": "5G"},
        {"kind": ("target", "derived")},
        {"topic": ("uhd_video",), "years": (2019, 2021)},
        {"source": (TABLES["sources"].iloc[0]["source_id"],), "kind": ("rank",)},
    ],
    ids=["region", "search", "kinds", "topic+years", "source+kind"],
)
def test_csv_round_trip_is_exactly_the_filtered_rows(values):
    shown_view = view("en", **values)
    rows = shown_view.figures
    assert 0 < len(rows) < len(FIGURES)
    data = explorer.csv_bytes(shown_view, rows)
    back = parse_table(TABLES_BY_NAME["figures"], machine_part(data))  # also checks the schema of data/
    pd.testing.assert_frame_equal(back, rows.reset_index(drop=True))
    plain = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(plain["figure_id"]) == list(rows["figure_id"])
    assert list(plain["indicator_zh"]) == list(rows["indicator_zh"])  # Chinese survives
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(plain["quote"]))


def test_csv_escapes_commas_quotes_and_newlines():
    rows = FIGURES.head(1).copy()
    rows["note_en"] = 'a, "quoted"\nsecond line'
    back = pd.read_csv(
        io.BytesIO(explorer.csv_bytes(view("en"), rows)), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert back.loc[0, "note_en"] == 'a, "quoted"\nsecond line'


@pytest.mark.parametrize(
    "parts, day, expected",
    [
        (("explorer", "figures", "zh"), dt.date(2026, 11, 26), "explorer_figures_zh_2026-11-26"),
        (("digitization", "targets", "en"), dt.date(2022, 1, 6), "digitization_targets_en_2022-01-06"),
        (
            ("x/../y", "图表", "en"),
            dt.date(2026, 1, 2),
            "x----y_--_en_2026-01-02",
        ),  # only [A-Za-z0-9_-]: no path, no CJK
    ],
)
def test_one_file_name_rule(parts, day, expected):
    stem = downloads.file_stem(*parts, today=day)
    assert stem == expected
    assert "/" not in stem


# ---------------------------------------------------------------- the page


def _expected(query: dict[str, str]) -> pd.DataFrame:
    """The rows a link asks for, computed here from the table (searches by the filter registry)."""
    rows = FIGURES
    if "region" in query:
        rows = rows[rows["region_id"] == query["region"]]
    if "kind" in query:
        rows = rows[rows["kind"] == query["kind"]]
    if "source" in query:
        rows = rows[rows["source_id"] == query["source"]]
    if "years" in query:
        first, last = map(int, query["years"].split("-"))
        rows = rows[(rows["period_start"] <= last) & (rows["period_end"] >= first)]
    if "q" in query:
        rows = filters.apply(rows, state_of(q=query["q"]), names=view().names)
    return rows


QUERIES = [
    {},
    {"region": "hebei"},
    {"q": "5G"},
    {"kind": "derived", "years": "2015-2020"},
    {"q": "target"},
    {"q": "23000"},
    {"source": "cen-2022-01-local-it", "kind": "rank"},
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", QUERIES, ids=["all", "hebei", "5G", "derived", "target", "23000", "source"])
def test_page_shows_exactly_the_filtered_rows(lang, query):
    at = open_page("pages/6_explorer.py", lang=lang, **query)
    assert not at.exception and not at.warning
    expected = _expected(query)
    assert 0 < len(expected)
    frame = at.dataframe[0].value
    assert list(frame[text("explorer.col.figure_id", lang)]) == list(expected["figure_id"])
    assert list(frame.columns) == [text(f"explorer.col.{name}", lang) for name in explorer.COLUMNS]
    # Only our button: the sidebar holds other downloads (the deck).
    assert len([b for b in at.get("download_button") if b.proto.label == text("explorer.download", lang)]) == 1
    summary = [
        str(md.value).replace("\\", "")
        for md in at.markdown
        if str(md.value)
        .replace("\\", "")
        .startswith(text("filter.summary.figures", lang, shown=len(expected), total=len(FIGURES)))
    ]
    assert len(summary) == 1, [md.value for md in at.markdown]
    if "q" in query:  # the search said as a sentence (issue 15 item 3), not "where Search: …"
        assert text("filter.sentence.q", lang, value=query["q"]) in summary[0]
        assert text("filter.q", lang) + ":" not in summary[0]


def test_page_with_no_matching_rows_says_so():
    at = open_page("pages/6_explorer.py", lang="en", q="no such figure anywhere")
    assert not at.exception
    assert not at.dataframe
    assert not [b for b in at.get("download_button") if b.proto.label == text("explorer.download", "en")]
    assert any(text("app.no_rows", "en") in info.value for info in at.info)


def test_the_explorer_offers_every_filter_of_the_registry():
    at = open_page("pages/6_explorer.py", lang="en")
    options = FilterOptions.from_frame(FIGURES)
    # on the page itself, where a phone shows them (its sidebar is collapsed), not in the sidebar
    keys = (
        {w.key for w in at.main.multiselect}
        | {w.key for w in at.main.select_slider}
        | {w.key for w in at.main.text_input}
    )
    assert keys == {f"url_{key}" for key in filters.FILTER_KEYS if key == "q" or options.of(key)}
    assert not at.sidebar.multiselect and not at.sidebar.select_slider and not at.sidebar.text_input


PHONE_GRID = 358  # px: the table's width on a 390 px phone


@pytest.mark.parametrize("corpus", ["seed", "fixtures"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_column_widths_show_every_indicator_and_label_on_a_phone_and_a_desktop(lang, corpus, corpus_data):
    """Issue 15: the explorer's indicator column cut names ("National rank of the IT-industr"), label
    columns cut "China (national)" and "百分比". Each column fits its header; short label columns fit
    their longest cell on one line; the pinned indicator and the value fit a phone side by side and
    every indicator name fits the rows' LINES wrapped lines, every value two ("more than 3,000,000
    households")."""
    tables = load_dataset(corpus_data).all_tables() if corpus == "fixtures" else TABLES
    v = View(tables, state_of(lang))
    table = explorer.display_table(v, v.figures)
    t = Translator(lang)
    widths = explorer.column_widths(table, t)
    layout = explorer.column_layout(t, table)
    assert list(layout) == list(table.columns) and all(layout[h]["width"] == widths[h] for h in widths)
    head = {name: explorer.header(name, t) for name in explorer.COLUMNS}
    room = {h: w - explorer.PADDING for h, w in widths.items()}
    for name, title in head.items():
        assert explorer.text_px(title) + 14 <= room[title], (name, title, widths[title])
    for name in ("region", "period", "kind", "unit", "reviewed"):
        longest = max(table[head[name]], key=explorer.text_px)
        assert explorer.text_px(longest) <= room[head[name]], (name, longest, widths[head[name]])
    assert widths[head["indicator"]] + widths[head["value"]] <= PHONE_GRID
    for column, most in (("indicator", explorer.LINES), ("value", 2)):
        for cell in table[head[column]]:
            lines = -(-explorer.text_px(cell) // room[head[column]])
            assert lines <= most, (column, cell, widths[head[column]])
    assert explorer.ROW_HEIGHT > 64  # Streamlit's grid wraps text only in rows taller than 4rem


def test_a_table_too_large_for_the_page_gets_its_csv_on_request(monkeypatch):
    """Past CSV_WITH_THE_PAGE rows (a large corpus) the CSV is not made for every visitor: a button
    makes it, and its click's rerun hands the file over behind one download button (made_on_request)."""
    monkeypatch.setattr(explorer, "CSV_WITH_THE_PAGE", 3)
    at = open_page("pages/6_explorer.py", lang="en")
    download = text("explorer.download", "en")
    assert not [b for b in at.get("download_button") if b.proto.label == download]
    make = [b for b in at.button if b.key == "prepare-csv-explorer"]
    assert [b.label for b in make] == [text("explorer.download_make", "en", count=f"{len(FIGURES):,}")]
    make[0].click().run()
    assert [b for b in at.get("download_button") if b.proto.label == download]
    at.run()  # the next run of the same view: the file stays, its button is not asked for again
    assert [b for b in at.get("download_button") if b.proto.label == download]
    assert not [b for b in at.button if b.key == "prepare-csv-explorer"]


@pytest.mark.parametrize(
    "cells",
    [
        [],
        ["abc", "中文", "a"],  # 3 units against 4: the shorter text is the wider
        ["河北省工业互联网平台", "Hebei's industrial internet platforms", "12"],
        ["2025", "", "超过4000亿元"],
    ],
)
def test_the_widest_cell_is_found_measuring_only_the_cells_that_could_be_it(cells):
    by_measuring_each = max((explorer.text_px(cell) for cell in cells), default=0.0)
    assert explorer._widest_px(pd.Series(cells, dtype=str)) == by_measuring_each


def test_a_file_not_made_within_the_wait_shows_as_being_made_and_then_as_its_download(monkeypatch):
    """A file made slowly (downloads.FileMaker: a thread of its own) does not hold the page: the run
    ends after WAIT_SECONDS with the file's button disabled, and a later run hands it over."""
    import threading

    from cenfigures.app import downloads as app_downloads

    release = threading.Event()
    made = explorer.csv_bytes

    def slow_csv(*args, **kwargs):
        release.wait(30)
        return made(*args, **kwargs)

    monkeypatch.setattr(explorer, "CSV_WITH_THE_PAGE", 3)
    monkeypatch.setattr(explorer, "csv_bytes", slow_csv)
    monkeypatch.setattr(app_downloads, "MAKER", app_downloads.FileMaker())  # nothing made by another test
    at = open_page("pages/6_explorer.py", lang="en")
    download = text("explorer.download", "en")
    next(b for b in at.button if b.key == "prepare-csv-explorer").click().run()
    waiting = [b for b in at.button if b.key == "making-csv-explorer"]
    assert [(b.label, b.disabled) for b in waiting] == [(download, True)]
    assert not [b for b in at.get("download_button") if b.proto.label == download]
    release.set()
    at.run()
    assert [b for b in at.get("download_button") if b.proto.label == download]
    assert not [b for b in at.button if b.key == "making-csv-explorer"]
