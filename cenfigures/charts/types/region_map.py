"""`map`: the regions the articles report on, on a map of China. Every province is light grey; a
province with figures under the current filters is drawn in its region's colour, one the articles
name but the filters leave without figures in a pale tint of it; a city is a marker at its place,
not its whole province. Hover shows the article's headline for the region and its figures."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.geo_shapes import load_provinces
from cenfigures.charts.kit import Chart, chart, item
from cenfigures.view.colors import TEXT, pale, region_color
from cenfigures.view.model import ChartSpec, View
from cenfigures.view.regions import region_notes

BASE_FILL = "#EEEEEE"
TOP_FIGURES = 4
NEAR_DEGREES = 3.0  # labels of province centres closer than this are pushed apart
MAINLAND_LAT, MAINLAND_LON = [17.5, 54.0], [73.0, 135.5]
INSET_PROVINCE, INSET_LAT, INSET_LON = "海南省", [3.0, 23.0], [105.5, 123.0]


def _label_positions(points: Mapping[str, tuple[float, float]]) -> dict[str, str]:
    """Labels of neighbouring regions (Beijing inside Hebei, Zhejiang and Fujian) pushed apart:
    the north-east one up and right, the other down and left."""
    positions: dict[str, str] = {}
    for a, (lon_a, lat_a) in points.items():
        for b, (lon_b, lat_b) in points.items():
            if a < b and abs(lon_a - lon_b) < NEAR_DEGREES and abs(lat_a - lat_b) < NEAR_DEGREES:
                first, second = (a, b) if lat_a + lon_a > lat_b + lon_b else (b, a)
                positions[first], positions[second] = "top right", "bottom left"
    return positions


def _hover(view: View, region_id: str, part: pd.DataFrame, headline: str) -> str:
    t = view.t
    lines = [f"<b>{html.escape(view.region_name(region_id))}</b>"]
    if headline:
        lines.append(html.escape(headline))
    lines.append(html.escape(t("regions.figure_count", count=len(part))))
    lines += [f"· {html.escape(item(view, row))}" for _, row in part.head(TOP_FIGURES).iterrows()]
    if len(part) > TOP_FIGURES:
        lines.append(html.escape(t("regions.more", count=len(part) - TOP_FIGURES)))
    return "<br>".join(lines)


def build(view: View, spec: ChartSpec) -> Chart:
    t = view.t
    figures = view.select(spec.select)
    regions = view.table("regions")
    notes = region_notes(view)
    named = set(view.all_figures["region_id"]) if not view.all_figures.empty else set()
    named |= set(notes)
    geojson = load_provinces()
    features = geojson["features"]
    provinces = [f["properties"]["name_zh"] for f in features]
    centers = {f["properties"]["name_zh"]: f["properties"]["center"] for f in features}
    fill = {p: BASE_FILL for p in provinces}
    hover = {f["properties"]["name_zh"]: html.escape(t.field(f["properties"], "name")) for f in features}
    by_region = {r: part for r, part in figures.groupby("region_id", sort=False)} if not figures.empty else {}
    counts: dict[str, int] = {}
    markers: list[dict] = []
    mapped = regions[regions["region_id"].isin(named)] if not regions.empty else regions
    for _, region in mapped.iterrows():
        region_id = str(region["region_id"])
        part = by_region.get(region_id, figures.iloc[0:0])
        city = region.get("level") == "city"
        province = str(region.get("map_zh", "") or "")
        if province not in centers and not city:
            continue  # the national level: not a place on the map
        counts[region_id] = len(part)
        color = region_color(region_id) if len(part) else pale(region_color(region_id))
        text = _hover(view, region_id, part, notes.get(region_id, {}).get("headline", ""))
        if city:
            lon, lat = region.get("lon"), region.get("lat")
            if lon in (None, "") or pd.isna(lon):
                lon, lat = centers.get(province, (None, None))
            if lon is None:
                continue
            markers.append({"id": region_id, "lon": float(lon), "lat": float(lat), "color": color, "hover": text, "city": True})
        else:
            fill[province] = color
            hover[province] = text
            lon, lat = centers[province]
            markers.append({"id": region_id, "lon": lon, "lat": lat, "color": color, "hover": text, "city": False})
    # One choropleth for every province (the GeoJSON travels once): each province's z picks its
    # colour from a stepped scale.
    palette = list(dict.fromkeys(fill.values()))
    steps = len(palette)
    scale = [stop for k, color in enumerate(palette) for stop in ([k / steps, color], [(k + 1) / steps, color])]
    fig = go.Figure()
    fig.add_choropleth(
        geojson=geojson, featureidkey="properties.name_zh", locations=provinces, z=[palette.index(fill[p]) + 0.5 for p in provinces],
        zmin=0, zmax=steps, colorscale=scale, showscale=False, marker={"line": {"color": "white", "width": 0.8}},
        hovertext=[hover[p] for p in provinces], hoverinfo="text", name="", showlegend=False,
    )
    positions = _label_positions({m["id"]: (m["lon"], m["lat"]) for m in markers})
    if markers:
        fig.add_scattergeo(
            lon=[m["lon"] for m in markers], lat=[m["lat"] for m in markers], mode="markers+text",
            text=[view.region_name(m["id"]) for m in markers],
            textposition=[positions.get(m["id"], "bottom center" if m["city"] else "middle center") for m in markers],
            # A white halo keeps a label readable on any fill.
            textfont={"size": 12, "color": TEXT, "shadow": "0 0 2px white, 0 0 3px white, 0 0 4px white"},
            marker={"symbol": ["circle" if m["city"] else "circle" for m in markers], "size": [11 if m["city"] else 0 for m in markers],
                    "color": [m["color"] for m in markers], "line": {"color": "white", "width": [1.5 if m["city"] else 0 for m in markers]}},
            hovertext=[m["hover"] for m in markers], hoverinfo="text", name="", showlegend=False,
        )
    # The South China Sea islands in an inset, as Chinese maps draw them: the main map then spans
    # the mainland and fills its box instead of leaving the lower half to the sea.
    inset = {"type": "FeatureCollection", "features": [f for f in features if f["properties"]["name_zh"] == INSET_PROVINCE]}
    fig.add_choropleth(
        geojson=inset, featureidkey="properties.name_zh", locations=[INSET_PROVINCE], z=[palette.index(fill[INSET_PROVINCE]) + 0.5],
        zmin=0, zmax=steps, colorscale=scale, showscale=False, marker={"line": {"color": "white", "width": 0.5}},
        hovertext=[hover[INSET_PROVINCE]], hoverinfo="text", name="", showlegend=False, geo="geo2",
    )
    common = {"visible": False, "projection_type": "mercator", "bgcolor": "white", "fitbounds": False}
    fig.update_layout(
        dragmode=False,
        geo={**common, "domain": {"x": [0, 1], "y": [0, 1]}, "lataxis_range": MAINLAND_LAT, "lonaxis_range": MAINLAND_LON},
        geo2={**common, "domain": {"x": [0.84, 1], "y": [0, 0.3]}, "lataxis_range": INSET_LAT, "lonaxis_range": INSET_LON,
              "showframe": True, "framecolor": "#BBBBBB", "framewidth": 1},
    )
    on_map = [r for r in counts]
    rows = figures[figures["region_id"].isin(on_map)] if not figures.empty else figures
    values = {}
    if counts:
        top = max(counts, key=lambda r: counts[r])
        empty = [view.region_name(r) for r, n in counts.items() if n == 0]
        values = {
            "count": len(counts), "top": view.region_name(top), "top_count": counts[top],
            "empty": t("regions.map_empty", names=t.join(empty)) if empty else "",
        }
    return chart(view, spec, fig, rows, values, height=420)
