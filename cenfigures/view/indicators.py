"""One indicator across the articles (the Indicators page, in the spirit of OWID's Grapher): every
figure any article states for it, and three findings computed from them:

- target vs outcome: a target for a period in one article beside the value reached in that period
  in another ("target 60% for 2020 (article of 2016) vs 64% reached: exceeded by 4 points");
- corroboration: two or more articles state the same value for the same region and period, with
  the same qualifier ("71%" and "71%", "超100" and "超100");
- compatible: the values differ or one is qualified, but what they allow overlaps ("超100" and
  "100", "约40" and "41"): neither a corroboration nor a conflict, said as such;
- conflict: what they allow does not overlap ("30.8%" and "31.2%", "超100" and "90"), flagged in
  both languages.

What counts as the same value, what a qualified value allows and when statements are compatible or
in conflict is the rule of view/facts.py, which the charts share: a chart draws the facts these
findings name. Findings go by statement (value and qualifier), not by pair of articles: many
articles giving one value are one finding naming them.

Derived figures are computed here, not stated, so they never corroborate or conflict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cenfigures.view.facts import ABOUT_TOLERANCE, CLOSE, STATED, allowed, allowed_ranges, qualifiers, value_groups
from cenfigures.view.model import View
from cenfigures.view.words import articles_named, indicator_names, value_label

__all__ = ["ABOUT_TOLERANCE", "STATED", "allowed"]  # the shared rules, as this module named them before
OUTCOMES = ("observed", "rank", "derived")  # what a target is measured against (a rank target: the rank reached)


@dataclass(frozen=True)
class Finding:
    kind: str  # target_vs_outcome | corroboration | compatible | conflict
    sentence: str
    figure_ids: tuple[str, ...]
    source_ids: tuple[str, ...]


def indicator_figures(view: View, indicator_id: str) -> pd.DataFrame:
    """Every figure of the indicator that the page's filters let through, in period order."""
    figures = view.figures
    if figures.empty or "indicator_id" not in figures:
        return figures.iloc[0:0]
    rows = figures[figures["indicator_id"] == indicator_id]
    return rows.sort_values(["period_end", "region_id", "source_id"], kind="stable")


def indicator_choices(view: View) -> list[tuple[str, str, int, int]]:
    """(indicator id, name, figures, articles) for every indicator with figures, most-stated first."""
    figures = view.figures
    if figures.empty or "indicator_id" not in figures:
        return []
    stated = figures[figures["indicator_id"].astype(str) != ""]
    if stated.empty:
        return []
    groups = stated.groupby("indicator_id", sort=False)
    first = stated.drop_duplicates("indicator_id").set_index("indicator_id")
    names = dict(zip(first.index, indicator_names(view, first.reset_index())))
    counts = pd.DataFrame({"figures": groups.size(), "articles": groups["source_id"].nunique()})
    choices = [
        (str(i), names[i], int(n), int(a)) for i, n, a in zip(counts.index, counts["figures"], counts["articles"])
    ]
    return sorted(choices, key=lambda c: (-c[3], -c[2], c[1]))


def choice_label(view: View, choice: tuple[str, str, int, int]) -> str:
    """ "4K超高清电视渗透率（2个数据，1篇报道）" / "… (2 figures, 1 article)": a choice of the page's menu."""
    t = view.t
    _, name, figures, articles = choice
    return t(
        "indicators.choice",
        name=name,
        figures=t("count.figures", count=figures),
        articles=t("count.articles", count=articles),
    )


def _year(view: View, source_id: str) -> str:
    return str(view.source(source_id).get("published", ""))[:4]


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=CLOSE, abs_tol=CLOSE)


VALUE, STATEMENT = "_value", "_statement"  # columns findings() adds: facts.value_groups without and with the qualifier


def _by_value(rows: pd.DataFrame, column: str = VALUE) -> list[pd.DataFrame]:
    """The rows in groups of one value (VALUE) or one value and qualifier (STATEMENT), in the order
    values first appear in `rows` (the codes are numbered once for all of an indicator's rows)."""
    if rows.empty:
        return []
    return [part for _, part in rows.groupby(column, sort=False)]


def _overlap(statements: list[pd.Series]) -> bool:
    """Whether one value is allowed by every statement (the bounds included)."""
    frame = pd.DataFrame(statements)
    lows, highs = allowed_ranges(frame["value"], qualifiers(frame))
    low, high = float(lows.max()), float(highs.min())
    return low <= high or _same(low, high)


def _sources(view: View, source_ids: list[str]) -> str:
    return articles_named(view, source_ids)


def _unique(ids: pd.Series) -> list[str]:
    return list(dict.fromkeys(str(i) for i in ids))


