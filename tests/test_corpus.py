"""The corpus: region and indicator registries, topics and charts as data, several articles.

The two fixture articles (tests/fixtures/corpus/, written for these tests) are built together with
the seed article by the real command; each row must cite its own article, the registry entries
they declare must appear, and their indicator ids must join them to the seed's figures.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from cenfigures.tables import vocab
from cenfigures.tables.contract import CHART_TYPE_NAMES, HEADLINE
from cenfigures.tables.schema import TABLES
from cenfigures.tables.vocab import MEASURES, SELECTOR_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
GEOJSON = ROOT / "cenfigures" / "charts" / "geo" / "china_provinces.geojson"
SEED_TOML = "cen-2022-01-local-it-study-meetings.toml"
HEBEI_TOML = "yanzhao-2023-02-digital-transformation.toml"
UHD_TOML = "zhujiang-2024-03-uhd-video.toml"
REGIONS = tomllib.loads((SEEDS / "regions.toml").read_text(encoding="utf-8"))
INDICATORS = tomllib.loads((SEEDS / "indicators.toml").read_text(encoding="utf-8"))
TOPICS = tomllib.loads((SEEDS / "topics.toml").read_text(encoding="utf-8"))
# Ids that links and other helpers' code already use: they must never change.
KEPT_REGION_IDS = ("hebei", "guangzhou", "national", "beijing", "zhejiang", "fujian", "hubei", "xinjiang")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_prep(seeds: Path, out: Path, env: dict[str, str] | None = None, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m cenfigures.prep --seeds <seeds> --out <out>`, as a user runs it."""
    command = [
        sys.executable,
        "-m",
        "cenfigures.prep",
        "--seeds",
        str(seeds),
        *(("--out", str(out)) if out else ()),
        *args,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def corpus_copy(seeds_copy: Path) -> Path:
    """seeds/ plus the two fixture articles."""
    for path in FIXTURES.iterdir():
        shutil.copy(path, seeds_copy / path.name)
    return seeds_copy


# ------------------------------------------------------------------ the region registry


def test_every_provincial_level_division_once_and_the_national_level() -> None:
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    provinces = {region_id: r for region_id, r in REGIONS.items() if r["level"] == "province"}
    assert len(provinces) == 34 == len(features)
    assert sorted(r["map_zh"] for r in provinces.values()) == sorted(f["properties"]["name_zh"] for f in features)
    assert [r for r in REGIONS.values() if r["level"] == "country"] == [REGIONS["national"]]
    assert REGIONS["national"]["map_zh"] == ""
    assert set(KEPT_REGION_IDS) <= set(REGIONS)


def test_every_map_name_is_a_feature_of_the_geojson() -> None:
    names = {f["properties"]["name_zh"] for f in json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]}
    for row in read_csv(DATA / "regions.csv"):
        assert row["map_zh"] in names or (row["level"] == "country" and row["map_zh"] == ""), row


def _bounds(feature: dict) -> tuple[float, float, float, float]:
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    points = [point for polygon in polygons for ring in polygon for point in ring]
    return min(p[0] for p in points), max(p[0] for p in points), min(p[1] for p in points), max(p[1] for p in points)


@pytest.mark.parametrize("seeds", [SEEDS, FIXTURES], ids=["registry", "fixtures"])
def test_every_city_marker_lies_in_its_province(seeds: Path) -> None:
    features = {f["properties"]["name_zh"]: f for f in json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]}
    regions = {region_id: dict(fields) for region_id, fields in REGIONS.items()}
    for path in seeds.glob("*.toml"):  # an article may declare a region, or more fields of one
        for region_id, fields in tomllib.loads(path.read_text(encoding="utf-8")).get("regions", {}).items():
            regions.setdefault(region_id, {}).update(fields)
    cities = {region_id: r for region_id, r in regions.items() if r.get("level") == "city"}
    assert cities
    for region_id, city in cities.items():
        province = REGIONS[city["parent"]]
        west, east, south, north = _bounds(features[province["map_zh"]])
        assert west <= city["lon"] <= east and south <= city["lat"] <= north, region_id


def test_region_ids_are_pinyin_slugs_and_short_names_are_prefixes() -> None:
    for region_id, region in REGIONS.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", region_id), region_id
        assert region["name_zh"].startswith(region["short_zh"]), region_id


def test_regions_csv_is_the_whole_registry() -> None:
    rows = read_csv(DATA / "regions.csv")
    assert [row["region_id"] for row in rows] == list(REGIONS)
    guangzhou = next(row for row in rows if row["region_id"] == "guangzhou")
    assert (guangzhou["parent"], guangzhou["map_zh"], guangzhou["lon"], guangzhou["lat"]) == (
        "guangdong",
        "广东省",
        "113.26",
        "23.13",
    )


def test_region_notes_hold_the_seed_headlines() -> None:
    notes = read_csv(DATA / "region_notes.csv")
    seed = tomllib.loads((SEEDS / SEED_TOML).read_text(encoding="utf-8"))
    assert [row["region_id"] for row in notes] == list(seed["region_notes"])
    assert {row["source_id"] for row in notes} == {seed["source"]["id"]}


