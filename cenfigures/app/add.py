"""The /add page (editors only): paste, upload or link an article; check the text read from it, with
the furniture that was dropped listed and restorable, and the guesses (title, publisher, date,
default region) editable; then "draft" writes the article's files (cenfigures.intake), rebuilds
data/ and opens the article in the source reader.

The one module of the app that reaches seeds/ (through the intake, tests/test_layers.py). Every step
that reads a source or writes asks the server again who the session is (cenfigures.app.editors):
the menu hiding /add from viewers is no protection on its own.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from cenfigures.app import editors
from cenfigures.app.context import PageContext
from cenfigures.app.widgets import md_escape
from cenfigures.intake.errors import IntakeError
from cenfigures.intake.extract import PASTED, Extraction, Source, extract, now_utc
from cenfigures.intake.fetch import fetch
from cenfigures.intake.store import Confirmed, add_article, holder_of, suggest_name
from cenfigures.tables.paths import DATA_DIR, SEEDS_DIR

_EXTRACTION = "_cenfigures_add_extraction"  # the source read, kept in this session until drafted
_RESTORE = "_cenfigures_add_restore_"  # + block index: the checkbox restoring a dropped block
_FIELDS = ("title", "publisher", "published", "region", "name")
TEXT_HEIGHT = 360


def _field_key(name: str) -> str:
    return f"_cenfigures_add_{name}"


def _error(ctx: PageContext, error: IntakeError) -> None:
    st.error(md_escape(ctx.t(f"intake.error.{error.code}", **error.values)), icon=":material/error:")


def _read(ctx: PageContext, make_source) -> None:
    """Read a source for the editor (asked again here: a fetch is a request the server makes)."""
    if editors.current_editor() is None:
        st.error(ctx.t("intake.error.not_editor"), icon=":material/lock:")
        st.stop()
    try:
        with st.spinner(ctx.t("add.reading")):
            extraction = extract(make_source(), SEEDS_DIR)
    except IntakeError as error:
        _error(ctx, error)
        return
    for key in [k for k in st.session_state if str(k).startswith((_RESTORE, "_cenfigures_add_"))]:
        del st.session_state[key]
    st.session_state[_EXTRACTION] = extraction
    guesses = extraction.guesses
    values = dict(
        title=guesses.title,
        publisher=guesses.publisher,
        published=guesses.published,
        region=guesses.region,
        name=suggest_name(extraction, SEEDS_DIR),
    )
    for name in _FIELDS:
        st.session_state[_field_key(name)] = values[name]
    st.rerun()


def _fetched_source(url: str) -> Source:
    fetched = fetch(url)
    return Source(
        fetched.data, fetched.url, fetched.media_type, fetched.charset, fetched.url, fetched.requested, now_utc()
    )


def _source_step(ctx: PageContext) -> None:
    t = ctx.t
    paste, upload, link = st.tabs([t("add.paste"), t("add.upload"), t("add.link")])
    with paste, st.form("_cenfigures_add_paste_form", border=False):
        pasted = st.text_area(t("add.paste_label"), height=220)
        if st.form_submit_button(t("add.read"), type="primary", icon=":material/article:") and pasted.strip():
            _read(ctx, lambda: Source(pasted.encode("utf-8"), PASTED, retrieved=now_utc()))
    with upload, st.form("_cenfigures_add_upload_form", border=False):
        uploaded = st.file_uploader(t("add.upload_label"), type=["html", "htm", "pdf", "docx", "txt"])
        if st.form_submit_button(t("add.read"), type="primary", icon=":material/upload_file:") and uploaded:
            # the upload's name is a record and a hint of its type, never a path
            _read(ctx, lambda: Source(uploaded.getvalue(), uploaded.name, retrieved=now_utc()))
    with link, st.form("_cenfigures_add_link_form", border=False):
        address = st.text_input(t("add.link_label"), placeholder="https://")
        if st.form_submit_button(t("add.read"), type="primary", icon=":material/link:") and address.strip():
            _read(ctx, lambda: _fetched_source(address.strip()))


def _restored(extraction: Extraction) -> set[int]:
    return {index for index, _, _ in extraction.dropped if st.session_state.get(f"{_RESTORE}{index}")}


def _start_again() -> None:
    st.session_state.pop(_EXTRACTION, None)


def _confirm_step(ctx: PageContext, extraction: Extraction) -> None:
    t = ctx.t
    source = extraction.source
    encoding = extraction.reading.encoding
    parts = [
        t("add.source_from", origin=source.url or source.name),
        t(f"intake.kind.{extraction.kind}"),
        *([t("add.source_encoding", encoding=encoding)] if encoding else []),  # a PDF or .docx has none
        t("add.source_sha", sha=extraction.sha256[:12]),
    ]
    st.caption(md_escape(" · ".join(parts)))
    holder = holder_of(extraction, SEEDS_DIR)
    if holder is not None:
        st.warning(md_escape(t("add.duplicate", source_id=holder[0])), icon=":material/content_copy:")
        st.page_link(
            "pages/7_source.py",
            label=t("add.open_existing"),
            icon=":material/article:",
            query_params={"source": holder[0], "lang": ctx.state.lang},
        )
        st.button(t("add.cancel"), on_click=_start_again, icon=":material/restart_alt:")
        return

    restored = _restored(extraction)
    text_column, guess_column = st.columns([3, 2], gap="large")
    with text_column:
        st.markdown(f"#### {md_escape(t('add.step_check'))}")
        st.caption(t("add.text"))
        with st.container(height=TEXT_HEIGHT, border=True):
            for line in extraction.text(restored).splitlines():
                st.markdown(md_escape(line))
        dropped = extraction.dropped
        if dropped:
            with st.expander(t("add.dropped", count=len(dropped)), icon=":material/visibility_off:"):
                for index, words, reason in dropped:
                    st.checkbox(
                        md_escape(words),
                        key=f"{_RESTORE}{index}",
                        help=t(f"intake.reason.{reason}"),
                    )
        else:
            st.caption(t("add.dropped_none"))
    with guess_column:
        st.markdown(f"#### {md_escape(t('add.guesses'))}")
        cues = extraction.guesses.cues
        st.text_input(t("add.title"), key=_field_key("title"))
        _cue(ctx, cues.get("title"))
        st.text_input(t("add.publisher"), key=_field_key("publisher"))
        _cue(ctx, cues.get("publisher"))
        st.text_input(t("add.published"), key=_field_key("published"))
        _cue(ctx, cues.get("published"))
        regions = ctx.dataset.table("regions")
        ids = list(regions.get("region_id", ()))
        names = dict(zip(ids, regions.get(t.column("name", regions.columns), ids), strict=False))
        guessed = extraction.guesses.region
        if guessed and guessed not in ids:  # a city the draft will declare (the drafter's city table)
            ids.append(guessed)
            names[guessed] = t.of(dict(zip(("zh", "en"), extraction.guesses.region_names, strict=True)))
        if st.session_state.get(_field_key("region")) not in ids:
            st.session_state[_field_key("region")] = ids[0] if ids else ""
        st.selectbox(t("add.region"), ids, key=_field_key("region"), format_func=lambda i: names.get(i, i))
        _cue(ctx, cues.get("region"))
        st.text_input(t("add.name"), key=_field_key("name"), max_chars=60)
        for note in extraction.guesses.notes:
            st.caption(md_escape(t("add.note", note=note)))
        draft, cancel = st.columns(2)
        drafting = draft.button(t("add.draft"), type="primary", icon=":material/edit_note:", width="stretch")
        cancel.button(t("add.cancel"), on_click=_start_again, icon=":material/restart_alt:", width="stretch")
    if drafting:
        _draft(ctx, extraction, restored)


def _cue(ctx: PageContext, cue: str | None) -> None:
    if cue:
        st.caption(md_escape(ctx.t("add.cue", cue=cue)))


def _draft(ctx: PageContext, extraction: Extraction, restored: set[int]) -> None:
    editor = editors.current_editor()  # the write checks the role itself, whatever the page showed
    if editor is None:
        st.error(ctx.t("intake.error.not_editor"), icon=":material/lock:")
        st.stop()
    value = {name: str(st.session_state.get(_field_key(name), "")).strip() for name in _FIELDS}
    confirmed = Confirmed(
        name=value["name"],
        title=value["title"],
        publisher=value["publisher"],
        published=value["published"],
        region=value["region"],
        restored=restored,
        added_by=editor,
    )
    try:
        with st.spinner(ctx.t("add.drafting")):
            added = add_article(extraction, confirmed, SEEDS_DIR, DATA_DIR)
    except IntakeError as error:
        _error(ctx, error)
        return
    _start_again()
    st.switch_page("pages/7_source.py", query_params={"source": added.source_id, "lang": ctx.state.lang})


def show(ctx: PageContext) -> None:
    """The page: refused to anyone but an editor; else the source step or the check step."""
    editors.require_editor(ctx.state.lang)
    st.title(ctx.page.label(ctx.t))
    extraction = st.session_state.get(_EXTRACTION)
    if not isinstance(extraction, Extraction):
        st.caption(ctx.t("add.intro"))
        _source_step(ctx)
    else:
        _confirm_step(ctx, dataclasses.replace(extraction))
