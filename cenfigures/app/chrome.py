"""Streamlit's own chrome in the page's language. Streamlit 1.67 writes its chrome in English only and
has no setting for its language (streamlit/streamlit#1353): the skip link, the running indicator's
Stop button, the main menu, the connection status, and the accessible names (aria-label) of its
buttons. Two constant pieces, made from labels.csv (`chrome.*`, each `en` being Streamlit's own
words), put them in the page's language:

- CSS, keyed on Streamlit's data-testid, replaces the visible words (the same mechanism as the plotly
  toolbar's Fullscreen tooltip, cenfigures/app/widgets.py);
- a small script gives the buttons accessible names in the same words (CSS cannot change what a
  screen reader reads) and sets `<html lang>` (index.html says "en" whatever the page's language).

A label whose translation is Streamlit's own English yields no rule, so an English page is unchanged;
the script then puts back any name it changed while the page was Chinese.
"""

from __future__ import annotations

import html
import json
import re

import streamlit as st
from streamlit import __version__ as STREAMLIT_VERSION

from cenfigures.view.labels import text
from cenfigures.view.translate import Translator

_LOST = '[data-testid="stConnectionStatus"]'
# Visible words: (selector of the element whose own text is Streamlit's English, label key, the
# font size Streamlit gives that text). The element's text is set to size 0 and its ::after shows the
# label; `/ ""` keeps the replacement out of the accessible name, which the script sets instead.
VISIBLE: tuple[tuple[str, str, str], ...] = (
    ('[data-testid="stSkipToContent"]', "chrome.skip_to_content", "0.875rem"),
    # (Its "Stopping..." is never drawn in 1.67: the widget closes as soon as Stop is clicked.)
    ('[data-testid="stStatusWidget"] [data-testid="stBaseButton-header"]', "chrome.stop", "0.875rem"),
    ('[data-testid="stMainMenuItem-print"] [data-testid="stMainMenuItemLabel"]', "chrome.print", "0.875rem"),
    ('[data-testid="stMainMenuPopover"] span:has(+ .stMenuVersionCopyButton)', "chrome.made_with", "0.75rem"),
    # Whenever this CSS is on the page the first connection was made, so the status only ever says
    # that the connection was lost ("Connecting" while retrying, "Error" once given up).
    ('[data-testid="stConnectionStatus"] label', "chrome.disconnected", "0.875rem"),
    # The app opens no dialog of its own: one open while the status says the connection is lost is
    # Streamlit's "Connection error" (its text, and on localhost a command to restart, replaced).
    (f'body:has({_LOST}) [data-testid="stDialog"] [role="dialog"] h2', "chrome.connection_error", "1.5rem"),
    (f'body:has({_LOST}) [data-testid="stDialog"] [role="dialog"] h2 + div', "chrome.connection_error_help", "1rem"),
)
# Tooltips: Streamlit's tooltip shows in a layer of its own, without a key; while it is open its
# button's wrapper has aria-describedby. (key, selector of the button inside that wrapper; None: the
# button the script named, by its English `data-cenfigures-en`).
TOOLTIPS: tuple[tuple[str, str | None], ...] = (
    ("chrome.copy", None),
    ("chrome.copied", None),
    ("chrome.show_hide_columns", None),
    ("chrome.download_csv", None),
    ("chrome.search", None),
    ("plotly.fullscreen", None),
    ("plotly.fullscreen_close", None),
    ("chrome.disconnected_tip", '[data-testid="stConnectionStatus"]'),
)
# Streamlit's "Record screen" opens a dialog and a recording flow in English only; any browser or
# system records a screen, and a reader of the dashboard does not need it: hidden where translated.
HIDDEN_WHEN_TRANSLATED: tuple[tuple[str, str], ...] = (
    ('[data-testid="stMainMenuItem-recordScreencast"]', "chrome.record_screen"),
)
# Accessible names and tooltips (aria-label, title) Streamlit writes in English, by label key.
NAMED = (
    "chrome.skip_to_content",
    "chrome.stop",
    "chrome.running",
    "chrome.main_menu",
    "chrome.print",
    "chrome.sidebar",
    "chrome.collapse_sidebar",
    "chrome.expand_sidebar",
    "chrome.copy",
    "chrome.copied",
    "chrome.copy_version",
    "chrome.open",
    "chrome.clear_all",
    "chrome.clear_value",
    "chrome.link_to_heading",
    "chrome.help",
    "chrome.scroll_tabs_left",
    "chrome.scroll_tabs_right",
    "chrome.show_hide_columns",
    "chrome.download_csv",
    "chrome.search",
    "chrome.close",
    "chrome.shortcut_p",  # presentation mode's button (st.button's shortcut badge)
    "plotly.fullscreen",
    "plotly.fullscreen_close",
    "chrome.icon_trending_up",
    "chrome.icon_trending_down",  # the overview's badges
)
# Names Streamlit composes of the app's label and its own word (a range slider's two thumbs).
NAMED_ENDINGS = ("chrome.range_start", "chrome.range_end")
# Elements whose accessible name is their own text (no aria-label): the script names them too.
NAMED_BY_TEXT = (
    '[data-testid="stSkipToContent"]',
    '[data-testid="stStatusWidget"] button',
    '[data-testid^="stMainMenuItem-"]',
)

