"""Links that restore a view, and citations of a chart or table. Pure functions, no Streamlit.

A view is page + filters + language, all in the URL: `view_url` joins the server's base URL, the
page's URL path and `filters.to_query(...)`, so a copied link reproduces what the reader sees.
Citations name the article (title, publisher, date, authors), the figure ids behind the chart and
the dashboard URL of the view, in the current language.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from cenfigures.view.translate import Translator

_TAGS = re.compile(r"<[^>]+>")
MAX_IDS = 12  # a citation lists this many figure ids; more are in the CSV and behind the link


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


def view_url(base: str, url_path: str, query: Mapping[str, str | list[str]]) -> str:
    """The link that restores the page at `url_path` with the state in `query` (filters.to_query),
    in its readable form: Chinese stays Chinese (`q=目标`, not `q=%E7%9B%AE%E6%A0%87`)."""
    url = f"{base.rstrip('/')}/{url_path}"
    encoded = urlencode(list(_pairs(query)), quote_via=readable_quote)
    return f"{url}?{encoded}" if encoded else url


def readable_quote(text: str, safe: str = "", encoding: str | None = None, errors: str | None = None) -> str:
    """Percent-encoding of a query value that leaves visible non-ASCII characters as they are (an IRI,
    RFC 3987: browsers take it in the address bar and send it UTF-8 percent-encoded, so the server
    reads the same value from either form). ASCII is encoded as urllib does; spaces, controls and
    invisible or direction-changing characters (Unicode separators and format characters) are
    encoded too, so a link never hides or reorders part of itself."""
    return "".join(
        char if ord(char) > 127 and unicodedata.category(char)[0] in _VISIBLE else quote(char, safe=safe)
        for char in text
    )


_VISIBLE = "LMNPS"  # letters, marks, numbers, punctuation, symbols (not Z separators, not C controls/format)


def _pairs(query: Mapping[str, str | list[str]]) -> Iterable[tuple[str, str]]:
    for key, value in query.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            yield key, str(one)


def plain_title(raw: str | None) -> str:
    """A plotly title as plain text: tags out, a line break read as a space."""
    return html.unescape(_TAGS.sub("", (raw or "").replace("<br>", " "))).strip()


def _article(source: Mapping, t: Translator) -> str:
    """ "中国电子报，2022-01，《标题》" / "China Electronics News, 2022-01, “Title”"."""
    return t(
        "cite.article",
        publisher=t.field(source, "publisher"),
        published=source.get("published", ""),
        title=t.field(source, "title"),
        title_zh=source.get("title", ""),
        authors=source.get("authors", ""),
    )


def _ids(figure_ids: Iterable[str], t: Translator, unreviewed: Collection[str] = ()) -> str:
    """The ids (the first MAX_IDS), an unreviewed draft's marked as on the charts, and how many are drafts."""
    ids = list(figure_ids)
    listed = t.join(t("review.marked", value=i) if i in unreviewed else i for i in ids[:MAX_IDS])
    listed = listed if len(ids) <= MAX_IDS else t("cite.more_ids", ids=listed, more=len(ids) - MAX_IDS)
    drafts = sum(i in unreviewed for i in ids)
    return listed + t("cite.drafts", drafts=drafts) if drafts else listed


def short_citation(
    sources: Iterable[Mapping],
    figure_ids: Iterable[str],
    t: Translator,
    unreviewed: Collection[str] = (),
    event_ids: Collection[str] = (),
) -> str:
    """One line: each article (publisher, date, title) and how many figures, and how many of them
    are unreviewed drafts (`unreviewed`: the draft ids among them); events a chart draws beside its
    figures are counted as events."""
    articles = t.listing(
        _article(s, t) for s in sources if s
    )  # {}: an article sources.csv cannot tell (the page names the broken file)
    ids = list(figure_ids)
    drafts = sum(i in unreviewed for i in ids)
    if drafts:
        line = t("cite.short_drafts", articles=articles, count=len(ids), drafts=drafts)
    else:
        line = t("cite.short", articles=articles, count=len(ids))
    return line + t("cite.short_events", events=t("count.events", count=len(event_ids))) if event_ids else line


def long_citation(
    sources: Iterable[Mapping],
    chart_title: str,
    figure_ids: Iterable[str],
    t: Translator,
    url: str,
    unreviewed: Collection[str] = (),
    event_ids: Collection[str] = (),
) -> str:
    """Each article with its authors, the chart, the figure ids (the first few: the CSV has them all;
    unreviewed drafts marked), the ids of the events it draws beside them, and the dashboard URL of the view."""
    ids = list(figure_ids)
    articles = t.listing(
        t("cite.article_long", article=_article(s, t), authors=s.get("authors", "") or "–") for s in sources if s
    )
    listed = _ids(ids, t, unreviewed)
    if event_ids:
        listed += t(
            "cite.long_events", events=t("count.events", count=len(event_ids)), ids=_ids(event_ids, t, unreviewed)
        )
    return t("cite.long", articles=articles, chart=chart_title, count=len(ids), ids=listed, url=url)
