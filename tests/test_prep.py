"""python -m cenfigures.prep: every mention accounted for, every error named, data/ fresh and sourced,
and written all at once or not at all."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from cenfigures.prep import build as prep
from cenfigures.prep.cache import cache_dir_for
from cenfigures.prep.derive import evaluate
from cenfigures.prep.scan import find_mentions
from cenfigures.tables import atomic
from cenfigures.tables.paths import REBUILD_COMMAND

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"
STEM = "cen-2022-01-local-it-study-meetings"
ARTICLE_PATH = SEEDS / f"{STEM}.txt"
TOML_PATH = SEEDS / f"{STEM}.toml"
TOML_NAME = TOML_PATH.name
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_2784570991355c10.txt"
ARTICLE = ARTICLE_PATH.read_text(encoding="utf-8")
ANNOTATIONS = tomllib.loads(TOML_PATH.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ helpers


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_leftovers(folder: Path) -> list[str]:
    """Staging folders left beside `folder` (its cache is no leftover: prep keeps it on purpose)."""
    cache = cache_dir_for(folder).name
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}-") and p.name != cache)


def block_span(text: str, table: str, item_id: str) -> tuple[int, int]:
    """Start and end of the `[[table]]` block whose id is `item_id` in the TOML text."""
    match = re.search(rf'^\[\[{table}\]\]\nid = "{re.escape(item_id)}"\n(?:.+\n)*', text, re.M)
    assert match, f"no [[{table}]] {item_id} in the annotations"
    return match.span()


def remove_block(text: str, table: str, item_id: str) -> str:
    start, end = block_span(text, table, item_id)
    return text[:start] + text[end:]


def set_field(text: str, table: str, item_id: str, name: str, value: str | None) -> str:
    """Set (or, with None, delete) field `name` of one block; values are written as TOML strings."""
    start, end = block_span(text, table, item_id)
    block = text[start:end]
    line = re.compile(rf"^{name} = .*\n", re.M)
    assert line.search(block), f"[[{table}]] {item_id} has no {name}"
    new_line = "" if value is None else f"{name} = {json.dumps(value, ensure_ascii=False)}\n"
    return text[:start] + line.sub(lambda _: new_line, block, count=1) + text[end:]


def add_field(text: str, table: str, item_id: str, line: str) -> str:
    """Add a line (`name = value`, TOML) to one block."""
    _, end = block_span(text, table, item_id)
    return text[:end] + line + "\n" + text[end:]


def figure_block(**fields: str) -> str:
    lines = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
    return f"\n[[figure]]\n{lines}"


STATED_FIGURE = dict(  # a valid figure, to append under another id
    topic="olympics_5g",
    region="beijing",
    indicator_zh="场馆现场5G速率",
    indicator_en="5G rate on site",
    period="2022",
    kind="observed",
    quote="现在现场5G速率能达到154兆",
    number="154兆",
)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An existing output folder holding the committed tables."""
    folder = tmp_path / "out" / "data"
    shutil.copytree(DATA, folder)
    return folder


