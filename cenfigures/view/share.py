"""Links that restore a view, and citations of a chart or table. Pure functions, no Streamlit.

A view is page + filters + language, all in the URL: `view_url` joins the server's base URL, the
page's URL path and `filters.to_query(...)`, so a copied link reproduces what the reader sees.
Citations name the article (title, publisher, date, authors), the figure ids behind the chart and
the dashboard URL of the view, in the current language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from urllib.parse import urlencode, urlsplit, urlunsplit

from cenfigures.view.labels import text
from cenfigures.view.site import Page

_NUMBER_PREFIX = re.compile(r"^\d+_")
_TAGS = re.compile(r"<[^>]+>")


def page_url_path(page: Page) -> str:
    """The URL path Streamlit gives a page: "" for the main script, "uhd_video" for pages/2_uhd_video.py."""
    if "/" not in page.path:  # the entry script (dashboard.py) is served at the root
        return ""
    return _NUMBER_PREFIX.sub("", PurePosixPath(page.path).stem)


def base_url(context_url: str | None = None, headers: Mapping[str, str] | None = None) -> str:
    """Scheme://host[:port] of the server as the reader reached it, without path or query.

    `context_url` is `st.context.url` (the browser's address); when it is missing the Host header
    (and X-Forwarded-Proto behind a proxy) rebuilds it; "" when neither is known.
    """
    if context_url:
        parts = urlsplit(context_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    host = headers.get("x-forwarded-host") or headers.get("host")
    if not host or not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", host):
        return ""
    scheme = headers.get("x-forwarded-proto", "http").split(",")[0].strip()
    return f"{'https' if scheme == 'https' else 'http'}://{host}"


def view_url(base: str, page: Page, query: Mapping[str, str | list[str]]) -> str:
    """The link that restores `page` with the state in `query` (from filters.to_query)."""
    path = page_url_path(page)
    url = f"{base.rstrip('/')}/{path}"
    encoded = urlencode(list(_pairs(query)))
    return f"{url}?{encoded}" if encoded else url


def _pairs(query: Mapping[str, str | list[str]]) -> Iterable[tuple[str, str]]:
    for key, value in query.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            yield key, str(one)


def plain_title(raw: str | None) -> str:
    """A plotly title as plain text (finish() escapes it and plotly may wrap it in tags)."""
    return html.unescape(_TAGS.sub("", raw or "")).strip()


def _ids(figure_ids: Iterable[str]) -> str:
    return ", ".join(figure_ids)


def short_citation(source: Mapping, figure_ids: Iterable[str], lang: str) -> str:
    """One line: publisher, date, article title, figure ids."""
    if lang == "en":
        return text(
            "cite.short", lang, publisher=source.get("publisher_en", ""), published=source.get("published", ""),
            title=source.get("title_en", ""), ids=_ids(figure_ids),
        )
    return text(
        "cite.short", lang, publisher=source.get("publisher", ""), published=source.get("published", ""),
        title=source.get("title", ""), ids=_ids(figure_ids),
    )


def long_citation(source: Mapping, chart_title: str, figure_ids: Iterable[str], lang: str, url: str) -> str:
    """Authors, article title (with the original Chinese title in English), publisher, date,
    the chart, the figure ids and the dashboard URL of the view."""
    values = {
        "authors": source.get("authors", ""),
        "title": source.get("title", ""),
        "title_en": source.get("title_en", ""),
        "publisher": source.get("publisher_en" if lang == "en" else "publisher", ""),
        "published": source.get("published", ""),
        "chart": chart_title,
        "ids": _ids(figure_ids),
        "url": url,
    }
    return text("cite.long", lang, **values)
