"""The regions of the article on a map of China, the study-meeting figures, and one card per
region (topic "study_meetings" and the regions table). Pure builders and data assembly.

The map is drawn from the GeoJSON shipped in cenfigures/charts/geo with a plotly `geo` subplot: no map
tiles. plotly.js still asks for its base-map topojson unless `topojsonURL` points elsewhere, so
the chart's config carries `topojsonURL` = charts.export.EMPTY_TOPOJSON_URL (app.context.plotly_config sets it).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart_from,
    finish,
    hover_texts,
    indicator,
    select,
)
from cenfigures.view.colors import GRID, region_color
from cenfigures.view.filters import ViewState
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import text, unit_name

GEOJSON_PATH = Path(__file__).resolve().parent / "geo" / "china_provinces.geojson"

MEETING_IDS = ("zhejiang-meeting-topics", "fujian-trainee-speakers", "xinjiang-speakers", "xinjiang-key-industries")
BASE_FILL = "#EEEEEE"
EMPTY_OPACITY = 0.35  # a region of the article with no figure under the current filters
TOP_FIGURES = 3


# A map of China fills about 800 px for 60 degrees of longitude: 0.075 degrees a pixel. Points
# closer than this to the simplified outline cannot be seen, but cost bytes and drawing time.
MAP_TOLERANCE_DEGREES = 0.03
MAP_DECIMALS = 3  # about 100 m


def _offset(point: list[float], start: list[float], end: list[float]) -> float:
    """Distance (degrees) from `point` to the segment start-end."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify_line(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker: the fewest of `points` (ends kept) that stay within `tolerance` of them all."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = first, 0.0
        for i in range(first + 1, last):
            d = _offset(points[i], points[first], points[last])
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep) if kept]


def _simplify_ring(ring: list[list[float]], tolerance: float, decimals: int) -> list[list[float]] | None:
    """A closed ring, simplified and rounded; None when it shrinks below a triangle."""
    half = len(ring) // 2  # a closed ring starts and ends on the same point: split it in two lines
    line = simplify_line(ring[: half + 1], tolerance)[:-1] + simplify_line(ring[half:], tolerance)
    rounded = [[round(x, decimals), round(y, decimals)] for x, y in line]
    deduplicated = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    return deduplicated if len(deduplicated) >= 4 else None


def _island_outline(ring: list[list[float]], tolerance: float, decimals: int) -> list[list[float]]:
    """An outer ring simplified as far as it stays a polygon: a small island gets a finer tolerance
    rather than vanishing, and one too small for any keeps its own points."""
    while tolerance > 1e-5:
        simplified = _simplify_ring(ring, tolerance, decimals)
        if simplified:
            return simplified
        tolerance /= 4
    return ring


def simplify_geojson(geojson: Mapping, tolerance: float = MAP_TOLERANCE_DEGREES, decimals: int = MAP_DECIMALS) -> dict:
    """The GeoJSON with outlines simplified to what a screen can show, every polygon kept; holes
    that shrink below a triangle are dropped."""
    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        simplified = []
        for polygon in polygons:
            # Islands are never dropped: the South China Sea islands belong on a map of China.
            outer = _island_outline(polygon[0], tolerance, decimals)
            holes = [ring for ring in (_simplify_ring(r, tolerance, decimals) for r in polygon[1:]) if ring]
            simplified.append([outer, *holes])
        features.append({**feature, "geometry": {"type": "MultiPolygon", "coordinates": simplified}})
    return {**geojson, "features": features}


@lru_cache(maxsize=1)
def load_provinces(path: Path = GEOJSON_PATH) -> dict:
    """The province GeoJSON as the map draws it, read and simplified once per process (the file
    is 0.3 MB at survey precision, which costs every map its bytes and drawing time)."""
    return simplify_geojson(json.loads(path.read_text(encoding="utf-8")))





def _name(region: Mapping, lang: str) -> str:
    return str(region["name_en" if lang == "en" else "name_zh"])


