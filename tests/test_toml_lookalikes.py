"""A TOML file typed with a Chinese keyboard's punctuation: prep names the character and the fix
(tomllib alone says only "Invalid value (at line 41, column 10)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from cenfigures.prep.annotations import AnnotationError, read_toml

CASES = [
    # (what was typed, the line, the character named, the position named, the ASCII asked for)
    ("full-width quotes", "period = “2023”", "U+201C LEFT DOUBLE QUOTATION MARK", "line 2, column 10", "'\"'"),
    ("closing quote only", 'period = "2023”', "U+201D RIGHT DOUBLE QUOTATION MARK", "line 2, column 15", "'\"'"),
    ("full-width equals", 'period ＝ "2023"', "U+FF1D FULLWIDTH EQUALS SIGN", "line 2, column 8", "'='"),
    ("full-width comma", 'kinds = ["a"，"b"]', "U+FF0C FULLWIDTH COMMA", "line 2, column 13", "','"),
    ("full-width brackets", "［source］", "U+FF3B FULLWIDTH LEFT SQUARE BRACKET", "line 2, column 1", "'['"),
]


@pytest.mark.parametrize(("line", "named", "position", "wanted"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_lookalike_is_named_with_its_fix(tmp_path: Path, line: str, named: str, position: str, wanted: str) -> None:
    path = tmp_path / "article.toml"
    path.write_text(f'id = "x"\n{line}\n', encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        read_toml(path)
    (problem,) = raised.value.problems
    assert problem.reason.startswith("not valid TOML: ")
    assert named in problem.reason
    assert position in problem.reason
    assert f"type the ASCII {wanted} instead" in problem.reason


def test_other_errors_keep_tomllib_message_alone(tmp_path: Path) -> None:
    path = tmp_path / "article.toml"
    path.write_text('id = "x"\n[[figure]\n', encoding="utf-8")
    with pytest.raises(AnnotationError) as raised:
        read_toml(path)
    (problem,) = raised.value.problems
    assert "not valid TOML" in problem.reason
    assert "look-alike" not in problem.reason


def test_lookalike_inside_a_valid_string_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "article.toml"
    path.write_text('quote = "建设“百城千屏”"\n', encoding="utf-8")
    assert read_toml(path) == {"quote": "建设“百城千屏”"}