def run_main(seeds: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = prep.main(["--seeds", str(seeds), "--out", str(out)])
    return code, capsys.readouterr().err.splitlines()


# ------------------------------------------------------------------ coverage


def test_real_seeds_account_for_every_mention() -> None:
    tables = prep.build_tables(SEEDS)
    mentions = find_mentions(ARTICLE)
    assert len(mentions) > 100  # the scanner does find the article's numbers
    assert len(tables["mentions"]) == len(mentions)
    assert [int(row["start"]) for row in tables["mentions"]] == [m.start for m in mentions]
    assert all(row["claimed_by"] and row["reason"] for row in tables["mentions"])


def test_every_stated_figure_claims_a_mention() -> None:
    rows = read_csv(DATA / "mentions.csv")
    claimed = {figure_id for row in rows if row["claimed_by"] == "figure" for figure_id in row["ref"].split(",")}
    stated = {row["figure_id"] for row in read_csv(DATA / "figures.csv") if row["kind"] != "derived"}
    assert stated - claimed == set()


@pytest.mark.parametrize(
    "figure_id",
    [
        "hebei-digital-workshops-2016-2020",
        "olympics-train-studio-speed",
        "guangzhou-plan-tasks-2021-2023",
        "xinjiang-speakers",
    ],
)
def test_removing_a_figure_names_its_mention(
    figure_id: str, seeds_copy: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (figure,) = [f for f in ANNOTATIONS["figure"] if f["id"] == figure_id]
    toml_path = seeds_copy / TOML_NAME
    toml_path.write_text(remove_block(toml_path.read_text(encoding="utf-8"), "figure", figure_id), encoding="utf-8")
    number_start = ARTICLE.index(figure["quote"]) + figure["quote"].index(figure["number"])
    (mention,) = [m for m in find_mentions(ARTICLE) if number_start <= m.start < number_start + len(figure["number"])]
    before = snapshot(out_dir)

    code, lines = run_main(seeds_copy, out_dir, capsys)

    assert code == 1
    expected = (
        f"{ARTICLE_PATH.name}: -: numeric mention {mention.text!r} at {mention.start} "
        f"is not accounted for: {mention.context(ARTICLE)}"
    )
    assert expected in lines
    assert f"[{mention.text}]" in expected
    assert snapshot(out_dir) == before


# ------------------------------------------------------------------ validation errors

Edit = Callable[[str], str]


def _append(block: str) -> Edit:
    return lambda text: text + block


ERROR_CASES: list[tuple[str, Edit, str, str, str]] = [
    # (case, edit of the TOML text, file named, item id named, reason)
    (
        "missing field",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "period", None),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "missing field 'period'",
    ),
    (
        "missing label of a figure without indicator",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "indicator", None),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "missing field 'indicator_zh', 'indicator_en' (or an indicator)",
    ),
    (
        "reviewed figure without indicator",
        lambda t: set_field(t, "figure", "zhejiang-meeting-topics", "indicator", None),
        TOML_NAME,
        "zhejiang-meeting-topics",
        "missing field 'indicator' (only an unreviewed draft may leave it out)",
    ),
    (
        "unknown indicator",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "indicator", "nc_rates"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unknown indicator 'nc_rates'",
    ),
    (
        "unknown indicator of a derived figure",
        lambda t: set_field(t, "derived", "olympics-4k-streams-derived", "indicator", "streams"),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "unknown indicator 'streams'",
    ),
    (
        "unit of the number is not the indicator's",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "indicator", "base_stations_5g_built"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unit 'percent' differs from the unit of indicator 'base_stations_5g_built': 'count'",
    ),
    (
        "unit of a derived figure is not the indicator's",
        lambda t: set_field(t, "derived", "olympics-4k-streams-derived", "unit", "mbps"),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "unit 'mbps' differs from the unit of indicator 'simultaneous_4k_streams': 'count'",
    ),
    (
        "reviewed is not a boolean",
        lambda t: add_field(t, "figure", "hebei-nc-rate-2025", 'reviewed = "no"'),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "reviewed must be true or false, not 'no'",
    ),
    (
        "misspelt field",
        lambda t: add_field(t, "event", "cctv16-launch", "reviewd = false"),
        TOML_NAME,
        "cctv16-launch",
        "unknown field 'reviewd'",
    ),
    (
        "unknown table",
        _append('\n[[figures]]\nid = "x"\n'),
        TOML_NAME,
        "-",
        "unknown table 'figures'",
    ),
    (
        "region note of an unknown region",
        _append(
            '\n[region_notes.atlantis]\nheadline = "上接第1版"\nheadline_en = "x"\n'
            'summary = "上接第1版"\nsummary_en = "x"\n'
        ),
        TOML_NAME,
        "region_notes.atlantis",
        "unknown region 'atlantis'",
    ),
    (
        "region note not in the text",
        lambda t: t.replace('headline = "湖北： 努力实现 开局趋稳再续精彩"', 'headline = "湖北：开局趋稳"', 1),
        TOML_NAME,
        "region_notes.hubei",
        "headline not found in the article",
    ),
    (
        "region as the old format (notes belong in region_notes)",
        _append('\n[regions.hebei]\nheadline = "上接第1版"\n'),
        TOML_NAME,
        "regions.hebei",
        "unknown field 'headline' (an article's words about a region go in [region_notes.<id>])",
    ),
    (
        "region declared differently from the registry",
        _append('\n[regions.hebei]\nname_zh = "河北省"\nname_en = "Hopei"\n'),
        TOML_NAME,
        "regions.hebei",
        "declared differently in regions.toml: name_en 'Hopei' here, 'Hebei' there",
    ),
    (
        "indicator declared differently from the registry",
        _append('\n[indicators.nc_rate]\nunit = "count"\n'),
        TOML_NAME,
        "indicators.nc_rate",
        "declared differently in indicators.toml: unit 'count' here, 'percent' there",
    ),
    (
        "topic declared differently from topics.toml",
        _append('\n[[topic]]\nid = "uhd_video"\nname_zh = "超高清视频"\n'),
        TOML_NAME,
        "topic.uhd_video",
        "declared differently in topics.toml: name_zh '超高清视频' here, '超高清视频与电视' there",
    ),
    (
        "missing number",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "number", None),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "missing field 'number'",
    ),
    (
        "quote not in the text",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "quote", "关键工序数控化率达到64%"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "quote not found in the article: '关键工序数控化率达到64%'",
    ),
    (
        "event quote not in the text",
        lambda t: set_field(t, "event", "cctv16-launch", "quote", "早在2021年10月26日"),
        TOML_NAME,
        "cctv16-launch",
        "quote not found in the article",
    ),
    (
        "number not in the quote",
        lambda t: set_field(t, "figure", "olympics-venue-5g-rate", "number", "155兆"),
        TOML_NAME,
        "olympics-venue-5g-rate",
        "number '155兆' not found in the quote",
    ),
    (
        "duplicate id",
        _append(figure_block(id="olympics-venue-5g-rate", **STATED_FIGURE)),
        TOML_NAME,
        "olympics-venue-5g-rate",
        "duplicate id",
    ),
    (
        "unknown unit of a derived figure",
        lambda t: set_field(t, "derived", "olympics-4k-streams-derived", "unit", "furlong"),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "unknown unit 'furlong'",
    ),
    (
        "unknown unit in the number",
        _append(figure_block(id="rice-harvest", **(STATED_FIGURE | {"quote": "今年收获大米5斤", "number": "5斤"}))),
        TOML_NAME,
        "rice-harvest",
        "unknown unit '斤' in '5斤'",
    ),
    (
        "unknown kind",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "kind", "guess"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unknown kind 'guess'",
    ),
    (
        "derived is not a kind of stated figure",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "kind", "derived"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unknown kind 'derived'",
    ),
    (
        "unknown topic",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "topic", "weather"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unknown topic 'weather'",
    ),
    (
        "unknown region",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "region", "atlantis"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unknown region 'atlantis'",
    ),
    (
        "unknown region of an event",
        lambda t: set_field(t, "event", "cctv16-launch", "region", "atlantis"),
        TOML_NAME,
        "cctv16-launch",
        "unknown region 'atlantis'",
    ),
    (
        "bad period",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "period", "2025-2020"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "period ends before it starts",
    ),
    (
        "bad formula: a call",
        lambda t: set_field(t, "derived", "olympics-4k-streams-derived", "formula", "__import__('os')"),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "only arithmetic is allowed in \"__import__('os')\"",
    ),
    (
        "bad formula: syntax",
        lambda t: set_field(t, "derived", "olympics-4k-streams-derived", "formula", "available /"),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "not a formula",
    ),
    (
        "bad formula: unused input",
        lambda t: set_field(t, "derived", "olympics-4k-streams-derived", "formula", "available / 40"),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "inputs not used by the formula: per_stream",
    ),
    (
        "derived input that is not a figure",
        lambda t: t.replace('per_stream = "olympics-4k-uplink-required"', 'per_stream = "no-such-figure"'),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "input per_stream = 'no-such-figure' is not a stated figure",
    ),
    (
        "not_statistic text not found",
        _append('\n[[not_statistic]]\ntext = "九九八十一"\nreason = "not in the article"\n'),
        TOML_NAME,
        "not_statistic '九九八十一'",
        "text not found in the article",
    ),
    (
        "restatement of no figure",
        _append('\n[[not_statistic]]\ntext = "154兆"\nrestates = "no-such-figure"\n'),
        TOML_NAME,
        "not_statistic '154兆'",
        "restates 'no-such-figure', which is not a stated figure",
    ),
    (
        "source names another file",
        lambda t: t.replace(f'file = "{ARTICLE_PATH.name}"', 'file = "other.txt"', 1),
        TOML_NAME,
        "source",
        "file is 'other.txt'",
    ),
    (
        "not TOML",
        _append("\n[[figure]\n"),
        TOML_NAME,
        "-",
        "not valid TOML",
    ),
]


