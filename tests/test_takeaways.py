"""Every takeaway reads as a sentence (issue 15, item 1): on every page and chart tab, and for every
indicator of the Indicators page, in both languages, on the seed and on the corpus with the fixture
articles (tests/fixtures/corpus/, written for tests). None says a region twice in a row
("北京北京冬奥…"), none names the same indicator twice for one region ("路数3个；路数约3.85个"), none
writes "(s)"; the Indicators page gives every value with its period. The labels' plurals are checked
on their own."""

from __future__ import annotations

import functools
import re

import pytest

from cenfigures.app.context import page_files
from cenfigures.charts import catalog, indicator_series
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import ViewState
from cenfigures.view.indicators import choice_label, indicator_choices
from cenfigures.view.labels import LANGUAGES, labels, text
from cenfigures.view.model import View, chart_specs, pages_with_charts, topic_specs
from cenfigures.view.site import site_pages
from cenfigures.view.words import indicator_name, items


def _views(folder=None):
    dataset = load_dataset(folder) if folder else load_dataset()
    tables = dataset.all_tables()
    specs = chart_specs(tables["charts"])
    site = site_pages(topic_specs(tables["topics"]), pages_with_charts(specs), page_files())
    return tables, site


@functools.cache
def _takeaways(folder=None) -> list[tuple[str, str, object, str]]:
    """(lang, where, chart rows, takeaway) of every chart tab and every indicator."""
    tables, site = _views(folder)
    out = []
    for lang in LANGUAGES:
        state = ViewState(lang=lang)
        for page in site:
            for spec in chart_specs(tables["charts"], page.charts) if page.charts else []:
                chart = catalog.build(tables, state, page, spec)
                out.append((lang, f"{page.key}/{spec.id}", chart.rows, chart.takeaway))
            if page.key == "indicators":
                view = View(tables, state.only(page.uses), page.uses)
                for choice in indicator_choices(view):
                    chart = indicator_series.build(view, choice[0])
                    out.append((lang, f"indicators/{choice[0]}", chart.rows, chart.takeaway))
    return out


def _region_names(folder=None) -> set[str]:
    tables, _ = _views(folder)
    regions = tables["regions"]
    return {str(n) for col in ("name_zh", "short_zh", "name_en") for n in regions[col] if str(n)}


def doubled_region(sentence: str, regions: set[str]) -> str | None:
    for name in regions:
        if re.search(re.escape(name) + r"[\s,、]*" + re.escape(name), sentence):
            return name
    return None


def repeated_indicator(sentence: str, names: set[str]) -> str | None:
    """An indicator name said twice (occurrences inside a longer name said there are not counted)."""
    for name in names:
        longer = [other for other in names if other != name and name in other]
        count = sentence.count(name) - sum(sentence.count(other) * other.count(name) for other in longer)
        if count > 1:
            return name
    return None


# Built once per corpus: every chart of both languages takes a while on a shared machine.
@pytest.mark.parametrize("corpus", ["seed", "fixtures"])
def test_no_takeaway_repeats_a_region_or_an_indicator_or_writes_s_in_brackets(corpus, corpus_data):
    folder = corpus_data if corpus == "fixtures" else None
    regions = _region_names(folder)
    tables, _ = _views(folder)
    seen = _takeaways(folder)
    assert len(seen) > 40
    bad = []
    for lang, where, rows, sentence in seen:
        assert sentence, (lang, where)
        if "(s)" in sentence or "（s）" in sentence:
            bad.append((lang, where, "(s)", sentence))
        if (name := doubled_region(sentence, regions)) is not None:
            bad.append((lang, where, f"region twice: {name}", sentence))
        if "indicator_zh" in rows and not rows.empty:
            names = {indicator_name(View(tables, ViewState(lang=lang)), row) for _, row in rows.iterrows()}
            if rows["region_id"].nunique() == 1 and (name := repeated_indicator(sentence, names)) is not None:
                bad.append((lang, where, f"indicator twice: {name}", sentence))
        if re.search(r"\b(\w+) \1\b", sentence):
            bad.append((lang, where, "a word twice", sentence))
    assert not bad, "\n".join(map(str, bad))


