"""Every CSV a chart offers says what its rows are (issue 15): figures under figure_id, events under
event_id, never an event id in a figure_id column; a chart that draws events beside its figures (the
train studio) offers them as a CSV of events.csv's columns and cites them as events. Table-driven
over every chart of every page, on the seed and on the corpus with the fixture articles."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from cenfigures.app.context import page_files
from cenfigures.charts import catalog
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import downloads, share
from cenfigures.view.filters import ViewState
from cenfigures.view.model import View, chart_specs, pages_with_charts, topic_specs
from cenfigures.view.site import site_pages
from cenfigures.view.translate import Translator


def _charts(folder=None):
    tables = (load_dataset(folder) if folder else load_dataset()).all_tables()
    specs = chart_specs(tables["charts"])
    site = site_pages(topic_specs(tables["topics"]), pages_with_charts(specs), page_files())
    state = ViewState(lang="en")
    for page in site:
        for spec in chart_specs(tables["charts"], page.charts) if page.charts else []:
            yield tables, page, spec, catalog.build(tables, state, page, spec)


def _read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("corpus", ["seed", "fixtures"])
def test_every_chart_csv_holds_figures_as_figures_and_events_as_events(corpus, corpus_data):
    checked_events = 0
    for tables, page, spec, chart in _charts(corpus_data if corpus == "fixtures" else None):
        figure_ids, event_ids = set(tables["figures"]["figure_id"]), set(tables["events"]["event_id"])
        names = View(tables, ViewState(lang="en")).names
        where = f"{page.key}/{spec.id}"
        shown = _read(downloads.table_csv(chart.rows, lang="en", names=names))
        id_column = "event_id" if "event_id" in shown else "figure_id"
        assert id_column in shown, where
        assert set(shown[id_column]) <= (event_ids if id_column == "event_id" else figure_ids), where
        assert set(chart.figure_ids) <= figure_ids | (event_ids if id_column == "event_id" else set()), where
        if id_column == "figure_id":
            assert not set(chart.figure_ids) & event_ids, (where, "an event cited as a figure")
        if not chart.events.empty:
            checked_events += 1
            events_csv = _read(downloads.table_csv(chart.events, lang="en", names=names))
            assert "event_id" in events_csv and "figure_id" not in events_csv, where
            assert list(events_csv["event_id"]) == list(chart.event_ids) and set(chart.event_ids) <= event_ids, where
            t = Translator("en")
            cite = share.long_citation([{}], chart.title, chart.figure_ids, t, "u", event_ids=chart.event_ids)
            assert t("count.events", count=len(chart.event_ids)) + ": " + chart.event_ids[0] in cite, cite
            assert f"{len(chart.figure_ids)} figure" in cite, cite
    assert checked_events >= 1  # the train studio draws its events beside its figure
