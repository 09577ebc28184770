"""The package's layers import in one direction only, without cycles (docs/architecture.md).

tables < prep < draft < intake < review < view < charts < app < commands; view, charts and app never
import prep, the drafter, the intake or the review engine (the app reads data/, never seeds/), except
the editors' pages: /add (cenfigures.app.add) calls the intake, /review (cenfigures.app.review) the
review engine. The drafter and the intake are components
with their own command: the drafter may use tables and prep (the parser, the corpus reader); the
intake tables, prep and the drafter; prep never imports either. Streamlit only
in app/ (and the page files), plotly only in charts/ and app/. Imports are read with `ast`, so an
import inside a function counts too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cenfigures"
RANK = {"tables": 0, "prep": 1, "draft": 2, "intake": 3, "review": 4, "view": 5, "charts": 6, "app": 7}
COMMAND_RANK = 8
NEVER_IMPORT_PREP = {"view", "charts", "app"}
READS_SEEDS = {"prep", "draft", "intake", "review"}  # the layers that read seeds/; the app reads data/
# The ways from the app into seeds/: the editors' pages. /add calls the intake (which writes an article
# and rebuilds data/), /review the review engine (which rewrites an annotation, rebuilds data/ and
# commits); nothing else of the app imports them, nor prep or the drafter.
WRITES_SEEDS_FROM_APP = {"cenfigures.app.add": {"cenfigures.intake"}, "cenfigures.app.review": {"cenfigures.review"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    """The layer a module of the package belongs to; None for top-level command modules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def rank_of(module: str) -> int:
    layer = layer_of(module)
    return RANK[layer] if layer else COMMAND_RANK