def test_the_indicators_page_gives_every_value_its_period(corpus_data):
    for lang, where, rows, sentence in _takeaways(corpus_data):
        if not where.startswith("indicators/"):
            continue
        for period in rows["period"].astype(str):
            assert period in sentence, (lang, where, period, sentence)


def test_values_of_one_indicator_are_told_apart_by_kind_and_period():
    tables, site = _views()
    figures = tables["figures"]
    streams = figures[figures["indicator_id"] == "simultaneous_4k_streams"]
    assert set(streams["kind"]) == {"observed", "derived"}
    zh = items(View(tables, ViewState(lang="zh")), streams)
    en = items(View(tables, ViewState(lang="en")), streams)
    assert zh.count("可同时支撑的4K直播路数") == 1 and "实际值3个" in zh and "推算值约3.85个" in zh, zh
    assert (
        en.count("Simultaneous 4K live streams supported") == 1 and "3 (actual)" in en and "about 3.85 (derived)" in en
    ), en


def test_no_label_writes_s_in_brackets_and_counts_of_one_are_singular():
    assert not [key for key, row in labels().items() if "(s)" in row["en"] or "（s）" in row["zh"]]
    cases = [
        ("regions.figure_count", {}, "1 figure", "2 figures"),
        ("count.articles", {}, "1 article", "2 articles"),
        ("count.events", {}, "1 event", "2 events"),
        ("app.notice.dropped", {"names": "x"}, "1 link parameter was", "2 link parameters were"),
        ("cite.short", {"articles": "A"}, "A (1 figure)", "A (2 figures)"),
    ]
    for key, values, one, two in cases:
        assert text(key, "en", count=1, **values) == one or text(key, "en", count=1, **values).startswith(one), key
        assert text(key, "en", count=2, **values).startswith(two), key
        assert "(s)" not in text(key, "zh", count=1, **values)


def test_the_indicator_menu_counts_in_words_of_the_number():
    tables, _ = _views()
    view = View(tables, ViewState(lang="en"))
    labelled = [choice_label(view, c) for c in indicator_choices(view)]
    assert any(label.endswith("(1 figure, 1 article)") for label in labelled), labelled[:3]
    assert any(label.endswith("(2 figures, 1 article)") for label in labelled), labelled[:3]
    assert not any("1 figures" in label or "1 articles" in label for label in labelled)


def test_the_checks_flag_the_sentences_they_are_for():
    assert doubled_region("全国CCTV-16频道24小时；北京北京冬奥纪实8K频道24小时。", {"北京", "全国"}) == "北京"
    names = {"可同时支撑的4K直播路数"}
    assert repeated_indicator("可同时支撑的4K直播路数3个；可同时支撑的4K直播路数约3.85个。", names) == names.pop()
    assert (
        repeated_indicator(
            "4K超高清电视渗透率提升40.2个百分点，4K超高清电视渗透率71%。",
            {"4K超高清电视渗透率", "4K超高清电视渗透率提升"},
        )
        is None
    )


def test_takeaways_under_a_one_region_filter_count_one_in_the_singular():
    """The map, the study meetings and the timeline count what they draw: filtered to one region
    (or one event) the English reads "1 region", never "1 regions"."""
    tables, site = _views()
    regions = sorted(set(tables["figures"]["region_id"]) | set(tables["events"]["region_id"]))
    plural_of_one = re.compile(r"\b1 (figures|regions|events|articles)\b")
    checked = 0
    for page in site:
        for spec in chart_specs(tables["charts"], page.charts) if page.charts else []:
            if "{count" not in spec.words("takeaway", "en") or "region" not in page.uses:
                continue
            for region in regions:
                chart = catalog.build(tables, ViewState(lang="en").with_filter("region", (region,)), page, spec)
                assert not plural_of_one.search(chart.takeaway), (page.key, spec.id, region, chart.takeaway)
                checked += "1 " in chart.takeaway
    assert checked >= 1  # some filter leaves one of something