# ------------------------------------------------------------------ the indicator registry

SEED_INDICATORS = {
    "study_meetings": ["meeting_topics", "meeting_trainee_speakers", "key_industries", "meeting_speakers"],
    "digitization": [
        "digitized_business_share",
        "nc_rate",
        "integration_index_rank",
        "integration_index_rank_change",
        "base_stations_5g_built",
        "ii_platforms_fostered",
        "mass_innovation_pilot_projects",
        "mass_innovation_pilot_projects_rank",
        "ii_growth_index",
        "ii_growth_index_rank",
        "ii_platform_application_index",
        "ii_platform_penetration",
        "ii_platform_application_index_rank",
        "ii_platform_penetration_rank",
        "rd_tool_penetration",
        "rd_tool_penetration_change",
        "internet_plus_manufacturing_pilots",
        "smart_manufacturing_benchmarks",
        "digital_workshops",
        "ii_growth_index_gap_to_national",
        "ii_growth_index_ratio_to_national",
    ],
    "uhd_video": [
        "plan_goals",
        "plan_task_areas",
        "plan_tasks",
        "uhd_display_chain_output",
        "uhd_content_industry_size",
        "av_device_output",
        "national_innovation_centres_new",
        "leading_firm_rd_intensity",
        "uhd_programme_hours",
        "uhd_households",
        "tv_4k_penetration",
        "tv_4k_penetration_change",
        "tv_4k_penetration_cagr",
        "tv_8k_retail_volume_cagr",
        "tv_8k_retail_volume_multiple",
        "campaign_ministries",
        "cctv16_daily_broadcast_hours",
        "btv_8k_daily_broadcast_hours",
        "btv_8k_original_programme_hours",
    ],
    "olympics_5g": ["uplink_needed_4k_stream", "venue_5g_rate", "simultaneous_4k_streams", "train_studio_speed"],
}


@pytest.mark.parametrize("topic", SEED_INDICATORS)
def test_seed_figures_carry_the_agreed_indicator_ids(topic: str) -> None:
    figures = [row for row in read_csv(DATA / "figures.csv") if row["topic"] == topic]
    assert sorted({row["indicator_id"] for row in figures}) == sorted(SEED_INDICATORS[topic])


@pytest.mark.parametrize(
    ("indicator", "figure_ids"),
    [
        ("integration_index_rank", {"hebei-integration-rank-2015", "hebei-integration-rank-2020"}),
        (
            "integration_index_rank_change",
            {"hebei-integration-rank-change-2015-2020", "hebei-integration-rank-gain-2015-2020"},
        ),
        ("ii_growth_index", {"hebei-ii-growth-index-2020", "national-ii-growth-index-2020"}),
        ("rd_tool_penetration", {"hebei-rd-tool-penetration-2020", "hebei-rd-tool-penetration-2016"}),
        ("simultaneous_4k_streams", {"olympics-4k-streams-stated", "olympics-4k-streams-derived"}),
    ],
)
def test_one_indicator_joins_stated_and_derived_figures(indicator: str, figure_ids: set[str]) -> None:
    assert {
        row["figure_id"] for row in read_csv(DATA / "figures.csv") if row["indicator_id"] == indicator
    } == figure_ids


def test_every_figure_has_its_indicators_unit() -> None:
    units = {row["indicator_id"]: row["unit"] for row in read_csv(DATA / "indicators.csv")}
    assert len(units) == len(INDICATORS) == sum(len(ids) for ids in SEED_INDICATORS.values())
    for row in read_csv(DATA / "figures.csv"):
        assert row["unit"] == units[row["indicator_id"]], row["figure_id"]


def test_figure_labels_fall_back_to_the_indicator_names() -> None:
    seed = tomllib.loads((SEEDS / SEED_TOML).read_text(encoding="utf-8"))
    declared = {entry["id"]: entry for entry in seed["figure"] + seed["derived"]}
    for row in read_csv(DATA / "figures.csv"):
        entry, indicator = declared[row["figure_id"]], INDICATORS[row["indicator_id"]]
        assert row["indicator_zh"] == entry.get("indicator_zh", indicator["name_zh"])
        assert row["indicator_en"] == entry.get("indicator_en", indicator["name_en"])


def test_aliases_are_a_list_column() -> None:
    row = next(row for row in read_csv(DATA / "indicators.csv") if row["indicator_id"] == "rd_tool_penetration")
    assert row["aliases_zh"].split(";") == INDICATORS["rd_tool_penetration"]["aliases_zh"]


# ------------------------------------------------------------------ topics and charts as data


def test_topics_csv_follows_topics_toml() -> None:
    rows = read_csv(DATA / "topics.csv")
    assert [row["topic_id"] for row in rows] == [topic["id"] for topic in TOPICS["topic"]]
    for row, topic in zip(rows, TOPICS["topic"]):
        assert (row["name_zh"], row["name_en"], row["icon"], int(row["position"])) == (
            topic["name_zh"],
            topic["name_en"],
            topic["icon"],
            topic["order"],
        )
        assert row["filters"] == ";".join(topic.get("filters", []))


