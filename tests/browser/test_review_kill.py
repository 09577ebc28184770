"""The server killed during a save from the review screen: an editor (the editor password) accepts an
entry and saves on a corpus of 50 articles (the review fixture, written for tests, beside 49 copies of
the seed: a rebuild of a few seconds), and the server's whole process group gets SIGKILL 0.3 and 1.5 s
after the click (part-way through the save) and once the save is shown done. Each time the TOML is the
old or the new version, data/ is the build of the old TOML or of the TOML as it is, never a mix; a server
started again finishes or forgets the save on the review screen, after which data/ is the build of the
TOML and the history holds a finished save. (tests/test_review.py kills the save itself, outside a
server, at eight moments.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.prep_scale import make_corpus
from cenfigures.prep.build import build_tables, write_tables
from cenfigures.view.labels import text

from .conftest import REPO_ROOT, PageLog, guarded_page, launch_streamlit, problems, wait_for_app

pytestmark = pytest.mark.slow

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "review" / "jiangsu-smart-manufacturing-2024.txt"
SOURCE_ID = FIXTURE.stem
NAME = f"{SOURCE_ID}.toml"
PASSWORD = "editor-kill-test"
DELAYS = (0.3, 1.5, None)  # seconds between the click on Save and the kill; None: once the save is shown done


def tables(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def built(seeds: Path, folder: Path) -> dict[str, bytes]:
    write_tables(build_tables(seeds), folder)
    return tables(folder)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("kill")
    seeds, data = folder / "seeds", folder / "data"
    make_corpus(49, seeds)
    shutil.copy2(FIXTURE, seeds / FIXTURE.name)
    done = subprocess.run(
        [sys.executable, "-m", "cenfigures.draft", str(seeds / FIXTURE.name), "--published", "2024-03-12"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return seeds, data, (seeds / NAME).read_text(encoding="utf-8")


def server(seeds: Path, data: Path):
    return launch_streamlit(
        env={
            "CENFIGURES_SEEDS_DIR": str(seeds),
            "CENFIGURES_DATA_DIR": str(data),
            "CENFIGURES_EDITOR_PASSWORD": PASSWORD,
            "CENFIGURES_PASSWORD": "",
            "CENFIGURES_PROXY_SECRET": "",
            "CENFIGURES_EDITORS": "",
        }
    )


def open_review(browser, url: str):
    log = PageLog()
    context, page = guarded_page(browser, log)
    page.goto(f"{url}/review?source={SOURCE_ID}")
    wait_for_app(page)
    page.locator('input[type="password"]').fill(PASSWORD)
    page.locator("button:visible", has_text=text("editor.submit", "zh")).first.click()
    page.locator(".st-key-rv-progress").wait_for(timeout=60000)
    wait_for_app(page)
    return context, page, log


def test_a_server_killed_during_a_save_leaves_old_or_new_never_a_mix(corpus, browser, tmp_path):
    seeds, data, drafted = corpus
    old = built(seeds, tmp_path / "old")
    outcomes = []
    for delay in DELAYS:
        (seeds / NAME).write_text(drafted, encoding="utf-8")
        shutil.rmtree(seeds / ".git", ignore_errors=True)
        (seeds / ".review-save.json").unlink(missing_ok=True)
        write_tables(build_tables(seeds), data)
        running = server(seeds, data)
        try:
            context, page, _ = open_review(browser, running.url)
            page.locator("body").press("Alt+a")  # accept 001
            wait_for_app(page)
            assert text("rv.unsaved", "zh") in page.locator(".st-key-rv-progress").inner_text()
            page.locator(".st-key-rv-progress button:visible", has_text=text("rv.save", "zh")).first.click()
            if delay is None:
                saved = text("rv.saved", "zh", commit="", count=1, seconds="").split("（")[0]
                page.locator(".st-key-rv-progress", has_text=saved).wait_for(timeout=120000)
            else:
                time.sleep(delay)
            os.killpg(running.proc.pid, signal.SIGKILL)
            running.proc.wait(timeout=30)
            context.close()
        finally:
            running.stop()
        toml = (seeds / NAME).read_text(encoding="utf-8")
        toml_state = "old" if toml == drafted else "new"
        if toml_state == "new":
            assert 'reviewed_by = "editor (password)"' in toml
            assert [line for line in toml.splitlines() if not line.startswith("reviewed")] == [
                line for line in drafted.splitlines() if not line.startswith("reviewed")
            ]
        now = tables(data)
        if now == old:
            data_state = "old"
        else:
            assert toml_state == "new", "data/ of a TOML that was never written"
            assert now == built(seeds, tmp_path / f"new-{delay}"), "data/ is neither the old build nor the new"
            data_state = "new"
        outcomes.append((delay, toml_state, data_state))
        # started again: the review screen finishes or forgets the save
        running = server(seeds, data)
        try:
            context, page, log = open_review(browser, running.url)
            context.close()
            assert not problems(log, console=False)
        finally:
            running.stop()
        assert not (seeds / ".review-save.json").exists()
        assert tables(data) == built(seeds, tmp_path / f"after-{delay}")
        if toml_state == "new":
            authors = subprocess.run(
                ["git", "-C", str(seeds), "log", "--format=%an", "--", NAME], capture_output=True, text=True
            ).stdout.split("\n")
            assert authors[0] == "editor (password)", authors
    print("\nkilled after (s), TOML, data/:", outcomes)
    # a timed kill landed before the save was done (how far it got depends on the machine's load: the
    # TOML is written a few tenths of a second after the click, the rebuild of 50 articles takes
    # seconds), the last one after it
    assert any(tuple(state) != ("new", "new") for delay, *state in outcomes if delay is not None), outcomes
    assert outcomes[-1][1:] == ("new", "new"), outcomes
