"""One indicator across the articles (the Indicators page, in the spirit of OWID's Grapher): every
figure any article states for it, and three findings computed from them:

- target vs outcome: a target for a period in one article beside the value reached in that period
  in another ("target 60% for 2020 (article of 2016) vs 64% reached: exceeded by 4 points");
- corroboration: two articles state the same value for the same region and period;
- conflict: they state different values, flagged in both languages.

Derived figures are computed here, not stated, so they never corroborate or conflict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cenfigures.view.model import View
from cenfigures.view.words import indicator_name, value_label

STATED = ("observed", "rank", "change", "cagr")  # kinds an article states as fact (not targets, not derived)
OUTCOMES = ("observed", "rank", "derived")  # what a target is measured against (a rank target: the rank reached)
REL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Finding:
    kind: str  # target_vs_outcome | corroboration | conflict
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
    groups = stated.groupby("indicator_id", sort=False)
    choices = [(str(i), indicator_name(view, part.iloc[0]), len(part), part["source_id"].nunique()) for i, part in groups]
    return sorted(choices, key=lambda c: (-c[3], -c[2], c[1]))


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=REL_TOLERANCE)


def _year(view: View, source_id: str) -> str:
    return str(view.source(source_id).get("published", ""))[:4]


def findings(view: View, rows: pd.DataFrame) -> list[Finding]:
    """Targets against outcomes, then corroborations and conflicts, among `rows` (one indicator)."""
    t = view.t
    found: list[Finding] = []
    if rows.empty:
        return found
    targets = rows[rows["kind"] == "target"]
    outcomes = rows[rows["kind"].isin(OUTCOMES)]
    for _, target in targets.iterrows():
        reached = outcomes[(outcomes["region_id"] == target["region_id"]) & (outcomes["period_end"] == target["period_end"])
                           & (outcomes["source_id"] != target["source_id"])]
        for _, outcome in reached.iterrows():
            gap = float(outcome["value"]) - float(target["value"])
            unit = "percentage_point" if target["unit"] == "percent" else target["unit"]
            if target["unit"] == "rank":  # a rank is met when it is as high or higher (a smaller number)
                gap = -gap
            verdict = "met" if _same(gap, 0) else "exceeded" if gap > 0 else "missed"
            # A rank's gap is places ("2 places"), not an ordinal ("2nd").
            gap_words = t("format.places", sign="", places=int(round(abs(gap)))) if unit == "rank" else t.number(abs(gap), unit)
            found.append(Finding(
                "target_vs_outcome",
                t(f"indicators.finding.{verdict}", region=view.region_name(target["region_id"]), target=value_label(view, target),
                  year=int(target["period_end"]), plan_year=_year(view, target["source_id"]), outcome=value_label(view, outcome),
                  gap=gap_words, target_source=view.source_name(target["source_id"]), outcome_source=view.source_name(outcome["source_id"])),
                (str(target["figure_id"]), str(outcome["figure_id"])), (str(target["source_id"]), str(outcome["source_id"])),
            ))
    stated = rows[rows["kind"].isin(STATED)]
    for (_, _, _), group in stated.groupby(["region_id", "period", "kind"], sort=False):
        by_article = group.drop_duplicates("source_id")  # every pair of articles: two that agree are said even when a third differs
        pairs = [(by_article.iloc[i], by_article.iloc[j]) for i in range(len(by_article)) for j in range(i + 1, len(by_article))]
        for first, other in pairs:
            agree = _same(float(first["value"]), float(other["value"]))
            values = {
                "region": view.region_name(first["region_id"]), "period": first["period"], "value": value_label(view, first),
                "other": value_label(view, other), "source": view.source_name(first["source_id"]), "other_source": view.source_name(other["source_id"]),
            }
            found.append(Finding(
                "corroboration" if agree else "conflict",
                t("indicators.finding.corroboration" if agree else "indicators.finding.conflict", **values),
                (str(first["figure_id"]), str(other["figure_id"])), (str(first["source_id"]), str(other["source_id"])),
            ))
    return found