def _headline(region: Mapping, lang: str) -> str:
    return str(region["headline_en" if lang == "en" else "headline"])


def noted_regions(regions: pd.DataFrame, region_notes: pd.DataFrame | None) -> pd.DataFrame:
    """The regions the articles write about, each with its first article's note (headline, summary),
    in the notes' order: regions.csv is the whole registry, region_notes.csv says what an article
    says of a region. Without notes (None), `regions` already carries them."""
    if region_notes is None:
        return regions
    if regions.empty or region_notes.empty:
        return regions.iloc[0:0]
    first = region_notes.drop_duplicates("region_id", keep="first")
    return first.merge(regions, on="region_id", how="inner")


def apply_regions(regions: pd.DataFrame, state: ViewState, uses: Iterable[str] = ("region",)) -> pd.DataFrame:
    """The regions the region filter lets through (other filters act on figures, not regions)."""
    if regions.empty or "region" not in set(uses) or not state.regions:
        return regions
    return regions[regions["region_id"].isin(state.regions)]


def figure_line(row: Mapping, lang: str) -> str:
    """"Topics discussed at ...: 6" / "研讨专题数：6个"."""
    return f"{indicator(row, lang)}{'：' if lang == 'zh' else ': '}{format_figure(row, lang)}"


def _region_figures(figures: pd.DataFrame, region_id: str) -> pd.DataFrame:
    if figures.empty:
        return figures
    part = figures[figures["region_id"] == region_id]
    return part.sort_values("quote_start", kind="stable") if "quote_start" in part else part


def _label(region: Mapping, short_names: Mapping[str, str], lang: str) -> str:
    """Map label: the short province name in Chinese (浙江, not 浙江省); a city keeps its own name."""
    if lang == "zh" and region["level"] != "city":
        return str(short_names.get(region["map_zh"], region["name_zh"]))
    return _name(region, lang)


def _label_positions(mapped: pd.DataFrame, centers: Mapping[str, list[float]], near: float = 3.0) -> dict[str, str]:
    """Labels of neighbouring regions (Beijing inside Hebei) pushed apart: east one right, west one left."""
    points = {r["region_id"]: centers[r["map_zh"]] for _, r in mapped.iterrows() if r["level"] != "city"}
    positions: dict[str, str] = {}
    for a, (lon_a, lat_a) in points.items():
        for b, (lon_b, lat_b) in points.items():
            if a < b and abs(lon_a - lon_b) < near and abs(lat_a - lat_b) < near:
                east, west = (a, b) if lon_a > lon_b else (b, a)
                positions[east], positions[west] = "middle right", "middle left"
    return positions


def _hover(region: Mapping, part: pd.DataFrame, lang: str) -> str:
    lines = [f"<b>{html.escape(_name(region, lang))}</b>", html.escape(_headline(region, lang))]
    lines.append(html.escape(text("regions.figure_count", lang, count=len(part))))
    lines += [f"· {html.escape(figure_line(row, lang))}" for _, row in part.head(TOP_FIGURES + 1).iterrows()]
    if len(part) > TOP_FIGURES + 1:
        lines.append(html.escape(text("regions.more", lang, count=len(part) - TOP_FIGURES - 1)))
    return "<br>".join(lines)


