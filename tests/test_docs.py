"""Documentation and labels stay true: every link parameter, page, setting and label is accounted for."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from cenfigures.charts import catalog
from cenfigures.view import filters, labels
from cenfigures.view.site import PAGES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = {path: path.read_text(encoding="utf-8") for path in [*ROOT.glob("cenfigures/**/*.py"), ROOT / "dashboard.py", *ROOT.glob("pages/*.py")]}


@pytest.mark.parametrize("key", filters.MULTI_KEYS + filters.SINGLE_KEYS + tuple(sorted(filters.STREAMLIT_KEYS - {"embed_options"})))
def test_every_link_parameter_is_documented(key):
    assert re.search(rf"^\| `{key}` \|", README, re.MULTILINE), f"README's link-parameter table lacks `{key}`"


@pytest.mark.parametrize("page", [p for p in PAGES if catalog.tab_names(p.key)], ids=lambda p: p.key)
def test_every_chart_tab_is_documented(page):
    row = re.search(rf"^\| `/{Path(page.path).stem.split('_', 1)[1]}` \| (.*) \|$", README, re.MULTILINE)
    assert row, f"README's chart-tab table lacks {page.key}"
    assert re.findall(r"`(\w+)`", row.group(1)) == list(catalog.tab_names(page.key))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_page_is_documented_and_exists(page):
    assert (ROOT / page.path).is_file()
    url = "/" if page.key == "overview" else f"/{Path(page.path).stem.split('_', 1)[1]}"
    assert f"| `{url}` |" in README, f"README's page table lacks {url}"


def _settings(table: dict, prefix: str = "") -> list[str]:
    names = []
    for key, value in table.items():
        if isinstance(value, dict):
            names += _settings(value, f"{prefix}{key}.")
        else:
            names.append(f"{prefix}{key}")
    return names


@pytest.mark.parametrize("setting", _settings(tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))))
def test_every_streamlit_setting_is_documented(setting):
    assert f"`{setting}`" in README, f"README does not explain the setting `{setting}` of .streamlit/config.toml"


@pytest.mark.parametrize("table_name", ["_STRINGS", "TOPICS", "KINDS", "QUALIFIERS", "PRECISIONS"])
def test_every_label_has_both_languages(table_name):
    table = getattr(labels, table_name)
    for key, pair in table.items():
        assert len(pair) == 2, key
        if table_name != "QUALIFIERS" or key != "exact":
            assert pair[0] and pair[1], f"{table_name}[{key!r}] lacks a translation"
            words = re.sub(r"\{\w+\}|`[^`]*`", "", pair[0])  # placeholders and commands are not prose
            assert re.search(r"[\u4e00-\u9fff]", words) or not re.search(r"[A-Za-z]{3}", words), f"{key}: zh text looks English"


def test_every_label_key_used_in_code_exists():
    used = set()
    for source in CODE.values():
        used |= set(re.findall(r"""(?:\btext|\.t)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", source))
    missing = sorted(key for key in used if key not in labels._STRINGS)
    assert not missing, f"label keys used but not defined in labels.py: {missing}"


