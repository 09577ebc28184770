"""The review screen in a real browser, behind nginx with two replicas (proxy mode: each editor is a
named user, as a team runs it): alice and bob are editors, carol a viewer.

- An editor reviews the drafted fixture article (written for tests) end to end, in Chinese at 1280 px
  and in English at 390 px: accepts entries (from the keyboard and the button), corrects a kind and a
  period, declares an indicator and picks it, declares a city and makes it a figure's region, picks an
  indicator of the registry (a mismatching unit refused at once), turns a figure into a not-statistic,
  saves; the figures are then on their chart and in the explorer as reviewed, with the editor's name in
  the CSV; the history lists the save in words; a restore brings the earlier version back.
- Two editors on one article: the second save is refused naming the first editor and the entries that
  differ, the corrections stay on screen and land after loading the new version.
- A viewer, and a request without a sign-in, never reach the screen (the server refuses: no marks, no
  save button).
Screenshots at 1280x900 and 390x844 in both languages. The server killed during a save is
tests/browser/test_review_kill.py."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cenfigures.view.downloads import column_header
from cenfigures.view.labels import text
from cenfigures.view.translate import Translator

from .conftest import REPO_ROOT, _free_port, local_only_context, plotly_charts, wait_for_app

pytestmark = pytest.mark.slow

SCRIPT = REPO_ROOT / "scripts" / "run_replicas.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
USERS = {"alice": "alice-test-password", "bob": "bob-test-password", "carol": "carol-test-password"}
EDITORS = "alice,bob"
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "review" / "jiangsu-smart-manufacturing-2024.txt"
SOURCE_ID = FIXTURE.stem
NAME = f"{SOURCE_ID}.toml"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def draft(seeds: Path, data: Path) -> None:
    """The fixture article drafted afresh (a previous test's review undone) and data/ rebuilt."""
    shutil.copy2(FIXTURE, seeds / FIXTURE.name)
    (seeds / NAME).unlink(missing_ok=True)
    for command in (
        ["cenfigures.draft", str(seeds / FIXTURE.name), "--published", "2024-03-12"],
        ["cenfigures.prep", "--seeds", str(seeds), "--out", str(data)],
    ):
        done = subprocess.run([sys.executable, "-m", *command], cwd=REPO_ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def proxy():
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        if os.environ.get("CI"):
            pytest.fail("CI: nginx or openssl not found", pytrace=False)
        pytest.skip("nginx/openssl not installed (scripts/test.sh installs them)")
    run_dir = Path(tempfile.mkdtemp(prefix="cenfigures-review-"))
    seeds, data = run_dir / "seeds", run_dir / "data"
    shutil.copytree(REPO_ROOT / "seeds", seeds)
    draft(seeds, data)
    lines = []
    for user, password in USERS.items():
        hashed = subprocess.run(
            ["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True, check=True
        ).stdout.strip()
        lines.append(f"{user}:{hashed}\n")
    (run_dir / "users.htpasswd").write_text("".join(lines), encoding="utf-8")
    ports = sorted({_free_port() for _ in range(4)})[:2]
    proxy_port = _free_port()
    env = dict(
        os.environ,
        RUN_DIR=str(run_dir),
        PROXY_PORT=str(proxy_port),
        REPLICA_PORTS=" ".join(map(str, ports)),
        NGINX_BIN=NGINX,
        HTPASSWD_FILE=str(run_dir / "users.htpasswd"),
        CENFIGURES_EDITORS=EDITORS,
        CENFIGURES_SEEDS_DIR=str(seeds),
        CENFIGURES_DATA_DIR=str(data),
    )
    for name in ("CENFIGURES_PASSWORD", "CENFIGURES_PROXY_SECRET", "CENFIGURES_EDITOR_PASSWORD", "NGINX"):
        env.pop(name, None)
    with open(run_dir / "start.log", "w") as log:
        code = subprocess.call(
            ["bash", str(SCRIPT), "start"], env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        assert code == 0, (run_dir / "start.log").read_text()
        yield {"host": f"127.0.0.1:{proxy_port}", "seeds": seeds, "data": data, "replicas": ports}
    finally:
        subprocess.call(
            ["bash", str(SCRIPT), "stop"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
        shutil.rmtree(run_dir, ignore_errors=True)


class Screen:
    """The review screen of one browser, in one language: what an editor clicks and types."""

    def __init__(self, browser, proxy, user: str, lang: str, viewport: dict):
        self.external: list[str] = []
        self.context = local_only_context(
            browser,
            lambda request: self.external.append(request.url),
            viewport=viewport,
            accept_downloads=True,
            http_credentials={"username": user, "password": USERS[user]},
        )
        self.page = self.context.new_page()
        self.base = f"http://{proxy['host']}"
        self.lang = lang
        self.t = Translator(lang)
        self.clicks = 0

    def close(self) -> None:
        self.context.close()
        assert not self.external, self.external

    def label(self, key: str, **values) -> str:
        return text(key, self.lang, **values)

    def wait(self, timeout: float = 90) -> None:
        wait_for_app(self.page, timeout=timeout)
        errors = self.page.locator('[data-testid="stException"]')
        assert errors.count() == 0, errors.first.inner_text()

    def open(self, path: str = f"/review?source={SOURCE_ID}") -> None:
        self.page.goto(f"{self.base}{path}{'&' if '?' in path else '?'}lang={self.lang}")
        self.wait()

    @property
    def panel(self):
        return self.page.locator(".st-key-rv-entry")

    def progress(self) -> str:
        return self.page.locator(".st-key-rv-progress").inner_text()

    def _select(self, scope, label: str, typed: str) -> None:
        scope.get_by_label(label, exact=True).first.click()
        self.page.keyboard.type(typed)
        self.page.keyboard.press("Enter")
        self.clicks += 2
        self.wait()

    def pick(self, short: str) -> None:
        """Pick an entry by its short id ("011") in the list above its panel."""
        self._select(self.page, self.label("rv.entry"), short)
        assert self.panel.inner_text().split("\n", 1)[0].startswith(f"{SOURCE_ID}-{short}"), self.panel.inner_text()

    def kind(self, kind: str) -> None:
        self.panel.locator("button", has_text=self.t.kind(kind)).first.click()
        self.clicks += 1
        self.wait()

    def field(self, key: str, value: str) -> None:
        box = self.panel.get_by_role("textbox", name=self.label(key))
        box.fill(value)
        box.press("Enter")
        self.clicks += 2
        self.wait()

    def choose(self, key: str, typed: str) -> None:
        self._select(self.panel, self.label(key), typed)

    def popover(self, key: str):
        self.page.locator("button:visible", has_text=self.label(key)).first.click()
        self.clicks += 1
        return self.page.locator('[data-testid="stPopoverBody"]:visible').last

    def fill(self, scope, key: str, value: str, role: str = "textbox") -> None:
        scope.get_by_role(role, name=self.label(key)).fill(value)
        self.clicks += 1

    def declare_indicator(self, item_id: str, name_zh: str, name_en: str, unit: str) -> None:
        body = self.popover("rv.declare_indicator")
        self.fill(body, "rv.field.new_indicator_id", item_id)
        self.fill(body, "rv.field.name_zh", name_zh)
        self.fill(body, "rv.field.name_en", name_en)
        self._select(body, self.label("rv.field.unit"), self.t.unit(unit))
        body.locator("button", has_text=self.label("rv.declare")).click()
        self.wait()
        assert self.label("rv.declared", id=item_id) in self.page.locator('[data-testid="stMain"]').inner_text()
        self.page.keyboard.press("Escape")

    def declare_city(self, item_id: str, name_zh: str, name_en: str, short: str, province: str, lon, lat) -> None:
        body = self.popover("rv.declare_city")
        self.fill(body, "rv.field.new_region_id", item_id)
        self.fill(body, "rv.field.name_zh", name_zh)
        self.fill(body, "rv.field.name_en", name_en)
        self.fill(body, "rv.field.short_zh", short)
        self._select(body, self.label("rv.field.parent"), province)
        self.fill(body, "rv.field.lon", str(lon), role="spinbutton")
        self.fill(body, "rv.field.lat", str(lat), role="spinbutton")
        body.get_by_role("spinbutton", name=self.label("rv.field.lat")).press("Tab")
        body.locator("button", has_text=self.label("rv.declare")).click()
        self.wait()
        assert self.label("rv.declared", id=item_id) in self.page.locator('[data-testid="stMain"]').inner_text()
        self.page.keyboard.press("Escape")

    def not_statistic(self, reason: str) -> None:
        body = self.popover("rv.to_not_statistic")
        self.fill(body, "rv.field.reason", reason)
        body.locator("button", has_text=self.label("rv.to_not_statistic.do")).click()
        self.clicks += 1
        self.wait()

    def accept_next_key(self) -> None:
        self.page.locator("body").press("Alt+a")
        self.clicks += 1
        self.wait()

    def accept_next(self) -> None:
        self.page.locator("button:visible", has_text=self.label("rv.accept_next")).first.click()
        self.clicks += 1
        self.wait()

    def save(self) -> str:
        self.page.locator(".st-key-rv-progress button:visible", has_text=self.label("rv.save")).first.click()
        self.clicks += 1
        self.wait(timeout=180)
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def shoot(self, folder: Path, name: str) -> None:
        """The screen at 1280x900 and 390x844, then back at the size the test runs at."""
        size = self.page.viewport_size
        for viewport, device in ((DESKTOP, "desktop"), (PHONE, "phone")):
            self.page.set_viewport_size(viewport)
            self.page.wait_for_timeout(600)
            self.page.screenshot(path=str(folder / f"{device}-{self.lang}-{name}.png"))
        self.page.set_viewport_size(size)
        self.page.wait_for_timeout(300)


def figure_rows(data: Path) -> dict[str, dict[str, str]]:
    with (data / "figures.csv").open(encoding="utf-8-sig") as handle:
        return {row["figure_id"]: row for row in csv.DictReader(handle)}


def fid(short: str) -> str:
    return f"{SOURCE_ID}-{short}"


@pytest.mark.parametrize(("lang", "viewport"), [("zh", DESKTOP), ("en", PHONE)], ids=["zh-1280", "en-390"])
def test_an_editor_reviews_a_draft_end_to_end(proxy, browser, screenshot_dir, lang, viewport):
    seeds, data = proxy["seeds"], proxy["data"]
    draft(seeds, data)
    drafted = (seeds / NAME).read_text(encoding="utf-8")
    screen = Screen(browser, proxy, "alice", lang, viewport)
    started = time.monotonic()
    try:
        screen.open()
        assert screen.label("rv.progress", done=0, total=20) in screen.progress()
        assert screen.page.locator(".rv-article mark").count() == 20
        screen.shoot(screenshot_dir, "review")
        # accept: the first draft from the keyboard, the 2025 target with the button
        assert screen.panel.inner_text().startswith(fid("001"))
        screen.accept_next_key()
        assert screen.label("rv.progress", done=1, total=20) in screen.progress()
        screen.pick("010")
        screen.accept_next()
        assert screen.label("rv.progress", done=2, total=20) in screen.progress()
        # 2860亿元 in the first year of the 14th plan: observed in 2021, not a 2025 target
        screen.pick("011")
        screen.kind("observed")
        screen.field("rv.field.period", "2021")
        assert "missing field 'indicator'" in screen.panel.inner_text()  # prep's words, next to it
        screen.declare_indicator("software_revenue", "软件业务收入", "Software business revenue", "yuan")
        screen.choose("rv.field.indicator", "软件业务收入" if lang == "zh" else "Software business")
        assert "missing field" not in screen.panel.inner_text()
        # 12 benchmark factories in Kunshan: a city the corpus lacks, and an indicator of the registry
        screen.declare_city(
            "kunshan", "昆山市", "Kunshan", "昆山", "江苏" if lang == "zh" else "Jiangsu", 120.98, 31.38
        )
        screen.pick("008")
        screen.choose("rv.field.region", "昆山" if lang == "zh" else "Kunshan")
        screen.choose("rv.field.indicator", "数控化率" if lang == "zh" else "Numerical-control")
        refused = screen.label("rv.unit_refused", reason="")
        assert refused in screen.panel.inner_text() and "differs from the unit of indicator 'nc_rate'" in (
            screen.panel.inner_text()
        )
        screen.choose("rv.field.indicator", "智能制造标杆" if lang == "zh" else "Smart-manufacturing")
        assert refused not in screen.panel.inner_text()
        # "every 3 firms, 1 has": a way of saying the share, not a count
        screen.pick("006")
        screen.not_statistic("每3家中有1家：上面比例的另一种说法")
        assert screen.label("rv.no_problems") in screen.progress(), screen.progress()
        screen.shoot(screenshot_dir, "review-corrected")
        shown = screen.save()
        assert screen.label("rv.saved", commit="", count=6, seconds="").split("（")[0].split("(")[0] in shown
        review_seconds = time.monotonic() - started
        print(f"\nreview screen, {lang} {viewport['width']} px: {screen.clicks} actions, {review_seconds:.0f} s")

        rows = figure_rows(data)
        for short in ("001", "008", "010", "011"):
            assert (rows[fid(short)]["reviewed"], rows[fid(short)]["reviewed_by"]) == ("true", "alice"), short
        assert fid("006") not in rows
        assert (rows[fid("008")]["region_id"], rows[fid("008")]["indicator_id"]) == (
            "kunshan",
            "smart_manufacturing_benchmarks",
        )
        assert (rows[fid("011")]["kind"], rows[fid("011")]["period"]) == ("observed", "2021")
        annotation = tomllib.loads((seeds / NAME).read_text(encoding="utf-8"))
        assert annotation["regions"]["kunshan"]["parent"] == "jiangsu"
        assert "software_revenue" in annotation["indicators"]
        assert drafted.splitlines()[:6] == (seeds / NAME).read_text(encoding="utf-8").splitlines()[:6]

        # on its chart, reviewed: Kunshan's 12 factories among the counts, without the draft's star
        screen.open(f"/digitization?chart=counts&source={SOURCE_ID}")
        drawn = str(plotly_charts(screen.page))
        kunshan = "昆山" if lang == "zh" else "Kunshan"
        assert kunshan in drawn and "12*" not in drawn
        # in the explorer, reviewed, with the editor's name in the CSV
        screen.open(f"/explorer?source={SOURCE_ID}")
        with screen.page.expect_download() as download:
            screen.page.locator("button:visible", has_text=text("explorer.download", lang)).first.click()
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        head = {name: column_header(name, Translator(lang)) for name in ("figure_id", "reviewed", "reviewed_by")}
        reviewed = {row[head["figure_id"]]: row[head["reviewed_by"]] for row in rows if row[head["reviewed"]] == "true"}
        assert reviewed == {fid(s): "alice" for s in ("001", "008", "010", "011")}

        # the history lists the save, in words; a restore brings the draft back
        screen.open()
        screen.page.locator(
            "summary", has_text=screen.label("rv.history", count=3).split("（")[0].split("(")[0]
        ).click()
        screen.wait()
        story = screen.page.locator('[data-testid="stExpander"]').last.inner_text()
        assert "alice" in story and f"Review {NAME}" in story
        assert screen.label("rv.change.accepted", entry=fid("001")) in story
        assert screen.label("rv.change.added.indicators", entry="software_revenue") in story
        screen.shoot(screenshot_dir, "review-history")
        screen.page.locator("button:visible", has_text=screen.label("rv.restore")).first.click()
        screen.wait(timeout=180)
        assert (seeds / NAME).read_text(encoding="utf-8") == drafted
        assert all(row["reviewed"] == "false" for f, row in figure_rows(data).items() if f.startswith(SOURCE_ID))
        log = subprocess.run(
            ["git", "-C", str(seeds), "log", "-2", "--format=%an|%s"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        assert (
            log[0].startswith(f"alice|Restore {NAME} to ")
            and log[1] == f"alice|Review {NAME}: 2 accepted, 2 corrected, 3 added, 1 removed"
        )
    finally:
        screen.close()


def test_two_editors_on_one_article_nothing_is_lost(proxy, browser, screenshot_dir):
    seeds, data = proxy["seeds"], proxy["data"]
    draft(seeds, data)
    alice = Screen(browser, proxy, "alice", "zh", DESKTOP)
    bob = Screen(browser, proxy, "bob", "en", DESKTOP)
    try:
        alice.open()
        bob.open()
        alice.pick("010")
        alice.accept_next()
        bob.accept_next_key()  # 001, the first draft
        assert bob.label("rv.saved", commit="", count=1, seconds="").split("(")[0] in bob.save()
        shown = alice.save()
        refusal = alice.label("rv.conflict", who="bob", entries=fid("001"))
        assert refusal in shown, shown
        assert alice.label("rv.unsaved") in alice.progress()  # the corrections are still there
        alice.page.screenshot(path=str(screenshot_dir / "desktop-zh-review-conflict.png"))
        alice.page.locator("button:visible", has_text=alice.label("rv.conflict.reload")).first.click()
        alice.wait()
        assert alice.label("rv.progress", done=2, total=20) in alice.progress()
        alice.save()
        rows = figure_rows(data)
        assert rows[fid("001")]["reviewed_by"] == "bob" and rows[fid("010")]["reviewed_by"] == "alice"
    finally:
        alice.close()
        bob.close()


def test_a_viewer_and_a_request_without_sign_in_never_reach_the_screen(proxy, browser):
    carol = Screen(browser, proxy, "carol", "en", DESKTOP)
    try:
        carol.open()
        shown = carol.page.locator('[data-testid="stMain"]').inner_text()
        assert carol.label("add.refused") in shown and carol.label("add.refused.proxy") in shown
        assert carol.page.locator("mark, .rv-article, [data-testid='stDataFrame']").count() == 0
        assert carol.page.locator("button", has_text=carol.label("rv.save")).count() == 0
        assert carol.label("page.review") not in carol.page.locator('[data-testid="stSidebar"]').inner_text()
    finally:
        carol.close()
    with pytest.raises(urllib.error.HTTPError) as refused:  # nginx asks for a sign-in
        urllib.request.urlopen(f"http://{proxy['host']}/review?source={SOURCE_ID}", timeout=10)
    assert refused.value.code == 401
    # straight to a replica, past nginx: the replica refuses a session that did not come through it
    external: list[str] = []
    context = local_only_context(browser, lambda request: external.append(request.url))
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{proxy['replicas'][0]}/review?source={SOURCE_ID}")
        wait_for_app(page)
        assert page.locator("mark, .rv-article, [data-testid='stDataFrame']").count() == 0
        assert page.locator("button", has_text=text("rv.save", "zh")).count() == 0
    finally:
        context.close()
    assert not external
