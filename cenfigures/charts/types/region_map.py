"""`map`: the regions the articles report on, on a map of China. The colour says how many figures a
region has under the current filters, on a sequential, colour-blind safe scale with its legend; a
region an article names without a figure (or whose figures the filters hide) is white with a dark
outline; a province no article names is light grey. A city is a marker at its place, not its whole
province. Labels are dark or white, whichever meets WCAG AA on their fill. Hover shows the article's
headline for the region and its figures; a click selects the region (the chart's `selects`)."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.geo_shapes import load_provinces
from cenfigures.charts.kit import Chart, chart, marks
from cenfigures.view.colors import (
    FIGURE_COUNT_BINS,
    FIGURE_COUNT_COLORS,
    NAMED_NO_FIGURES,
    NAMED_OUTLINE,
    TEXT,
    figure_count_bin,
    figure_count_color,
    text_on,
)
from cenfigures.view.linebreak import display_units
from cenfigures.view.model import ChartSpec, View
from cenfigures.view.regions import region_notes

BASE_FILL = "#EEEEEE"
TOP_FIGURES = 4
MAINLAND_LAT, MAINLAND_LON = [17.5, 54.0], [73.0, 135.5]
# The South China Sea islands, as Chinese maps draw them: in an inset in the lower right corner of
# the map itself (the open sea east of Taiwan), scaled down, so it stays beside the mainland at any
# width (a second geo subplot sat in the box's corner, far from the map on a wide screen).
INSET_PROVINCE, INSET_LAT, INSET_LON = "海南省", [3.0, 23.5], [105.0, 123.0]
INSET_ORIGIN, INSET_SCALE = (128.4, 17.8), 0.38  # where the inset's lower left corner goes; its size
INSET_FRAME = "#BBBBBB"
HEIGHT = 470  # the mainland then fills about two thirds of its box both on a phone and at 1280 px
# Labels are placed at a phone's scale (the mainland's 62.5 degrees of longitude in about 300 px);
# on a wider screen the map is larger and the labels only further apart.
REF_PX_PER_DEGREE = 4.8  # a little under the 5.3 a 390 px phone gives, for slack
LABEL_FONT_PX = 12
LABEL_EM_PER_UNIT = 0.6  # a CJK character (two units) 1.2 em: generous, so labels keep a gap
LABEL_GAP_PX = 3
LEADER = "#8A8A8A"


def mercator_y(lat: float) -> float:
    """Latitude on the map's (mercator) vertical scale, in degrees of longitude."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def to_px(lon: float, lat: float, scale: float = REF_PX_PER_DEGREE) -> tuple[float, float]:
    """A place in pixels at `scale` (y grows downward, as on screen)."""
    return lon * scale, -mercator_y(lat) * scale


def label_size(text: str, font_px: float = LABEL_FONT_PX) -> tuple[float, float]:
    """Width and height (px) a label takes, measured as the line-break rule measures text."""
    return display_units(text) * font_px * LABEL_EM_PER_UNIT, font_px * 1.3


def _free(box: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]]) -> bool:
    left, top, right, bottom = box
    return all(
        right + LABEL_GAP_PX <= other_left
        or other_right + LABEL_GAP_PX <= left
        or bottom + LABEL_GAP_PX <= other_top
        or other_bottom + LABEL_GAP_PX <= top
        for other_left, other_top, other_right, other_bottom in taken
    )