# Constant script (the names come in as JSON): names Streamlit's chrome, again after every change of
# the page (React adds and relabels elements: Copy becomes Copied), coalesced to one pass per frame.
_SCRIPT = """<script>
(() => {
  const chrome = window.cenfiguresChrome = window.cenfiguresChrome || {};
  chrome.names = %(names)s;
  chrome.endings = %(endings)s;
  document.documentElement.lang = %(lang)s;
  if (chrome.observer) { chrome.apply(); return; }
  const ORIGINAL = 'data-cenfigures-en';
  // Streamlit's English -> the page's words: a whole name, or a name ending in one of Streamlit's words.
  const translate = value => {
    if (chrome.names[value]) return chrome.names[value];
    for (const [english, words] of Object.entries(chrome.endings))
      if (value.endsWith(english)) return value.slice(0, -english.length).trimEnd() + words;
  };
  chrome.apply = () => {
    chrome.pending = false;
    for (const el of document.querySelectorAll('[' + ORIGINAL + ']')) {
      const english = el.getAttribute(ORIGINAL);
      if (!translate(english)) {
        el.removeAttribute(ORIGINAL);
        if (el.dataset.cenfiguresAdded) { el.removeAttribute('aria-label'); delete el.dataset.cenfiguresAdded; }
        else el.setAttribute('aria-label', english);
      }
    }
    for (const el of document.querySelectorAll('[aria-label], [title]')) {
      for (const attribute of ['aria-label', 'title']) {
        const value = el.getAttribute(attribute);
        const words = value && translate(value);
        if (words) {
          if (attribute === 'aria-label') el.setAttribute(ORIGINAL, value);
          el.setAttribute(attribute, words);
        }
      }
    }
    for (const el of document.querySelectorAll(%(by_text)s)) {
      const words = el.textContent.trim();
      if (chrome.names[words] && el.getAttribute('aria-label') !== chrome.names[words]) {
        if (!el.hasAttribute('aria-label')) el.dataset.cenfiguresAdded = '1';
        el.setAttribute(ORIGINAL, words); el.setAttribute('aria-label', chrome.names[words]);
      }
    }
  };
  chrome.observer = new MutationObserver(() => {
    if (!chrome.pending) { chrome.pending = true; requestAnimationFrame(chrome.apply); }
  });
  chrome.observer.observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ['aria-label', 'title', 'disabled'],
  });
  chrome.apply();
})();
</script>"""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value: str) -> str:
    """Text that Streamlit's markdown shows literally: no links, HTML, emphasis or LaTeX."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def css_text(value: str) -> str:
    """`value` as a CSS string: anything but letters, digits and a few signs as a CSS escape."""
    return '"' + "".join(ch if ch.isalnum() or ch in " -_·" else f"\\{ord(ch):x} " for ch in value) + '"'


def translated(t: Translator, keys: tuple[str, ...]) -> dict[str, str]:
    """Streamlit's English (the label's `en`) -> the page's words, for the labels that differ."""
    return {text(key, "en"): t(key) for key in keys if t(key) != text(key, "en")}


def escaped_chrome_css(t: Translator) -> str:
    """CSS rules (labels only, escaped as CSS strings) putting Streamlit's visible chrome words in the
    page's language; empty when they are Streamlit's own."""
    # `content` twice: a browser without the `/ alt` form keeps the first (the words still show).
    words = {key: t(key, version=STREAMLIT_VERSION) for _, key, _ in VISIBLE}
    rules = [
        f"{selector} {{ font-size: 0 !important; }} "
        f"{selector}::after {{ content: {css_text(words[key])}; "
        f'content: {css_text(words[key])} / ""; font-size: {size}; }}'
        for selector, key, size in VISIBLE
        if words[key] != text(key, "en", version=STREAMLIT_VERSION)
    ]
    hidden = [
        *(selector for selector, key in HIDDEN_WHEN_TRANSLATED if t(key) != text(key, "en")),
        *(
            f"{selector} > *"
            for selector, key, _ in VISIBLE
            if key == "chrome.connection_error_help" and t(key) != text(key, "en")
        ),
    ]
    rules += [f"{selector} {{ display: none !important; }}" for selector in hidden]
    for key, inside in TOOLTIPS:
        if t(key) != text(key, "en"):
            target = inside or f"[data-cenfigures-en={css_text(text(key, 'en'))}]"
            selector = (
                f'body:has([data-testid="stTooltipHoverTarget"][aria-describedby] {target}) '
                '[data-testid="stTooltipContent"] p'
            )
            rules.append(
                f"{selector} {{ font-size: 0 !important; }} "
                f"{selector}::after {{ content: {css_text(t(key))}; font-size: 0.875rem; }}"
            )
    # The element holding this CSS and the script takes no room in the sidebar (in every language).
    rules.append('[data-testid="stElementContainer"]:has(style[data-cenfigures-chrome]) { display: none; }')
    return " ".join(rules)


def escaped_chrome_script(t: Translator) -> str:
    """The script naming Streamlit's chrome in the page's language (names as escaped JSON)."""

    def js(value: object) -> str:  # JSON in a script element: no "</" can close it
        return json.dumps(value, ensure_ascii=True).replace("</", "<\\/")

    return _SCRIPT % {
        "names": js(translated(t, NAMED)),
        "endings": js(translated(t, NAMED_ENDINGS)),
        "lang": js(t("chrome.html_lang")),
        "by_text": js(", ".join(NAMED_BY_TEXT)),
    }


def escaped_chrome_html(t: Translator) -> str:
    """The CSS and the script in one body: constant per language, no data and no user text."""
    return f"<style data-cenfigures-chrome>{escaped_chrome_css(t)}</style>" + escaped_chrome_script(t)


def show_chrome(t: Translator) -> None:
    """One element: Streamlit's chrome in the page's language (see the module's docstring)."""
    st.sidebar.html(escaped_chrome_html(t), unsafe_allow_javascript=True)
