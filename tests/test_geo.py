"""The China province GeoJSON shipped in cenfigures/geo is complete and usable offline."""
import json
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parent.parent / "cenfigures" / "geo"
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
        for i, ring in enumerate(poly):
            yield i, ring


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
