"""The ranks and the 5G uplink charts of a corpus on many regions, as a phone draws them (issue 23):
bench/prep_scale.py's "mix" of 30 copies of the seed (ten on other provinces, ten on later years),
served with CENFIGURES_DATA_DIR. The ranks legend lists only the coloured lines, the grey ones are
counted in a note under the plot, and nothing overlaps; the uplink's bars each have a row whose label
and value do not run into the next one's."""

from __future__ import annotations

import pytest

from bench.prep_scale import make_corpus
from cenfigures.prep.build import build
from cenfigures.view.labels import text

from . import views
from .conftest import PageLog, guarded_page, launch_streamlit, problems, wait_for_app
from .test_chart_layout_e2e import overlap

WAIT = 120
COPIES = 30
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# The shown drawing's boxes (viewport px): legend entries, annotations by name, y tick labels, the plot.
_DRAWN_JS = """() => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => g.getBoundingClientRect().width > 0);
  const box = e => { const b = e.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
  const g = gd.getBoundingClientRect(), s = gd._fullLayout._size;
  const names = gd._fullLayout.annotations.map(a => a.name || '');
  return {
    legend_entries: gd.querySelectorAll('.legend .traces').length,
    legend: gd.querySelector('.legend .bg') ? box(gd.querySelector('.legend .bg')) : null,
    annotations: [...gd.querySelectorAll('.annotation')].map(e =>
        ({name: names[+e.dataset.index], text: e.textContent, ...box(e.querySelector('.annotation-text-g'))})),
    ticks: [...gd.querySelectorAll('.yaxislayer-above .ytick text')].map(box),
    plot: {left: g.left + s.l, top: g.top + s.t, right: g.left + s.l + s.w, bottom: g.top + s.t + s.h},
    traces: gd._fullData.length,
  };
}"""


@pytest.fixture(scope="module")
def mix_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mix")
    make_corpus(COPIES, folder / "seeds", mix="mix")
    build(folder / "seeds", folder / "data", use_cache=False)
    server = launch_streamlit(env={"CENFIGURES_DATA_DIR": str(folder / "data")})
    yield server.url
    server.stop()


def drawn(browser, url: str) -> dict:
    log = PageLog()
    context, pg = guarded_page(browser, log, **PHONE)
    try:
        pg.goto(url)
        wait_for_app(pg, timeout=WAIT)
        # The chart may be below the fold: scroll it into view so that plotly lays out every label.
        pg.locator(".js-plotly-plot").filter(visible=True).first.scroll_into_view_if_needed()
        shown = pg.evaluate(_DRAWN_JS)
    finally:
        context.close()
    assert problems(log) == []
    return shown


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_ranks_of_many_regions_on_a_phone(mix_server, browser, lang):
    query = {"chart": "ranks", **({"lang": lang} if lang != "zh" else {})}
    shown = drawn(browser, views.url(mix_server, views.page("digitization"), query))
    assert shown["legend_entries"] == 5  # Hebei's five lines; the others grey, without entries
    assert shown["traces"] == 6  # the five and one grey trace
    note = next(a for a in shown["annotations"] if a["name"] == "note-line")
    source = next(a for a in shown["annotations"] if a["name"] == "source-line")
    assert text("filter.region", lang) in note["text"]
    assert (
        not overlap(note, source) and not overlap(note, shown["plot"]) and not overlap(shown["legend"], shown["plot"])
    )
    assert note["right"] <= 390 and source["right"] <= 390


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_uplink_of_many_regions_on_a_phone(mix_server, browser, lang):
    query = {"chart": "uplink", **({"lang": lang} if lang != "zh" else {})}
    shown = drawn(browser, views.url(mix_server, views.page("olympics_5g"), query))
    ticks = sorted(shown["ticks"], key=lambda b: b["top"])
    values = sorted((a for a in shown["annotations"] if a["name"] == "bar-value"), key=lambda b: b["top"])
    assert len(ticks) == len(values) > 10  # a label and a value per bar
    assert not any(overlap(a, b) for a, b in zip(ticks, ticks[1:])), "bar labels run into each other"
    assert not any(overlap(a, b) for a, b in zip(values, values[1:])), "bar values run into each other"
    assert all(tick["left"] >= 0 for tick in ticks) and all(value["right"] <= 390 for value in values)
