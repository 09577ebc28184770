"""Streamlit's own chrome speaks the page's language (issue 15, item 10; cenfigures/app/chrome.py):
on a Chinese page the skip link a Tab shows, the running indicator's Stop button while a script runs,
the main menu, the data table's tooltips and the connection status are Chinese, on screen and to a
screen reader (accessible names, `<html lang>`); an English page keeps Streamlit's own words, also
after switching from Chinese without a reload.

The running indicator shows only after half a second of a run. The test does not race it: it holds
back the server's "script finished" message (a WebSocket route), so the run lasts until released."""

from __future__ import annotations

import re

import pytest
from streamlit import __version__ as STREAMLIT_VERSION
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from cenfigures.view.labels import text

from . import test_fit_e2e as fit
from . import views

WAIT = 120
TOPIC = views.page("digitization")
EXPLORER = views.page("explorer")
STREAM = re.compile(r".*/_stcore/stream")

# What a reader sees of an element whose words the CSS replaced: its own text when shown, else the
# ::after content (the replacement); and what a screen reader reads: the accessible name.
_SEEN = """e => { const style = getComputedStyle(e), after = getComputedStyle(e, '::after').content;
  const words = after && after !== 'none' && after !== 'normal' ? after.split(' / ')[0].replace(/^"|"$/g, '') : '';
  return parseFloat(style.fontSize) > 0 && e.checkVisibility() ? e.innerText.trim() + words : words; }"""


def seen(locator) -> str:
    return locator.evaluate(_SEEN)


def name(locator) -> str:
    """The accessible name, as the browser computes it (the first line of its ARIA snapshot)."""
    first = locator.aria_snapshot().splitlines()[0]
    found = re.search(r'"(.*)"', first)
    return found.group(1) if found else ""


class HeldRuns:
    """A WebSocket route that passes every message but, while `hold` is on, keeps back the server's
    "script finished" and what follows it: the page then shows a run in progress until `release`."""

    def __init__(self, page):
        self.hold, self.held, self.socket = False, [], None
        page.route_web_socket(STREAM, self._route)

    def _route(self, socket):
        server = socket.connect_to_server()
        self.socket = socket

        def to_page(message):
            msg = ForwardMsg()
            msg.ParseFromString(message)
            if self.hold and (self.held or msg.WhichOneof("type") == "script_finished"):
                self.held.append(message)
            else:
                socket.send(message)

        server.on_message(to_page)

    def release(self):
        self.hold = False
        for message in self.held:
            self.socket.send(message)
        self.held.clear()


def test_chinese_page_chrome_is_chinese_on_screen_and_to_screen_readers(
    streamlit_server, page, wait_for_app, screenshot_dir
):
    runs = HeldRuns(page)
    page.goto(views.url(streamlit_server, TOPIC))
    wait_for_app(page, timeout=WAIT)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"

    page.keyboard.press("Tab")  # the first Tab shows Streamlit's skip link
    skip = page.locator('[data-testid="stSkipToContent"]')
    assert page.evaluate("document.activeElement.getAttribute('data-testid')") == "stSkipToContent"
    assert seen(skip) == name(skip) == text("chrome.skip_to_content", "zh")
    page.screenshot(path=str(screenshot_dir / "chrome-zh-skip-link.png"))
    page.keyboard.press("Escape")

    menu_button = page.locator('[data-testid="stMainMenuButton"]')
    assert name(menu_button) == text("chrome.main_menu", "zh")
    menu_button.click()
    popover = page.locator('[data-testid="stMainMenuPopover"]')
    popover.wait_for()
    items = popover.locator('[role="menuitem"]')
    assert items.count() >= 1
    for i in range(items.count()):  # Print; Record screen (English-only dialog) is hidden
        if items.nth(i).is_visible():
            assert (
                fit.english_words(
                    [seen(items.nth(i).locator('[data-testid="stMainMenuItemLabel"]')), name(items.nth(i))]
                )
                == []
            )
    assert not popover.locator('[data-testid="stMainMenuItem-recordScreencast"]').is_visible()
    version = popover.locator("span:has(+ .stMenuVersionCopyButton)")
    assert seen(version) == text("chrome.made_with", "zh", version=STREAMLIT_VERSION)  # a product name and its version
    page.keyboard.press("Escape")

    runs.hold = True
    page.locator('[data-testid="stTab"]').nth(1).click()  # a rerun, kept running
    stop = page.locator('[data-testid="stStatusWidget"] button')
    stop.wait_for(timeout=10_000)
    assert seen(stop) == name(stop) == text("chrome.stop", "zh")
    assert name(page.locator('[data-testid="stStatusWidgetRunningIcon"]')) == text("chrome.running", "zh")
    page.screenshot(path=str(screenshot_dir / "chrome-zh-running.png"))
    runs.release()
    wait_for_app(page, timeout=WAIT)

    # every accessible name of the header, the sidebar's buttons and the chart's toolbar
    labels = page.evaluate("""() => [...document.querySelectorAll([
          '[data-testid="stHeader"] [aria-label]',
          '[data-testid="stSidebar"]', '[data-testid="stSidebar"] [aria-label]',
          '.modebar-btn[aria-label]', '[data-testid="stCode"] button[aria-label]',
          '[data-testid="stTabsScrollRight"]', '[data-testid="stHeaderActionElements"] [aria-label]',
        ].join(', '))]
        .map(e => e.getAttribute('aria-label'))""")
    assert len(labels) >= 5, labels
    assert fit.english_words(labels) == [], labels