def _target_vs_outcome(view: View, targets: pd.DataFrame, outcomes: pd.DataFrame) -> list[Finding]:
    """Per region and end year, each target value against each value reached in another article.

    Many articles stating one target, or one outcome, give one finding naming them all: with N
    articles the findings grow with the distinct values, not with the pairs of articles."""
    t = view.t
    found: list[Finding] = []
    for (region_id, year), stated in targets.groupby(["region_id", "period_end"], sort=False):
        reached_all = outcomes[(outcomes["region_id"] == region_id) & (outcomes["period_end"] == year)]
        if reached_all.empty:
            continue
        for target_rows in _by_value(stated):
            for outcome_rows in _by_value(reached_all):
                target_sources, outcome_sources = _unique(target_rows["source_id"]), _unique(outcome_rows["source_id"])
                if len(set(target_sources) | set(outcome_sources)) < 2:
                    continue  # a target and an outcome of one article are not compared
                target, outcome = target_rows.iloc[0], outcome_rows.iloc[0]
                gap = float(outcome["value"]) - float(target["value"])
                unit = "percentage_point" if target["unit"] == "percent" else target["unit"]
                if target["unit"] == "rank":  # a rank is met when it is as high or higher (a smaller number)
                    gap = -gap
                verdict = "met" if _same(gap, 0) else "exceeded" if gap > 0 else "missed"
                # A rank's gap is places ("2 places"), not an ordinal ("2nd").
                gap_words = (
                    t("format.places", sign="", places=int(round(abs(gap))))
                    if unit == "rank"
                    else t.number(abs(gap), unit)
                )
                found.append(
                    Finding(
                        "target_vs_outcome",
                        t(
                            f"indicators.finding.{verdict}",
                            region=view.region_name(region_id),
                            target=value_label(view, target),
                            year=int(year),
                            plan_year=_year(view, target["source_id"]),
                            outcome=value_label(view, outcome),
                            gap=gap_words,
                            target_source=_sources(view, target_sources),
                            outcome_source=_sources(view, outcome_sources),
                        ),
                        tuple(_unique(target_rows["figure_id"])) + tuple(_unique(outcome_rows["figure_id"])),
                        tuple(dict.fromkeys(target_sources + outcome_sources)),
                    )
                )
    return found


def _agreement(view: View, stated: pd.DataFrame) -> list[Finding]:
    """Per region, period and kind: each statement (value and qualifier) two or more articles give
    (corroboration), and, when they give different statements, one finding naming every statement:
    compatible if one value is allowed by all, else a conflict. One article restating itself is neither."""
    t = view.t
    found: list[Finding] = []
    for _, group in stated.groupby(["region_id", "period", "kind"], sort=False):
        if group["source_id"].nunique() < 2:
            continue
        first = group.iloc[0]
        place = {"region": view.region_name(first["region_id"]), "period": first["period"]}
        # The value most articles give first.
        sides = sorted(
            ((rows, _unique(rows["source_id"])) for rows in _by_value(group, STATEMENT)),
            key=lambda side: -len(side[1]),
        )
        for rows, sources in sides:
            if len(sources) >= 2:
                found.append(
                    Finding(
                        "corroboration",
                        t(
                            "indicators.finding.corroboration"
                            if len(sources) == 2
                            else "indicators.finding.corroboration_many",
                            value=value_label(view, rows.iloc[0]),
                            sources=_sources(view, sources),
                            **place,
                        ),
                        tuple(_unique(rows["figure_id"])),
                        tuple(sources),
                    )
                )
        if len(sides) >= 2:
            said = [
                t("indicators.finding.gives", sources=_sources(view, sources), value=value_label(view, rows.iloc[0]))
                for rows, sources in sides
            ]
            verdict = "compatible" if _overlap([rows.iloc[0] for rows, _ in sides]) else "conflict"
            found.append(
                Finding(
                    verdict,
                    t(f"indicators.finding.{verdict}", statements=t.listing(said), **place),
                    tuple(_unique(group["figure_id"])),
                    tuple(_unique(group["source_id"])),
                )
            )
    return found


def indicator_findings(view: View, indicator_id: str) -> list[Finding]:
    """The findings among the figures of one indicator that the page's filters let through."""
    return findings(view, indicator_figures(view, indicator_id))


def findings(view: View, rows: pd.DataFrame) -> list[Finding]:
    """Targets against outcomes, then corroborations, compatible statements and conflicts, among
    `rows` (one indicator)."""
    if rows.empty:
        return []
    rows = rows.assign(**{VALUE: value_groups(rows), STATEMENT: value_groups(rows, with_qualifier=True)})
    return _target_vs_outcome(view, rows[rows["kind"] == "target"], rows[rows["kind"].isin(OUTCOMES)]) + _agreement(
        view, rows[rows["kind"].isin(STATED)]
    )
