"""The slide deck: one self-contained HTML file with every chart, its takeaway and citation.

plotly.js is embedded once (with the first chart) and never fetched from a CDN, so the file opens
offline. From the command line:

    python -m cenfigures.report deck.html [--lang en] [--query "region=hebei&kind=target"] [--base-url URL]
    python -m cenfigures.report talk.pptx --page digitization     # PowerPoint, native charts (cenfigures.charts.office)
    python -m cenfigures.report figures.xlsx --page uhd_video      # Excel: figures, sources, what each column means
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd

from cenfigures.charts import catalog
from cenfigures.charts.export import toolbar_config
from cenfigures.charts.kit import FONT_FAMILY
from cenfigures.tables.paths import REBUILD_COMMAND, ROOT
from cenfigures.view import filters, share
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import LANGUAGES
from cenfigures.view.model import View, chart_specs, pages_with_charts, topic_specs
from cenfigures.view.site import Page, find, site_pages
from cenfigures.view.translate import Translator
from cenfigures.view.words import unreviewed_ids

DEFAULT_BASE_URL = "http://localhost:8501"
# One slide per screen: scroll-snapped sections, moved with the arrow keys, Page Up/Down, space or a
# swipe; printed, each slide is a page.
_CSS = """
html { scroll-snap-type: y mandatory; }
body { margin: 0; font-family: FONT_FAMILY; color: #1f2933; background: #f4f5f7; }
section { box-sizing: border-box; min-height: 100vh; scroll-snap-align: start; background: white;
  max-width: 1200px; margin: 0 auto; padding: 28px 40px; display: flex; flex-direction: column;
  justify-content: center; border-bottom: 1px solid #e5e7eb; }
h1 { font-size: 2.4rem; margin: 0 0 .5em; }
h2 { font-size: 1rem; color: #52606d; font-weight: normal; margin: 0 0 .5em; }
p.takeaway { font-size: 1.3rem; line-height: 1.5; margin: .8em 0 .4em; }
p.cite { font-size: .85rem; color: #52606d; overflow-wrap: anywhere; }
p.counter { align-self: flex-end; font-size: .85rem; color: #52606d; margin: 0; }
p.hint { font-size: .85rem; color: #52606d; }
@media (max-width: 700px) { section { padding: 16px; } h1 { font-size: 1.6rem; } p.takeaway { font-size: 1.05rem; } }
@media print { html { scroll-snap-type: none; } body { background: white; }
  section { min-height: auto; page-break-after: always; break-after: page; border: 0; } p.hint { display: none; } }
""".replace("FONT_FAMILY", FONT_FAMILY)  # the charts' own CJK font stack
# Keys and swipes move one slide; no library, nothing fetched.
_SCRIPT = """
(function () {
  const slides = () => Array.from(document.querySelectorAll("section"));
  const current = () => { const y = window.scrollY + 5; let n = 0;
    slides().forEach((s, i) => { if (s.offsetTop <= y) n = i; }); return n; };
  const go = (d) => { const all = slides(); const n = Math.max(0, Math.min(all.length - 1, current() + d));
    all[n].scrollIntoView({behavior: "smooth"}); };
  document.addEventListener("keydown", (e) => {
    if (["ArrowRight", "ArrowDown", "PageDown", " "].includes(e.key)) { e.preventDefault(); go(1); }
    if (["ArrowLeft", "ArrowUp", "PageUp"].includes(e.key)) { e.preventDefault(); go(-1); }
  });
  let startX = null;
  document.addEventListener("touchstart", (e) => { startX = e.touches[0].clientX; }, {passive: true});
  document.addEventListener("touchend", (e) => {
    if (startX === null) return;
    const dx = e.changedTouches[0].clientX - startX;
    if (Math.abs(dx) > 50) go(dx < 0 ? 1 : -1);
    startX = null;
  }, {passive: true});
})();
"""


def _plot_html(chart, first: bool, t: Translator) -> str:
    # include_plotlyjs=True inlines plotly.min.js; the later charts reuse it (False): no CDN either way.
    return chart.figure.to_html(
        full_html=False,
        include_plotlyjs=True if first else False,
        config={**toolbar_config(t), "responsive": True},
        default_width="100%",
    )


def deck_html(
    tables: Mapping[str, pd.DataFrame],
    state: ViewState,
    site: tuple[Page, ...],
    base_url: str = DEFAULT_BASE_URL,
    *,
    strict: bool = True,
) -> str:
    """The deck of every chart the filters in `state` leave data for, in the state's language; of
    the slides ticked in the picker (`state.slides`) when there are some."""
    t = Translator(state.lang)
    view = View(tables, state)
    slides = catalog.chosen(catalog.slides(tables, state, site, strict=strict), state.slides)
    esc = lambda value: html.escape(str(value), quote=True)  # noqa: E731 - every data text goes through it
    clean = state.with_(present=False, slide=1, chart="", slides=())
    said = filters.conditions(clean, t, view.names, filters.FILTER_KEYS)
    scope = t("deck.filters", conditions=t("filter.sentence.and").join(said)) if said else t("deck.no_filters")
    sources = [view.source(s) for s in view.sources]
    shown = filters.apply(view.all_figures, clean)
    citation = share.short_citation(sources, shown.get("figure_id", ()), t, unreviewed_ids(shown))
    page_count = len({s.page.key for s in slides})
    contents = t("deck.contents", charts=t("count.charts", count=len(slides)), pages=t("count.pages", count=page_count))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(t("html.lang"))}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(t('app.title'))}</title><style>{_CSS}</style></head><body>",
        '<section class="title">',
        f"<h1>{esc(t('app.title'))}</h1>",
        f"<p>{esc(t('app.subtitle'))}</p>",
        f"<p>{esc(t.sentence(scope))}</p>",
        f"<p><strong>{esc(t('deck.source'))}</strong>{esc(t('word.colon'))}{esc(citation)}</p>",
        f"<p>{esc(contents)}</p>",
        f'<p class="hint">{esc(t("deck.hint"))}</p>',
        "</section>",
    ]
    for number, slide in enumerate(slides, start=1):
        chart = slide.chart
        query = filters.to_query(clean.only(slide.page.uses).with_(chart=chart.name))
        url = share.view_url(base_url, slide.page.url_path, {**query, **slide.page.query})
        chart_sources = [view.source(s) for s in chart.sources]
        long_citation = share.long_citation(
            chart_sources, chart.title, chart.figure_ids, t, url, unreviewed_ids(chart.rows), chart.event_ids
        )
        parts += [
            f'<section class="slide" id="slide-{number}">',
            f'<p class="counter">{number} / {len(slides)}</p>',
            f"<h2>{esc(slide.page.label(t))}</h2>",
            _plot_html(chart, first=number == 1, t=t),
            f'<p class="takeaway"><strong>{esc(t("word.takeaway"))}</strong> · {esc(chart.takeaway)}</p>',
            f'<p class="cite">{esc(long_citation)}</p>',
            "</section>",
        ]
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts)


FORMATS = ("html", "pptx", "xlsx")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cenfigures.report",
        description="Write a view's charts as an offline slide deck (HTML), a PowerPoint deck with native "
        "charts (PPTX) or an Excel workbook with the figures and their sources (XLSX).",
    )
    parser.add_argument("output", type=Path, help="file to write (.html, .pptx or .xlsx)")
    parser.add_argument("--format", choices=FORMATS, help="what to write (default: the output's suffix, else html)")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh")
    parser.add_argument("--query", default="", help='filters as in the dashboard URL, e.g. "region=hebei&kind=target"')
    parser.add_argument(
        "--page", default="", help="the page whose charts to take (its key, e.g. digitization); default: every page"
    )
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="dashboard address used in the citations")
    args = parser.parse_args(argv)
    suffix = args.output.suffix.lower().lstrip(".")
    kind = args.format or (suffix if suffix in FORMATS else "html")

    from cenfigures.tables.dataset import (
        load_dataset,  # here: the module stays importable without data
    )

    dataset = load_dataset()
    for error in dataset.errors.values():
        print(f"warning: {error}", file=sys.stderr)
    figures = dataset.tables.get("figures")
    if figures is None:
        print(f"error: figures.csv cannot be used; run `{REBUILD_COMMAND}`", file=sys.stderr)
        return 1
    tables = dataset.all_tables()
    site = default_site(tables)
    page = find(site, args.page) if args.page else None
    if args.page and page is None:
        print(f"error: no page {args.page!r}; pages: {', '.join(p.key for p in site)}", file=sys.stderr)
        return 2
    pages = catalog.view_pages(site, page)
    declared = chart_specs(tables.get("charts"))
    slide_ids = tuple(filters.slide_id(p.key, s.id) for p in pages if p.charts for s in declared if s.page == p.charts)
    options = filters.FilterOptions.from_frame(figures, slides=slide_ids)  # ?slides= of this view
    parsed = filters.parse_query(parse_qs(args.query, keep_blank_values=True), options)
    if parsed.has_notice:
        print(f"warning: ignored query parameters: {', '.join(parsed.dropped) or 'unknown names'}", file=sys.stderr)
    state = parsed.state.with_(lang=args.lang)
    if kind == "html":
        args.output.write_bytes(deck_html(tables, state, pages, args.base_url).encode("utf-8"))
    else:
        args.output.write_bytes(office_file(kind, tables, state, site, page, args.base_url))
    print(f"wrote {args.output}")
    return 0


def office_file(
    kind: str, tables: Mapping[str, pd.DataFrame], state: ViewState, site: tuple[Page, ...], page, base_url: str
) -> bytes:
    """The PowerPoint deck or Excel workbook of a view: the charts of `page` (every page's when None)."""
    from cenfigures.charts import office  # python-pptx and openpyxl load only when asked for

    t = Translator(state.lang)
    shown = page or site[0]
    query = filters.to_query(state.with_(present=False, slide=1, chart="").only(shown.uses))
    heading = page.label(t) if page is not None else t("deck.every_chart")
    pages = catalog.view_pages(site, page)
    view = office.DeckView(
        tables, state, pages, heading, share.view_url(base_url, shown.url_path, {**query, **shown.query}), base_url
    )
    slides = catalog.chosen(catalog.slides(tables, state, pages), state.slides)
    if kind == "pptx":
        return office.pptx_bytes(view, slides)
    return office.xlsx_bytes(view, slides)


def default_site(tables: Mapping[str, pd.DataFrame]) -> tuple[Page, ...]:
    """The dashboard's pages for these tables (the page files of this checkout)."""
    files = tuple(f"pages/{path.name}" for path in sorted((ROOT / "pages").glob("*.py")))
    charts = chart_specs(tables.get("charts"))
    return site_pages(topic_specs(tables.get("topics")), pages_with_charts(charts), files)


if __name__ == "__main__":
    sys.exit(main())