def place_labels(places: list[dict]) -> dict[str, tuple[float, float, tuple[float, float] | None]]:
    """A spot (lon, lat of the label's centre) for each place's label, and where its leader line
    ends (None without one): on the place when it is free, else beside it, else out to the east or west (the sea, the
    empty west) with a line back to the place. Places are `{"id", "lon", "lat", "text", "city"}`,
    north first; boxes are measured at a phone's scale."""
    taken: list[tuple[float, float, float, float]] = []
    frame_lon, frame_lat = inset_frame()
    (left, top), (right, bottom) = to_px(min(frame_lon), max(frame_lat)), to_px(max(frame_lon), min(frame_lat))
    taken.append((left, top, right, bottom))  # the islands' inset
    (west, north), (east, south) = to_px(MAINLAND_LON[0], MAINLAND_LAT[1]), to_px(MAINLAND_LON[1], MAINLAND_LAT[0])
    anchors: dict[str, tuple[float, float, float, float]] = {}
    for place in places:  # every place (a city's dot, a province's centre) is an obstacle from the start
        x, y = to_px(place["lon"], place["lat"])
        anchors[place["id"]] = (x - 6, y - 6, x + 6, y + 6)
    spots: dict[str, tuple[float, float, tuple[float, float] | None]] = {}
    lonlat = lambda px, py: (px / REF_PX_PER_DEGREE, _latitude(-py / REF_PX_PER_DEGREE))  # noqa: E731
    for place in places:
        x, y = to_px(place["lon"], place["lat"])
        w, h = label_size(place["text"])
        # A province's label on the province, a city's beside its dot; moved ones keep clear of the
        # other places' centres, so a label never names the wrong fill.
        near = [(0, h / 2 + 8), (0, -h / 2 - 8), (w / 2 + 9, 0), (-w / 2 - 9, 0)] if place["city"] else [(0, 0)]
        others = [box for other, box in anchors.items() if other != place["id"]]
        # Out to the east (the sea) first, nearest first, then to the west.
        far = sorted(
            (
                (side * (w / 2 + dx), dy)
                for dx in (10, 24, 40, 56)
                for dy in (0, -h - 4, h + 4, -2 * h - 8, 2 * h + 8)
                for side in (1, -1)
            ),
            key=lambda spot: (spot[0] < 0, abs(spot[0]) + abs(spot[1])),
        )
        for number, (dx, dy) in enumerate(near + far):
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            inside = west <= box[0] and box[2] <= east and north <= box[1] and box[3] <= south
            if inside and _free(box, taken + others):
                taken.append(box)
                leader = lonlat(x + dx - math.copysign(w / 2 + 2, dx), y + dy) if number >= len(near) else None
                spots[place["id"]] = (*lonlat(x + dx, y + dy), leader)
                break
        else:  # nowhere free (never with the corpus's regions): on the place
            spots[place["id"]] = (place["lon"], place["lat"], None)
    return spots


def _inset_geojson(feature: Mapping) -> dict:
    """The province's outline moved and scaled into the inset's box."""
    (x0, y0), k = INSET_ORIGIN, INSET_SCALE

    def move(ring):
        return [
            [round(x0 + (lon - INSET_LON[0]) * k, 3), round(y0 + (lat - INSET_LAT[0]) * k, 3)]
            for lon, lat in ring
            if INSET_LON[0] <= lon <= INSET_LON[1] and INSET_LAT[0] <= lat <= INSET_LAT[1]
        ]

    polygons = [
        [ring for ring in map(move, polygon) if len(ring) >= 4] for polygon in feature["geometry"]["coordinates"]
    ]
    geometry = {"type": "MultiPolygon", "coordinates": [p for p in polygons if p]}
    return {"type": "FeatureCollection", "features": [{**feature, "geometry": geometry}]}


def inset_frame() -> tuple[list[float], list[float]]:
    """The inset's box as a closed line (lon, lat)."""
    (x0, y0), k = INSET_ORIGIN, INSET_SCALE
    x1, y1 = x0 + (INSET_LON[1] - INSET_LON[0]) * k, y0 + (INSET_LAT[1] - INSET_LAT[0]) * k
    return [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]


def _hover(view: View, region_id: str, part: pd.DataFrame, headline: str) -> str:
    """A region's name, the article's headline on it, how many facts the filters let through and
    the first few (a fact stated by many articles counted once)."""
    t = view.t
    lines = [f"<b>{html.escape(view.region_name(region_id))}</b>"]
    if headline:
        lines.append(html.escape(headline))
    lines.append(html.escape(t("regions.figure_count", count=len(part))))
    first = part.head(TOP_FIGURES)
    lines += [f"· {html.escape(line)}" for line in _items(view, first)]
    if len(part) > TOP_FIGURES:
        lines.append(html.escape(t("regions.more", count=len(part) - TOP_FIGURES)))
    return "<br>".join(lines)


def _items(view: View, rows: pd.DataFrame) -> list[str]:
    """item() of each of a few marks, from their words."""
    return [view.t("chart.item", region="", indicator=n, value=v) for n, v in zip(rows["name"], rows["value_text"])]