def _rename_field(table: str, item_id: str, name: str, new_name: str) -> Edit:
    def edit(text: str) -> str:
        start, end = block_span(text, table, item_id)
        block = re.sub(rf"^{name} = ", f"{new_name} = ", text[start:end], count=1, flags=re.M)
        return text[:start] + block + text[end:]

    return edit


# The contract's words (cenfigures/tables/contract.py): an unknown field is named with the closest
# declared one and the section's fields; a missing, ill-typed or unlisted value says what it must be.
FIGURE_FIELDS = (
    "id, topic, region, indicator, indicator_zh, indicator_en, period, kind, quote, number, reviewed, reviewed_by, "
    "reviewed_at, guess, note_zh, note_en"
)
ERROR_CASES += [
    (
        "misspelt field of a figure: the closest field and the section's fields",
        _rename_field("figure", "olympics-venue-5g-rate", "quote", "quoet"),
        TOML_NAME,
        "olympics-venue-5g-rate",
        f"unknown field 'quoet' (did you mean 'quote'? the fields of [[figure]]: {FIGURE_FIELDS})",
    ),
    (
        "the misspelt field's real name is then missing",
        _rename_field("figure", "olympics-venue-5g-rate", "quote", "quoet"),
        TOML_NAME,
        "olympics-venue-5g-rate",
        "missing field 'quote'",
    ),
    (
        "misspelt field of an event",
        _rename_field("event", "cctv16-launch", "title_en", "title_eng"),
        TOML_NAME,
        "cctv16-launch",
        "unknown field 'title_eng' (did you mean 'title_en'? the fields of [[event]]: id, date, date_end,",
    ),
    (
        "misspelt field of [source]",
        lambda t: t.replace("\npublisher_en = ", "\npublisher_eng = ", 1),
        TOML_NAME,
        "source",
        "unknown field 'publisher_eng' (did you mean 'publisher_en'? the fields of [source]: id, file,",
    ),
    (
        "field with nothing close: no guess, the section's fields",
        lambda t: add_field(t, "derived", "olympics-4k-streams-derived", 'colour = "red"'),
        TOML_NAME,
        "olympics-4k-streams-derived",
        "unknown field 'colour' (the fields of [[derived]]: id, topic, region,",
    ),
    (
        "misspelt table",
        _append('\n[[evnet]]\nid = "x"\n'),
        TOML_NAME,
        "-",
        "unknown table 'evnet' (did you mean 'event'? the tables of an article: source, region_notes,",
    ),
    (
        "field of the wrong type",
        lambda t: add_field(t, "figure", "hebei-nc-rate-2025", "note_en = 5"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "note_en must be text, not 5",
    ),
    (
        "inputs of a derived figure that are not a table",
        lambda t: t.replace(
            'inputs = { rank_2015 = "hebei-integration-rank-2015", rank_2020 = "hebei-integration-rank-2020" }',
            'inputs = "hebei-integration-rank-2015"',
            1,
        ),
        TOML_NAME,
        "hebei-integration-rank-gain-2015-2020",
        "inputs must be a table of names to figure ids, not 'hebei-integration-rank-2015'",
    ),
    (
        "a kind outside the contract's list names the list",
        lambda t: set_field(t, "figure", "hebei-nc-rate-2025", "kind", "plan"),
        TOML_NAME,
        "hebei-nc-rate-2025",
        "unknown kind 'plan' (one of observed, target, rank, change, cagr)",
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "item_id", "reason"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_validation_error(
    edit: Edit,
    file: str,
    item_id: str,
    reason: str,
    seeds_copy: Path,
    out_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    toml_path = seeds_copy / TOML_NAME
    original = toml_path.read_text(encoding="utf-8")
    edited = edit(original)
    assert edited != original
    toml_path.write_text(edited, encoding="utf-8")
    if "今年收获大米5斤" in edited:  # that figure needs its words in the article
        with open(seeds_copy / ARTICLE_PATH.name, "a", encoding="utf-8") as handle:
            handle.write("\n今年收获大米5斤。\n")
    before = snapshot(out_dir)

    code, lines = run_main(seeds_copy, out_dir, capsys)

    assert code == 1
    prefix = f"{file}: {item_id}: "
    assert any(line.startswith(prefix) and reason in line for line in lines), "\n".join(lines)
    assert lines[-1].startswith("prep failed:") and "left unchanged" in lines[-1]
    assert snapshot(out_dir) == before
    assert staging_leftovers(out_dir) == []


def test_non_utf8_article(seeds_copy: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (seeds_copy / ARTICLE_PATH.name).write_bytes(ARTICLE.encode("gbk"))
    before = snapshot(out_dir)

    code, lines = run_main(seeds_copy, out_dir, capsys)

    assert code == 1
    assert any(line.startswith(f"{ARTICLE_PATH.name}: -: not UTF-8 text") for line in lines), lines
    assert snapshot(out_dir) == before


def test_missing_annotation_file(seeds_copy: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (seeds_copy / TOML_NAME).unlink()
    before = snapshot(out_dir)
    code, lines = run_main(seeds_copy, out_dir, capsys)
    assert code == 1
    assert f"{TOML_NAME}: -: annotation file missing" in lines
    assert snapshot(out_dir) == before


def test_every_problem_is_named_in_one_run(seeds_copy: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml_path = seeds_copy / TOML_NAME
    text = toml_path.read_text(encoding="utf-8")
    text = set_field(text, "figure", "hebei-nc-rate-2025", "topic", "weather")
    text = set_field(text, "figure", "olympics-venue-5g-rate", "number", "155兆")
    toml_path.write_text(text, encoding="utf-8")
    code, lines = run_main(seeds_copy, out_dir, capsys)
    assert code == 1
    assert any(line.startswith(f"{TOML_NAME}: hebei-nc-rate-2025: unknown topic") for line in lines)
    assert any(line.startswith(f"{TOML_NAME}: olympics-venue-5g-rate: number") for line in lines)
    assert lines[-1].startswith(f"prep failed: {len(lines) - 1} problem(s)")


def test_main_writes_the_tables(seeds_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fresh"
    assert prep.main(["--seeds", str(seeds_copy), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}:")
    assert snapshot(out) == snapshot(DATA)


# ------------------------------------------------------------------ data/ is fresh


def test_committed_data_equals_a_fresh_build(tmp_path: Path) -> None:
    out = tmp_path / "data"
    prep.write_tables(prep.build_tables(SEEDS), out)
    fresh, committed = snapshot(out), snapshot(DATA)
    assert sorted(fresh) == sorted(committed), f"data/ has other files than a fresh build: run `{REBUILD_COMMAND}`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"data/ is stale ({', '.join(stale)}): run `{REBUILD_COMMAND}`"


# ------------------------------------------------------------------ data/ is sourced

FIGURES = read_csv(DATA / "figures.csv")
EVENTS = read_csv(DATA / "events.csv")
STATED = [row for row in FIGURES if row["kind"] != "derived"]
DERIVED = [row for row in FIGURES if row["kind"] == "derived"]
VALUES = {row["figure_id"]: Decimal(row["value"]) for row in FIGURES}


@pytest.mark.parametrize("row", STATED, ids=[row["figure_id"] for row in STATED])
def test_figure_quote_is_verbatim(row: dict[str, str]) -> None:
    start = int(row["quote_start"])
    assert row["quote"]
    assert ARTICLE[start : start + len(row["quote"])] == row["quote"]
    assert row["value_as_stated"] and row["value_as_stated"] in row["quote"]


@pytest.mark.parametrize("row", EVENTS, ids=[row["event_id"] for row in EVENTS])
def test_event_quote_is_verbatim(row: dict[str, str]) -> None:
    start = int(row["quote_start"])
    assert row["quote"]
    assert ARTICLE[start : start + len(row["quote"])] == row["quote"]


@pytest.mark.parametrize("row", read_csv(DATA / "region_notes.csv"), ids=lambda row: row["region_id"])
def test_region_notes_are_verbatim(row: dict[str, str]) -> None:
    assert row["source_id"] == "cen-2022-01-local-it"
    for key in ("headline", "summary"):
        start = int(row[f"{key}_start"])
        assert ARTICLE[start : start + len(row[key])] == row[key]


@pytest.mark.parametrize("row", read_csv(DATA / "mentions.csv")[::10], ids=lambda row: row["mention_id"])
def test_mention_offsets_are_verbatim(row: dict[str, str]) -> None:
    assert ARTICLE[int(row["start"]) : int(row["end"])] == row["text"]


def test_source_checksum() -> None:
    (source,) = read_csv(DATA / "sources.csv")
    assert source["file"] == ARTICLE_PATH.name
    assert source["sha256"] == hashlib.sha256(ARTICLE_PATH.read_bytes()).hexdigest()


def test_source_checksum_matches_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is absent")
    (source,) = read_csv(DATA / "sources.csv")
    assert source["sha256"] == hashlib.sha256(SHARED_SEED.read_bytes()).hexdigest()


# ------------------------------------------------------------------ derived figures


@pytest.mark.parametrize("row", DERIVED, ids=[row["figure_id"] for row in DERIVED])
def test_derived_value_recomputes(row: dict[str, str]) -> None:
    inputs = dict(pair.split("=", 1) for pair in row["inputs"].split(";"))
    assert inputs and all(figure_id in VALUES for figure_id in inputs.values())
    values = {name: float(VALUES[figure_id]) for name, figure_id in inputs.items()}
    values["span_years"] = int(row["period_end"]) - int(row["period_start"])
    assert float(row["value"]) == pytest.approx(evaluate(row["formula"], values), abs=5e-5)
    assert row["quote"] == row["value_as_stated"] == row["quote_start"] == ""


def test_there_are_derived_figures() -> None:
    assert len(DERIVED) >= 3


def test_derived_rank_gain_equals_the_stated_change() -> None:
    # the article says both "第19位 ... 第14位" and "前进了5个位次"; they agree
    assert VALUES["hebei-integration-rank-gain-2015-2020"] == VALUES["hebei-integration-rank-change-2015-2020"] == 5


@pytest.mark.parametrize(
    ("figure_id", "value", "unit"),
    [
        ("tv-4k-penetration-gain-2015-2020", Decimal("40.2"), "percentage_point"),  # 71% - 30.8%
        ("olympics-4k-streams-derived", Decimal("3.85"), "count"),  # 154兆 / 40兆: "三路" holds
    ],
)
def test_derived_values_of_the_article(figure_id: str, value: Decimal, unit: str) -> None:
    (row,) = [row for row in FIGURES if row["figure_id"] == figure_id]
    assert Decimal(row["value"]) == value
    assert row["unit"] == unit


def test_streams_stated_fit_the_streams_computed() -> None:
    assert VALUES["olympics-4k-streams-stated"] <= VALUES["olympics-4k-streams-derived"]


# ------------------------------------------------------------------ atomic write


def _fail_at_csv_text(monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = prep.csv_text, []

    def second_call_fails(table, rows):  # the first CSV is written, the second is not
        calls.append(table.name)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        return real(table, rows)

    monkeypatch.setattr(prep, "csv_text", second_call_fails)


def _fail_at_descriptor(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(sources):
        raise OSError("descriptor failed (simulated)")

    monkeypatch.setattr(prep, "datapackage", fail)


def _fail_at_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd):
        raise OSError("fsync failed (simulated)")

    monkeypatch.setattr(atomic.os, "fsync", fail)


def _fail_at_syncfs(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path):
        raise OSError("syncfs failed (simulated)")

    monkeypatch.setattr(atomic, "SYNC_FILESYSTEM_FROM", 1)  # as for the thousands of files of a large corpus
    monkeypatch.setattr(atomic, "sync_filesystem", fail)


def _fail_at_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(new, target):
        raise OSError("exchange failed (simulated)")

    monkeypatch.setattr(atomic, "exchange_directories", fail)


def _fail_at_fallback_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    real_rename = os.rename

    def rename(src, dst):  # the old tables move aside, the new ones cannot move in
        if ".data-new-" in str(src):
            raise OSError("rename failed (simulated)")
        real_rename(src, dst)

    monkeypatch.setattr(atomic, "exchange_directories", lambda new, target: False)
    monkeypatch.setattr(atomic.os, "rename", rename)


@pytest.mark.parametrize(
    "break_write",
    [
        _fail_at_csv_text,
        _fail_at_descriptor,
        _fail_at_fsync,
        _fail_at_syncfs,
        _fail_at_exchange,
        _fail_at_fallback_rename,
    ],
    ids=lambda f: f.__name__.removeprefix("_"),
)
def test_failed_write_leaves_out_dir_unchanged(
    break_write: Callable[[pytest.MonkeyPatch], None], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = prep.build_tables(SEEDS)
    (out_dir / "figures.csv").write_text("stale\n", encoding="utf-8")  # so that a write would show
    before = snapshot(out_dir)
    break_write(monkeypatch)

    with pytest.raises(OSError, match="simulated"):
        prep.write_tables(tables, out_dir)

    monkeypatch.undo()
    assert snapshot(out_dir) == before
    assert staging_leftovers(out_dir) == []


@pytest.mark.parametrize("exchange", ["renameat2", "fallback"])
def test_write_replaces_the_whole_folder(exchange: str, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if exchange == "fallback":
        monkeypatch.setattr(atomic, "exchange_directories", lambda new, target: False)
    (out_dir / "stale.csv").write_text("left over\n", encoding="utf-8")
    (out_dir / "figures.csv").write_text("stale\n", encoding="utf-8")
    out_dir.chmod(0o755)

    prep.write_tables(prep.build_tables(SEEDS), out_dir)

    assert snapshot(out_dir) == snapshot(DATA)
    assert staging_leftovers(out_dir) == []
    assert out_dir.stat().st_mode & 0o777 == 0o755  # not the 0700 of a temporary folder


def test_many_files_are_flushed_by_one_sync_of_the_filesystem(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From SYNC_FILESYSTEM_FROM files on, one syncfs flushes them (a fsync each waits for the disk
    each time); the folder written is the same."""
    flushed: list[Path] = []
    monkeypatch.setattr(atomic, "SYNC_FILESYSTEM_FROM", 1)
    monkeypatch.setattr(atomic, "fsync_path", flushed.append)
    synced = []
    real = atomic.sync_filesystem
    monkeypatch.setattr(atomic, "sync_filesystem", lambda path: synced.append(path) or real(path))
    prep.write_tables(prep.build_tables(SEEDS), out_dir)
    assert flushed == [] and len(synced) == 1
    assert snapshot(out_dir) == snapshot(DATA)


def test_write_creates_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "data"
    prep.write_tables(prep.build_tables(SEEDS), out)
    assert snapshot(out) == snapshot(DATA)
    assert out.stat().st_mode & 0o777 == 0o755
    assert staging_leftovers(out) == []


KILLED_WRITER = textwrap.dedent(
    """
    import pathlib, sys, time
    from cenfigures.prep import build as prep

    real, calls = pathlib.Path.write_bytes, []

    def slow(path, *args, **kwargs):
        written = real(path, *args, **kwargs)
        if path.suffix == ".csv":
            calls.append(path.name)
        if len(calls) == 1:
            print("writing", flush=True)  # the first CSV is in the staging folder
            time.sleep(2)
        return written

    pathlib.Path.write_bytes = slow
    sys.exit(prep.main(["--seeds", sys.argv[1], "--out", sys.argv[2]]))
    """
)


def test_killed_build_leaves_out_dir_unchanged(out_dir: Path) -> None:
    (out_dir / "figures.csv").write_text("stale\n", encoding="utf-8")
    before = snapshot(out_dir)
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(SEEDS), str(out_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "writing\n", process.stderr.read() if process.stderr else ""
        time.sleep(1)
        assert process.poll() is None, "the build ended before it could be killed"
        staging = [out_dir.parent / name for name in staging_leftovers(out_dir)]
        assert len(staging) == 1 and (staging[0] / "figures.csv").exists()  # killed halfway
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert snapshot(out_dir) == before


# ------------------------------------------------------------------ performance


def test_prep_takes_under_a_second(tmp_path: Path) -> None:
    started = time.perf_counter()
    prep.write_tables(prep.build_tables(SEEDS), tmp_path / "data")
    elapsed = time.perf_counter() - started
    print(f"\nbuild_tables + write_tables: {elapsed:.3f} s")
    assert elapsed < 1.0
