"""The rule of "the same fact" (cenfigures/view/facts.py), case by case: which figures are one fact
stated by several articles, which are two facts of one key (compatible, in conflict, or differing
targets and derived values), and which are different keys; events the same. The Indicators page's
findings must say the same of the same figures (one rule, two readers)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_indicators import fig, view

from cenfigures.view import facts
from cenfigures.view.indicators import findings


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


# (case, figures, facts drawn as (value, qualifier, articles, verdict) in order)
CASES = [
    (
        "one value from two articles: one fact stated by two",
        [fig("a", "plan", "observed", 71), fig("b", "report", "observed", 71)],
        [(71, "exact", 2, "")],
    ),
    (
        "equal to nine significant digits is the same value",
        [fig("a", "plan", "observed", 33.3333333333), fig("b", "report", "observed", 33.33333333334)],
        [(33.3333333333, "exact", 2, "")],
    ),
    (
        "an empty qualifier is exact",
        [fig("a", "plan", "observed", 71, qualifier=""), fig("b", "report", "observed", 71)],
        [(71, "", 2, "")],
    ),
    (
        "one article restating itself is one fact of one article",
        [fig("a", "plan", "observed", 71), fig("b", "plan", "observed", 71)],
        [(71, "exact", 1, "")],
    ),
    (
        "two exact values: a conflict, both drawn",
        [fig("a", "plan", "observed", 30.8, "2015"), fig("b", "report", "observed", 31.2, "2015")],
        [(30.8, "exact", 1, "conflict"), (31.2, "exact", 1, "conflict")],
    ),
    (
        "超100 and 100: compatible (the bound counts)",
        [fig("a", "plan", "observed", 100, qualifier="more_than"), fig("b", "report", "observed", 100)],
        [(100, "more_than", 1, "compatible"), (100, "exact", 1, "compatible")],
    ),
    (
        "超100 and 90: a conflict",
        [fig("a", "plan", "observed", 100, qualifier="more_than"), fig("b", "report", "observed", 90)],
        [(100, "more_than", 1, "conflict"), (90, "exact", 1, "conflict")],
    ),
    (
        "约40 and 41: compatible (5% either side)",
        [fig("a", "plan", "observed", 40, qualifier="about"), fig("b", "report", "observed", 41)],
        [(40, "about", 1, "compatible"), (41, "exact", 1, "compatible")],
    ),
    (
        "约40 and 43: a conflict",
        [fig("a", "plan", "observed", 40, qualifier="about"), fig("b", "report", "observed", 43)],
        [(40, "about", 1, "conflict"), (43, "exact", 1, "conflict")],
    ),
    (
        "不到10 and 9: compatible; and 12: a conflict",
        [
            fig("a", "plan", "observed", 10, qualifier="less_than"),
            fig("b", "report", "observed", 9),
            fig("c", "other", "observed", 9),
        ],
        [(10, "less_than", 1, "compatible"), (9, "exact", 2, "compatible")],
    ),
    (
        "two targets of one key differ, and are not judged",
        [fig("a", "plan", "target", 60, "2025"), fig("b", "report", "target", 63, "2025")],
        [(60, "exact", 1, "differs"), (63, "exact", 1, "differs")],
    ),
    (
        "two derived values of one key differ, and are not judged",
        [fig("a", "plan", "derived", 3.85), fig("b", "report", "derived", 4)],
        [(3.85, "exact", 1, "differs"), (4, "exact", 1, "differs")],
    ),
    (
        "a target and an outcome of one value are two keys",
        [fig("a", "plan", "target", 60), fig("b", "report", "observed", 60)],
        [(60, "exact", 1, ""), (60, "exact", 1, "")],
    ),
    (
        "other periods, regions and indicators are other keys",
        [
            fig("a", "plan", "observed", 71, "2020"),
            fig("b", "plan", "observed", 72, "2021"),
            fig("c", "plan", "observed", 73, region="national"),
            fig("d", "plan", "observed", 74, indicator="output"),
        ],
        [(71, "exact", 1, ""), (72, "exact", 1, ""), (73, "exact", 1, ""), (74, "exact", 1, "")],
    ),
    (
        "five hundred articles, one value: one fact",
        [fig(f"f{i}", f"s{i}", "observed", 71) for i in range(500)],
        [(71, "exact", 500, "")],
    ),
]


@pytest.mark.parametrize("case, figures, expected", CASES, ids=[c[0] for c in CASES])
def test_facts(case, figures, expected):
    drawn = facts.facts(frame(figures))
    assert [
        (float(v), q, int(n), verdict)
        for v, q, n, verdict in zip(drawn["value"], drawn["qualifier"], drawn["articles"], drawn["verdict"])
    ] == [(float(v), q, n, verdict) for v, q, n, verdict in expected]
    # Every figure states exactly one of the facts drawn, and the facts are the first figures stating them.
    keyed = facts.keyed(frame(figures))
    assert set(keyed["statement"]) == set(drawn["statement"])
    assert list(drawn["figure_id"]) == list(keyed.drop_duplicates("statement")["figure_id"])


def test_no_indicator_id_joins_by_wording():
    a = fig("a", "plan", "observed", 5) | {"indicator_id": "", "indicator_zh": "试点项目数"}
    b = fig("b", "report", "observed", 5) | {"indicator_id": "", "indicator_zh": "试点项目数"}
    c = fig("c", "report", "observed", 5) | {"indicator_id": "", "indicator_zh": "示范项目数"}
    assert list(facts.facts(frame([a, b, c]))["articles"]) == [2, 1]


def test_the_first_articles_are_named_and_the_rest_counted():
    drawn = facts.facts(frame([fig(f"f{i}", f"s{i}", "observed", 71) for i in range(10)]))
    assert drawn["first_sources"].iloc[0] == ("s0", "s1", "s2")
    assert drawn["stated"].iloc[0] == 10


def test_figures_of_a_fact_are_every_figure_stating_it():
    figures = facts.keyed(frame([fig("a", "plan", "observed", 71), fig("b", "report", "observed", 71)]))
    assert list(facts.figures_of(figures, facts.facts(figures))["figure_id"]) == ["a", "b"]


# Prep always writes a qualifier: the empty one is a case of the rule, not of the page's wording.
COMPARED = [c for c in CASES if "judged" not in c[0] and "empty" not in c[0]]


@pytest.mark.parametrize("case, figures, expected", COMPARED, ids=[c[0] for c in COMPARED])
def test_the_indicators_page_finds_what_the_charts_draw(case, figures, expected):
    """A conflict or a compatible pair on a chart is the finding the Indicators page gives; a fact
    of two or more articles is its corroboration."""
    verdicts = {v for *_, v in expected} - {""}
    found = {f.kind for f in findings(view(figures), pd.DataFrame(figures))}
    assert verdicts <= found
    assert ("conflict" in found) == ("conflict" in verdicts)
    assert ("compatible" in found) == ("compatible" in verdicts)
    corroborated = any(n >= 2 for _, _, n, _ in expected)
    assert ("corroboration" in found) == corroborated


EVENTS = [
    ("one event in two articles", [("2022-01-06", "", "会议", "a"), ("2022-01-06", "", "会议", "b")], [2]),
    ("another date is another event", [("2022-01-06", "", "会议", "a"), ("2022-01-07", "", "会议", "b")], [1, 1]),
    ("another end date too", [("2022-01", "2022-02", "会议", "a"), ("2022-01", "", "会议", "b")], [1, 1]),
    ("another title too", [("2022-01-06", "", "会议", "a"), ("2022-01-06", "", "发布会", "b")], [1, 1]),
]


@pytest.mark.parametrize("case, events, articles", EVENTS, ids=[c[0] for c in EVENTS])
def test_events(case, events, articles):
    rows = pd.DataFrame(
        [
            {"event_id": f"e{i}", "date": d, "date_end": e, "title_zh": t, "source_id": s}
            for i, (d, e, t, s) in enumerate(events)
        ]
    )
    assert list(facts.event_facts(rows)["articles"]) == articles