def test_charts_csv_follows_topics_toml() -> None:
    rows = read_csv(DATA / "charts.csv")
    declared = [(topic["id"], chart) for topic in TOPICS["topic"] for chart in topic.get("chart", [])]
    declared += [(page["id"], chart) for page in TOPICS["page"] for chart in page["chart"]]
    assert [(row["page_id"], row["chart_id"]) for row in rows] == [(page, chart["id"]) for page, chart in declared]
    for row, (_, chart) in zip(rows, declared):
        assert row["type"] in (*CHART_TYPE_NAMES, HEADLINE) and row["type"] == chart["type"]
        assert row["title_zh"] == chart.get("title_zh", "") and row["takeaway_en"] == chart.get("takeaway_en", "")
        spec = json.loads(row["spec"])
        assert set(spec) == {"select", "related", "options"}
        as_lists = lambda selector: {k: v if isinstance(v, list) else [v] for k, v in selector.items()}  # noqa: E731
        assert spec["select"] == as_lists(chart["select"])
        assert spec["related"] == {name: as_lists(s) for name, s in chart.get("related", {}).items()}
        assert spec["options"] == chart.get("options", {})
        for selector in [spec["select"], *spec["related"].values()]:
            assert all(key.removeprefix("not_") in SELECTOR_COLUMNS for key in selector)
    positions = {}
    for row in rows:
        positions.setdefault(row["page_id"], []).append(int(row["position"]))
    assert all(found == list(range(1, len(found) + 1)) for found in positions.values())


def test_the_figures_topic_enum_comes_from_the_corpus() -> None:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    topic = next(f for f in figures["schema"]["fields"] if f["name"] == "topic")
    assert topic["constraints"]["enum"] == [row["topic_id"] for row in read_csv(DATA / "topics.csv")]
    assert not hasattr(vocab, "TOPICS")  # topics are data, not a tuple in code


# ------------------------------------------------------------------ data/ is self-contained


def test_data_holds_a_byte_identical_copy_of_each_article() -> None:
    sources = read_csv(DATA / "sources.csv")
    assert sorted(p.name for p in (DATA / "articles").iterdir()) == sorted(row["file"] for row in sources)
    for row in sources:
        copy = (DATA / "articles" / row["file"]).read_bytes()
        assert copy == (SEEDS / row["file"]).read_bytes()
        assert hashlib.sha256(copy).hexdigest() == row["sha256"]


