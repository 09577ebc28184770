"""The China province GeoJSON shipped in cenfigures/charts/geo is complete and usable offline, and
the outlines the map draws (cenfigures/charts/geo_shapes.py) are much lighter with every province,
island and winding kept."""

import json
from pathlib import Path

import pytest

from cenfigures.charts import geo_shapes

GEO = Path(__file__).resolve().parent.parent / "cenfigures" / "charts" / "geo"
GEOJSON = GEO / "china_provinces.geojson"

REQUIRED = {
    "浙江省": "Zhejiang",
    "福建省": "Fujian",
    "湖北省": "Hubei",
    "新疆维吾尔自治区": "Xinjiang",
    "河北省": "Hebei",
    "广东省": "Guangdong",
    "北京市": "Beijing",
}


@pytest.fixture(scope="module")
def fc():
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def _rings(geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for poly in polys:
        yield from enumerate(poly)


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2.0


def test_file_small_and_licensed():
    assert GEOJSON.stat().st_size < 1_500_000
    assert "Apache License" in (GEO / "LICENSE").read_text(encoding="utf-8")
    assert "echarts" in (GEO / "SOURCE.md").read_text(encoding="utf-8")


def test_feature_collection_with_34_units(fc):
    assert fc["type"] == "FeatureCollection"
    feats = fc["features"]
    assert len(feats) == 34
    names = [f["properties"]["name_zh"] for f in feats]
    assert len(set(names)) == 34
    for f in feats:
        p = f["properties"]
        assert f["type"] == "Feature"
        assert p["name_zh"] and p["name_en"], p
        assert isinstance(p["adcode"], int) and p["adcode"] % 10000 == 0
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    for extra in ("台湾省", "香港特别行政区", "澳门特别行政区", "海南省"):
        assert extra in names


def test_required_provinces_present(fc):
    by_zh = {f["properties"]["name_zh"]: f["properties"] for f in fc["features"]}
    for zh, en in REQUIRED.items():
        assert zh in by_zh, zh
        assert by_zh[zh]["name_en"] == en


def test_coordinates_plausible_and_d3_winding(fc):
    for f in fc["features"]:
        for i, ring in _rings(f["geometry"]):
            assert ring[0] == ring[-1] and len(ring) >= 4
            for lon, lat in ring:
                assert 73 <= lon <= 136 and 3 <= lat <= 54, (f["properties"]["name_zh"], lon, lat)
            # exterior clockwise (negative signed area), holes counter-clockwise: what plotly.js needs
            area = _signed_area(ring)
            assert (area < 0) if i == 0 else (area > 0), f["properties"]["name_zh"]


def test_south_china_sea_islands_in_hainan(fc):
    hainan = next(f for f in fc["features"] if f["properties"]["name_zh"] == "海南省")
    lats = [lat for _, ring in _rings(hainan["geometry"]) for _, lat in ring]
    assert min(lats) < 10  # Nansha islands


# --- the outlines the map draws (geo_shapes.load_provinces simplifies the file's) ---------------


@pytest.fixture(scope="module")
def drawn():
    return geo_shapes.load_provinces()


def _points(collection) -> int:
    return sum(len(ring) for f in collection["features"] for _, ring in _rings(f["geometry"]))


def test_drawn_outlines_are_much_lighter_than_the_file(fc, drawn):
    assert _points(drawn) < 0.6 * _points(fc)
    assert len(json.dumps(drawn, separators=(",", ":"))) < 0.6 * GEOJSON.stat().st_size


def test_drawn_outlines_keep_every_province_island_and_winding(fc, drawn):
    assert [f["properties"] for f in drawn["features"]] == [f["properties"] for f in fc["features"]]
    for original, simplified in zip(fc["features"], drawn["features"]):
        outer_before = sum(1 for i, _ in _rings(original["geometry"]) if i == 0)
        outer_after = sum(1 for i, _ in _rings(simplified["geometry"]) if i == 0)
        assert outer_after == outer_before, original["properties"]["name_zh"]  # no island dropped
        for i, ring in _rings(simplified["geometry"]):
            assert ring[0] == ring[-1] and len(ring) >= 4
            area = _signed_area(ring)
            assert (area < 0) if i == 0 else (area > 0), original["properties"]["name_zh"]


def test_drawn_outlines_stay_within_the_tolerance_of_the_file(fc, drawn):
    # every original point lies within tolerance + rounding of the simplified outline's bounding box
    slack = geo_shapes.MAP_TOLERANCE_DEGREES + 10**-geo_shapes.MAP_DECIMALS
    for original, simplified in zip(fc["features"], drawn["features"]):
        xs = [x for _, ring in _rings(simplified["geometry"]) for x, _ in ring]
        ys = [y for _, ring in _rings(simplified["geometry"]) for _, y in ring]
        for _, ring in _rings(original["geometry"]):
            for x, y in ring:
                assert min(xs) - slack <= x <= max(xs) + slack and min(ys) - slack <= y <= max(ys) + slack


@pytest.mark.parametrize(
    "points, tolerance, expected",
    [
        ([[0, 0], [1, 0.01], [2, 0]], 0.1, [[0, 0], [2, 0]]),  # within tolerance: the middle goes
        ([[0, 0], [1, 0.5], [2, 0]], 0.1, [[0, 0], [1, 0.5], [2, 0]]),  # beyond: it stays
        ([[0, 0], [1, 0], [2, 0], [3, 1], [4, 1]], 0.1, [[0, 0], [2, 0], [3, 1], [4, 1]]),
        ([[0, 0], [1, 1]], 0.1, [[0, 0], [1, 1]]),
    ],
)
def test_simplify_line_keeps_only_points_that_matter(points, tolerance, expected):
    assert geo_shapes.simplify_line(points, tolerance) == expected


def test_each_polygon_keeps_its_place(fc, drawn):
    """Polygon by polygon (islands included), the simplified outline covers the same box as the
    original, within the tolerance and the rounding."""
    slack = geo_shapes.MAP_TOLERANCE_DEGREES + 10**-geo_shapes.MAP_DECIMALS
    for original, simplified in zip(fc["features"], drawn["features"]):
        before = (
            [original["geometry"]["coordinates"]]
            if original["geometry"]["type"] == "Polygon"
            else original["geometry"]["coordinates"]
        )
        after = simplified["geometry"]["coordinates"]
        assert simplified["geometry"]["type"] == "MultiPolygon" and len(after) == len(before)
        for polygon_before, polygon_after in zip(before, after):
            xs0, ys0 = zip(*polygon_before[0])
            xs1, ys1 = zip(*polygon_after[0])
            assert abs(min(xs0) - min(xs1)) <= slack and abs(max(xs0) - max(xs1)) <= slack, original["properties"][
                "name_zh"
            ]
            assert abs(min(ys0) - min(ys1)) <= slack and abs(max(ys0) - max(ys1)) <= slack, original["properties"][
                "name_zh"
            ]


def test_the_south_china_sea_islands_survive_simplification(fc, drawn):
    def islands(collection):
        hainan = next(f for f in collection["features"] if f["properties"]["name_zh"] == "海南省")
        polygons = (
            hainan["geometry"]["coordinates"]
            if hainan["geometry"]["type"] == "MultiPolygon"
            else [hainan["geometry"]["coordinates"]]
        )
        return [polygon for polygon in polygons if min(lat for _, lat in polygon[0]) < 18]  # south of Hainan island

    assert len(islands(drawn)) == len(islands(fc)) > 1
    assert min(lat for polygon in islands(drawn) for _, lat in polygon[0]) < 10  # Nansha


def test_outlines_are_read_once_per_process():
    assert geo_shapes.load_provinces() is geo_shapes.load_provinces()
    assert geo_shapes.GEOJSON_PATH == GEOJSON


def _feature(*polygons):
    return {
        "type": "Feature",
        "properties": {"name_zh": "x"},
        "geometry": {"type": "MultiPolygon", "coordinates": [list(p) for p in polygons]},
    }


SQUARE = [[0.0, 0.0], [0.0, -10.0], [-10.0, -10.0], [-10.0, 0.0], [0.0, 0.0]]  # clockwise, 10 degrees
TINY_ISLAND = [[20.0, 0.0], [20.0, -0.004], [19.996, -0.004], [19.996, 0.0], [20.0, 0.0]]  # far below the tolerance
TINY_HOLE = [[-5.0, -5.0], [-5.004, -5.0], [-5.004, -5.004], [-5.0, -5.004], [-5.0, -5.0]]
JAGGED = [[0.0, 0.0], [0.0, -5.0], [0.001, -5.0001], [0.0, -10.0], [-10.0, -10.0], [-10.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize(
    "polygons, check",
    [
        # a polygon smaller than the tolerance is kept with its own points, never dropped
        (([SQUARE], [TINY_ISLAND]), lambda after: len(after) == 2 and len(after[1][0]) >= 4),
        # a hole smaller than the tolerance is dropped (it would not show), its polygon kept
        (([SQUARE, TINY_HOLE],), lambda after: len(after) == 1 and len(after[0]) == 1),
        # a point within the tolerance of the outline goes, the corners stay
        (([JAGGED],), lambda after: [0.001, -5.0] not in after[0][0] and len(after[0][0]) == 5),
        # coordinates are rounded to MAP_DECIMALS
        (
            ([[[0.12344, 0.0], [0.0, -10.0], [-10.0, -10.0], [-10.0, 0.0], [0.12344, 0.0]]],),
            lambda after: after[0][0][0] == [0.123, 0.0],
        ),
    ],
    ids=["tiny-island-kept", "tiny-hole-dropped", "jag-removed", "rounded"],
)
def test_simplify_geojson(polygons, check):
    simplified = geo_shapes.simplify_geojson({"type": "FeatureCollection", "features": [_feature(*polygons)]})
    after = simplified["features"][0]["geometry"]["coordinates"]
    assert check(after), after
    for polygon in after:
        for ring in polygon:
            assert ring[0] == ring[-1]
