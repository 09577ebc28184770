"""The review engine (cenfigures/review/): corrections written in place keeping the file's layout,
prep's verdict filed entry by entry in prep's own words, saves that are refused when the file changed
or prep objects, commits by the editor in the corpus folder's own repository, restores, and a save
interrupted at any point finished or forgotten. The corpus: a copy of seeds/ with the review fixture
article (written for tests) drafted by the drafter, in a temporary folder."""

from __future__ import annotations

import difflib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from cenfigures.prep.build import build_tables, write_tables
from cenfigures.review import history
from cenfigures.review.changes import commit_message, entry_changes
from cenfigures.review.check import annotation_of, check, progress
from cenfigures.review.corrections import Corrections, apply
from cenfigures.review.entries import entries_of, key_of_item
from cenfigures.review.save import JOURNAL, Conflict, Refused, read_version, recover, restore, save

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "review" / "jiangsu-smart-manufacturing-2024.txt"
NAME = "jiangsu-smart-manufacturing-2024.toml"
SOURCE_ID = "jiangsu-smart-manufacturing-2024"
AT = "2026-12-01T08:00:00Z"


def fig(number: int) -> str:
    return f"figure:{SOURCE_ID}-{number:03d}"


def make_corpus(folder: Path) -> tuple[Path, Path]:
    """seeds/ (the corpus files, the seed article, the fixture drafted) and data/ built from it."""
    seeds, data = folder / "seeds", folder / "data"
    seeds.mkdir(parents=True)
    for path in (ROOT / "seeds").iterdir():
        shutil.copy2(path, seeds / path.name)
    shutil.copy2(FIXTURE, seeds / FIXTURE.name)
    done = subprocess.run(
        [sys.executable, "-m", "cenfigures.draft", str(seeds / FIXTURE.name), "--published", "2024-03-12"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    write_tables(build_tables(seeds), data)
    return seeds, data


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    seeds, _ = make_corpus(tmp_path_factory.mktemp("drafted"))
    return seeds


@pytest.fixture
def corpus(drafted: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the drafted corpus, its data built, for a test that writes."""
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(drafted, seeds)
    write_tables(build_tables(seeds), data)
    return seeds, data


def text_of(seeds: Path) -> str:
    return (seeds / NAME).read_text(encoding="utf-8")


# ------------------------------------------------------------------ writing corrections


def test_no_correction_leaves_the_file_byte_for_byte(drafted):
    text = text_of(drafted)
    assert apply(text, Corrections(), "alice", AT) == text


def test_a_correction_changes_only_its_lines_and_keeps_comments_and_guesses(drafted):
    text = text_of(drafted)
    corrections = Corrections()
    corrections.change(fig(11), "kind", "observed")
    corrections.change(fig(11), "period", "2021")
    corrections.change(fig(8), "indicator", "smart_manufacturing_benchmarks")
    after = apply(text, corrections, "alice", AT)
    removed = [line for line in difflib.ndiff(text.splitlines(), after.splitlines()) if line.startswith("- ")]
    added = [line for line in difflib.ndiff(text.splitlines(), after.splitlines()) if line.startswith("+ ")]
    assert sorted(removed) == sorted(
        ['- kind = "target"', '- period = "2025"', "- reviewed = false", "- reviewed = false"]
    )
    assert sorted(added) == sorted(
        [
            '+ kind = "observed"',
            '+ period = "2021"',
            '+ indicator = "smart_manufacturing_benchmarks"',
            *["+ reviewed = true", '+ reviewed_by = "alice"', f'+ reviewed_at = "{AT}"'] * 2,
        ]
    )
    assert [line for line in after.splitlines() if line.startswith("#")] == [
        line for line in text.splitlines() if line.startswith("#")
    ]
    # the new field stands where the contract orders it: after region, before the labels
    entry = after[after.index(f'id = "{SOURCE_ID}-008"') :].split("[[", 1)[0].splitlines()
    names = [line.split(" =")[0] for line in entry if " = " in line]
    assert names[:5] == ["id", "topic", "region", "indicator", "indicator_zh"]
    assert names[names.index("reviewed") : names.index("reviewed") + 4] == [
        "reviewed",
        "reviewed_by",
        "reviewed_at",
        "guess",
    ]


def test_accepted_entries_are_stamped_and_the_others_left_as_drafts(drafted):
    corrections = Corrections(accepted={fig(1), fig(10)})
    raw = tomllib.loads(apply(text_of(drafted), corrections, "bob", AT))
    by_key = {entry.key: entry for entry in entries_of(raw)}
    for key in (fig(1), fig(10)):
        assert {k: by_key[key].fields[k] for k in ("reviewed", "reviewed_by", "reviewed_at")} == {
            "reviewed": True,
            "reviewed_by": "bob",
            "reviewed_at": AT,
        }
    assert by_key[fig(2)].fields["reviewed"] is False and "reviewed_by" not in by_key[fig(2)].fields
    assert progress(raw) == (2, 20)


def test_a_figure_becomes_a_not_statistic_and_a_mention_a_figure(drafted):
    corrections = Corrections()
    corrections.not_statistics[fig(6)] = "one in three: the share said again"
    corrections.figures["not_statistic:512工程"] = {
        "id": "kunshan-512",
        "topic": "digitization",
        "region": "jiangsu",
        "indicator_zh": "512工程",
        "indicator_en": "The 512 programme",
        "period": "2023",
        "kind": "observed",
        "quote": "昆山实施“5G+工业互联网”512工程",
        "number": "512工程",
    }
    raw = tomllib.loads(apply(text_of(drafted), corrections, "alice", AT))
    keys = [entry.key for entry in entries_of(raw)]
    assert fig(6) not in keys and "not_statistic:3家" in keys
    assert "not_statistic:512工程" not in keys and "figure:kunshan-512" in keys
    listed = next(e for e in entries_of(raw) if e.key == "not_statistic:3家")
    assert listed.fields["reason"] == "one in three: the share said again" and listed.fields["reviewed_by"] == "alice"
    # prep's verdict: the bare 512 is no quantity it can read (its own words)
    checked = check(drafted, NAME, apply(text_of(drafted), corrections, "alice", AT))
    assert checked.of("figure:kunshan-512")
    assert not checked.of("not_statistic:3家")


def test_a_figure_made_a_not_statistic_and_a_figure_again_leaves_no_not_statistic(drafted):
    corrections = Corrections()
    corrections.not_statistics[fig(8)] = "clicked by mistake"
    corrections.figures["not_statistic:12家"] = {
        "id": f"{SOURCE_ID}-108",
        "topic": "digitization",
        "region": "jiangsu",
        "indicator": "smart_manufacturing_benchmarks",
        "indicator_zh": "昆山市新增工业互联网标杆工厂",
        "indicator_en": "New industrial-internet benchmark factories in Kunshan",
        "period": "2023",
        "kind": "observed",
        "quote": "昆山市去年新增工业互联网标杆工厂12家",
        "number": "12家",
    }
    after = apply(text_of(drafted), corrections, "alice", AT)
    keys = [entry.key for entry in entries_of(tomllib.loads(after))]
    assert fig(8) not in keys and f"figure:{SOURCE_ID}-108" in keys and "not_statistic:12家" not in keys
    assert check(drafted, NAME, after).ok


def test_a_derived_figure_is_added_with_its_inputs_inline_and_prep_computes_it(drafted, tmp_path):
    """2022's rate: the 2023 level less the rise stated beside it. The inputs are an inline table, so
    the stamp after them stays a field of the figure (as a [derived.inputs] table it took the stamp in)."""
    corrections = Corrections()
    corrections.derived["jiangsu-nc-rate-2022"] = {
        "topic": "digitization",
        "region": "jiangsu",
        "indicator": "nc_rate",
        "period": "2022",
        "formula": "level - rise",
        "inputs": {"level": f"{SOURCE_ID}-001", "rise": f"{SOURCE_ID}-002"},
    }
    after = apply(text_of(drafted), corrections, "alice", AT)
    added = tomllib.loads(after)["derived"][-1]
    assert added["inputs"] == {"level": f"{SOURCE_ID}-001", "rise": f"{SOURCE_ID}-002"}
    assert (added["reviewed"], added["reviewed_by"], added["reviewed_at"]) == (True, "alice", AT)
    assert "\ninputs = {" in after  # inline, on one line
    checked = check(drafted, NAME, after)
    assert checked.ok, checked.lines
    seeds = tmp_path / "seeds"
    shutil.copytree(drafted, seeds)
    (seeds / NAME).write_text(after, encoding="utf-8")
    derived = next(row for row in build_tables(seeds)["figures"] if row["figure_id"] == "jiangsu-nc-rate-2022")
    assert float(derived["value"]) == pytest.approx(60.7) and derived["reviewed_by"] == "alice"


def test_declared_city_and_indicator_land_in_the_article_where_prep_reads_them(drafted):
    corrections = Corrections()
    corrections.declare(
        "regions",
        "kunshan",
        {
            "name_zh": "昆山市",
            "name_en": "Kunshan",
            "short_zh": "昆山",
            "level": "city",
            "parent": "jiangsu",
            "lon": 120.98,
            "lat": 31.38,
        },
    )
    corrections.declare(
        "indicators", "electronics_output", {"name_zh": "电子信息产业产值", "name_en": "x", "unit": "yuan"}
    )
    corrections.change(fig(9), "region", "kunshan")
    corrections.change(fig(9), "indicator", "electronics_output")
    after = apply(text_of(drafted), corrections, "alice", AT)
    assert "[regions.kunshan] # declared on the review screen by alice" in after
    assert "[indicators.electronics_output] # declared on the review screen by alice" in after
    checked = check(drafted, NAME, after)
    assert checked.ok, checked.lines
    corrections.declare(
        "regions", "kunshan", {"name_zh": "昆山市", "name_en": "Kunshan", "short_zh": "昆山", "level": "city"}
    )
    checked = check(drafted, NAME, apply(text_of(drafted), corrections, "alice", AT))
    assert checked.of("regions:kunshan") == [
        "a city needs parent = a province-level region id, not None",
        "a city needs lon (a number from 73 to 136), not None",
        "a city needs lat (a number from 3 to 54), not None",
    ]


# ------------------------------------------------------------------ prep's verdict, prep's words


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("kind", "estimate", "unknown kind 'estimate' (one of observed, target, rank, change, cagr)"),
        ("period", "2025-2021", "period ends before it starts: '2025-2021'"),
        ("period", "二〇二一", "period must be YYYY or YYYY-YYYY, not '二〇二一'"),
        ("region", "kunshan", "unknown region 'kunshan' (not in regions.toml nor declared by an article)"),
        ("indicator", "nc_rate", "unit 'yuan' differs from the unit of indicator 'nc_rate': 'percent'"),
        (
            "topic",
            "nowhere",
            "unknown topic 'nowhere' (one of study_meetings, digitization, uhd_video, olympics_5g, unplaced)",
        ),
    ],
)
def test_each_problem_is_filed_under_its_entry_in_the_words_prep_prints(drafted, tmp_path, field, value, reason):
    corrections = Corrections()
    corrections.change(fig(11), field, value)  # a corrected entry is reviewed: prep then wants an indicator too
    after = apply(text_of(drafted), corrections, "alice", AT)
    checked = check(drafted, NAME, after)
    assert reason in checked.of(fig(11)), checked.problems
    # prep, building the corpus with this file, prints the same line
    copy = tmp_path / "seeds"
    shutil.copytree(drafted, copy)
    (copy / NAME).write_text(after, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cenfigures.prep", "--seeds", str(copy), "--out", str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"{NAME}: {SOURCE_ID}-011: {reason}" in done.stderr.splitlines()
    assert f"{NAME}: {SOURCE_ID}-011: {reason}" in checked.lines


def test_a_mention_nothing_accounts_for_is_its_own_entry(drafted):
    text = text_of(drafted)
    cut = text.index('[[not_statistic]]\ntext = "512工程"')
    end = text.index("[[not_statistic]]", cut + 5)
    checked = check(drafted, NAME, text[:cut] + text[end:])
    keys = [key for key in checked.problems if key.startswith("mention:")]
    assert len(keys) == 1
    (reason,) = checked.of(keys[0])
    assert reason.startswith("numeric mention '512' at ") and "is not accounted for" in reason
    assert any(mark.key == keys[0] and mark.state == "problem" for mark in checked.marks)


@pytest.mark.parametrize(
    ("item", "key"),
    [
        (f"{SOURCE_ID}-003", fig(3)),
        ("not_statistic '512工程'", "not_statistic:512工程"),
        ("figure #4", "figure#4"),
        ("regions.kunshan", "regions:kunshan"),
        ("indicators.x_y", "indicators:x_y"),
        ("source", "source"),
        ("-", ""),
    ],
)
def test_prep_items_name_review_keys(drafted, item, key):
    assert key_of_item(tomllib.loads(text_of(drafted)), item) == key


def test_the_marks_say_each_mentions_state(drafted):
    corrections = Corrections(accepted={fig(1)})
    checked = check(drafted, NAME, apply(text_of(drafted), corrections, "alice", AT))
    states = {mark.text: mark.state for mark in checked.marks}
    assert states["62.5%"] == "figure"  # accepted: reviewed
    assert states["1.8"] == "draft"
    assert states["512"] == "not_statistic"
    assert annotation_of(drafted, SOURCE_ID) == drafted / NAME
    assert annotation_of(drafted, "no-such-article") is None


# ------------------------------------------------------------------ saving, history, restoring


def test_a_save_writes_commits_and_rebuilds(corpus):
    seeds, data = corpus
    base = read_version(seeds, NAME)
    corrections = Corrections(accepted={fig(1)})
    corrections.change(fig(8), "indicator", "smart_manufacturing_benchmarks")
    saved = save(seeds, data, NAME, base, corrections, "alice")
    assert saved is not None and history.is_repository(seeds)
    log = history.git(seeds, "log", "--format=%an|%s").decode().splitlines()
    assert log == [
        f"alice|Review {NAME}: 1 accepted, 1 corrected",
        f"{history.OUTSIDE}|The corpus as it was before the first save on the review screen",
    ]
    body = history.git(seeds, "log", "-1", "--format=%b").decode()
    assert f"{SOURCE_ID}-001: accepted" in body
    assert f"{SOURCE_ID}-008: indicator (none) -> smart_manufacturing_benchmarks" in body
    figures = (data / "figures.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in figures.splitlines() if line.startswith(f"{SOURCE_ID}-008,"))
    assert ",true,alice," in row
    assert not history.uncommitted(seeds, [NAME])
    assert not (seeds / JOURNAL).exists()


def test_a_save_against_an_older_version_is_refused_naming_who_and_what(corpus):
    seeds, data = corpus
    base = read_version(seeds, NAME)
    save(seeds, data, NAME, base, Corrections(accepted={fig(1), fig(10)}), "alice")
    written = text_of(seeds)
    mine = Corrections(accepted={fig(10)})
    with pytest.raises(Conflict) as refused:
        save(seeds, data, NAME, base, mine, "bob")
    assert refused.value.authors == ["alice"]
    assert sorted(c.label for c in refused.value.changes) == [f"{SOURCE_ID}-001", f"{SOURCE_ID}-010"]
    assert text_of(seeds) == written  # nothing written
    # applied again to the new version, bob's accept changes nothing (alice's stamp stays): nothing to save
    assert save(seeds, data, NAME, refused.value.current, mine, "bob") is None


def test_prep_refuses_and_nothing_is_written(corpus):
    seeds, data = corpus
    before, figures = text_of(seeds), (data / "figures.csv").read_bytes()
    corrections = Corrections(accepted={fig(2)})  # a reviewed figure needs an indicator
    with pytest.raises(Refused) as refused:
        save(seeds, data, NAME, read_version(seeds, NAME), corrections, "alice")
    assert (
        f"{NAME}: {SOURCE_ID}-002: missing field 'indicator' (only an unreviewed draft may leave it out)"
        in refused.value.lines
    )
    assert text_of(seeds) == before and (data / "figures.csv").read_bytes() == figures
    assert not history.is_repository(seeds)


def test_changes_made_outside_are_committed_apart_and_restore_brings_a_version_back(corpus):
    seeds, data = corpus
    original = text_of(seeds)
    save(seeds, data, NAME, read_version(seeds, NAME), Corrections(accepted={fig(1)}), "alice")
    reviewed = text_of(seeds)
    (seeds / NAME).write_text(reviewed.replace("# Draft annotation", "# A note by hand\n# Draft annotation"), "utf-8")
    saved = save(seeds, data, NAME, read_version(seeds, NAME), Corrections(accepted={fig(10)}), "bob")
    assert saved is not None
    versions = history.versions(seeds, NAME)
    assert [v.author for v in versions] == ["bob", history.OUTSIDE, "alice", history.OUTSIDE]
    first = versions[-1].commit
    restored = restore(seeds, data, NAME, read_version(seeds, NAME), first, "carol")
    assert restored is not None and text_of(seeds) == original
    assert history.versions(seeds, NAME)[0].author == "carol"
    assert history.versions(seeds, NAME)[0].subject.startswith(f"Restore {NAME} to {first[:10]}")
    assert (data / "figures.csv").read_text(encoding="utf-8-sig").count(",alice,") == 0


def test_a_corpus_inside_another_repository_gets_its_own(tmp_path, drafted):
    outer = tmp_path / "checkout"
    seeds, data = outer / "seeds", outer / "data"
    shutil.copytree(drafted, seeds)
    write_tables(build_tables(seeds), data)
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    subprocess.run(["git", "-C", str(outer), "add", "-A"], check=True)
    env = dict(
        os.environ, GIT_AUTHOR_NAME="dev", GIT_AUTHOR_EMAIL="d@x", GIT_COMMITTER_NAME="dev", GIT_COMMITTER_EMAIL="d@x"
    )
    subprocess.run(["git", "-C", str(outer), "commit", "-qm", "app"], check=True, env=env)
    outer_head = subprocess.run(["git", "-C", str(outer), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    save(seeds, data, NAME, read_version(seeds, NAME), Corrections(accepted={fig(1)}), "alice")
    assert (seeds / ".git").is_dir()
    assert (
        subprocess.run(["git", "-C", str(outer), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        == outer_head
    )
    assert (
        subprocess.run(
            ["git", "-C", str(outer), "rev-list", "--count", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        == "1"
    )


def test_entry_changes_and_the_commit_message():
    before = tomllib.loads('[[figure]]\nid = "a"\nkind = "target"\nreviewed = false\n')
    after = tomllib.loads(
        '[[figure]]\nid = "a"\nkind = "observed"\nreviewed = true\nreviewed_by = "alice"\n'
        '[[not_statistic]]\ntext = "十四五"\nreason = "plan"\n'
    )
    changes = entry_changes(before, after)
    assert [(c.label, c.what) for c in changes] == [("a", "changed"), ("十四五", "added")]
    assert commit_message("x.toml", changes) == (
        "Review x.toml: 1 corrected, 1 added\n\na: kind target -> observed\n十四五: listed as no statistic (plan)\n"
    )


# ------------------------------------------------------------------ a save killed part-way


def test_an_interrupted_save_is_finished_or_forgotten(corpus):
    seeds, data = corpus
    old = text_of(seeds)
    new = apply(old, Corrections(accepted={fig(1)}), "alice", AT)
    history.ensure_repository(seeds)
    # killed after the TOML was written, before data/ and the commit
    import json

    from cenfigures.review.save import digest

    record = {"file": NAME, "before": digest(old), "after": digest(new), "author": "alice", "message": "Review x\n"}
    (seeds / JOURNAL).write_text(json.dumps(record | {"before_text": old}), encoding="utf-8")
    (seeds / NAME).write_text(new, encoding="utf-8")
    assert recover(seeds, data) == [f"the interrupted save of {NAME} was finished"]
    assert ",true,alice," in (data / "figures.csv").read_text(encoding="utf-8-sig")
    assert history.versions(seeds, NAME)[0].author == "alice" and not (seeds / JOURNAL).exists()
    # killed before the TOML was written: nothing to finish
    (seeds / JOURNAL).write_text(json.dumps(record | {"after": "0" * 64, "before_text": new}), encoding="utf-8")
    assert recover(seeds, data) == [f"the interrupted save of {NAME} had not written it: nothing to finish"]
    assert text_of(seeds) == new and not (seeds / JOURNAL).exists()


_SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from cenfigures.review.corrections import Corrections
    from cenfigures.review.save import read_version, save
    seeds, data = Path(sys.argv[1]), Path(sys.argv[2])
    name = "jiangsu-smart-manufacturing-2024.toml"
    print("ready", flush=True)
    save(seeds, data, name, read_version(seeds, name), Corrections(accepted={sys.argv[3]}), "alice")
    print("saved", flush=True)
    """
)


def _tables(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


@pytest.mark.slow
def test_a_save_killed_at_any_moment_leaves_old_or_new_never_a_mix(corpus, tmp_path):
    """SIGKILL the saving process after 0 to 2 s: each time the TOML is the old or the new text, data/
    is the build of the old or of the new corpus (never some tables of each), and after recovery the
    two agree and the history holds the save."""
    seeds, data = corpus
    old_text = text_of(seeds)
    new_text = apply(old_text, Corrections(accepted={fig(1)}), "alice", "")
    old_tables = _tables(data)
    seen = set()
    for delay in (0.0, 0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 3.0):
        (seeds / NAME).write_text(old_text, encoding="utf-8")
        shutil.rmtree(seeds / ".git", ignore_errors=True)
        (seeds / JOURNAL).unlink(missing_ok=True)
        write_tables(build_tables(seeds), data)
        process = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(seeds), str(data), fig(1)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert process.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        toml = text_of(seeds)
        toml_state = "old" if toml == old_text else "new"
        if toml_state == "new":  # the stamp's time differs from run to run: compare without it
            assert [line for line in toml.splitlines() if not line.startswith("reviewed_at")] == new_text.splitlines()
        tables = _tables(data)
        data_state = "old" if tables == old_tables else "new"
        if data_state == "new":
            assert ",true,alice," in tables["figures.csv"].decode("utf-8-sig")
            assert tables["figures.csv"].decode("utf-8-sig").count(",alice,") == 1
        assert not (toml_state == "old" and data_state == "new")  # data/ is written after the TOML
        seen.add((toml_state, data_state))
        recover(seeds, data)
        after = _tables(data)
        rebuilt = tmp_path / f"check-{delay}"
        write_tables(build_tables(seeds), rebuilt)
        assert after == _tables(rebuilt)  # data/ is the build of the TOML as it is
        if toml_state == "new":
            assert history.versions(seeds, NAME)[0].author == "alice"
    assert ("old", "old") in seen and ("new", "new") in seen, seen
