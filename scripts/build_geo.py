#!/usr/bin/env python3
"""Regenerate cenfigures/charts/geo/china_provinces.geojson from the npm package echarts@4.9.0.

Usage (from the repo root):

    mkdir -p /tmp/echarts && cd /tmp/echarts && npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    cd - && python3 scripts/build_geo.py /tmp/echarts/package

Input files (inside the extracted npm package):
  map/json/china.json             - 34 provincial-level units, echarts "UTF8Encoding"
  map/json/province/hainan.json   - used only for 三沙市 (Xisha/Zhongsha/Nansha islands),
                                    which china.json leaves out of 海南
  LICENSE                         - copied to cenfigures/charts/geo/LICENSE

The output is a plain GeoJSON FeatureCollection, one feature per provincial-level unit.
Rings are wound the way d3-geo / plotly.js geo traces need them: exterior rings
CLOCKWISE, holes counter-clockwise (the opposite of RFC 7946). With RFC 7946 winding
plotly's go.Choropleth fills the whole globe instead of the province. Each feature has properties
name_zh (full official name, e.g. 浙江省), name_en, name_short (echarts' name, e.g. 浙江),
adcode (int, e.g. 330000) and the feature id set to name_zh.
Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "cenfigures" / "charts" / "geo"

# adcode -> (name_zh full, name_en)
PROVINCES: dict[int, tuple[str, str]] = {
    110000: ("北京市", "Beijing"),
    120000: ("天津市", "Tianjin"),
    130000: ("河北省", "Hebei"),
    140000: ("山西省", "Shanxi"),
    150000: ("内蒙古自治区", "Inner Mongolia"),
    210000: ("辽宁省", "Liaoning"),
    220000: ("吉林省", "Jilin"),
    230000: ("黑龙江省", "Heilongjiang"),
    310000: ("上海市", "Shanghai"),
    320000: ("江苏省", "Jiangsu"),
    330000: ("浙江省", "Zhejiang"),
    340000: ("安徽省", "Anhui"),
    350000: ("福建省", "Fujian"),
    360000: ("江西省", "Jiangxi"),
    370000: ("山东省", "Shandong"),
    410000: ("河南省", "Henan"),
    420000: ("湖北省", "Hubei"),
    430000: ("湖南省", "Hunan"),
    440000: ("广东省", "Guangdong"),
    450000: ("广西壮族自治区", "Guangxi"),
    460000: ("海南省", "Hainan"),
    500000: ("重庆市", "Chongqing"),
    510000: ("四川省", "Sichuan"),
    520000: ("贵州省", "Guizhou"),
    530000: ("云南省", "Yunnan"),
    540000: ("西藏自治区", "Tibet"),
    610000: ("陕西省", "Shaanxi"),
    620000: ("甘肃省", "Gansu"),
    630000: ("青海省", "Qinghai"),
    640000: ("宁夏回族自治区", "Ningxia"),
    650000: ("新疆维吾尔自治区", "Xinjiang"),
    710000: ("台湾省", "Taiwan"),
    810000: ("香港特别行政区", "Hong Kong"),
    820000: ("澳门特别行政区", "Macau"),
}

DECIMALS = 3  # ~100 m; plenty for a province-level dashboard map
MIN_RING_AREA = 2e-4  # deg^2 (~2 km^2): smaller rings are dropped ...
KEEP_SMALL_FOR = {460000, 810000, 820000}  # ... except Hainan (South China Sea islands), HK, Macau
SANSHA_ADCODE = "460300"


# --- echarts decoding (port of echarts/lib/coord/geo/parseGeoJson.js) -------


def _decode_ring(encoded: str, offsets, scale: float) -> list[list[float]]:
    # JS charCodeAt works on UTF-16 code units; mimic that exactly.
    units = struct.unpack(f"<{len(encoded.encode('utf-16-le')) // 2}H", encoded.encode("utf-16-le"))
    prev_x, prev_y = offsets[0], offsets[1]
    out = []
    for i in range(0, len(units), 2):
        x = units[i] - 64
        y = units[i + 1] - 64
        x = (x >> 1) ^ (-(x & 1))  # zigzag
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        out.append([x / scale, y / scale])
    return out


def decode_echarts(doc: dict) -> dict:
    if not doc.get("UTF8Encoding"):
        return doc
    scale = doc.get("UTF8Scale") or 1024
    for feat in doc["features"]:
        geom = feat["geometry"]
        offs = geom.pop("encodeOffsets")
        coords = geom["coordinates"]
        if geom["type"] == "Polygon":
            geom["coordinates"] = [_decode_ring(r, offs[i], scale) for i, r in enumerate(coords)]
        elif geom["type"] == "MultiPolygon":
            geom["coordinates"] = [
                [_decode_ring(r, offs[p][i], scale) for i, r in enumerate(poly)] for p, poly in enumerate(coords)
            ]
        else:  # pragma: no cover - not present in the source
            raise ValueError(f"unexpected geometry {geom['type']}")
    doc["UTF8Encoding"] = False
    return doc


# --- geometry helpers --------------------------------------------------------


def _polygons(geom: dict) -> list[list[list[list[float]]]]:
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    return list(geom["coordinates"])


def _signed_area(ring) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def _clean_ring(ring, decimals: int) -> list[list[float]] | None:
    pts: list[list[float]] = []
    for x, y in ring:
        p = [round(x, decimals), round(y, decimals)]
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return None
    pts.append(list(pts[0]))  # GeoJSON rings are closed
    return pts


def _simplify_polygon(poly, keep_small: bool, exterior_ccw: bool = False):
    out = []
    for idx, ring in enumerate(poly):
        area = abs(_signed_area(ring))
        if not keep_small and area < MIN_RING_AREA:
            if idx == 0:
                return None  # whole island too small
            continue  # tiny hole
        cleaned = None
        # tiny islands may collapse when rounded: retry with more decimals
        for dec in (DECIMALS, DECIMALS + 1, DECIMALS + 2):
            cleaned = _clean_ring(ring, dec)
            if cleaned is not None and abs(_signed_area(cleaned[:-1])) > 0:
                break
        if cleaned is None:
            if idx == 0:
                return None
            continue
        ccw = _signed_area(cleaned[:-1]) > 0
        want_ccw = exterior_ccw if idx == 0 else not exterior_ccw
        if ccw != want_ccw:
            cleaned.reverse()
        out.append(cleaned)
    return out or None


def build(pkg: Path) -> dict:
    china = decode_echarts(json.loads((pkg / "map/json/china.json").read_text("utf-8")))
    hainan = decode_echarts(json.loads((pkg / "map/json/province/hainan.json").read_text("utf-8")))
    sansha = [f for f in hainan["features"] if str(f.get("id") or f["properties"].get("id")) == SANSHA_ADCODE]
    if len(sansha) != 1:
        raise SystemExit("三沙市 (460300) not found in province/hainan.json")

    features = []
    seen = set()
    for feat in china["features"]:
        adcode = int(feat.get("id") or feat["properties"]["id"])
        if adcode not in PROVINCES:
            raise SystemExit(f"unknown adcode {adcode} ({feat['properties'].get('name')})")
        seen.add(adcode)
        name_zh, name_en = PROVINCES[adcode]
        polys = _polygons(feat["geometry"])
        if adcode == 460000:
            polys = polys + _polygons(sansha[0]["geometry"])
        keep_small = adcode in KEEP_SMALL_FOR
        out_polys = [p for p in (_simplify_polygon(p, keep_small) for p in polys) if p]
        if not out_polys:
            raise SystemExit(f"{name_zh}: every polygon was dropped")
        geometry = (
            {"type": "Polygon", "coordinates": out_polys[0]}
            if len(out_polys) == 1
            else {"type": "MultiPolygon", "coordinates": out_polys}
        )
        cp = feat["properties"].get("cp")
        props = {
            "name_zh": name_zh,
            "name_en": name_en,
            "name_short": feat["properties"]["name"],
            "adcode": adcode,
        }
        if cp:
            props["center"] = [round(cp[0], 4), round(cp[1], 4)]
        features.append({"type": "Feature", "id": name_zh, "properties": props, "geometry": geometry})

    missing = set(PROVINCES) - seen
    if missing:
        raise SystemExit(f"source lacks provinces: {sorted(missing)}")
    features.sort(key=lambda f: f["properties"]["adcode"])
    return {"type": "FeatureCollection", "features": features}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package_dir", type=Path, help="extracted echarts-4.9.0.tgz, i.e. the 'package' folder")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "china_provinces.geojson")
    args = ap.parse_args(argv)

    fc = build(args.package_dir)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    lic = args.package_dir / "LICENSE"
    if lic.exists() and args.out.parent == OUT_DIR:
        shutil.copyfile(lic, OUT_DIR / "LICENSE")
    n_pts = sum(
        len(r)
        for f in fc["features"]
        for poly in (
            [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        )
        for r in poly
    )
    print(f"wrote {args.out} : {len(fc['features'])} features, {n_pts} points, {len(text.encode()) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