def build(view: View, spec: ChartSpec) -> Chart:
    t = view.t
    figures = marks(view, spec.select)
    regions = view.table("regions")
    notes = region_notes(view)
    named = set(view.all_figures["region_id"].unique()) if not view.all_figures.empty else set()
    named |= set(notes)
    geojson = load_provinces()
    features = geojson["features"]
    provinces = [f["properties"]["name_zh"] for f in features]
    centers = {f["properties"]["name_zh"]: f["properties"]["center"] for f in features}
    fill = {p: BASE_FILL for p in provinces}
    region_of = {p: "" for p in provinces}  # the region a click on a province selects
    hover = {f["properties"]["name_zh"]: html.escape(t.field(f["properties"], "name")) for f in features}
    by_region = {r: part for r, part in figures.groupby("region_id", sort=False)} if not figures.empty else {}
    counts: dict[str, int] = {}
    markers: list[dict] = []
    mapped = regions[regions["region_id"].isin(named)] if not regions.empty else regions
    places = zip(
        *(mapped[c] if c in mapped else pd.Series("", index=mapped.index) for c in ("region_id", "level", "map_zh")),
        *(mapped[c] if c in mapped else pd.Series(None, index=mapped.index) for c in ("lon", "lat")),
    )
    for region_id, level, map_zh, region_lon, region_lat in places:  # each region of the registry named: a few dozen
        region_id = str(region_id)
        part = by_region.get(region_id, figures.iloc[0:0])
        city = level == "city"
        province = str(map_zh or "")
        if province not in centers and not city:
            continue  # the national level: not a place on the map
        counts[region_id] = len(part)
        color = figure_count_color(len(part))
        text = _hover(view, region_id, part, notes.get(region_id, {}).get("headline", ""))
        if city:
            lon, lat = region_lon, region_lat
            if lon in (None, "") or pd.isna(lon):
                lon, lat = centers.get(province, (None, None))
            if lon is None:
                continue
            markers.append(
                {"id": region_id, "lon": float(lon), "lat": float(lat), "color": color, "hover": text, "city": True}
            )
        else:
            fill[province] = color
            hover[province] = text
            region_of[province] = region_id
            lon, lat = centers[province]
            markers.append({"id": region_id, "lon": lon, "lat": lat, "color": color, "hover": text, "city": False})
    # One choropleth for every province (the GeoJSON travels once): each province's z picks its
    # colour from a stepped scale.
    palette = list(dict.fromkeys(fill.values()))
    steps = len(palette)
    scale = [stop for k, color in enumerate(palette) for stop in ([k / steps, color], [(k + 1) / steps, color])]
    fig = go.Figure()
    fig.add_choropleth(
        geojson=geojson,
        featureidkey="properties.name_zh",
        locations=provinces,
        z=[palette.index(fill[p]) + 0.5 for p in provinces],
        zmin=0,
        zmax=steps,
        colorscale=scale,
        showscale=False,
        # A named region without figures is white: its dark outline sets it apart from the sea.
        marker={
            "line": {
                "color": [NAMED_OUTLINE if fill[p] == NAMED_NO_FIGURES else "white" for p in provinces],
                "width": [1.4 if fill[p] == NAMED_NO_FIGURES else 0.8 for p in provinces],
            }
        },
        customdata=[region_of[p] for p in provinces],
        hovertext=[hover[p] for p in provinces],
        hoverinfo="text",
        name="",
        showlegend=False,
    )
    # The islands' inset, inside the main map (see INSET_ORIGIN).
    island = next(f for f in features if f["properties"]["name_zh"] == INSET_PROVINCE)
    fig.add_choropleth(
        geojson=_inset_geojson(island),
        featureidkey="properties.name_zh",
        locations=[INSET_PROVINCE],
        z=[palette.index(fill[INSET_PROVINCE]) + 0.5],
        zmin=0,
        zmax=steps,
        colorscale=scale,
        showscale=False,
        marker={"line": {"color": "white", "width": 0.3}},
        hovertext=[hover[INSET_PROVINCE]],
        hoverinfo="text",
        name="",
        showlegend=False,
    )
    frame_lon, frame_lat = inset_frame()
    fig.add_scattergeo(
        lon=frame_lon,
        lat=frame_lat,
        mode="lines",
        line={"color": INSET_FRAME, "width": 1},
        hoverinfo="skip",
        showlegend=False,
        name="inset-frame",
    )
    if markers:
        order = sorted(
            markers, key=lambda m: (-m["lat"], m["id"])
        )  # north first: moved labels keep the order of their places
        # The places themselves: a dot for a city (a province is its fill); `text` names them for hover.
        fig.add_scattergeo(
            lon=[m["lon"] for m in order],
            lat=[m["lat"] for m in order],
            mode="markers",
            text=[view.region_name(m["id"]) for m in order],
            marker={
                "symbol": "circle",
                "size": [11 if m["city"] else 0 for m in order],
                "color": [m["color"] for m in order],
                "line": {"color": NAMED_OUTLINE, "width": [1.2 if m["city"] else 0 for m in order]},
            },
            customdata=[m["id"] for m in order],
            hovertext=[m["hover"] for m in order],
            hoverinfo="text",
            name="places",
            showlegend=False,
        )
        # Labels placed so that none covers another (place_labels); a moved one has a leader line.
        spots = place_labels([{**m, "text": view.region_name(m["id"])} for m in order])
        leader_lon: list[float | None] = []
        leader_lat: list[float | None] = []
        for m in order:
            end = spots[m["id"]][2]
            if end is not None:
                leader_lon += [m["lon"], end[0], None]
                leader_lat += [m["lat"], end[1], None]
        if leader_lon:
            fig.add_scattergeo(
                lon=leader_lon,
                lat=leader_lat,
                mode="lines",
                line={"color": LEADER, "width": 0.8},
                hoverinfo="skip",
                showlegend=False,
                name="leaders",
            )

        # A label on its own province is dark or white, whichever meets AA on that fill (新疆 was dark
        # on maroon), with a halo of the other; a label moved off its place sits on grey or the sea.
        def label_color(m: dict) -> str:
            on_fill = spots[m["id"]][2] is None and not m["city"]
            return text_on(m["color"]) if on_fill else TEXT

        for color in dict.fromkeys(label_color(m) for m in order):
            group = [m for m in order if label_color(m) == color]
            halo = "white" if color == TEXT else TEXT
            fig.add_scattergeo(
                lon=[spots[m["id"]][0] for m in group],
                lat=[spots[m["id"]][1] for m in group],
                mode="text",
                text=[view.region_name(m["id"]) for m in group],
                textposition="middle center",
                textfont={
                    "size": LABEL_FONT_PX,
                    "color": color,
                    "shadow": f"0 0 2px {halo}, 0 0 3px {halo}, 0 0 4px {halo}",
                },
                customdata=[m["id"] for m in group],
                hovertext=[m["hover"] for m in group],
                hoverinfo="text",
                name="labels",
                showlegend=False,
            )
    _legend(fig, t, counts)
    fig.update_layout(
        dragmode=False,
        geo={
            "visible": False,
            "projection_type": "mercator",
            "bgcolor": "white",
            "fitbounds": False,
            "domain": {"x": [0, 1], "y": [0, 1]},
            "lataxis_range": MAINLAND_LAT,
            "lonaxis_range": MAINLAND_LON,
        },
    )
    on_map = [r for r in counts]
    rows = figures[figures["region_id"].isin(on_map)] if not figures.empty else figures  # marks: facts
    values = {}
    if counts:
        top = max(counts, key=lambda r: counts[r])
        empty = [r for r, n in counts.items() if n == 0]
        # Named without a figure in any article, or with figures the filters hide: said apart.
        stated = set(view.all_figures["region_id"]) if not view.all_figures.empty else set()
        no_figure = [view.region_name(r) for r in empty if r not in stated]
        filtered = [view.region_name(r) for r in empty if r in stated]
        values = {
            "count": len(counts),
            "top": view.region_name(top),
            "top_count": counts[top],
            "empty": (t("regions.map_no_figure", names=t.join(no_figure)) if no_figure else "")
            + (t("regions.map_empty", names=t.join(filtered)) if filtered else ""),
        }
    made = chart(view, spec, fig, rows, values, height=HEIGHT)
    made.selects = "region"
    return made


