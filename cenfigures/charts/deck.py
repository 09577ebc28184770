"""The slide deck: one self-contained HTML file with every chart, its takeaway and citation.

plotly.js is embedded once (with the first chart) and never fetched from a CDN, so the file opens
offline. From the command line:

    python -m cenfigures.report deck.html [--lang en] [--query "region=hebei&kind=target"] [--base-url URL]
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
from cenfigures.charts.export import EMPTY_TOPOJSON_URL
from cenfigures.charts.kit import FONT_FAMILY
from cenfigures.view import filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.site import PAGES

DEFAULT_BASE_URL = "http://localhost:8501"
_CSS = """
body { margin: 0; font-family: FONT_FAMILY; color: #1f2933; background: #f4f5f7; }
section { background: white; max-width: 1100px; margin: 24px auto; padding: 32px 40px; box-shadow: 0 1px 4px rgba(0,0,0,.12); page-break-after: always; }
section.title { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; }
h1 { font-size: 2.4rem; margin: 0 0 .5em; } h2 { font-size: 1rem; color: #52606d; font-weight: normal; margin: 0 0 .5em; }
p.takeaway { font-size: 1.35rem; line-height: 1.5; margin: 1em 0 .5em; }
p.cite { font-size: .85rem; color: #52606d; word-break: break-all; }
p.counter { float: right; font-size: .85rem; color: #52606d; }
@media print { body { background: white; } section { box-shadow: none; margin: 0 auto; } }
""".replace("FONT_FAMILY", FONT_FAMILY)  # the charts' own CJK font stack


def _plot_html(chart, first: bool) -> str:
    # include_plotlyjs=True inlines plotly.min.js; the later charts reuse it (False): no CDN either way.
    return chart.figure.to_html(
        full_html=False,
        include_plotlyjs=True if first else False,
        config={"displaylogo": False, "responsive": True, "topojsonURL": EMPTY_TOPOJSON_URL},
        default_width="100%",
    )


def deck_html(tables: Mapping[str, pd.DataFrame], state: ViewState, source: Mapping, base_url: str = DEFAULT_BASE_URL, *, strict: bool = True) -> str:
    """The deck of every chart the filters in `state` leave data for, in `state.lang`."""
    lang = state.lang
    slides = catalog.slides(tables, state, source, strict=strict)
    figures = tables.get("figures")
    options = FilterOptions.from_figures(figures) if figures is not None and not figures.empty else None
    esc = lambda value: html.escape(str(value), quote=True)  # noqa: E731 - every data text goes through it
    pages = len({slide.page.key for slide in slides})
    title_en = f"<p>{esc(source.get('title_en', ''))}</p>" if lang == "en" else ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(text('app.title', lang))}</title><style>{_CSS}</style></head><body>",
        '<section class="title">',
        f"<h1>{esc(text('app.title', lang))}</h1>",
        f"<p>{esc(text('app.subtitle', lang))}</p>",
        f"<p><strong>{esc(text('deck.source', lang))}</strong>: {esc(source.get('publisher_en' if lang == 'en' else 'publisher', ''))}, "
        f"{esc(source.get('published', ''))}, 《{esc(source.get('title', ''))}》, {esc(source.get('authors', ''))}</p>",
        title_en,
        f"<p>{esc(text('deck.contents', lang, total=len(slides), pages=pages))}</p>",
        f'<p class="cite">{esc(share.view_url(base_url, PAGES[0], filters.to_query(state.with_(present=False, slide=1), options)))}</p>',
        "</section>",
    ]
    for number, slide in enumerate(slides, start=1):
        chart = slide.chart
        url = share.view_url(base_url, slide.page, filters.to_query(state.with_(present=False, slide=1), options))
        chart_title = share.plain_title(chart.figure.layout.title.text)
        parts += [
            f'<section class="slide" id="slide-{number}">',
            f'<p class="counter">{number} / {len(slides)}</p>',
            f"<h2>{esc(text(f'page.{slide.page.key}', lang))}</h2>",
            _plot_html(chart, first=number == 1),
            f'<p class="takeaway"><strong>{esc(text("word.takeaway", lang))}</strong> · {esc(chart.takeaway)}</p>',
            f'<p class="cite">{esc(share.long_citation(source, chart_title, chart.figure_ids, lang, url))}</p>',
            "</section>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cenfigures.report", description="Write the offline slide deck of every chart.")
    parser.add_argument("output", type=Path, help="HTML file to write")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh")
    parser.add_argument("--query", default="", help='filters as in the dashboard URL, e.g. "region=hebei&kind=target"')
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="dashboard address used in the citations")
    args = parser.parse_args(argv)

    from cenfigures.tables.dataset import (
        load_dataset,  # here: the module stays importable without data
    )

    dataset = load_dataset()
    for error in dataset.errors.values():
        print(f"warning: {error}", file=sys.stderr)
    figures = dataset.tables.get("figures")
    if figures is None:
        print("error: figures.csv cannot be used; run `python -m cenfigures.prep`", file=sys.stderr)
        return 1
    options = FilterOptions.from_figures(figures)
    parsed = filters.parse_query(parse_qs(args.query, keep_blank_values=True), options)
    if parsed.has_notice:
        print(f"warning: ignored query parameters: {', '.join(parsed.dropped) or 'unknown names'}", file=sys.stderr)
    state = parsed.state.with_(lang=args.lang)
    args.output.write_text(deck_html(dataset.tables, state, dataset.source(), args.base_url), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
