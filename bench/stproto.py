"""Streamlit's browser protocol, as the load test speaks it (pure: no sockets, no gevent).

A browser tab talks to a Streamlit server over one WebSocket, `/_stcore/stream`, in binary
protobufs from `streamlit.proto`: it sends `BackMsg`s (`rerun_script` with a `ClientState`: the
page, the URL's query string, every widget's value) and receives `ForwardMsg`s (`new_session`,
`page_info_changed` when the app rewrites the URL, one `delta` per element or block, and
`script_finished` when the run is over). A run's duration as a user sees it is the time from
sending `rerun_script` to receiving `script_finished`.

`rerun_request` encodes what a browser sends; `RunTally` decodes and tallies what comes back for
one run: message counts and bytes per type, the widgets and download links the page drew, the
URL the app wrote, and whether the run failed (an exception element, a page that does not
exist, a run that did not finish successfully).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
FINISHED_OK = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class NotLocal(ValueError):
    """A load-test target outside the loopback range: never sent any traffic."""


def require_local(url: str) -> str:
    """`url` unchanged if its host is a loopback address (127.0.0.0/8, ::1, localhost), else NotLocal.

    The load test must only ever talk to servers on this machine."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return url
    try:
        if ipaddress.ip_address(host).is_loopback:
            return url
    except ValueError:
        pass
    raise NotLocal(f"refusing to send load to {host or url!r}: only 127.0.0.1 / ::1 / localhost")


def stream_url(base_url: str) -> str:
    """The WebSocket URL of a server's `/_stcore/stream` (http -> ws, https -> wss)."""
    parts = urlsplit(require_local(base_url))
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"


def string_widget(widget_id: str, value: str) -> WidgetState:
    """A selectbox, radio or tabs value (Streamlit 1.67 sends the option's label)."""
    state = WidgetState(id=widget_id)
    state.string_value = value
    return state


def string_array_widget(widget_id: str, values: Iterable[str]) -> WidgetState:
    """A multiselect value: the labels of the picked options."""
    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(values)
    return state


def bool_widget(widget_id: str, value: bool) -> WidgetState:
    """A checkbox, toggle or popover (open or closed)."""
    state = WidgetState(id=widget_id)
    state.bool_value = value
    return state


def trigger_widget(widget_id: str) -> WidgetState:
    """A button click."""
    state = WidgetState(id=widget_id)
    state.trigger_value = True
    return state


def rerun_request(
    query_string: str = "",
    page_name: str = "",
    page_script_hash: str = "",
    widgets: Iterable[WidgetState] = (),
    url: str = "",
    locale: str = "zh-CN",
    cached: Iterable[str] = (),
    fragment_id: str = "",
) -> bytes:
    """The bytes of a `BackMsg.rerun_script`, as the browser sends on opening a link (page_name
    from the URL's path, no hash yet) and on every widget change (the page's hash, every widget);
    with `fragment_id`, the rerun of that fragment its `run_every` asks for (an auto-rerun)."""
    msg = BackMsg()
    state = msg.rerun_script
    if fragment_id:
        state.fragment_id, state.is_auto_rerun = fragment_id, True
    state.query_string = query_string.lstrip("?")
    state.page_name = page_name
    state.page_script_hash = page_script_hash
    state.widget_states.widgets.extend(widgets)
    state.cached_message_hashes.extend(cached)
    state.context_info.timezone = "Asia/Shanghai"
    state.context_info.timezone_offset = -480
    state.context_info.locale = locale
    state.context_info.url = url
    return msg.SerializeToString()


class MessageCache:
    """The browser's cache of large messages: a run's request names the hashes it holds, and the
    server then sends a reference (`ref_hash`) instead of an unchanged element of 10 KB or more (a
    chart). An entry not used for `max_age` finished runs is dropped (Streamlit 1.67's frontend
    does the same with the `max_cached_message_age` the server announces, 2 by default)."""

    def __init__(self, max_age: int = 2):
        self.max_age = max_age
        self.ages: dict[str, int] = {}

    def hashes(self) -> list[str]:
        return list(self.ages)

    def finished(self, tally: RunTally) -> None:
        """After a finished run: age every entry, renew those the run used, add the new ones."""
        for key in list(self.ages):
            self.ages[key] += 1
        for key in tally.cache_hits | tally.cacheable:
            self.ages[key] = 0
        self.ages = {key: age for key, age in self.ages.items() if age <= self.max_age}


def decode(data: bytes) -> ForwardMsg:
    msg = ForwardMsg()
    msg.ParseFromString(data)
    return msg


