"""The Indicators page (issue 12): one indicator across the articles, and its three findings
computed from the figures (view/indicators.py): target vs outcome (exceeded, met, missed),
corroboration and conflict. Small tables written here, case by case; then the page itself on the
corpus of the seed and the two fixture articles (tests/fixtures/corpus/, written for tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from apptest_pages import open_page, points_by_id
from conftest import built_with

from cenfigures.charts import indicator_series
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.facts import facts
from cenfigures.view.filters import state_of
from cenfigures.view.indicators import findings, indicator_choices, indicator_figures
from cenfigures.view.labels import text
from cenfigures.view.model import View

# Three made-up articles: a plan of 2016, a report of 2021 and one of 2022.
SOURCES = pd.DataFrame(
    [
        {
            "source_id": "plan",
            "publisher": "规划报",
            "publisher_en": "Plan News",
            "published": "2016-03",
            "title": "规划",
            "title_en": "Plan",
            "authors": "甲",
        },
        {
            "source_id": "report",
            "publisher": "成就报",
            "publisher_en": "Result News",
            "published": "2021-01",
            "title": "成就",
            "title_en": "Results",
            "authors": "乙",
        },
        {
            "source_id": "other",
            "publisher": "另一报",
            "publisher_en": "Other News",
            "published": "2022-05",
            "title": "另一",
            "title_en": "Other",
            "authors": "丙",
        },
    ]
)
REGIONS = pd.DataFrame(
    [
        {"region_id": "hebei", "name_zh": "河北省", "short_zh": "河北", "name_en": "Hebei"},
        {"region_id": "national", "name_zh": "全国", "short_zh": "全国", "name_en": "China (national)"},
    ]
)
INDICATORS = pd.DataFrame(
    [
        {"indicator_id": "rate", "name_zh": "普及率", "name_en": "Penetration", "unit": "percent"},
        {"indicator_id": "output", "name_zh": "产值", "name_en": "Output", "unit": "yuan"},
        {"indicator_id": "rank", "name_zh": "全国排名", "name_en": "National rank", "unit": "rank"},
    ]
)
UNITS = {"rate": "percent", "output": "yuan", "rank": "rank"}


def fig(
    figure_id: str,
    source: str,
    kind: str,
    value: float,
    period: str = "2020",
    region: str = "hebei",
    indicator: str = "rate",
    qualifier: str = "exact",
    reviewed: str = "true",
) -> dict:
    first, _, last = period.partition("-")
    name = INDICATORS.set_index("indicator_id").loc[indicator]
    return {
        "figure_id": figure_id,
        "source_id": source,
        "topic": "t",
        "region_id": region,
        "region": "",
        "region_en": "",
        "indicator_id": indicator,
        "indicator_zh": name["name_zh"],
        "indicator_en": name["name_en"],
        "period": period,
        "period_start": int(first),
        "period_end": int(last or first),
        "value": float(value),
        "unit": UNITS[indicator],
        "value_as_stated": "",
        "qualifier": qualifier,
        "kind": kind,
        "quote": f"quote of {figure_id}",
        "formula": "",
        "inputs": "",
        "note_zh": "",
        "note_en": "",
        "reviewed": reviewed,
        "guess": "",
    }


def view(figures: list[dict], lang: str = "en", **values) -> View:
    tables = {"figures": pd.DataFrame(figures), "sources": SOURCES, "regions": REGIONS, "indicators": INDICATORS}
    return View(tables, state_of(lang, **values), ("source", "region"))


def found(
    figures: list[dict], lang: str = "en", indicator: str | None = None
) -> list[tuple[str, str, tuple[str, ...]]]:
    v = view(figures, lang)
    rows = indicator_figures(v, indicator or figures[0]["indicator_id"])
    return [(f.kind, f.sentence, f.figure_ids) for f in findings(v, rows)]


# (case, figures, the findings' kinds and figure ids, words each sentence holds in en and in zh)
CASES = [
    (
        "target exceeded",
        [fig("t", "plan", "target", 60), fig("o", "report", "observed", 64)],
        [("target_vs_outcome", ("t", "o"))],
        [
            ["exceeded by 4 pp", "Hebei", "60%", "64%", "2020", "Plan News 2016-03", "Result News 2021-01"],
            ["超出4个百分点", "河北", "规划报 2016-03", "成就报 2021-01"],
        ],
    ),
    (
        "target met",
        [fig("t", "plan", "target", 60), fig("o", "report", "observed", 60)],
        [("target_vs_outcome", ("t", "o"))],
        [["met exactly"], ["恰好完成"]],
    ),
    (
        "target missed",
        [fig("t", "plan", "target", 60), fig("o", "report", "observed", 55.5)],
        [("target_vs_outcome", ("t", "o"))],
        [["missed by 4.5 pp", "55.5%"], ["差4.5个百分点"]],
    ),
    (
        "money target exceeded",
        [
            fig("t", "plan", "target", 2.5e11, "2023", indicator="output", qualifier="more_than"),
            fig("o", "report", "observed", 2.65e11, "2023", indicator="output"),
        ],
        [("target_vs_outcome", ("t", "o"))],
        [["exceeded by 15 billion yuan", "more than 250 billion yuan"], ["超出150亿元", "超过2500亿元"]],
    ),
    (
        "a derived outcome counts",
        [fig("t", "plan", "target", 60), fig("d", "report", "derived", 61)],
        [("target_vs_outcome", ("t", "d"))],
        [["exceeded by 1 pp"], ["超出1个百分点"]],
    ),
    (
        "rank target exceeded: a smaller rank is better",
        [
            fig("t", "plan", "target", 10, "2025", indicator="rank"),
            fig("o", "report", "rank", 8, "2025", indicator="rank"),
        ],
        [("target_vs_outcome", ("t", "o"))],
        [["exceeded by 2 places", "10th", "8th"], ["超出2位", "第10位", "第8位"]],
    ),
    (
        "rank target missed",
        [
            fig("t", "plan", "target", 10, "2025", indicator="rank"),
            fig("o", "report", "rank", 12, "2025", indicator="rank"),
        ],
        [("target_vs_outcome", ("t", "o"))],
        [["missed by 2 places", "12th"], ["差2位"]],
    ),
    (
        "a target and an outcome of the same article are not compared",
        [fig("t", "plan", "target", 60), fig("o", "plan", "observed", 64)],
        [],
        [],
    ),
    ("another region", [fig("t", "plan", "target", 60), fig("o", "report", "observed", 64, region="national")], [], []),
    ("another period", [fig("t", "plan", "target", 60, "2025"), fig("o", "report", "observed", 64, "2020")], [], []),
    (
        "a plan period ends in the outcome's year",
        [fig("t", "plan", "target", 60, "2016-2020"), fig("o", "report", "observed", 58, "2020")],
        [("target_vs_outcome", ("t", "o"))],
        [["missed by 2 pp"], ["差2个百分点"]],
    ),
    (
        "corroboration",
        [fig("a", "report", "observed", 71), fig("b", "other", "observed", 71)],
        [("corroboration", ("a", "b"))],
        [
            ["both give 71%", "Result News 2021-01", "Other News 2022-05", "Hebei, 2020"],
            ["都给出71%", "河北2020年", "成就报 2021-01", "另一报 2022-05"],
        ],
    ),
    (
        "conflict",
        [fig("a", "report", "observed", 30.8, "2015"), fig("b", "other", "observed", 31.2, "2015")],
        [("conflict", ("a", "b"))],
        [
            ["30.8% (Result News 2021-01)", "31.2% (Other News 2022-05)", "differ"],
            ["30.8%（成就报 2021-01）", "31.2%（另一报 2022-05）", "不一"],
        ],
    ),
    (
        "ranks corroborate too",
        [fig("a", "report", "rank", 14, indicator="rank"), fig("b", "other", "rank", 14, indicator="rank")],
        [("corroboration", ("a", "b"))],
        [["14th"], ["第14位"]],
    ),
    (
        "one article restating itself is no corroboration",
        [fig("a", "report", "observed", 71), fig("b", "report", "observed", 71)],
        [],
        [],
    ),
    (
        "derived figures are computed, never corroborate or conflict",
        [fig("a", "report", "derived", 71), fig("b", "other", "derived", 70)],
        [],
        [],
    ),
    (
        "two articles stating one target agree on a plan, not on a fact",
        [fig("a", "plan", "target", 63, "2025"), fig("b", "other", "target", 60, "2025")],
        [],
        [],
    ),
    (
        "different regions or periods are not compared",
        [
            fig("a", "report", "observed", 71),
            fig("b", "other", "observed", 70, region="national"),
            fig("c", "other", "observed", 60, "2019"),
        ],
        [],
        [],
    ),
    (
        "three articles: two agree, and one conflict names every value",
        [fig("a", "plan", "observed", 71), fig("b", "report", "observed", 71), fig("c", "other", "observed", 70)],
        [("corroboration", ("a", "b")), ("conflict", ("a", "b", "c"))],
        [
            [
                "Plan News 2016-03 and Result News 2021-01 both give 71%",
                "71% (Plan News 2016-03 and Result News 2021-01); 70% (Other News 2022-05)",
            ],
            ["规划报 2016-03与成就报 2021-01都给出71%", "71%（规划报 2016-03与成就报 2021-01）；70%（另一报 2022-05）"],
        ],
    ),
    (
        "three articles agree: one corroboration naming all three",
        [fig("a", "plan", "observed", 71), fig("b", "report", "observed", 71), fig("c", "other", "observed", 71)],
        [("corroboration", ("a", "b", "c"))],
        [
            ["Other News 2022-05, Plan News 2016-03 and Result News 2021-01 all give 71%"],
            ["另一报 2022-05、规划报 2016-03与成就报 2021-01都给出71%"],
        ],
    ),
    (
        "two articles state one target: one finding names both",
        [fig("t", "plan", "target", 60), fig("u", "other", "target", 60), fig("o", "report", "observed", 64)],
        [("target_vs_outcome", ("u", "t", "o"))],
        [["(Other News 2022-05 and Plan News 2016-03) vs 64% reached (Result News 2021-01)"], ["超出4个百分点"]],
    ),
    # Qualifiers (超/以上 more_than, 约/近/左右 about, 不到/以下 less_than): what each figure allows.
    (
        "超100 and 100: compatible, not the same figure",
        [fig("a", "report", "observed", 100, qualifier="more_than"), fig("b", "other", "observed", 100)],
        [("compatible", ("a", "b"))],
        [["more than 100%", "compatible", "though not the same figure"], ["超过100%", "相容", "不是同一个确数"]],
    ),
    (
        "超150 and 154: compatible",
        [fig("a", "report", "observed", 150, qualifier="more_than"), fig("b", "other", "observed", 154)],
        [("compatible", ("a", "b"))],
        [["compatible"], ["相容"]],
    ),
    (
        "超100 and 90: a conflict",
        [fig("a", "report", "observed", 100, qualifier="more_than"), fig("b", "other", "observed", 90)],
        [("conflict", ("a", "b"))],
        [["differ"], ["不一"]],
    ),
    (
        "约40 and 41: compatible (within 5%)",
        [fig("a", "report", "observed", 40, qualifier="about"), fig("b", "other", "observed", 41)],
        [("compatible", ("a", "b"))],
        [["about 40%"], ["约40%"]],
    ),
    (
        "约40 and 45: a conflict",
        [fig("a", "report", "observed", 40, qualifier="about"), fig("b", "other", "observed", 45)],
        [("conflict", ("a", "b"))],
        [],
    ),
    (
        "不到10 and 超10 meet only at the bound: compatible",
        [
            fig("a", "report", "observed", 10, qualifier="less_than"),
            fig("b", "other", "observed", 10, qualifier="more_than"),
        ],
        [("compatible", ("a", "b"))],
        [],
    ),
    (
        "超100 twice: a corroboration",
        [
            fig("a", "report", "observed", 100, qualifier="more_than"),
            fig("b", "other", "observed", 100, qualifier="more_than"),
        ],
        [("corroboration", ("a", "b"))],
        [["both give more than 100%"], ["都给出超过100%"]],
    ),
    (
        "约100 and 100 exactly: compatible, not a corroboration",
        [fig("a", "report", "observed", 100, qualifier="about"), fig("b", "other", "observed", 100)],
        [("compatible", ("a", "b"))],
        [],
    ),
    (
        "two give 71, one 约70: they corroborate, and all three are compatible",
        [
            fig("a", "plan", "observed", 71),
            fig("b", "report", "observed", 71),
            fig("c", "other", "observed", 70, qualifier="about"),
        ],
        [("corroboration", ("a", "b")), ("compatible", ("a", "b", "c"))],
        [["both give 71%", "about 70% (Other News 2022-05)"], ["约70%（另一报 2022-05）"]],
    ),
    (
        "超100, 100 and 90: one value is not allowed by all, a conflict",
        [
            fig("a", "plan", "observed", 100, qualifier="more_than"),
            fig("b", "report", "observed", 100),
            fig("c", "other", "observed", 90),
        ],
        [("conflict", ("a", "b", "c"))],
        [["differ"], ["不一"]],
    ),
    (
        "a target beside an outcome that another article contradicts",
        [fig("t", "plan", "target", 60), fig("a", "report", "observed", 64), fig("b", "other", "observed", 59)],
        [("target_vs_outcome", ("t", "a")), ("target_vs_outcome", ("t", "b")), ("conflict", ("a", "b"))],
        [["exceeded by 4 pp"], ["超出4个百分点"]],
    ),
]


def _canonical(found_ids: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """Findings in a fixed order; the figures of a corroboration or conflict are a set without an order."""
    return sorted((kind, ids if kind == "target_vs_outcome" else tuple(sorted(ids))) for kind, ids in found_ids)


@pytest.mark.parametrize("case, figures, expected, words", CASES, ids=[c[0] for c in CASES])
def test_findings(case, figures, expected, words):
    for lang, said in zip(("en", "zh"), words or [[], []]):
        result = found(figures, lang)
        assert _canonical([(kind, ids) for kind, _, ids in result]) == _canonical(expected)
        for word in said:
            assert any(word in sentence for _, sentence, _ in result), (lang, word, [s for _, s, _ in result])
        for _, sentence, _ in result:
            assert "{" not in sentence and sentence.strip()


def test_many_articles_give_findings_by_value_not_by_pair():
    """500 articles stating one value are one corroboration naming two and counting the rest, not
    124,750 pairs (the corpus benchmark's Indicators page took 331 s at 500 articles that way)."""
    sources = pd.DataFrame(
        [
            {
                "source_id": f"s{i}",
                "publisher": f"报{i}",
                "publisher_en": f"Paper {i}",
                "published": "2022-01",
                "title": "",
                "title_en": "",
                "authors": "",
            }
            for i in range(500)
        ]
    )
    figures = [fig(f"f{i}", f"s{i}", "observed", 71 if i % 100 else 70) for i in range(500)]
    figures += [fig(f"t{i}", f"s{i}", "target", 60) for i in range(500)]
    tables = {"figures": pd.DataFrame(figures), "sources": sources, "regions": REGIONS, "indicators": INDICATORS}
    v = View(tables, state_of("en"), ("source", "region"))
    result = findings(v, indicator_figures(v, "rate"))
    assert [f.kind for f in result] == [
        "target_vs_outcome",
        "target_vs_outcome",
        "corroboration",
        "corroboration",
        "conflict",
    ]
    assert (
        "(Paper 0 2022-01, Paper 1 2022-01 and 498 more articles) vs 70% reached (Paper 0 2022-01, Paper 100 2022-01 "
        "and 3 more articles)"
        in result[0].sentence
        and len(result[0].figure_ids) == 500 + 5
    )
    assert "Paper 1 2022-01, Paper 10 2022-01 and 493 more articles all give 71%" in result[2].sentence
    assert (
        "the articles differ: 71% (Paper 1 2022-01, Paper 10 2022-01 and 493 more articles); 70% (Paper 0 2022-01, "
        "Paper 100 2022-01 and 3 more articles)" in result[4].sentence
    )
    zh = findings(v.with_state(state_of("zh")), indicator_figures(v, "rate"))
    assert "报1 2022-01、报10 2022-01等495篇报道都给出71%" in zh[2].sentence


def test_a_conflict_is_flagged_in_both_languages():
    figures = [fig("a", "report", "observed", 30.8, "2015"), fig("b", "other", "observed", 31.2, "2015")]
    en, zh = found(figures, "en")[0][1], found(figures, "zh")[0][1]
    assert en != zh and "30.8%" in en and "30.8%" in zh
    assert text("indicators.kind.conflict", "en") and text("indicators.kind.conflict", "zh")


def test_findings_follow_the_pages_filters():
    figures = [
        fig("t", "plan", "target", 60),
        fig("o", "report", "observed", 64),
        fig("n", "other", "observed", 64, region="national"),
        fig("m", "plan", "observed", 64, region="national"),
    ]
    v = view(figures, "en", source=("plan", "report"))
    assert [f.figure_ids for f in findings(v, indicator_figures(v, "rate"))] == [("t", "o")]
    v = view(figures, "en", region=("national",))
    assert [f.kind for f in findings(v, indicator_figures(v, "rate"))] == ["corroboration"]


def test_indicator_choices_put_the_most_stated_first_and_figures_in_period_order():
    figures = [
        fig("a", "plan", "observed", 1, "2019", indicator="output"),
        fig("b", "report", "observed", 71, "2020"),
        fig("c", "other", "observed", 50, "2015"),
        fig("d", "other", "observed", 2, "2020", indicator="output"),
        fig("e", "report", "rank", 3, indicator="rank"),
    ]
    v = view(figures, "en")
    assert indicator_choices(v) == [
        ("output", "Output", 2, 2),
        ("rate", "Penetration", 2, 2),
        ("rank", "National rank", 1, 1),
    ]
    assert list(indicator_figures(v, "rate")["figure_id"]) == ["c", "b"]


def test_the_series_chart_draws_every_figure_of_the_indicator_targets_as_targets():
    figures = [
        fig("t", "plan", "target", 60),
        fig("o", "report", "observed", 64),
        fig("c", "other", "observed", 50, "2015"),
    ]
    chart = indicator_series.build(view(figures, "en"), "rate")
    points = points_by_id([trace.to_plotly_json() for trace in chart.figure.data])
    assert set(points) == {"t", "o", "c"}
    assert all(
        any(value in numbers for _, numbers in points[f["figure_id"]]) for f in figures for value in [f["value"]]
    )
    target_trace = points["t"][0][0]
    observed_trace = points["o"][0][0]
    assert target_trace["marker"]["symbol"] != observed_trace["marker"]["symbol"]
    assert set(chart.sources) == {"plan", "report", "other"}


# --------------------------------------------------------------------------- the page, on the corpus


def _boxes(at) -> list[str]:
    return [str(e.value).replace("\\", "") for kind in ("info", "warning") for e in at.get(kind)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_corroboration_and_conflict_across_articles(corpus_data, use_data, lang):
    use_data(corpus_data)
    at = open_page("pages/8_indicators.py", lang=lang, indicator="tv_4k_penetration")
    assert not at.exception and not at.error
    assert at.selectbox(key="indicator-choice").value == "tv_4k_penetration"
    conflicts = [w.value.replace("\\", "") for w in at.warning]
    corroborations = [i.value.replace("\\", "") for i in at.info]
    assert len(conflicts) == 1 and conflicts[0].startswith(text("indicators.kind.conflict", lang))
    assert "30.8%" in conflicts[0] and "31.2%" in conflicts[0]
    assert (
        len(corroborations) == 1
        and corroborations[0].startswith(text("indicators.kind.corroboration", lang))
        and "71%" in corroborations[0]
    )
    [spec] = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    figures = load_dataset(corpus_data).table("figures")
    ours = figures[figures["indicator_id"] == "tv_4k_penetration"]
    # One point per fact: the 71% both articles give is one point; the 2015 conflict is two.
    assert (
        set(points_by_id(spec["data"]))
        == set(facts(ours)["figure_id"])
        == set(ours["figure_id"]) - {"zhujiang-tv-4k-penetration-2020"}
    )


def test_the_page_compares_a_target_with_the_outcome_another_article_reports(corpus_data, use_data):
    use_data(corpus_data)
    at = open_page("pages/8_indicators.py", lang="en", indicator="uhd_display_chain_output", region="guangzhou")
    assert not at.exception and not at.warning
    [finding] = _boxes(at)
    assert (
        finding.startswith(text("indicators.kind.target_vs_outcome", "en")) and "exceeded by 15 billion yuan" in finding
    )


def test_the_page_with_the_seed_alone_has_nothing_to_compare_and_a_bad_indicator_is_dropped():
    at = open_page("pages/8_indicators.py", lang="en", indicator="<script>")
    assert not at.exception
    assert any("indicator" in w.value for w in at.warning) and not any("<script" in w.value for w in at.warning)
    first = indicator_choices(View(load_dataset().all_tables(), state_of("en"), ("source", "region")))[0][0]
    assert at.selectbox(key="indicator-choice").value == first
    assert text("indicators.no_findings", "en") in [
        c.value.replace("\\", "") for c in at.caption
    ]  # one article: nothing to compare
    assert not at.info
    at.selectbox(key="indicator-choice").set_value("nc_rate").run()
    assert at.query_params.get("indicator") in ("nc_rate", ["nc_rate"])
    assert not at.exception and len(at.get("plotly_chart")) == 1


# --------------------------------------------------------------------------- qualifiers, on a corpus

QUALIFIER_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "qualifiers"


@pytest.fixture(scope="module")
def qualifier_data(tmp_path_factory) -> Path:
    """data/ built by prep from seeds/ plus tests/fixtures/qualifiers/ (an article written for tests
    that restates three of the seed's figures with and without qualifiers)."""
    return built_with(tmp_path_factory.mktemp("qualifiers"), QUALIFIER_ARTICLES)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "indicator, kind, words",
    [
        (
            "venue_5g_rate",
            "compatible",
            {"zh": ["超过150Mbps", "154Mbps", "相容"], "en": ["more than 150 Mbps", "154 Mbps", "compatible"]},
        ),
        (
            "uplink_needed_4k_stream",
            "compatible",
            {"zh": ["约40Mbps", "40Mbps", "相容"], "en": ["about 40 Mbps", "compatible"]},
        ),
        (
            "base_stations_5g_built",
            "conflict",
            {"zh": ["超过2.5万个", "2.3万个", "不一"], "en": ["more than 25,000", "23,000", "differ"]},
        ),
    ],
)
def test_qualified_figures_of_two_articles_are_compatible_or_in_conflict(qualifier_data, lang, indicator, kind, words):
    tables = load_dataset(qualifier_data).all_tables()
    v = View(tables, state_of(lang))
    found_here = findings(v, indicator_figures(v, indicator))
    assert [f.kind for f in found_here] == [kind]
    assert set(found_here[0].source_ids) == {"cen-2022-01-local-it", "yanshan-2022-03-venue-5g"}
    for word in words[lang]:
        assert word in found_here[0].sentence, (word, found_here[0].sentence)
    assert text(f"indicators.kind.{kind}", lang)


def test_figures_no_chart_declares_are_on_the_page_all_the_same():
    """A draft's figures of the 'unplaced' topic (no charts, no page) still appear under their
    indicator: the Indicators page reads the figures, not the charts' declarations."""
    figures = [dict(fig("u", "report", "observed", 64), topic="unplaced"), fig("o", "other", "observed", 50, "2015")]
    v = view(figures, "en")
    assert [c[0] for c in indicator_choices(v)] == ["rate"]
    assert list(indicator_figures(v, "rate")["figure_id"]) == ["o", "u"]
    assert set(points_by_id([t.to_plotly_json() for t in indicator_series.build(v, "rate").figure.data])) == {"u", "o"}
