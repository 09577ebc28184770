"""The review screen's other controls in a real browser, in the two combinations the end-to-end test
(tests/browser/test_review_e2e.py: Chinese at 1280 px, English at 390 px) does not run: Chinese at
390 px and English at 1280 px, one server in single-process mode (the editor password).

- A mark in the article picks its entry and brings the entry's panel into view; an entry picked in the
  list marks its mention and brings it into view in the article's box.
- The list filtered to one kind, then to the unreviewed entries of that kind.
- "Accept the rest" accepts only the entries without a problem (a kind corrected so that prep finds a
  field missing stays unaccepted, its message kept); Undo takes the correction back.
- A derived figure (a formula over two stated figures) is added; a figure is turned into a
  not-statistic with a reason and back into a figure; the save writes them, prep computes the derived
  value and figures.csv carries the editor's name.
- The editor reaches the screen from the overview's article and from the source reader.
Screenshots at the size each case runs at."""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cenfigures.view.translate import Translator

from .conftest import REPO_ROOT, launch_streamlit, local_only_context
from .test_review_e2e import DESKTOP, NAME, PHONE, SOURCE_ID, Screen, draft, fid

pytestmark = pytest.mark.slow

PASSWORD = "editor-screen-test"
EDITOR = "editor (password)"


@pytest.fixture(scope="module")
def single():
    run_dir = Path(tempfile.mkdtemp(prefix="cenfigures-review-screen-"))
    seeds, data = run_dir / "seeds", run_dir / "data"
    shutil.copytree(REPO_ROOT / "seeds", seeds)
    draft(seeds, data)
    server = launch_streamlit(
        env={
            "CENFIGURES_SEEDS_DIR": str(seeds),
            "CENFIGURES_DATA_DIR": str(data),
            "CENFIGURES_EDITOR_PASSWORD": PASSWORD,
            "CENFIGURES_PASSWORD": "",
            "CENFIGURES_PROXY_SECRET": "",
            "CENFIGURES_EDITORS": "",
        }
    )
    try:
        yield {"url": server.url, "seeds": seeds, "data": data}
    finally:
        server.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


class PasswordScreen(Screen):
    """The review screen of an editor who signs in with the editor password (no proxy)."""

    def __init__(self, browser, url: str, lang: str, viewport: dict):
        self.external: list[str] = []
        self.context = local_only_context(browser, lambda request: self.external.append(request.url), viewport=viewport)
        self.page = self.context.new_page()
        self.base = url
        self.lang = lang
        self.t = Translator(lang)
        self.clicks = 0

    def open(self, path: str = f"/review?source={SOURCE_ID}") -> None:
        super().open(path)
        password = self.page.locator('input[type="password"]')
        if password.count():
            password.fill(PASSWORD)
            self.page.locator("button:visible", has_text=self.label("editor.submit")).first.click()
            self.page.locator(".st-key-rv-progress").wait_for(timeout=60000)
            self.wait()

    def pick(self, short: str) -> None:
        """Pick an entry in the list; once more when the first try fell into a rerun (typed into a
        list being drawn again)."""
        for _ in range(2):
            self._select(self.page, self.label("rv.entry"), short)
            if self.panel.inner_text().startswith(fid(short)):
                return
        assert self.panel.inner_text().startswith(fid(short)), self.panel.inner_text()

    def show(self, which: str) -> None:
        """The show control above the list: all, unreviewed, with a problem."""
        words = re.compile(f"^{re.escape(self.label(f'rv.show.{which}'))}$")
        self.page.locator("button:visible").filter(has_text=words).first.click()
        self.wait()

    def options(self, key: str) -> list[str]:
        """The options a select box offers, as shown."""
        listbox = self.page.locator('[role="listbox"]').first
        for _ in range(3):  # a click during a rerun can land on the box being drawn again
            self.page.get_by_label(self.label(key), exact=True).first.click()
            try:
                listbox.wait_for(timeout=4000)
                break
            except PlaywrightTimeout:
                self.page.keyboard.press("Escape")
                self.wait()
        self.page.wait_for_timeout(300)
        shown = [o.inner_text() for o in self.page.locator('[role="option"]').all()]
        self.page.keyboard.press("Escape")
        return shown

    def in_view(self, selector: str) -> bool:
        """The top of the first element matching `selector` is seen: below the bar that stays in view,
        above the window's bottom, and inside its scrolled box (the article's, in the component's
        shadow root: Playwright's locator reaches it, document.querySelector would not)."""
        bar = self.page.locator(".st-key-rv-progress").bounding_box()
        return self.page.locator(selector).first.evaluate(
            """(el, barBottom) => {
                const r = el.getBoundingClientRect();
                const box = el.closest('.rv-article');
                const inBox = !box || (() => { const b = box.getBoundingClientRect();
                    return r.top >= b.top - 1 && r.bottom <= b.bottom + 1; })();
                return inBox && r.top >= barBottom - 1 && r.top + 16 <= window.innerHeight;
            }""",
            bar["y"] + bar["height"],
        )