def message_kind(msg: ForwardMsg) -> str:
    """A ForwardMsg's type, with deltas split by what they draw: `delta:plotly_chart`, `delta:block`."""
    kind = msg.WhichOneof("type") or "empty"
    if kind == "delta":
        delta = msg.delta
        if delta.WhichOneof("type") == "new_element":
            return f"delta:{delta.new_element.WhichOneof('type')}"
        return f"delta:{delta.WhichOneof('type') or 'empty'}"
    return kind


def _widget_key(widget_id: str) -> str:
    """The user key inside a widget id (`$$ID-<hash>-url_kind` -> `url_kind`), or the id itself."""
    parts = widget_id.split("-", 2)
    return parts[2] if widget_id.startswith("$$ID-") and len(parts) == 3 else widget_id


@dataclass
class Widget:
    id: str
    kind: str  # multiselect, selectbox, radio, tabs, button, download_button, ...
    label: str = ""
    options: tuple[str, ...] = ()
    url: str = ""  # download_button: the /media URL of a file handed over with the page
    deferred: str = ""  # download_button: the id of a file made on click


@dataclass
class RunTally:
    """Everything one script run sent to a session, fed one WebSocket frame at a time."""

    messages: int = 0
    bytes: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [count, bytes]
    widgets: dict[str, Widget] = field(default_factory=dict)  # by user key (e.g. url_kind)
    query_string: str | None = None  # the URL's query after the app rewrote it (None: unchanged)
    page_script_hash: str = ""
    finished: int | None = None  # the script_finished status
    errors: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)  # warnings and notices the page showed
    cacheable: set[str] = field(default_factory=set)  # hashes of large elements the browser may keep
    cache_hits: set[str] = field(default_factory=set)  # references to kept elements instead of the element
    auto_rerun: dict[str, float] = field(default_factory=dict)  # fragment id -> seconds between its reruns
    _tabs: Widget | None = field(default=None, repr=False)

    @property
    def done(self) -> bool:
        """The run is over (successfully or not) or failed in a way that ends it."""
        return self.finished is not None and self.finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN

    @property
    def ok(self) -> bool:
        return self.finished in FINISHED_OK and not self.errors

    def feed(self, data: bytes) -> ForwardMsg:
        msg = decode(data)
        kind = message_kind(msg)
        self.messages += 1
        self.bytes += len(data)
        tally = self.by_kind.setdefault(kind, [0, 0])
        tally[0] += 1
        tally[1] += len(data)
        if msg.metadata.cacheable and msg.hash:
            self.cacheable.add(msg.hash)
        if kind == "ref_hash":
            self.cache_hits.add(msg.ref_hash)
        if kind == "script_finished":
            self.finished = msg.script_finished
            if msg.script_finished not in FINISHED_OK and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.errors.append(
                    f"script finished with status {ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)}"
                )
        elif kind == "new_session" and not self.page_script_hash:
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation":  # pages-directory apps: the page that ran, among the pages the app declared
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "delta:alert":
            self.alerts.append(msg.delta.new_element.alert.body)
        elif kind == "delta:exception":
            self.errors.append(f"exception on the page: {msg.delta.new_element.exception.type or 'hidden'}")
        elif kind == "auto_rerun":  # a fragment with run_every: the browser reruns it on a timer
            self.auto_rerun[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "delta:add_block":
            block = msg.delta.add_block
            tabs_id = block.tab_container.id if block.WhichOneof("type") == "tab_container" else ""
            if tabs_id:
                self._tabs = Widget(tabs_id, "tabs")
                self.widgets[_widget_key(tabs_id)] = self._tabs
            elif block.WhichOneof("type") == "popover" and block.popover.id:
                self.widgets[_widget_key(block.popover.id)] = Widget(block.popover.id, "popover", block.popover.label)
            elif block.WhichOneof("type") == "tab" and self._tabs is not None:
                self._tabs.options += (block.tab.label,)  # the tabs' labels follow their container
        elif kind.startswith("delta:"):
            element = msg.delta.new_element
            name = element.WhichOneof("type")
            proto = getattr(element, name) if name else None
            widget_id = getattr(proto, "id", "") if proto is not None else ""
            if widget_id and name != "plotly_chart":
                self.widgets[_widget_key(widget_id)] = Widget(
                    widget_id,
                    name,
                    getattr(proto, "label", ""),
                    tuple(getattr(proto, "options", ()) or ()),
                    getattr(proto, "url", ""),
                    getattr(proto, "deferred_file_id", ""),
                )
        return msg

    def downloads(self) -> dict[str, Widget]:
        """Download buttons by user key (e.g. `csv-digitization-indices`)."""
        return {key: w for key, w in self.widgets.items() if w.kind == "download_button"}
