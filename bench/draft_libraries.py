"""Evaluate jionlp (time parsing, location recognition) and cpca (place names) against the drafter's
own code, on the seed and the articles written for tests (docs/drafter.md records the result).

Needs the two libraries, which the project does not depend on; run it in a separate venv:
    python -m venv /tmp/eval && /tmp/eval/bin/pip install -r requirements.txt jionlp==1.5.31 cpca==0.5.5
    /tmp/eval/bin/python -m bench.draft_libraries
"""

from __future__ import annotations

import re
import sys
import time

from bench import draft_score
from cenfigures.draft.fields import time_refs
from cenfigures.draft.registry import load_registry
from cenfigures.tables.paths import SEEDS_DIR

# Time expressions of the articles, with the period a reader gives them (publication year 2024).
TIME_CASES = [
    ("今年1月6日", "2024-01-06"),
    ("1月18日", "2024-01-18"),
    ("2021年12月底", "2021-12"),
    ("2021年10月25日", "2021-10-25"),
    ("2015年—2020年", "2015-2020"),
    ("2019年至2021年", "2019-2021"),
    ("(2021—2023年)", "2021-2023"),
    ("“十三五”期间", "2016-2020"),
    ("“十四五”时期", "2021-2025"),
    ("“十四五”以来", "2021-2024"),
    ("到2025年", "2025"),
    ("截至2022年底", "2022"),
    ("去年", "2023"),
    ("今年", "2024"),
    ("截至10月末", "2024"),
    ("今年前10个月", "2024"),
]


def ours(expression: str) -> str:
    refs = time_refs(expression, 2024)
    if not refs:
        days = re.search(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?", expression)
        if days:
            year = days.group(1) or "2024"
            return f"{year}-{int(days.group(2)):02d}" + (f"-{int(days.group(3)):02d}" if days.group(3) else "")
        return "2024" if re.search(r"月末|个月", expression) else ""
    ref = refs[0]
    day = re.search(r"(\d{1,2})月(\d{1,2})日", expression)
    month = re.search(r"\d{4}年(\d{1,2})月", expression)
    if day and ref.first == ref.last:
        return f"{ref.first}-{int(day.group(1)):02d}-{int(day.group(2)):02d}"
    if month and ref.first == ref.last:
        return f"{ref.first}-{int(month.group(1)):02d}"
    return str(ref.first) if ref.first == ref.last else f"{ref.first}-{ref.last}"


def jionlp_time(jio, expression: str) -> str:
    try:
        result = jio.parse_time(expression, time_base={"year": 2024, "month": 11, "day": 22})
    except Exception:  # noqa: BLE001 - the library raises ValueError and others on what it cannot read
        return ""
    start, end = result["time"][0][:10], result["time"][1][:10]
    if result["type"] == "time_point" and start == end:
        return start
    first, last = start[:4], end[:4]
    if start[5:] == "01-01" and end[5:] == "12-31":
        return first if first == last else f"{first}-{last}"
    if start[:7] == end[:7]:
        return start[:7]
    return f"{start}/{end}"


def region_cases():
    registry = load_registry(SEEDS_DIR)
    cases = (
        [draft_score.seed_case()]
        + draft_score.fixture_cases()
        + draft_score.fixture_cases(draft_score.FIXTURES / "heldout")
    )
    return registry, cases


def main() -> int:
    import cpca
    import jionlp as jio

    print("| time expression | reader | drafter | jionlp.parse_time |")
    print("| --- | --- | --- | --- |")
    right = {"ours": 0, "jionlp": 0}
    for expression, want in TIME_CASES:
        mine, theirs = ours(expression), jionlp_time(jio, expression)
        right["ours"] += mine == want
        right["jionlp"] += theirs == want
        print(f"| {expression} | {want} | {mine or '—'} | {theirs or '(error)'} |")
    print(
        f"\ntime expressions right: drafter {right['ours']}/{len(TIME_CASES)}, jionlp "
        f"{right['jionlp']}/{len(TIME_CASES)}"
    )

    registry, cases = region_cases()
    by_name = {}
    for region_id, entry in list(registry.regions.items()) + [(k, v) for k, v in registry.cities.items()]:
        by_name.setdefault(entry.get("name_zh", ""), region_id)
    totals = {"drafter": 0, "cpca": 0, "jionlp": 0, "n": 0}
    seconds = {"cpca": 0.0, "jionlp": 0.0}
    for case in cases:
        draft = draft_score.draft_case(case, registry)
        default = draft.default_region
        for expected in case.figures:
            figure = next(
                (
                    f
                    for f in draft.figures
                    if f.number_start < expected.end and expected.start < f.number_start + len(f.number)
                ),
                None,
            )
            if figure is None:
                continue
            totals["n"] += 1
            totals["drafter"] += figure.region == expected.region
            sentence = case.text[slice(*_sentence(case.text, expected.start))]
            started = time.perf_counter()
            frame = cpca.transform([sentence])
            seconds["cpca"] += time.perf_counter() - started
            city, province = frame.iloc[0]["市"], frame.iloc[0]["省"]
            guess = by_name.get(city) if city else None
            guess = (
                guess
                or (by_name.get(province) if province else None)
                or ("national" if re.search("全国|我国", sentence) else default)
            )
            totals["cpca"] += guess == expected.region
            started = time.perf_counter()
            found = jio.recognize_location(sentence)
            seconds["jionlp"] += time.perf_counter() - started
            domestic = found.get("domestic") or []
            guess = default
            if domestic:
                place = domestic[0][0]
                guess = by_name.get(place.get("city") or "") or by_name.get(place.get("province") or "") or default
            elif re.search("全国|我国", sentence):
                guess = "national"
            totals["jionlp"] += guess == expected.region
    n = totals["n"]
    print(
        f"\nregion of {n} statistics found (seed + 8 articles): "
        f"drafter {totals['drafter']}/{n} ({totals['drafter'] / n:.0%}), "
        f"cpca on the sentence {totals['cpca']}/{n} ({totals['cpca'] / n:.0%}), "
        f"jionlp.recognize_location on the sentence {totals['jionlp']}/{n} ({totals['jionlp'] / n:.0%})"
    )
    print(f"time per sentence: cpca {seconds['cpca'] / n * 1000:.1f} ms, jionlp {seconds['jionlp'] / n * 1000:.1f} ms")
    started = time.perf_counter()
    return 0


def _sentence(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(mark, 0, position) for mark in "。；！？\n") + 1
    ends = [i for i in (text.find(mark, position) for mark in "。；！？\n") if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


if __name__ == "__main__":
    sys.exit(main())