def numbers(rows: list[str]) -> list[str]:
    return [row.split(" ")[0] for row in rows]


@pytest.mark.parametrize(("lang", "viewport"), [("zh", PHONE), ("en", DESKTOP)], ids=["zh-390", "en-1280"])
def test_marks_filters_accept_the_rest_a_derived_figure_and_a_not_statistic_and_back(
    single, browser, screenshot_dir, lang, viewport
):
    seeds, data = single["seeds"], single["data"]
    draft(seeds, data)
    device = "phone" if viewport is PHONE else "desktop"
    screen = PasswordScreen(browser, single["url"], lang, viewport)
    page = screen.page
    try:
        screen.open()
        # a mark picks its entry, and the entry's panel comes into view
        page.locator(f'.rv-article mark[data-key="figure:{fid("008")}"]').click()
        screen.wait()
        page.wait_for_timeout(600)
        assert screen.panel.inner_text().startswith(fid("008"))
        page.screenshot(path=str(screenshot_dir / f"{device}-{lang}-review-mark-picked.png"))
        assert screen.in_view(".st-key-rv-entry")
        # an entry picked in the list: its mention marked as the current one, in view in the article
        screen.pick("012")
        page.wait_for_timeout(600)
        current = page.locator(".rv-article mark.current")
        assert current.count() == 1 and current.inner_text() == "11.2%"
        page.screenshot(path=str(screenshot_dir / f"{device}-{lang}-review-picked.png"))
        assert screen.in_view(".rv-article mark.current")

        # the list filtered to the targets, then to the unreviewed targets
        screen._select(page, screen.label("rv.kind"), screen.t.kind("target"))
        assert numbers(screen.options("rv.entry")) == ["010", "011", "012"]
        screen.pick("010")
        screen.accept_next()
        screen.show("unreviewed")
        screen.wait()
        assert numbers(screen.options("rv.entry")) == ["011", "012"]
        screen.show("all")
        screen._select(page, screen.label("rv.kind"), screen.label("rv.kind.any"))
        assert len(screen.options("rv.entry")) == 20

        # accept the rest: only entries prep finds nothing against once reviewed. A corrected entry
        # counts as reviewed, and a reviewed figure needs an indicator: 011, corrected, shows prep's message
        screen.pick("011")
        screen.kind("observed")
        assert "missing field 'indicator' (only an unreviewed draft may leave it out)" in screen.panel.inner_text()
        page.locator("button:visible", has_text=screen.label("rv.accept_rest")).first.click()
        screen.wait()
        # accepted: 001 (it names its indicator) and the 8 not-statistics; left: 002-009 and 012, which
        # name no indicator (011, corrected, is no longer a candidate)
        assert screen.label("rv.accepted_rest", done=9, left=9) in screen.progress()
        left = screen.label(
            "rv.accepted_rest.left",
            entries=screen.t.join(["002", "003", "004", "005", "006", "007", "008", "009", "012"]),
            reason="missing field 'indicator' (only an unreviewed draft may leave it out)",
        )
        assert left in screen.progress(), screen.progress()  # which, and prep's words for why
        assert screen.label("rv.progress", done=11, total=20) in screen.progress()
        # 011's missing indicator, and so its number accounted for by nothing: prep's two lines
        assert screen.label("rv.problems", count=2) in screen.progress()
        page.screenshot(path=str(screenshot_dir / f"{device}-{lang}-review-accept-rest.png"))
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        grid.screenshot(path=str(screenshot_dir / f"{device}-{lang}-review-table.png"))
        screen.pick("003")
        assert screen.label("rv.state.draft") in screen.panel.inner_text().split("\n", 1)[0]
        screen.pick("011")
        page.locator("button:visible", has_text=screen.label("rv.undo")).first.click()
        screen.wait()
        assert "missing field" not in screen.panel.inner_text()
        assert screen.label("rv.no_problems") in screen.progress(), screen.progress()
        assert screen.label("rv.progress", done=10, total=20) in screen.progress()

        # a derived figure: 2022's rate, the 2023 level less the rise stated beside it
        body = screen.popover("rv.add_derived")
        screen.fill(body, "rv.field.id", "jiangsu-nc-rate-2022")
        screen.fill(body, "rv.field.formula", "level - rise")
        for n, name in ((1, "level"), (2, "rise")):
            body.get_by_role("textbox", name=screen.label("rv.field.input_name", n=n)).fill(name)
        screen._select(body, screen.label("rv.field.input_figure", n=1), fid("001"))
        screen._select(body, screen.label("rv.field.input_figure", n=2), fid("002"))
        screen.fill(body, "rv.field.period", "2022")
        screen._select(body, screen.label("rv.field.region"), "江苏" if lang == "zh" else "Jiangsu")
        screen._select(body, screen.label("rv.field.indicator"), "数控化率" if lang == "zh" else "Numerical-control")
        body.locator("button", has_text=screen.label("rv.add_derived.do")).click()
        screen.wait()
        page.keyboard.press("Escape")
        assert screen.panel.inner_text().startswith("jiangsu-nc-rate-2022"), screen.panel.inner_text()
        assert screen.label("rv.no_problems") in screen.progress(), screen.progress()

        # Kunshan's 12 benchmark factories turned into a not-statistic, then into a figure again
        screen.pick("008")
        screen.not_statistic("误点")
        assert screen.panel.inner_text().startswith("12家"), screen.panel.inner_text()
        body = screen.popover("rv.to_figure")
        for key, value in (
            ("rv.field.id", fid("108")),
            ("rv.field.period", "2023"),
            ("rv.field.indicator_zh", "昆山市新增工业互联网标杆工厂"),
            ("rv.field.indicator_en", "New industrial-internet benchmark factories in Kunshan"),
        ):
            body.get_by_role("textbox", name=screen.label(key), exact=True).fill(value)
        screen._select(body, screen.label("rv.field.region"), "江苏" if lang == "zh" else "Jiangsu")
        screen._select(
            body, screen.label("rv.field.indicator"), "智能制造标杆" if lang == "zh" else "Smart-manufacturing"
        )
        body.locator("button", has_text=screen.label("rv.to_figure.do")).click()
        screen.wait()
        page.keyboard.press("Escape")
        assert screen.panel.inner_text().startswith(fid("108")), screen.panel.inner_text()
        assert screen.label("rv.no_problems") in screen.progress(), screen.progress()
        page.screenshot(path=str(screenshot_dir / f"{device}-{lang}-review-derived-back.png"))

        shown = screen.save()
        assert screen.label("rv.saved", commit="", count=0, seconds="").split("（")[0].split("(")[0] in shown
        saved = tomllib.loads((seeds / NAME).read_text(encoding="utf-8"))
        derived = {d["id"]: d for d in saved.get("derived", [])}
        assert derived["jiangsu-nc-rate-2022"]["inputs"] == {"level": fid("001"), "rise": fid("002")}
        assert derived["jiangsu-nc-rate-2022"]["reviewed_by"] == EDITOR
        figures = {f["id"]: f for f in saved["figure"]}
        assert fid("008") not in figures and figures[fid("108")]["number"] == "12家"
        assert figures[fid("108")]["indicator"] == "smart_manufacturing_benchmarks"
        assert "12家" not in {n["text"] for n in saved["not_statistic"]}
        with (data / "figures.csv").open(encoding="utf-8-sig") as handle:
            rows = {row["figure_id"]: row for row in csv.DictReader(handle)}
        assert float(rows["jiangsu-nc-rate-2022"]["value"]) == pytest.approx(60.7)
        assert rows["jiangsu-nc-rate-2022"]["reviewed_by"] == EDITOR
        assert [rows[fid(s)]["reviewed"] for s in ("001", "010", "108", "003", "011")] == ["true"] * 3 + ["false"] * 2
        # an editor reaches the screen from the overview's article and from the source reader
        for path in ("/", f"/source?source={SOURCE_ID}"):
            screen.open(path)
            link = page.locator(f'a[href*="source={SOURCE_ID}"]', has_text=screen.label("rv.open_review"))
            link.first.click()
            page.locator(".st-key-rv-progress").wait_for(timeout=60000)
            screen.wait()
            assert "/review" in page.url and NAME in page.locator('[data-testid="stMain"]').inner_text()
    finally:
        screen.close()