@pytest.mark.allow_console_errors  # the lost connection is logged to the console on purpose
def test_chinese_table_tooltip_and_connection_status(streamlit_server, page, wait_for_app):
    connection = {"lost": False, "sockets": []}

    def route(socket):
        if connection["lost"]:
            socket.close()
        else:
            socket.connect_to_server()
            connection["sockets"].append(socket)

    page.route_web_socket(STREAM, route)
    page.route(
        re.compile(r".*/_stcore/(health|host-config).*"), lambda r: r.abort() if connection["lost"] else r.continue_()
    )
    page.goto(views.url(streamlit_server, EXPLORER))
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stDataFrame"]').first.hover()
    download = page.locator('[data-testid="stElementToolbar"] button[data-cenfigures-en="Download as CSV"]')
    assert name(download) == text("chrome.download_csv", "zh")
    download.hover()  # Streamlit opens the tooltip after a second
    tip = page.locator('[data-testid="stTooltipContent"] p')
    tip.wait_for(timeout=10_000)
    assert seen(tip) == text("chrome.download_csv", "zh")

    # the connection is lost: Streamlit's status in the header says so in Chinese
    connection["lost"] = True
    for socket in connection["sockets"]:
        socket.close()
    status = page.locator('[data-testid="stConnectionStatus"] label')
    status.wait_for(timeout=30_000)
    assert seen(status) == text("chrome.disconnected", "zh")
    title = page.locator('[data-testid="stDialog"] [role="dialog"] h2')  # Streamlit's "Connection error"
    title.wait_for(timeout=30_000)
    assert seen(title) == text("chrome.connection_error", "zh")
    assert seen(page.locator('[data-testid="stDialog"] [role="dialog"] h2 + div')) == text(
        "chrome.connection_error_help", "zh"
    )


def test_english_page_keeps_streamlit_chrome_also_after_a_switch_from_chinese(streamlit_server, page, wait_for_app):
    page.goto(views.url(streamlit_server, TOPIC))
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stSidebar"] [role="radiogroup"] label').filter(has_text="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    wait_for_app(page, timeout=WAIT)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.keyboard.press("Tab")
    skip = page.locator('[data-testid="stSkipToContent"]')
    assert seen(skip) == name(skip) == "Skip to main content"
    assert skip.get_attribute("aria-label") is None
    assert name(page.locator('[data-testid="stMainMenuButton"]')) == "Main menu"
    assert page.locator('[data-testid="stSidebar"]').get_attribute("aria-label") == "Sidebar"
    page.keyboard.press("Escape")
    page.locator('[data-testid="stMainMenuButton"]').click()
    popover = page.locator('[data-testid="stMainMenuPopover"]')
    popover.wait_for()
    assert [seen(label) for label in popover.locator('[data-testid="stMainMenuItemLabel"]').all()] == [
        "Print",
        "Record screen",
    ]
