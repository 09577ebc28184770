"""The package's layers import in one direction only, without cycles (docs/architecture.md).

tables < prep < draft < intake < view < charts < app < commands; view, charts and app never import
prep, the drafter or the intake (the app reads data/, never seeds/), except the /add page's module
(cenfigures.app.add), which calls the intake for an editor. The drafter and the intake are components
with their own command: the drafter may use tables and prep (the parser, the corpus reader); the
intake tables, prep and the drafter; prep never imports either. Streamlit only
in app/ (and the page files), plotly only in charts/ and app/. Imports are read with `ast`, so an
import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cenfigures"
RANK = {"tables": 0, "prep": 1, "draft": 2, "intake": 3, "view": 4, "charts": 5, "app": 6}
COMMAND_RANK = 7
NEVER_IMPORT_PREP = {"view", "charts", "app"}
READS_SEEDS = {"prep", "draft", "intake"}  # the layers that read seeds/; the app reads data/
# The one way from the app into seeds/: the /add page, for editors, calls the intake (which writes an
# article and rebuilds data/); nothing else of the app imports it, nor prep or the drafter.
WRITES_SEEDS_FROM_APP = {"cenfigures.app.add": {"cenfigures.intake"}}


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