def _legend(fig: go.Figure, t, counts: Mapping[str, int]) -> None:
    """What the colours mean: a legend entry per count bin on the map, the white of a region named
    without figures, the grey of the rest (entries only; they draw nothing)."""
    present = sorted({figure_count_bin(n) for n in counts.values() if n > 0})
    entries = []
    for index in present:
        first, last = FIGURE_COUNT_BINS[index]
        words = t("regions.legend.one", first=first) if first == last else None
        if words is None:
            words = t("regions.legend.range", first=first, last=last) if last else t("regions.legend.more", first=first)
        entries.append((words, FIGURE_COUNT_COLORS[index], "white"))
    if any(n == 0 for n in counts.values()):
        entries.append((t("regions.legend.no_figure"), NAMED_NO_FIGURES, NAMED_OUTLINE))
    entries.append((t("regions.legend.not_named"), BASE_FILL, BASE_FILL))
    for words, color, outline in entries:
        fig.add_scattergeo(
            lon=[None],
            lat=[None],
            mode="markers",
            marker={"symbol": "square", "size": 12, "color": color, "line": {"color": outline, "width": 1}},
            name=words,
            showlegend=True,
            hoverinfo="skip",
        )
    fig.update_layout(legend={"title": {"text": t("regions.legend.title")}})