def test_data_dir_variable_moves_the_app_and_prep(tmp_path: Path) -> None:
    elsewhere = tmp_path / "other-data"
    env = {**os.environ, "CENFIGURES_DATA_DIR": str(elsewhere)}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cenfigures.tables import paths; from cenfigures.app import context; "
            "print(paths.DATA_DIR, paths.ARTICLES_DIR, context.DATA_DIR, sep='\\n')",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert shown.stdout.split() == [str(elsewhere), str(elsewhere / "articles"), str(elsewhere)], shown.stderr
    done = subprocess.run(
        [sys.executable, "-m", "cenfigures.prep"], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    assert snapshot(elsewhere) == snapshot(DATA)


# ------------------------------------------------------------------ several articles


@pytest.fixture(scope="module")
def corpus_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    """The seed and the two fixture articles built by the command, as the tables it writes."""
    seeds = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in FIXTURES.iterdir():
        shutil.copy(path, seeds / path.name)
    out = seeds.parent / "data"
    done = run_prep(seeds, out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out}:")
    tables = {table.name: read_csv(out / table.path) for table in TABLES}
    tables["_out"] = out  # type: ignore[assignment]
    return tables


def _declared_ids(toml_name: str, sections: tuple[str, ...] = ("figure", "derived")) -> set[str]:
    path = SEEDS / toml_name if (SEEDS / toml_name).exists() else FIXTURES / toml_name
    annotation = tomllib.loads(path.read_text(encoding="utf-8"))
    return {entry["id"] for section in sections for entry in annotation.get(section, [])}


def _source_id(toml_name: str) -> str:
    path = SEEDS / toml_name if (SEEDS / toml_name).exists() else FIXTURES / toml_name
    return tomllib.loads(path.read_text(encoding="utf-8"))["source"]["id"]


ARTICLES = (SEED_TOML, HEBEI_TOML, UHD_TOML)


@pytest.mark.parametrize("toml_name", ARTICLES)
def test_each_row_cites_its_own_article(corpus_tables, toml_name: str) -> None:
    source_id = _source_id(toml_name)
    figures = {row["figure_id"]: row["source_id"] for row in corpus_tables["figures"]}
    events = {row["event_id"]: row["source_id"] for row in corpus_tables["events"]}
    assert _declared_ids(toml_name) and all(figures[i] == source_id for i in _declared_ids(toml_name))
    assert all(events[i] == source_id for i in _declared_ids(toml_name, ("event",)))
    assert any(row["source_id"] == source_id for row in corpus_tables["region_notes"])
    assert any(row["source_id"] == source_id for row in corpus_tables["mentions"])
    assert [row["source_id"] for row in corpus_tables["sources"]].count(source_id) == 1


def test_quotes_and_mentions_are_verbatim_in_their_own_article(corpus_tables) -> None:
    out: Path = corpus_tables["_out"]  # type: ignore[assignment]
    texts = {
        row["source_id"]: (out / "articles" / row["file"]).read_text(encoding="utf-8")
        for row in corpus_tables["sources"]
    }
    assert len(texts) == 3
    for row in corpus_tables["sources"]:
        assert hashlib.sha256((out / "articles" / row["file"]).read_bytes()).hexdigest() == row["sha256"]
    for row in corpus_tables["figures"] + corpus_tables["events"]:
        if row["quote"]:
            start = int(row["quote_start"])
            assert texts[row["source_id"]][start : start + len(row["quote"])] == row["quote"]
    for row in corpus_tables["mentions"]:
        assert texts[row["source_id"]][int(row["start"]) : int(row["end"])] == row["text"]
    for row in corpus_tables["region_notes"]:
        text, start = texts[row["source_id"]], int(row["headline_start"])
        assert text[start : start + len(row["headline"])] == row["headline"]


def test_the_new_region_indicator_and_topic_are_in_the_tables(corpus_tables) -> None:
    suzhou = next(row for row in corpus_tables["regions"] if row["region_id"] == "suzhou")
    assert (suzhou["level"], suzhou["parent"], suzhou["map_zh"], suzhou["short_zh"]) == (
        "city",
        "jiangsu",
        "江苏省",
        "苏州",
    )
    assert len(corpus_tables["regions"]) == len(REGIONS) + 1  # Guangzhou declared again is one region
    assert [row for row in corpus_tables["topics"] if row["topic_id"] == "smart_manufacturing"][0]["position"] == "40"
    assert any(row["indicator_id"] == "smart_demo_factories" for row in corpus_tables["indicators"])
    (figure,) = [row for row in corpus_tables["figures"] if row["region_id"] == "suzhou"]
    assert (figure["topic"], figure["indicator_id"], figure["region"], figure["value"]) == (
        "smart_manufacturing",
        "smart_demo_factories",
        "苏州市",
        "46",
    )
    assert {
        row["region_id"] for row in corpus_tables["region_notes"] if row["source_id"] == "yanzhao-2023-02-digital"
    } == {"hebei", "suzhou"}
    assert len([row for row in corpus_tables["region_notes"] if row["region_id"] == "hebei"]) == 2


def _by(rows, indicator: str, period: str, region: str) -> list[dict[str, str]]:
    return [r for r in rows if (r["indicator_id"], r["period"], r["region_id"]) == (indicator, period, region)]


def test_indicator_ids_join_the_articles(corpus_tables) -> None:
    figures = corpus_tables["figures"]
    seed, hebei, uhd = (_source_id(name) for name in ARTICLES)
    nc_rate = {(r["period"], r["kind"], r["source_id"], r["value"]) for r in figures if r["indicator_id"] == "nc_rate"}
    assert nc_rate == {("2025", "target", seed, "63"), ("2022", "observed", hebei, "61.2")}
    ranks = {
        (r["period"], r["source_id"], r["value"]) for r in figures if r["indicator_id"] == "integration_index_rank"
    }
    assert ranks == {("2015", seed, "19"), ("2020", seed, "14"), ("2022", hebei, "12")}
    # corroboration: the same value from two articles
    assert {(r["source_id"], r["value"]) for r in _by(figures, "tv_4k_penetration", "2020", "national")} == {
        (seed, "71"),
        (uhd, "71"),
    }
    # conflict: the same indicator, region and period, different values
    assert {(r["source_id"], r["value"]) for r in _by(figures, "tv_4k_penetration", "2015", "national")} == {
        (seed, "30.8"),
        (uhd, "31.2"),
    }
    # target vs outcome: a target of one article, the observed value of another
    output = {
        (r["kind"], r["source_id"], r["qualifier"], r["value"])
        for r in _by(figures, "uhd_display_chain_output", "2023", "guangzhou")
    }
    assert output == {("target", seed, "more_than", "250000000000"), ("observed", uhd, "exact", "265000000000")}


def test_review_fields_of_drafted_entries(corpus_tables) -> None:
    unreviewed = {row["figure_id"]: row for row in corpus_tables["figures"] if row["reviewed"] == "false"}
    assert set(unreviewed) == {"yanzhao-suzhou-smart-demo-factories-2022"}
    assert unreviewed["yanzhao-suzhou-smart-demo-factories-2022"]["guess"].startswith("截至2022年底 -> period 2022")
    assert {row["reviewed"] for row in corpus_tables["figures"]} == {"true", "false"}
    assert all(row["guess"] == "" for row in corpus_tables["figures"] if row["reviewed"] == "true")
    events = {row["event_id"]: row for row in corpus_tables["events"]}
    assert events["yanzhao-hebei-work-conference-2023"]["reviewed"] == "false"
    assert events["yanzhao-hebei-work-conference-2023"]["guess"]
    assert all(
        row["reviewed"] == "true" for row in corpus_tables["events"] if not row["event_id"].startswith("yanzhao")
    )
    assert [row["reviewed"] for row in corpus_tables["sources"]] == ["true", "true", "true"]


def test_the_corpus_enum_and_sources_in_the_descriptor(corpus_tables) -> None:
    out: Path = corpus_tables["_out"]  # type: ignore[assignment]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    topic = next(f for f in events["schema"]["fields"] if f["name"] == "topic")
    assert "smart_manufacturing" in topic["constraints"]["enum"]
    assert sorted(s["path"] for s in descriptor["sources"]) == sorted(
        f"articles/{r['file']}" for r in corpus_tables["sources"]
    )


# ------------------------------------------------------------------ the corpus as a whole is checked

Edit = Callable[[str], str]


def _replace(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _append(block: str) -> Edit:
    return lambda text: text + block


CORPUS_ERRORS: list[tuple[str, str, Edit, str, str, str]] = [
    # (case, file edited, edit, file named, item named, reason)
    ("corpus file that is not TOML", "regions.toml", _append("\n[hebei\n"), "regions.toml", "-", "not valid TOML"),
    (
        "unknown chart type",
        "topics.toml",
        _replace('type = "rank_over_time"', 'type = "pie"'),
        "topics.toml",
        "chart digitization.ranks",
        "unknown type 'pie'",
    ),
    (
        "unknown selector attribute",
        "topics.toml",
        _replace('select = { topic = "digitization", kind = "target" }', 'select = { colour = "red" }'),
        "topics.toml",
        "chart digitization.targets",
        "select: unknown attribute 'colour'",
    ),
    (
        "unknown selector indicator",
        "topics.toml",
        _replace(
            'related.change = { indicator = "tv_4k_penetration_change" }',
            'related.change = { indicator = "tv_4k_delta" }',
        ),
        "topics.toml",
        "chart uhd_video.penetration_4k",
        "related.change: unknown indicator 'tv_4k_delta'",
    ),
    (
        "unknown selector topic",
        "topics.toml",
        _replace('select = { topic = "study_meetings" }', 'select = { topic = "meetings" }'),
        "topics.toml",
        "chart regions.meeting_figures",
        "select: unknown topic 'meetings'",
    ),
    (
        "unknown selector kind after not_",
        "topics.toml",
        _replace('select = { topic = "digitization", kind = "target" }', 'select = { not_kind = "guess" }'),
        "topics.toml",
        "chart digitization.targets",
        "select: unknown kind 'guess'",
    ),
    (
        "unknown selector source",
        "topics.toml",
        _replace('select = { topic = "study_meetings" }', 'select = { source = "no-such-article" }'),
        "topics.toml",
        "chart regions.meeting_figures",
        "select: unknown source 'no-such-article'",
    ),
    (
        "selector value of the wrong type",
        "topics.toml",
        _replace('select = { topic = "study_meetings" }', "select = { period = 2022 }"),
        "topics.toml",
        "chart regions.meeting_figures",
        "select: period must be a text value or a non-empty list of them",
    ),
    (
        "duplicate chart id on a page",
        "topics.toml",
        _replace('id = "ranks"', 'id = "targets"'),
        "topics.toml",
        "chart digitization.targets",
        "duplicate chart id on the page",
    ),
    (
        "duplicate topic id",
        "topics.toml",
        _append(
            '\n[[topic]]\nid = "uhd_video"\nname_zh = "超高清视频与电视"\n'
            'name_en = "Ultra-HD video and TV"\norder = 20\n'
        ),
        "topics.toml",
        "topic.uhd_video",
        "declared twice in this file",
    ),
    (
        "bad template",
        "topics.toml",
        _replace('title_zh = "{region}全国排名（第1位在上）"', 'title_zh = "{region全国排名"'),
        "topics.toml",
        "chart digitization.ranks",
        "title_zh: not a template",
    ),
    (
        "template reaching into a value",
        "topics.toml",
        _replace('title_zh = "{region}全国排名（第1位在上）"', 'title_zh = "{region.__class__}"'),
        "topics.toml",
        "chart digitization.ranks",
        "title_zh: template values must be plain names",
    ),
    (
        "unknown filter",
        "topics.toml",
        _replace('filters = ["source", "kind"]', 'filters = ["source", "colour"]'),
        "topics.toml",
        "topic.olympics_5g",
        "filters must be a list of distinct filter names",
    ),
    (
        "topic without order",
        "topics.toml",
        _replace("order = 5\n", ""),
        "topics.toml",
        "topic.study_meetings",
        "missing field 'order'",
    ),
    (
        "page with a topic's id",
        "topics.toml",
        _replace('[[page]]\nid = "timeline"', '[[page]]\nid = "uhd_video"'),
        "topics.toml",
        "page.uhd_video",
        "a page may not have a topic's id",
    ),
    (
        "city without parent",
        "regions.toml",
        _append(
            '\n[shenzhen]\nname_zh = "深圳市"\nname_en = "Shenzhen"\nshort_zh = "深圳"\n'
            'level = "city"\nlon = 114.06\nlat = 22.54\n'
        ),
        "regions.toml",
        "regions.shenzhen",
        "a city needs parent = a province-level region id, not None",
    ),
    (
        "city whose parent is a city",
        "regions.toml",
        _append(
            '\n[shenzhen]\nname_zh = "深圳市"\nname_en = "Shenzhen"\nshort_zh = "深圳"\nlevel = "city"\nparent = '
            '"guangzhou"\nlon = 114.06\nlat = 22.54\n'
        ),
        "regions.toml",
        "regions.shenzhen",
        "a city needs parent = a province-level region id, not 'guangzhou'",
    ),
    (
        "city on another province's map",
        "regions.toml",
        _replace('map_zh = "广东省"\nlon', 'map_zh = "广西壮族自治区"\nlon'),
        "regions.toml",
        "regions.guangzhou",
        "map_zh '广西壮族自治区' is not its province's '广东省'",
    ),
    (
        "city marker outside China",
        "regions.toml",
        _replace("lon = 113.26", "lon = 23.13"),
        "regions.toml",
        "regions.guangzhou",
        "a city needs lon (a number from 73 to 136), not 23.13",
    ),
    (
        "unknown level",
        "regions.toml",
        _replace(
            'name_en = "Hebei"\nshort_zh = "河北"\nlevel = "province"',
            'name_en = "Hebei"\nshort_zh = "河北"\nlevel = "county"',
        ),
        "regions.toml",
        "regions.hebei",
        "unknown level 'county' (one of country, province, city)",
    ),
    (
        "province without map name",
        "regions.toml",
        _replace('map_zh = "河北省"\n', ""),
        "regions.toml",
        "regions.hebei",
        "missing field 'map_zh'",
    ),
    (
        "region id that is no slug",
        "regions.toml",
        _append(
            '\n[Hainan_Island]\nname_zh = "海南岛"\nname_en = "Hainan Island"\nshort_zh = "海南岛"\n'
            'level = "city"\nparent = "hainan"\nlon = 109.8\nlat = 19.0\n'
        ),
        "regions.toml",
        "regions.Hainan_Island",
        "id must be lowercase letters, digits and '-'",
    ),
    (
        "unknown unit of an indicator",
        "indicators.toml",
        _replace(
            (
                '[nc_rate]\nname_zh = "关键工序数控化率"\n'
                'name_en = "Numerical-control rate of key processes"\nunit = "percent"'
            ),
            (
                '[nc_rate]\nname_zh = "关键工序数控化率"\n'
                'name_en = "Numerical-control rate of key processes"\nunit = "per cent"'
            ),
        ),
        "indicators.toml",
        "indicators.nc_rate",
        "unknown unit 'per cent'",
    ),
    (
        "unknown measure of an indicator",
        "indicators.toml",
        _replace(
            'name_en = "Numerical-control rate of key processes"\nunit = "percent"\nmeasure = "rate"',
            'name_en = "Numerical-control rate of key processes"\nunit = "percent"\nmeasure = "total"',
        ),
        "indicators.toml",
        "indicators.nc_rate",
        "unknown measure 'total' (one of stock, flow, rate, rank)",
    ),
    (
        "indicator unit that its figures do not have",
        "indicators.toml",
        _replace(
            'name_en = "Numerical-control rate of key processes"\nunit = "percent"',
            'name_en = "Numerical-control rate of key processes"\nunit = "count"',
        ),
        SEED_TOML,
        "hebei-nc-rate-2025",
        "unit 'percent' differs from the unit of indicator 'nc_rate': 'count'",
    ),
    (
        "indicator without a name",
        "indicators.toml",
        _replace('name_en = "Numerical-control rate of key processes"\n', ""),
        "indicators.toml",
        "indicators.nc_rate",
        "missing field 'name_en'",
    ),
    (
        "alias list of the wrong type",
        "indicators.toml",
        _replace('aliases_zh = ["研发设计工具普及率"]', 'aliases_zh = "研发设计工具普及率"'),
        "indicators.toml",
        "indicators.rd_tool_penetration",
        "aliases_zh must be a list of wordings",
    ),
    (
        "figure id used by another article",
        UHD_TOML,
        _replace('id = "zhujiang-tv-4k-penetration-2015"', 'id = "tv-4k-penetration-2015"'),
        UHD_TOML,
        "tv-4k-penetration-2015",
        f"duplicate id: also used in {SEED_TOML}",
    ),
    (
        "event id used by another article",
        HEBEI_TOML,
        _replace('id = "yanzhao-hebei-work-conference-2023"', 'id = "cctv16-launch"'),
        HEBEI_TOML,
        "cctv16-launch",
        f"duplicate id: also used in {SEED_TOML}",
    ),
    (
        "source id used by another article",
        UHD_TOML,
        _replace('id = "zhujiang-2024-03-uhd"', 'id = "yanzhao-2023-02-digital"'),
        UHD_TOML,
        "source",
        f"id 'yanzhao-2023-02-digital' is already the id of the source of {HEBEI_TOML}",
    ),
    (
        "region declared with another name",
        UHD_TOML,
        _replace('name_en = "Guangzhou"', 'name_en = "Canton"'),
        UHD_TOML,
        "regions.guangzhou",
        "declared differently in regions.toml: name_en 'Canton' here, 'Guangzhou' there",
    ),
    (
        "new region declared differently by two articles",
        UHD_TOML,
        _append('\n[regions.suzhou]\nname_zh = "苏州市"\nname_en = "Soochow"\n'),
        UHD_TOML,
        "regions.suzhou",
        f"declared differently in {HEBEI_TOML}: name_en 'Soochow' here, 'Suzhou' there",
    ),
    (
        "unknown region of a fixture figure",
        UHD_TOML,
        _replace('region = "guangzhou"\nindicator', 'region = "guangzhou-city"\nindicator'),
        UHD_TOML,
        "zhujiang-guangzhou-uhd-display-output-2023",
        "unknown region 'guangzhou-city'",
    ),
    (
        "unknown indicator of a fixture figure",
        HEBEI_TOML,
        _replace('indicator = "smart_demo_factories"\nperiod', 'indicator = "smart_factories"\nperiod'),
        HEBEI_TOML,
        "yanzhao-suzhou-smart-demo-factories-2022",
        "unknown indicator 'smart_factories'",
    ),
    (
        "chart of an article's topic with an unknown type",
        HEBEI_TOML,
        _append(
            '\n[[topic.chart]]\nid = "factories"\ntype = "pie"\ntab_zh = "示范工厂"\ntab_en = "Factories"\n'
            'title_zh = "智能制造示范工厂"\ntitle_en = "Demonstration factories"\n'
            'select = { topic = "smart_manufacturing" }\n'
        ),
        HEBEI_TOML,
        "chart smart_manufacturing.factories",
        "unknown type 'pie'",
    ),
]


# Charts against their type's declaration (cenfigures/tables/contract.py): options, related
# selections and template values the type does not know are refused with the type's own list.
CORPUS_ERRORS += [
    (
        "misspelt chart option: the closest option and the type's options",
        "topics.toml",
        _replace("options = { outcomes = true }", "options = { outcome = true }"),
        "topics.toml",
        "chart digitization.targets",
        "options: unknown option 'outcome' (did you mean 'outcomes'? the options of comparison: outcomes, panels)",
    ),
    (
        "misspelt option of another type",
        "topics.toml",
        _replace('options = { need = "uplink', 'options = { needs = "uplink'),
        "topics.toml",
        "chart olympics_5g.uplink",
        "options: unknown option 'needs' (did you mean 'need'? the options of capacity: need, capacity, "
        "mark_zh, mark_en)",
    ),
    (
        "option of the wrong type",
        "topics.toml",
        _replace("options = { outcomes = true }", 'options = { outcomes = "yes" }'),
        "topics.toml",
        "chart digitization.targets",
        "options: option outcomes must be true or false, not 'yes'",
    ),
    (
        "option value outside its list",
        "topics.toml",
        _replace("options = { outcomes = true }", 'options = { panels = "region" }'),
        "topics.toml",
        "chart digitization.targets",
        "options: option panels 'region' is not one of unit",
    ),
    (
        "an option for a type that has none",
        "topics.toml",
        _replace('type = "timeline"', 'type = "timeline"\noptions = { zoom = 2 }'),
        "topics.toml",
        "chart timeline.timeline",
        "options: unknown option 'zoom' (the options of timeline: none)",
    ),
    (
        "related selection the type does not read",
        "topics.toml",
        _replace('related.change = { topic = "digitization", unit', 'related.changes = { topic = "digitization", unit'),
        "topics.toml",
        "chart digitization.ranks",
        "related: unknown selection 'changes' (did you mean 'change'? the related selections rank_over_time reads: "
        "change)",
    ),
    (
        "template value the type does not fill",
        "topics.toml",
        _replace('title_zh = "{region}{last_year}年目标', 'title_zh = "{regoin}{last_year}年目标'),
        "topics.toml",
        "chart digitization.targets",
        "title_zh: unknown template value 'regoin' (did you mean 'region'? the values of comparison: region,",
    ),
    (
        "misspelt chart field",
        "topics.toml",
        _replace("options = { outcomes = true }", "option = { outcomes = true }"),
        "topics.toml",
        "chart digitization.targets",
        "unknown field 'option' (did you mean 'options'? the fields of [[topic.chart]], [[page.chart]]: id, type,",
    ),
    (
        "a headline card off the overview",
        "topics.toml",
        _replace('id = "region_map"\ntype = "map"', 'id = "region_map"\ntype = "headline"'),
        "topics.toml",
        "chart regions.region_map",
        "a headline card belongs to [[page]] id = 'overview'",
    ),
    (
        "a chart on the overview",
        "topics.toml",
        _replace('id = "venue_5g"\ntype = "headline"', 'id = "venue_5g"\ntype = "counts"'),
        "topics.toml",
        "chart overview.venue_5g",
        "the overview holds headline cards only, not a 'counts' chart",
    ),
    (
        "order of the wrong type",
        "topics.toml",
        _replace("order = 5\n", 'order = "5"\n'),
        "topics.toml",
        "topic.study_meetings",
        "order must be a whole number, not '5'",
    ),
]


@pytest.mark.parametrize(
    ("edited", "edit", "file", "item_id", "reason"), [c[1:] for c in CORPUS_ERRORS], ids=[c[0] for c in CORPUS_ERRORS]
)
def test_corpus_error(
    corpus_copy: Path, tmp_path: Path, edited: str, edit: Edit, file: str, item_id: str, reason: str
) -> None:
    path = corpus_copy / edited
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "data"
    shutil.copytree(DATA, out)
    before = snapshot(out)

    done = run_prep(corpus_copy, out)

    lines = done.stderr.splitlines()
    assert done.returncode == 1, done.stdout
    assert any(line.startswith(f"{file}: {item_id}: ") and reason in line for line in lines), "\n".join(lines)
    assert all(re.fullmatch(r"[^:]+: [^:]+: .+", line) for line in lines[:-1]), (
        "one problem per line: file: item: reason"
    )
    assert lines[-1].startswith(f"prep failed: {len(lines) - 1} problem(s)")
    assert snapshot(out) == before


def test_a_chart_of_an_articles_topic_reaches_charts_csv(corpus_copy: Path, tmp_path: Path) -> None:
    # The Hebei fixture declares its new topic with one chart, in the article's own TOML.
    done = run_prep(corpus_copy, tmp_path / "data")
    assert done.returncode == 0, done.stderr
    (row,) = [r for r in read_csv(tmp_path / "data" / "charts.csv") if r["page_id"] == "smart_manufacturing"]
    assert (row["chart_id"], row["type"], row["position"]) == ("factories", "counts", "1")
    assert json.loads(row["spec"]) == {"select": {"topic": ["smart_manufacturing"]}, "related": {}, "options": {}}
    path = corpus_copy / HEBEI_TOML  # the same chart id twice on one page is refused
    path.write_text(
        path.read_text(encoding="utf-8")
        + (
            '\n[[topic.chart]]\nid = "factories"\ntype = "counts"\ntab_zh = "x"\ntab_en = "x"\n'
            'title_zh = "x"\ntitle_en = "x"\nselect = {}\n'
        ),
        encoding="utf-8",
    )
    assert "duplicate chart id on the page" in run_prep(corpus_copy, tmp_path / "data2").stderr


def test_identical_declarations_merge(corpus_copy: Path, tmp_path: Path) -> None:
    """Guangzhou is declared in regions.toml and (identically) by an article; adding the seed's
    topic to an article as it stands in topics.toml is accepted too."""
    path = corpus_copy / UHD_TOML
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[topic]]\nid = "uhd_video"\nname_en = "Ultra-HD video and TV"\norder = 20\n',
        encoding="utf-8",
    )
    done = run_prep(corpus_copy, tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert [r["topic_id"] for r in read_csv(tmp_path / "data" / "topics.csv")].count("uhd_video") == 1


def test_a_missing_corpus_file_is_named(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "indicators.toml").unlink()
    done = run_prep(seeds_copy, tmp_path / "data")
    assert done.returncode == 1
    assert "indicators.toml: -: corpus file missing" in done.stderr
    assert len(done.stderr.splitlines()) == 2  # the cause, not every figure's "unknown indicator"
    assert not (tmp_path / "data").exists()


def test_every_problem_of_the_corpus_in_one_run(corpus_copy: Path, tmp_path: Path) -> None:
    for name, old, new in [
        (UHD_TOML, 'name_en = "Guangzhou"', 'name_en = "Canton"'),
        (HEBEI_TOML, 'indicator = "nc_rate"', 'indicator = "nc"'),
        ("topics.toml", 'type = "counts"', 'type = "dots"'),
    ]:
        path = corpus_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    done = run_prep(corpus_copy, tmp_path / "data")
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert any(
        line.startswith(f"{UHD_TOML}: regions.guangzhou: declared differently in regions.toml") for line in lines
    )
    assert any(line.startswith(f"{HEBEI_TOML}: yanzhao-hebei-nc-rate-2022: unknown indicator 'nc'") for line in lines)
    assert any(line.startswith("topics.toml: chart digitization.counts: unknown type 'dots'") for line in lines)


def test_every_registry_indicator_says_what_it_measures() -> None:
    """seeds/indicators.toml: each indicator is a stock, a flow, a rate or a rank (the drafter joins
    a figure only to an indicator of its own measure)."""
    registry = tomllib.loads((SEEDS / "indicators.toml").read_text(encoding="utf-8"))
    undeclared = [i for i, entry in registry.items() if entry.get("measure") not in MEASURES]
    assert undeclared == []
    assert registry["base_stations_5g_built"]["measure"] == "flow"  # built over a period, not in service
