"""What every chart shares: the sealed figure kept in the page cache."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from cenfigures.charts import catalog
from cenfigures.charts.kit import SealedFigure, seal
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import ViewState
from cenfigures.view.site import PAGES

TABLES = load_dataset().all_tables()
SOURCE = TABLES["sources"].iloc[0].to_dict()
BUILT = [(page, builder) for page in PAGES for builder in catalog.builders(page.key)]


@pytest.mark.parametrize("page, builder", BUILT, ids=[f"{p.key}.{b.__name__}" for p, b in BUILT])
def test_a_sealed_chart_sends_the_same_figure_and_makes_its_dict_once(page, builder):
    state = ViewState(lang="en")
    chart = catalog.build(builder, TABLES["figures"], "en", SOURCE, catalog.page_tables(page, TABLES, state))
    before = json.loads(pio.to_json(go.Figure(chart.figure), validate=False))
    sealed = seal(chart)
    assert isinstance(sealed.figure, SealedFigure)
    first = sealed.figure.to_dict()
    assert sealed.figure.to_dict() is first  # no deep copy on later reruns
    assert json.loads(pio.to_json(first, validate=False)) == before
    assert json.loads(sealed.figure.to_json()) == before
