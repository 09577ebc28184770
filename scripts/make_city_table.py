"""Regenerate cenfigures/draft/cities.csv: China's prefecture-level cities for the drafter.

Run once, with the evaluation tools installed (not project dependencies):
    pip install cpca==0.5.5 pypinyin==0.55.0 && python scripts/make_city_table.py

Names, codes and coordinates come from cpca's adcodes.csv (MIT licence, from the national
administrative-division codes); English names are pypinyin's romanisation. The drafter reads the
CSV only, so drafting needs neither package.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

import cpca
from pypinyin import lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "cenfigures" / "prep" / "cities.csv"
SUFFIXES = ("自治州", "地区", "盟", "市")


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def province_short(name: str) -> str:
    return re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", name)


def pinyin_id(name: str) -> str:
    """A region id as seeds/regions.toml spells them: lowercase pinyin without separators."""
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(name)).lower())


def main() -> int:
    source = Path(os.path.dirname(cpca.__file__)) / "resources" / "adcodes.csv"
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    provinces = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    cities = []
    for row in rows:
        code, name = row["adcode"], row["name"]
        if (
            code[2:] == "0" * 10
            or code[4:] != "0" * 8
            or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
        ):
            continue
        if name == provinces.get(code[:2]):  # municipalities repeat their own name
            continue
        short = short_name(name)
        if re.search(r"(族|自治)", short):  # e.g. 阿坝藏族羌族: keep the first two characters
            short = short[:2]
        pinyin = "".join(lazy_pinyin(short))
        cities.append(
            {
                "city_id": pinyin_id(short),
                "name_zh": name,
                "short_zh": short,
                "name_en": pinyin.capitalize(),
                "province_zh": provinces[code[:2]],
                "lon": f"{float(row['longitude']):.2f}",
                "lat": f"{float(row['latitude']):.2f}",
            }
        )
    counts: dict[str, int] = {}
    for city in cities:
        counts[city["city_id"]] = counts.get(city["city_id"], 0) + 1
    province_ids = {pinyin_id(province_short(name)) for name in provinces.values()}
    for city in cities:  # 福州 and 抚州 are both "fuzhou", 吉林市 is not 吉林省: the province tells them apart
        if counts[city["city_id"]] > 1 or city["city_id"] in province_ids:
            city["city_id"] += "-" + pinyin_id(province_short(city["province_zh"]))
    cities.sort(key=lambda c: c["city_id"])
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cities[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(cities)
    print(f"wrote {OUT}: {len(cities)} cities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
