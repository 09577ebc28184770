"""Raw HTML only with escaped content.

Scans every .py file of the repo (not .venv / test-artifacts) for calls that render raw HTML:

- any call with ``unsafe_allow_html=<anything but False>`` (st.markdown, st.write, st.caption, ...),
- ``st.html(...)`` / ``<x>.html(...)`` on Streamlit or components (``components.html``).

Each such call passes if its content argument is

- a plain string literal (no interpolation: static CSS/markup is fine), or
- an f-string whose every ``{...}`` is a call of an escaping function, or a literal, or
- otherwise: the call itself or the ``CONTEXT_LINES`` lines before it call an escaping function.

Escaping functions: ``html.escape`` and any function whose name is ``escape``/``escaped`` or
contains ``escape`` as a word part (``md_escape``, ``escape_html``, ``html_escape`` ...).
The self-tests at the bottom prove the checker does fail on unescaped content.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
EXCLUDED_DIRS = {".venv", "venv", ".git", "test-artifacts", "node_modules", "__pycache__", ".pytest_cache"}
CONTEXT_LINES = 3
ESCAPE_CALL = re.compile(r"(?<![\w.])(?:html\.escape|(?:\w+_)?escaped?(?:_\w+)?)\s*\(")
HTML_METHOD_OWNERS = {"st", "streamlit", "components", "v1", "sidebar"}


def _py_files() -> list[Path]:
    out = []
    for path in REPO_ROOT.rglob("*.py"):
        rel = path.relative_to(REPO_ROOT)
        if any(part in EXCLUDED_DIRS for part in rel.parts):
            continue
        out.append(path)
    return sorted(out)


def _is_false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in (False, None)


def _owner_name(func: ast.AST) -> str | None:
    """For ``a.b.html`` return ``b``; for ``st.html`` return ``st``."""
    if isinstance(func, ast.Attribute):
        value = func.value
        if isinstance(value, ast.Name):
            return value.id
        if isinstance(value, ast.Attribute):
            return value.attr
    return None


def _raw_html_reason(call: ast.Call) -> str | None:
    for kw in call.keywords:
        if kw.arg == "unsafe_allow_html" and not _is_false(kw.value):
            return "unsafe_allow_html"
        if kw.arg is None and isinstance(kw.value, ast.Dict):  # **{"unsafe_allow_html": True}
            for key, value in zip(kw.value.keys, kw.value.values):
                if isinstance(key, ast.Constant) and key.value == "unsafe_allow_html" and not _is_false(value):
                    return "unsafe_allow_html"
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "html" and _owner_name(func) in HTML_METHOD_OWNERS:
        return "st.html"
    return None


def _content_arg(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    for kw in call.keywords:
        if kw.arg in ("body", "html"):
            return kw.value
    return None


def _is_escape_call(node: ast.AST, source: str) -> bool:
    seg = ast.get_source_segment(source, node) or ""
    return isinstance(node, ast.Call) and bool(ESCAPE_CALL.match(seg.strip()))


def _safe_fstring(node: ast.JoinedStr, source: str) -> bool:
    for part in node.values:
        if isinstance(part, ast.FormattedValue):
            value = part.value
            if isinstance(value, ast.Constant):
                continue
            if not _is_escape_call(value, source):
                return False
    return True


def check_source(source: str, filename: str = "<string>") -> list[str]:
    """Problems (``file:line: message``) of raw-HTML calls in ``source``; empty when all escaped."""
    tree = ast.parse(source, filename=filename)
    lines = source.splitlines()
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        reason = _raw_html_reason(node)
        if reason is None:
            continue
        arg = _content_arg(node)
        where = f"{filename}:{node.lineno}"
        if arg is None:
            problems.append(f"{where}: {reason} call without a content argument to check")
            continue
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            continue  # static markup
        if isinstance(arg, ast.JoinedStr):
            if _safe_fstring(arg, source):
                continue
            problems.append(f"{where}: {reason}: f-string interpolates a value without an escaping call")
            continue
        start = max(0, node.lineno - 1 - CONTEXT_LINES)
        end = getattr(node, "end_lineno", node.lineno)
        context = "\n".join(lines[start:end])
        if ESCAPE_CALL.search(context):
            continue
        problems.append(
            f"{where}: {reason}: content is not passed through html.escape / an escape helper "
            f"in the call or the {CONTEXT_LINES} lines before it"
        )
    return problems


_TEXT_HIT = re.compile(r"unsafe_allow_html\s*=\s*True|\bst\.html\s*\(|\bcomponents(?:\.v1)?\.html\s*\(")


def _textual_hits(source: str) -> int:
    """Occurrences in code (comments/strings excluded via tokenize) as a cross-check of the AST scan."""
    import io
    import tokenize

    code = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type not in (tokenize.COMMENT, tokenize.STRING):
                code.append(tok.string)
    except (tokenize.TokenError, IndentationError):
        return 0
    return len(_TEXT_HIT.findall(" ".join(code).replace(" . ", ".").replace(" ( ", "(")))


# --------------------------------------------------------------------------- the repo


def test_repo_has_python_files():
    files = _py_files()
    assert any(f.name == "dashboard.py" for f in files)
    assert not any(".venv" in f.parts for f in files)


@pytest.mark.parametrize("path", _py_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_raw_html_is_escaped(path):
    source = path.read_text(encoding="utf-8")
    rel = str(path.relative_to(REPO_ROOT))
    problems = check_source(source, rel)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the checker can fail

BAD = {
    "markdown_var": "import streamlit as st\nname = input()\nst.markdown(name, unsafe_allow_html=True)\n",
    "markdown_fstring": "import streamlit as st\nx = 1\nst.markdown(f'<b>{x}</b>', unsafe_allow_html=True)\n",
    "html_var": "import streamlit as st\nx = '<b>'\nst.html(x)\n",
    "html_concat": "import streamlit as st\nx = 'y'\nst.html('<b>' + x + '</b>')\n",
    "sidebar_markdown": "import streamlit as st\nv = 'y'\nst.sidebar.markdown(v, unsafe_allow_html=True)\n",
    "components": "import streamlit.components.v1 as components\nv = 'y'\ncomponents.html(v)\n",
    "kwargs_dict": "import streamlit as st\nv = 'y'\nst.markdown(v, **{'unsafe_allow_html': True})\n",
    "variable_flag": "import streamlit as st\nv = 'y'\nflag = True\nst.write(v, unsafe_allow_html=flag)\n",
    "escape_far_away": (
        "import html\nimport streamlit as st\nsafe = html.escape('a')\n\n\n\n\n"
        "v = safe + input()\nst.markdown(v, unsafe_allow_html=True)\n"
    ),
    "fstring_partly_escaped": (
        "import html\nimport streamlit as st\na = b = 'x'\nst.html(f'<i>{html.escape(a)}</i><b>{b}</b>')\n"
    ),
    "not_an_escape": "import streamlit as st\nv='y'\nst.html(unescape(v))\n",
}

GOOD = {
    "literal_css": "import streamlit as st\nst.markdown('<style>h1{color:red}</style>', unsafe_allow_html=True)\n",
    "html_literal": "import streamlit as st\nst.html('<hr>')\n",
    "escaped_same_line": "import html\nimport streamlit as st\nv='y'\nst.markdown(html.escape(v), "
    "unsafe_allow_html=True)\n",
    "escaped_before": (
        "import html\nimport streamlit as st\nv = 'y'\nsafe = html.escape(v)\nst.html(f'<b>{safe}</b>' + safe)\n"
    ),
    "fstring_all_escaped": (
        "import streamlit as st\nfrom cenfigures.app.widgets import md_escape\na = b = 'x'\n"
        "st.html(f'<i>{md_escape(a)}</i><b>{escaped(b)}</b>')\n"
    ),
    "flag_false": "import streamlit as st\nv = 'y'\nst.markdown(v, unsafe_allow_html=False)\n",
    "not_streamlit_html": "import lxml.html\ndoc = lxml.html.fromstring('<p>')\nsoup_html = page.html(x)\n",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_checker_flags_unescaped(name):
    assert check_source(BAD[name], name), f"{name}: the checker missed unescaped raw HTML"


@pytest.mark.parametrize("name", sorted(GOOD))
def test_checker_accepts_escaped(name):
    assert check_source(GOOD[name], name) == []


def test_textual_cross_check_matches_ast_scan():
    """Every textual hit in code is also seen by the AST scan (nothing slips through odd syntax)."""
    for path in _py_files():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        ast_hits = sum(1 for n in ast.walk(tree) if isinstance(n, ast.Call) and _raw_html_reason(n))
        assert _textual_hits(source) <= ast_hits, f"{path}: raw-HTML text not matched by the AST scan"


def test_textual_hits_ignore_comments_and_strings():
    src = (
        "import streamlit as st\n# st.html(x) in a comment\ns = 'unsafe_allow_html=True'\n"
        "st.markdown(s, unsafe_allow_html=True)\nst.html(s)\n"
    )
    assert _textual_hits(src) == 2