def region_map(
    figures: pd.DataFrame, lang: str, source: Mapping, *, regions: pd.DataFrame | None = None,
    region_notes: pd.DataFrame | None = None,
) -> Chart:
    """Every province light grey; the article's regions in their colours (paler when the filters
    leave them no figure), hover with headline and figures. Cities are marked on their province."""
    regions = pd.DataFrame() if regions is None else noted_regions(regions, region_notes)
    geojson = load_provinces()
    features = geojson["features"]
    names = [f["properties"]["name_zh"] for f in features]
    centers = {f["properties"]["name_zh"]: f["properties"]["center"] for f in features}
    short_names = {f["properties"]["name_zh"]: f["properties"]["name_short"] for f in features}
    mapped = regions[regions["map_zh"].astype(str).isin(centers)] if not regions.empty else regions
    positions = _label_positions(mapped, centers)

    # One choropleth for every province (the GeoJSON travels once, not once per region): each
    # province's z picks its colour from a stepped scale, grey for provinces of no region.
    colors = [BASE_FILL]
    fill = dict.fromkeys(names, 0)
    opacity = dict.fromkeys(names, 1.0)
    hover = {f["properties"]["name_zh"]: html.escape(f["properties"]["name_en" if lang == "en" else "name_zh"]) for f in features}
    counts: dict[str, int] = {}
    labels: list[dict] = []
    for _, region in mapped.iterrows():
        part = _region_figures(figures, region["region_id"])
        counts[region["region_id"]] = len(part)
        colors.append(region_color(region["region_id"]))
        province = region["map_zh"]
        fill[province] = len(colors) - 1
        opacity[province] = 1.0 if len(part) else EMPTY_OPACITY
        hover[province] = _hover(region, part, lang)
        city = region["level"] == "city"
        lon, lat = centers[province]
        labels.append({
            "lon": lon, "lat": lat, "text": _label(region, short_names, lang), "hover": hover[province], "city": city,
            "position": "bottom center" if city else positions.get(region["region_id"], "middle center"),
        })
    steps = len(colors)
    scale = [stop for k, color in enumerate(colors) for stop in ([k / steps, color], [(k + 1) / steps, color])]
    fig = go.Figure()
    fig.add_choropleth(
        geojson=geojson, featureidkey="properties.name_zh", locations=names, z=[fill[n] + 0.5 for n in names],
        zmin=0, zmax=steps, colorscale=scale, showscale=False,
        marker={"opacity": [opacity[n] for n in names], "line": {"color": "white", "width": 0.8}},
        hovertext=[hover[n] for n in names], hoverinfo="text", name="", showlegend=False,
    )
    if labels:
        fig.add_scattergeo(
            lon=[label["lon"] for label in labels], lat=[label["lat"] for label in labels], mode="markers+text",
            text=[label["text"] for label in labels], textposition=[label["position"] for label in labels],
            # A white halo keeps the label readable on any fill (Xinjiang is black).
            textfont={"size": 12, "color": "#262730", "shadow": "0 0 2px white, 0 0 3px white, 0 0 4px white"},
            # Cities get a star on their province; provinces only their name.
            marker={"symbol": "star", "size": [13 if label["city"] else 0 for label in labels], "color": "white",
                    "line": {"color": "#262730", "width": [1.5 if label["city"] else 0 for label in labels]}},
            hovertext=[label["hover"] for label in labels], hoverinfo="text", name="", showlegend=False,
        )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="white")
    fig.update_layout(dragmode=False)
    ids = [region_id for region_id in counts]
    rows = figures[figures["region_id"].isin(ids)] if not figures.empty else figures
    takeaway = _map_takeaway(mapped, counts, regions, lang)
    title = "The article's regions" if lang == "en" else "报道涉及的地区"
    # The source line names the regions (from regions.csv) rather than every figure behind them:
    # listing dozens of figure ids would take more room than the map.
    finish(fig, title=title, source=source, figure_ids=[f"regions.csv ({', '.join(ids)})"] if ids else [], lang=lang, height=500)
    return Chart(name="regions-map", figure=fig, takeaway=takeaway, figure_ids=tuple(rows["figure_id"]) if not rows.empty else (), rows=rows)


def _map_takeaway(mapped: pd.DataFrame, counts: Mapping[str, int], regions: pd.DataFrame, lang: str) -> str:
    if mapped.empty:
        return text("app.no_rows", lang)
    names = dict(zip(mapped["region_id"], mapped["name_en" if lang == "en" else "name_zh"]))
    top = max(counts, key=lambda region_id: counts[region_id])
    empty = [names[region_id] for region_id, count in counts.items() if count == 0]
    off_map = [_name(r, lang) for _, r in regions.iterrows() if r["region_id"] not in counts]
    joiner = text("word.and", lang)
    if lang == "en":
        sentence = f"{len(mapped)} regions on the map; {names[top]} has the most figures ({counts[top]})"
        sentence += f"; no figures: {joiner.join(empty)}" if empty else ""
        sentence += f"; not on the map: {joiner.join(off_map)}" if off_map else ""
        return sentence + "."
    sentence = f"地图上共{len(mapped)}个地区；{names[top]}数据最多（{counts[top]}个）"
    sentence += f"；无数据：{joiner.join(empty)}" if empty else ""
    sentence += f"；未在地图上标出：{joiner.join(off_map)}" if off_map else ""
    return sentence + "。"