def imports_of(path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module_name(path).split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.append((base, node.lineno))
            # `from cenfigures.view import labels` imports the module cenfigures.view.labels
            found += [
                (f"{base}.{alias.name}", node.lineno) for alias in node.names if f"{base}.{alias.name}" in MODULES
            ]
    return found


def package_imports(module: str) -> set[str]:
    return {name for name, _ in imports_of(MODULES[module]) if name in MODULES and name != module}


def test_the_layers_exist():
    assert {layer_of(module) for module in MODULES} >= set(RANK)


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_lower_layers_never_import_upper_ones(module):
    mine = rank_of(module)
    layer = layer_of(module)
    for name, line in imports_of(MODULES[module]):
        if not name.startswith("cenfigures.") or name not in MODULES:
            continue
        assert rank_of(name) <= mine, f"{module} (line {line}) imports {name}, a higher layer"
        allowed = WRITES_SEEDS_FROM_APP.get(module, set())
        if layer in NEVER_IMPORT_PREP and not any(name == a or name.startswith(a + ".") for a in allowed):
            assert layer_of(name) not in READS_SEEDS, (
                f"{module} (line {line}) imports {name}: the app reads data/, not seeds/"
            )


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_streamlit_only_in_the_app_and_plotly_only_in_charts_and_app(module):
    layer = layer_of(module)
    for name, line in imports_of(MODULES[module]):
        top = name.split(".")[0]
        if top == "streamlit":
            assert layer == "app" or layer is None, f"{module} (line {line}) imports Streamlit"
        if top == "plotly":
            assert layer in ("charts", "app"), f"{module} (line {line}) imports plotly"


def test_no_import_cycles():
    graph = {module: package_imports(module) for module in MODULES}
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycle = path[path.index(other) :] + [other]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_only_the_add_page_reaches_the_intake_from_the_app():
    reaching = sorted(
        module
        for module in MODULES
        if layer_of(module) in NEVER_IMPORT_PREP
        and any(layer_of(name) in READS_SEEDS for name, _ in imports_of(MODULES[module]) if name in MODULES)
    )
    assert reaching == sorted(WRITES_SEEDS_FROM_APP)


def test_the_checker_sees_a_violation():
    # The direction check must be able to fail: a view module importing the app is caught.
    assert rank_of("cenfigures.app.context") > rank_of("cenfigures.view.filters")
    assert "cenfigures.view.filters" in package_imports("cenfigures.app.context")


# ---------------------------------------------------------------- column-wise pandas in view/ and charts/

COLUMN_WISE = {"view", "charts"}
ROW_METHODS = {"iterrows", "itertuples"}
TRACE_CALL = re.compile(r"^add_(bar|scatter|scattergeo|choropleth|trace|traces|box|heatmap|pie)$")


def _axis_is_rows(call: ast.Call) -> bool:
    return any(
        keyword.arg == "axis" and isinstance(keyword.value, ast.Constant) and keyword.value.value in (1, "columns")
        for keyword in call.keywords
    )


def _records(call: ast.Call) -> bool:
    values = [*call.args, *(k.value for k in call.keywords if k.arg == "orient")]
    return any(isinstance(v, ast.Constant) and v.value == "records" for v in values)


def _one_point(call: ast.Call) -> bool:
    """A trace whose data is a one-element list (`x=[row["value"]]`): a trace per row. A legend
    entry (every coordinate `[None]`: it draws nothing, one per colour a legend explains) is not."""
    coordinates = [
        keyword.value
        for keyword in call.keywords
        if keyword.arg in ("x", "y", "lon", "lat", "locations", "base")
        and isinstance(keyword.value, ast.List | ast.Tuple)
        and len(keyword.value.elts) == 1
    ]
    nothing = all(isinstance(c.elts[0], ast.Constant) and c.elts[0].value is None for c in coordinates)
    return bool(coordinates) and not nothing


def row_loops(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, what) for each per-row idiom in `source`: iterrows()/itertuples(), apply(axis=1),
    to_dict("records"), and a plotly trace of one point added inside a loop (a trace per row)."""
    found = []
    tree = ast.parse(source, filename=filename)
    loops = [node for node in ast.walk(tree) if isinstance(node, ast.For | ast.comprehension)]
    in_loop = {
        id(inner)
        for loop in loops
        for part in (loop.body if isinstance(loop, ast.For) else [loop])
        for inner in ast.walk(part)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        if name in ROW_METHODS:
            found.append((node.lineno, f"{name}()"))
        elif name == "apply" and _axis_is_rows(node):
            found.append((node.lineno, "apply(axis=1)"))
        elif name == "to_dict" and _records(node):
            found.append((node.lineno, 'to_dict("records")'))
        elif TRACE_CALL.match(name) and id(node) in in_loop and _one_point(node):
            found.append((node.lineno, f"{name}() of one point in a loop"))
    return found


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in COLUMN_WISE), ids=str)
def test_view_and_charts_work_column_wise(module):
    """No per-row Python in the layers that run for every visitor: what a builder needs is computed
    with whole-column operations, and a chart draws one trace per series, not one per figure."""
    path = MODULES[module]
    assert row_loops(path.read_text(encoding="utf-8"), str(path)) == [], f"{module}: per-row loops"


@pytest.mark.parametrize(
    "source, what",
    [
        ("for _, row in frame.iterrows():\n    pass", "iterrows()"),
        ("[r for r in frame.itertuples()]", "itertuples()"),
        ("frame.apply(f, axis=1)", "apply(axis=1)"),
        ("frame.apply(f, axis='columns')", "apply(axis=1)"),
        ("frame.to_dict('records')", 'to_dict("records")'),
        ("frame.to_dict(orient='records')", 'to_dict("records")'),
        ("for v in values:\n    fig.add_bar(x=[v], y=['a'])", "add_bar() of one point in a loop"),
        ("for v in values:\n    fig.add_scattergeo(lon=[v], lat=[None])", "add_scattergeo() of one point in a loop"),
    ],
)
def test_the_row_loop_checker_sees_each_idiom(source, what):
    assert [w for _, w in row_loops(source)] == [what]


@pytest.mark.parametrize(
    "source",
    [
        "frame.apply(f)",  # column by column
        "frame['a'].map(f)",
        "frame.to_dict()",
        "for key, part in frame.groupby('k'):\n    fig.add_bar(x=part['v'], y=part['c'])",  # a trace per series
        "fig.add_bar(x=[1], y=['a'])",  # one bar, not in a loop
        "for c in colors:\n    fig.add_scattergeo(lon=[None], lat=[None], name=c)",  # legend entries, no points
    ],
)
def test_the_row_loop_checker_lets_column_wise_code_pass(source):
    assert row_loops(source) == []
