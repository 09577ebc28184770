"""Charts of Hebei's plan for integrating IT and industry (topic "digitization"). Pure builders."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart_from,
    hover_texts,
    indicator,
    point_marker,
    row_of,
    select,
    value_of,
)
from cenfigures.view.colors import region_color
from cenfigures.view.formatting import format_change, format_figure, format_value
from cenfigures.view.labels import kind_label, text, unit_name

TARGET_IDS = ("hebei-digitized-business-share-2025", "hebei-nc-rate-2025")
INTEGRATION_RANK_IDS = ("hebei-integration-rank-2015", "hebei-integration-rank-2020")
RANK_CHANGE_IDS = ("hebei-integration-rank-change-2015-2020", "hebei-integration-rank-gain-2015-2020")
OTHER_RANK_IDS = (
    "hebei-innovation-pilot-projects-rank-2016-2020",
    "hebei-ii-growth-index-rank-2020",
    "hebei-ii-platform-application-index-rank-2020",
    "hebei-ii-platform-penetration-rank-2020",
)
INDEX_IDS = ("hebei-ii-growth-index-2020", "national-ii-growth-index-2020", "hebei-ii-platform-application-index-2020")
INDEX_DERIVED_IDS = ("hebei-ii-growth-index-gap-2020", "hebei-ii-growth-index-ratio-2020")
COUNT_IDS = (
    "hebei-5g-base-stations-2016-2020",
    "hebei-digital-workshops-2016-2020",
    "hebei-internet-plus-manufacturing-pilots-2016-2020",
    "hebei-industrial-internet-platforms-2016-2020",
    "hebei-smart-manufacturing-benchmarks-2016-2020",
    "hebei-innovation-pilot-projects-2016-2020",
)
PENETRATION_IDS = ("hebei-rd-tool-penetration-2016", "hebei-rd-tool-penetration-2020", "hebei-ii-platform-penetration-2020")
PENETRATION_CHANGE_IDS = ("hebei-rd-tool-penetration-change-2016-2020",)
ALL_IDS = TARGET_IDS + INTEGRATION_RANK_IDS + RANK_CHANGE_IDS + OTHER_RANK_IDS + INDEX_IDS + INDEX_DERIVED_IDS + COUNT_IDS + PENETRATION_IDS + PENETRATION_CHANGE_IDS



def targets(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """The 2025 targets, drawn hollow with a dashed outline: aims, not data."""
    rows = select(figures, TARGET_IDS)
    fig = go.Figure()
    for _, row in rows.iterrows():
        fig.add_bar(
            x=[row["value"]], y=[indicator(row, lang)], orientation="h", name=kind_label(row["kind"], lang),
            marker=bar_marker(row["kind"], region_color(row["region_id"])), showlegend=False,
            text=[format_figure(row, lang)], textposition="outside",
            hovertext=hover_texts(rows[rows["figure_id"] == row["figure_id"]], lang), hoverinfo="text",
        )
    fig.update_xaxes(title_text=f"{unit_name('percent', lang)} (%)", range=[0, 100])
    if rows.empty:
        takeaway = text("app.no_rows", lang)
    elif lang == "en":
        takeaway = "Hebei's targets for 2025: " + "; ".join(f"{indicator(r, lang)} {format_figure(r, lang)}" for _, r in rows.iterrows()) + "."
    else:
        takeaway = "到2025年，河北目标：" + "，".join(f"{indicator(r, lang)}达到{format_figure(r, lang)}" for _, r in rows.iterrows()) + "。"
    title = "Hebei's 2025 targets (targets, not data)" if lang == "en" else "河北2025年目标（目标值，非实测）"
    return chart_from("hebei-targets", fig, takeaway, rows, title=title, source=source, lang=lang, height=360)


def ranks(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """National ranks on an inverted axis (1st at the top); the integration index 2015 -> 2020 as a line."""
    line = select(figures, INTEGRATION_RANK_IDS)
    others = select(figures, OTHER_RANK_IDS)
    changes = select(figures, RANK_CHANGE_IDS)
    color = region_color("hebei")
    fig = go.Figure()
    if not line.empty:
        fig.add_scatter(
            x=line["period_end"], y=line["value"], mode="lines+markers+text", name=indicator(line.iloc[0], lang),
            line={"color": color, "width": 3}, marker=point_marker("rank", color),
            text=[format_figure(r, lang) for _, r in line.iterrows()], textposition="bottom center",
            hovertext=hover_texts(line, lang), hoverinfo="text",
        )
    palette = ("#E69F00", "#009E73", "#CC79A7", "#56B4E9")
    for (_, row), other_color in zip(others.iterrows(), palette):
        fig.add_scatter(
            x=[row["period_end"]], y=[row["value"]], mode="markers", name=f"{indicator(row, lang)} ({row['period']})",
            marker=point_marker("rank", other_color, size=12),
            hovertext=hover_texts(others[others["figure_id"] == row["figure_id"]], lang), hoverinfo="text",
        )
    lowest = max([*line["value"], *others["value"], 1])
    fig.update_yaxes(range=[lowest + 2, 0.5], title_text=text("chart.rank_axis", lang), dtick=2)  # reversed: 1st on top
    fig.update_xaxes(title_text=text("chart.year", lang), dtick=1, range=[2014.5, 2020.5])
    rank_2015, rank_2020 = (value_of(figures, i) for i in INTEGRATION_RANK_IDS)
    gain = value_of(figures, "hebei-integration-rank-change-2015-2020") or value_of(figures, "hebei-integration-rank-gain-2015-2020")
    if rank_2015 is not None and rank_2020 is not None:
        gain = rank_2015 - rank_2020 if gain is None else gain
        takeaway = (
            f"Hebei's IT-industry integration index rose from {format_value(rank_2015, 'rank', lang)} in China in 2015 "
            f"to {format_value(rank_2020, 'rank', lang)} in 2020, {format_change(gain, 'rank', lang)}."
            if lang == "en"
            else f"河北两化融合指数全国排名由2015年{format_value(rank_2015, 'rank', lang)}升至2020年{format_value(rank_2020, 'rank', lang)}，前进{int(gain)}位。"
        )
    else:
        takeaway = text("app.no_rows", lang) if others.empty else (
            "Hebei's national ranks in 2020." if lang == "en" else "河北各项指标的全国排名。"
        )
    drawn = pd.concat([line, others])
    rows = pd.concat([drawn, changes]) if not drawn.empty else drawn  # nothing drawn: no chart
    title = "Hebei's national ranks (1st at the top)" if lang == "en" else "河北全国排名（第1位在上）"
    return chart_from("hebei-ranks", fig, takeaway, rows, title=title, source=source, lang=lang)


def indices(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """Industrial-internet indices of Hebei against the national average (2020)."""
    rows = select(figures, INDEX_IDS)
    derived = select(figures, INDEX_DERIVED_IDS)
    fig = go.Figure()
    for region_id in ("hebei", "national"):
        part = rows[rows["region_id"] == region_id]
        if part.empty:
            continue
        name = text("word.hebei" if region_id == "hebei" else "word.national", lang)
        fig.add_bar(
            x=[indicator(r, lang) for _, r in part.iterrows()], y=part["value"], name=name,
            marker=bar_marker("observed", region_color(region_id)),
            text=[format_figure(r, lang) for _, r in part.iterrows()], textposition="outside",
            hovertext=hover_texts(part, lang), hoverinfo="text",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=unit_name("index", lang))
    hebei, national = value_of(figures, INDEX_IDS[0]), value_of(figures, INDEX_IDS[1])
    gap = row_of(figures, INDEX_DERIVED_IDS[0])
    ratio = row_of(figures, INDEX_DERIVED_IDS[1])
    if hebei is not None and national is not None:
        gap_value = hebei - national if gap is None else gap["value"]
        ratio_value = hebei / national if ratio is None else ratio["value"]
        takeaway = (
            f"In 2020 Hebei's industrial-internet growth index was {format_value(hebei, 'index', lang)}, "
            f"{format_value(gap_value, 'index', lang)} above the national average of {format_value(national, 'index', lang)} "
            f"({format_value(ratio_value, 'multiple', lang)})."
            if lang == "en"
            else f"2020年河北工业互联网带动经济增长指数为{format_value(hebei, 'index', lang)}，比全国平均水平{format_value(national, 'index', lang)}高{format_value(gap_value, 'index', lang)}（为其{format_value(ratio_value, 'multiple', lang)}）。"
        )
    else:
        takeaway = text("app.no_rows", lang) if rows.empty else ""
    title = "Industrial-internet indices, Hebei vs national average (2020)" if lang == "en" else "工业互联网指数：河北与全国平均（2020年）"
    cited = pd.concat([rows, derived]) if not rows.empty else rows
    return chart_from("hebei-indices", fig, takeaway, cited, title=title, source=source, lang=lang)


def counts(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """What Hebei built and fostered in 2016-2020, on a log axis (23,000 base stations beside 6 pilots)."""
    rows = select(figures, COUNT_IDS)
    color = region_color("hebei")
    fig = go.Figure()
    fig.add_bar(
        x=rows["value"], y=[indicator(r, lang) for _, r in rows.iterrows()], orientation="h",
        marker=bar_marker("observed", color), text=[format_figure(r, lang) for _, r in rows.iterrows()], textposition="outside",
        hovertext=hover_texts(rows, lang), hoverinfo="text", showlegend=False,
    )
    largest = max([*rows["value"], 10])
    fig.update_traces(cliponaxis=False)
    fig.update_xaxes(type="log", dtick=1, range=[0, math.log10(largest) + 0.6],
                     title_text=f"{unit_name('count', lang)} ({'log scale' if lang == 'en' else '对数刻度'})")
    fig.update_yaxes(autorange="reversed")
    if rows.empty:
        takeaway = text("app.no_rows", lang)
    else:
        parts = [f"{indicator(r, lang)}: {format_figure(r, lang)}" if lang == "en" else f"{indicator(r, lang)}{format_figure(r, lang)}" for _, r in rows.iterrows()]
        takeaway = ("Hebei, 2016-2020. " + "; ".join(parts) + ".") if lang == "en" else ("河北“十三五”成果：" + "；".join(parts) + "。")
    title = "What Hebei built and fostered, 2016-2020" if lang == "en" else "河北“十三五”建设与培育成果"
    return chart_from("hebei-counts", fig, takeaway, rows, title=title, source=source, lang=lang, height=140 + 62 * max(len(rows), 1))


def penetration(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """Digital R&D-tool penetration, 2016 (derived: hollow, dotted) -> 2020 (observed); platform penetration 2020."""
    rows = select(figures, PENETRATION_IDS)
    change = select(figures, PENETRATION_CHANGE_IDS)
    tools = rows[rows["figure_id"].str.startswith("hebei-rd-tool")]
    platform = rows[rows["figure_id"] == "hebei-ii-platform-penetration-2020"]
    color = region_color("hebei")
    fig = go.Figure()
    if len(tools) == 2:
        fig.add_scatter(x=tools["period_end"], y=tools["value"], mode="lines", line={"color": color, "dash": "dot", "width": 2},
                        hoverinfo="skip", showlegend=False)
    for _, row in tools.iterrows():
        fig.add_scatter(
            x=[row["period_end"]], y=[row["value"]], mode="markers+text", name=f"{indicator(row, lang)} · {kind_label(row['kind'], lang)}",
            marker=point_marker(row["kind"], color, size=16), text=[format_figure(row, lang)], textposition="top center",
            hovertext=hover_texts(tools[tools["figure_id"] == row["figure_id"]], lang), hoverinfo="text",
        )
    for _, row in platform.iterrows():
        fig.add_scatter(
            x=[row["period_end"]], y=[row["value"]], mode="markers+text", name=indicator(row, lang),
            marker=point_marker("observed", "#E69F00", size=14), text=[format_figure(row, lang)], textposition="bottom center",
            hovertext=hover_texts(platform, lang), hoverinfo="text",
        )
    fig.update_yaxes(title_text=f"{unit_name('percent', lang)} (%)", range=[0, 100])
    fig.update_xaxes(title_text=text("chart.year", lang), dtick=1, range=[2015.5, 2020.5])
    level_2016 = value_of(figures, "hebei-rd-tool-penetration-2016")
    level_2020 = value_of(figures, "hebei-rd-tool-penetration-2020")
    rise = value_of(figures, PENETRATION_CHANGE_IDS[0])
    if level_2020 is not None and rise is not None:
        implied = level_2020 - rise if level_2016 is None else level_2016
        takeaway = (
            f"Penetration of digital R&D and design tools in Hebei reached {format_value(level_2020, 'percent', lang)} in 2020, "
            f"{format_change(rise, 'percentage_point', lang)} on 2016 (implying {format_value(implied, 'percent', lang)} in 2016)."
            if lang == "en"
            else f"2020年河北数字化研发设计工具普及率达到{format_value(level_2020, 'percent', lang)}，比2016年提升{format_value(rise, 'percentage_point', lang)}（推算2016年为{format_value(implied, 'percent', lang)}）。"
        )
    else:
        takeaway = text("app.no_rows", lang) if rows.empty else ""
    title = "Digital R&D-tool penetration in Hebei, 2016 (derived) and 2020" if lang == "en" else "河北数字化研发设计工具普及率：2016年（推算）与2020年"
    cited = pd.concat([rows, change]) if not rows.empty else rows
    return chart_from("hebei-penetration", fig, takeaway, cited, title=title, source=source, lang=lang)


BUILDERS = (targets, ranks, indices, counts, penetration)
