"""The province outlines of China the map draws (cenfigures/charts/geo, from echarts 4.9.0), read
once per process and simplified to what a screen can show, every island kept.

The map is drawn with a plotly `geo` subplot: no map tiles. plotly.js still asks for its base-map
topojson unless `topojsonURL` points elsewhere, so every chart's config carries
`topojsonURL` = charts.export.EMPTY_TOPOJSON_URL (app.context.plotly_config sets it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

GEOJSON_PATH = Path(__file__).resolve().parent / "geo" / "china_provinces.geojson"


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
