"""The article on the review screen: every numeric mention marked by its state, each mark a button
that picks its entry; the entry picked is outlined and scrolled into view in the article's own
scrolling box, and, when the pick came from the article, the entry's panel is brought into view.

A Streamlit component (st.components.v2, inline: no build step, no iframe) because a plain link
in the article would open a new session and lose the editor's unsaved corrections. Every piece of
text in the HTML is escaped here; the script reads only attributes it set itself.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

import streamlit as st

# How each state of a mention is drawn (the source reader's colours, cenfigures/view/source_text.py).
MARK_CSS = """
.rv-article { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.9; font-size: 1.02rem;
  max-height: 62vh; overflow-y: auto; position: relative; padding: 0.6rem 0.9rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; color: #262730; background: #fff; }
@media (max-width: 640px) { .rv-article { max-height: 48vh; font-size: 0.98rem; } }
.rv-article mark { cursor: pointer; padding: 0 1px; border-radius: 2px; color: #262730; }
.rv-article mark:focus-visible { outline: 3px solid #1f77b4; }
.rv-figure { background: #FFE08A; border-bottom: 2px solid #E69F00; }
.rv-draft { background: #FBE3EC; border-bottom: 2px dashed #CC3366; }
.rv-event { background: #D6ECFA; border-bottom: 2px solid #0072B2; }
.rv-draft_event { background: #EAF4FB; border-bottom: 2px dashed #0072B2; }
.rv-not_statistic { background: #EEEEEE; border-bottom: 1px dotted #777; }
.rv-context { background: #FFF4D1; }
.rv-problem { background: #FFD6D6; border-bottom: 2px wavy #D62728; }
.rv-article mark.current { outline: 3px solid #262730; outline-offset: 1px; }
.rv-legend { font-size: 0.85rem; color: #555; line-height: 1.6; margin-bottom: 0.5rem;
  display: flex; flex-wrap: wrap; gap: 0.3rem 0.6rem; align-items: baseline; }
.rv-legend mark { cursor: default; white-space: nowrap; }
"""

_SCRIPT = """
export default function(component) {
  const { data, setTriggerValue, parentElement } = component;
  let legend = parentElement.querySelector('.rv-legend');
  let box = parentElement.querySelector('.rv-article');
  if (!box) {
    legend = document.createElement('div');
    legend.className = 'rv-legend';
    box = document.createElement('div');
    box.className = 'rv-article';
    box.setAttribute('role', 'region');
    parentElement.appendChild(legend);
    parentElement.appendChild(box);
  }
  if (box.dataset.version !== data.version) {
    legend.innerHTML = data.legend;   // escaped by the server
    box.innerHTML = data.html;        // escaped by the server
    box.dataset.version = data.version;
  }
  box.setAttribute('aria-label', data.label);
  const pick = (mark) => setTriggerValue('picked', mark.dataset.key);
  box.onclick = (event) => {
    const mark = event.target.closest('mark[data-key]');
    if (mark) pick(mark);
  };
  box.onkeydown = (event) => {
    const mark = event.target.closest('mark[data-key]');
    if (mark && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); pick(mark); }
  };
  box.querySelectorAll('mark.current').forEach((m) => m.classList.remove('current'));
  const marks = [...box.querySelectorAll('mark[data-key]')].filter((m) => m.dataset.key === data.current);
  marks.forEach((m) => m.classList.add('current'));
  // what is scrolled to lands below the progress bar that stays in view (sticky 3.75rem from the top)
  const bar = document.querySelector('.st-key-rv-progress');
  const clear = (bar ? bar.offsetHeight : 0) + 68;
  const reveal = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.top < clear || rect.top > window.innerHeight - 80) {
      el.style.scrollMarginTop = clear + 'px';
      el.scrollIntoView({ block: 'start' });
    }
  };
  if (data.scroll && box.dataset.scrolled !== String(data.scroll)) {
    box.dataset.scrolled = String(data.scroll);
    if (data.where === 'article' && marks.length) {
      const mark = marks[0];
      const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3) });
      const seen = mark.getBoundingClientRect();
      if (seen.top < clear || seen.bottom > window.innerHeight) {
        box.style.scrollMarginTop = clear + 'px';
        box.scrollIntoView({ block: 'start' });
      }
    } else if (data.where === 'entry') {
      const panel = document.querySelector('.st-key-rv-entry');
      if (panel) reveal(panel);
    }
  }
}
"""

_ARTICLE = st.components.v2.component("cenfigures_review_article", css=MARK_CSS, js=_SCRIPT)


def escaped_article_html(article: str, marks: Iterable, titles: Callable[[object], str]) -> str:
    """The article with a <mark> per mention (start, end, state, key); `titles(mark)` is its tooltip.
    Every text and attribute escaped."""
    parts, cursor = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        if mark.start < cursor or mark.end > len(article):
            continue
        parts.append(html.escape(article[cursor : mark.start], quote=True))
        parts.append(
            f'<mark class="rv-{html.escape(mark.state, quote=True)}" data-key="{html.escape(mark.key, quote=True)}" '
            f'tabindex="0" role="button" title="{html.escape(titles(mark), quote=True)}">'
            f"{html.escape(article[mark.start : mark.end], quote=True)}</mark>"
        )
        cursor = mark.end
    parts.append(html.escape(article[cursor:], quote=True))
    return "".join(parts).strip()


def escaped_legend_html(label: str, states: Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f'<mark class="rv-{html.escape(state, quote=True)}">{html.escape(words, quote=True)}</mark>'
        for state, words in states
    )
    return f"<span>{html.escape(label, quote=True)}</span>{items}"


def show_article(
    key: str,
    *,
    article_html: str,
    legend_html: str,
    version: str,
    label: str,
    current: str,
    scroll: int,
    where: str,
    on_pick: Callable[[], None],
):
    """Mount the article; its result's `picked` is the key of the mark last picked."""
    return _ARTICLE(
        key=key,
        data={
            "html": article_html,
            "legend": legend_html,
            "version": version,
            "label": label,
            "current": current,
            "scroll": scroll,
            "where": where,
        },
        on_picked_change=on_pick,
    )