def meeting_figures(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """What the study meetings counted: topics, speakers, key industries; one colour per region."""
    rows = select(figures, MEETING_IDS)
    fig = go.Figure()
    for region_id in dict.fromkeys(rows["region_id"]):
        part = rows[rows["region_id"] == region_id]
        fig.add_bar(
            x=part["value"], y=[indicator(r, lang) for _, r in part.iterrows()], orientation="h",
            name=str(part.iloc[0]["region_en" if lang == "en" else "region"]),
            marker=bar_marker("observed", region_color(region_id)),
            text=[format_figure(r, lang) for _, r in part.iterrows()], textposition="outside", cliponaxis=False,
            hovertext=hover_texts(part, lang), hoverinfo="text",
        )
    fig.update_xaxes(title_text=unit_name("count", lang), rangemode="tozero", gridcolor=GRID)
    fig.update_yaxes(autorange="reversed")
    if rows.empty:
        takeaway = text("app.no_rows", lang)
    else:
        top = rows.loc[rows["value"].idxmax()]
        where = top["region_en" if lang == "en" else "region"]
        takeaway = (
            f"{len(rows)} figures from the study meetings; the largest: {where}, {figure_line(top, lang)}."
            if lang == "en"
            else f"学习交流会共{len(rows)}个数据，最大的是{where}{figure_line(top, lang)}。"
        )
    title = "What the study meetings counted" if lang == "en" else "学习交流会中的数字"
    height = 200 + 45 * max(len(rows), 1)
    return chart_from("regions-meetings", fig, takeaway, rows, title=title, source=source, lang=lang, height=height)


@dataclass(frozen=True)
class RegionCard:
    """What one region's card shows, in the page's language (headline and summary verbatim too)."""

    region_id: str
    name: str
    color: str
    headline: str  # verbatim Chinese
    headline_en: str
    summary: str  # verbatim Chinese quote
    summary_en: str
    figure_count: int
    top_figures: tuple[str, ...]  # "indicator: value", formatted for the language


def region_cards(
    figures: pd.DataFrame, lang: str, source: Mapping | None = None, *, regions: pd.DataFrame,
    region_notes: pd.DataFrame | None = None, top: int = TOP_FIGURES,
) -> list[RegionCard]:
    """One card per region of `regions` with a note, in article order, with its figures among
    `figures` (the chart builders' calling convention, so a page can keep the cards per view)."""
    cards = []
    regions = noted_regions(regions, region_notes)
    if regions.empty:
        return cards
    # One sort and one grouping for all regions: a filter per region costs a rerun 0.1 s.
    ordered = figures.sort_values("quote_start", kind="stable") if "quote_start" in figures else figures
    by_region = {region_id: part for region_id, part in ordered.groupby("region_id", sort=False)} if not figures.empty else {}
    for region in regions.sort_values("headline_start", kind="stable").to_dict("records"):
        part = by_region.get(region["region_id"], figures.iloc[0:0])
        cards.append(RegionCard(
            region_id=str(region["region_id"]), name=_name(region, lang), color=region_color(region["region_id"]),
            headline=str(region["headline"]), headline_en=str(region["headline_en"]),
            summary=str(region["summary"]), summary_en=str(region["summary_en"]),
            figure_count=len(part), top_figures=tuple(figure_line(row, lang) for row in part.head(top).to_dict("records")),
        ))
    return cards


BUILDERS = (region_map, meeting_figures)
