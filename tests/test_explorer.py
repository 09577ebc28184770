"""The data explorer: the displayed table, the CSV of the rows shown, and the page in zh and en."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.tables.dataset import TABLES_BY_NAME, load_dataset, parse_table
from cenfigures.tables.paths import DATA_DIR, ROOT
from cenfigures.view import explorer, filters
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import (
    LANGUAGES,
    kind_label,
    region_column,
    text,
    topic_label,
    unit_name,
)


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_dataset().tables["figures"]


def _pick(figures: pd.DataFrame) -> pd.DataFrame:
    """Rows of several sorts: large numbers, ranks, qualifiers, derived figures."""
    picks = [
        figures[figures["value"] >= 1e4].head(2),
        figures[figures["unit"] == "rank"].head(1),
        figures[figures["qualifier"] != "exact"].head(2),
        figures[figures["kind"] == "derived"].head(2),
    ]
    return pd.concat(picks).drop_duplicates("figure_id")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_table_headers_are_translated(figures, lang):
    table = explorer.display_table(figures, lang)
    assert list(table.columns) == [text(f"explorer.col.{name}", lang) for name in explorer.COLUMNS]
    other = "en" if lang == "zh" else "zh"
    assert set(table.columns).isdisjoint(text(f"explorer.col.{name}", other) for name in explorer.COLUMNS)
    assert len(table) == len(figures)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_table_formats_values_and_labels(figures, lang):
    rows = _pick(figures)
    assert len(rows) >= 5
    table = explorer.display_table(figures, lang).set_index(text("explorer.col.figure_id", lang))
    col = lambda name: text(f"explorer.col.{name}", lang)  # noqa: E731
    for _, row in rows.iterrows():
        shown = table.loc[row["figure_id"]]
        assert shown[col("value")] == format_figure(row, lang)
        assert shown[col("unit")] == unit_name(row["unit"], lang)
        assert shown[col("kind")] == kind_label(row["kind"], lang)
        assert shown[col("topic")] == topic_label(row["topic"], lang)
        assert shown[col("region")] == row[region_column(lang)]
        assert shown[col("indicator")] == row["indicator_en" if lang == "en" else "indicator_zh"]
        assert shown[col("quote")] == row["quote"]


def test_display_table_large_numbers_per_language(figures):
    big = figures[(figures["value"] >= 1e4) & (figures["unit"] == "count")].iloc[0]
    zh = explorer.display_table(figures[figures["figure_id"] == big["figure_id"]], "zh").iloc[0]
    en = explorer.display_table(figures[figures["figure_id"] == big["figure_id"]], "en").iloc[0]
    assert "万" in zh[text("explorer.col.value", "zh")]
    assert "," in en[text("explorer.col.value", "en")] and "万" not in en[text("explorer.col.value", "en")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_derived_rows_show_their_formula(figures, lang):
    table = explorer.display_table(figures, lang)
    formula = table[text("explorer.col.formula", lang)]
    derived = (figures["kind"] == "derived").to_numpy()
    assert derived.any()
    for shown, (_, row) in zip(formula[derived], figures[derived].iterrows()):
        assert shown.startswith(row["formula"])
        for part in row["inputs"].split(";"):
            assert part.split("=")[1] in shown
    assert (formula[~derived] == "").all()


def test_csv_of_every_row_is_the_published_file(figures):
    assert explorer.csv_bytes(figures) == (DATA_DIR / "figures.csv").read_bytes()


@pytest.mark.parametrize(
    "state",
    [ViewState(regions=("hebei",)), ViewState(search="5G"), ViewState(kinds=("target", "derived")), ViewState(topics=("uhd_video",), years=(2019, 2021))],
    ids=["region", "search", "kinds", "topic+years"],
)
def test_csv_round_trip_is_exactly_the_filtered_rows(figures, state):
    rows = filters.apply(figures, state)
    assert 0 < len(rows) < len(figures)
    data = explorer.csv_bytes(rows)
    assert data.startswith(codecs.BOM_UTF8)
    back = parse_table(TABLES_BY_NAME["figures"], data)  # also checks the schema of data/
    pd.testing.assert_frame_equal(back, rows.reset_index(drop=True))
    plain = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(plain.columns) == explorer.FIGURE_COLUMNS
    assert list(plain["figure_id"]) == list(rows["figure_id"])
    assert list(plain["indicator_zh"]) == list(rows["indicator_zh"])  # Chinese survives
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(plain["quote"]))


def test_csv_escapes_commas_quotes_and_newlines(figures):
    rows = figures.head(1).copy()
    rows["note_en"] = 'a, "quoted"\nsecond line'
    back = pd.read_csv(io.BytesIO(explorer.csv_bytes(rows)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.loc[0, "note_en"] == 'a, "quoted"\nsecond line'


def test_file_name_has_page_language_and_date():
    day = dt.date(2026, 11, 26)
    assert explorer.file_name("zh", day, filtered=False) == "figures_zh_2026-11-26.csv"
    assert explorer.file_name("en", day, filtered=True) == "figures_filtered_en_2026-11-26.csv"


# --------------------------------------------------------------------------- the page

def _run(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/6_explorer.py")
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", [{}, {"region": "hebei"}, {"q": "5G"}, {"kind": "derived", "years": "2015-2020"}], ids=["all", "hebei", "5G", "derived"])
def test_page_shows_exactly_the_filtered_rows(figures, lang, query):
    at = _run({"lang": lang, **query})
    options = FilterOptions.from_figures(figures)
    state = filters.parse_query({k: [v] for k, v in {"lang": lang, **query}.items()}, options).state
    expected = filters.apply(figures, state)
    assert 0 < len(expected)
    frame = at.dataframe[0].value
    assert len(frame) == len(expected)
    assert list(frame[text("explorer.col.figure_id", lang)]) == list(expected["figure_id"])
    assert list(frame.columns) == [text(f"explorer.col.{name}", lang) for name in explorer.COLUMNS]
    # Only our button: the sidebar may hold other downloads (the deck).
    assert len([b for b in at.get("download_button") if b.proto.label == text("explorer.download", lang)]) == 1
    head = text("filter.summary", lang, shown=len(expected), total=len(figures))
    assert any(md.value.startswith(head) for md in at.markdown)


def test_page_with_no_matching_rows_says_so():
    at = _run({"lang": "en", "q": "no such figure anywhere"})
    assert not at.dataframe
    assert not [b for b in at.get("download_button") if b.proto.label == text("explorer.download", "en")]
    assert any(text("app.no_rows", "en") in info.value for info in at.info)
