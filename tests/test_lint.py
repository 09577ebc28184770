"""Style is kept by ruff (settings in pyproject.toml), not by hand: the README's test command fails
when the linter or the formatter would change anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize(
    "command",
    [["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]],
    ids=["lint", "format"],
)
def test_ruff_finds_nothing_to_change(command: list[str]) -> None:
    result = subprocess.run(RUFF + command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"ruff {' '.join(command)}:\n{result.stdout}{result.stderr}"


def test_ruff_sees_a_violation(tmp_path: Path) -> None:
    # the check can fail: an unused import and a line over the limit are reported with the project's settings
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.py").write_text("import os\n\nx = '" + "a" * 130 + "'\n", encoding="utf-8")
    result = subprocess.run(RUFF + ["check", "--no-cache", "."], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "F401" in result.stdout and "E501" in result.stdout, result.stdout
