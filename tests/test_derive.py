"""The formula evaluator does arithmetic over named inputs and nothing else."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cenfigures.prep.derive import FormulaError, derive_value, evaluate, formula_names


@pytest.mark.parametrize(
    ("formula", "values", "expected"),
    [
        ("end - start", {"start": 30.8, "end": 71}, 40.2),
        ("rank_2015 - rank_2020", {"rank_2015": 19, "rank_2020": 14}, 5),
        ("available / per_stream", {"available": 154, "per_stream": 40}, 3.85),
        ("hebei / national", {"hebei": 73.5, "national": 48.8}, 73.5 / 48.8),
        ("(1 + cagr / 100) ** span_years", {"cagr": 183, "span_years": 2}, 2.83**2),
        (
            "((end / start) ** (1 / span_years) - 1) * 100",
            {"start": 30.8, "end": 71, "span_years": 5},
            ((71 / 30.8) ** 0.2 - 1) * 100,
        ),
        ("-a + 2 * b", {"a": 1, "b": 3}, 5),
        ("a * 2.5", {"a": 4}, 10),
        ("2 ** 10", {}, 1024),
        ("(a)", {"a": 7}, 7),
    ],
)
def test_evaluate(formula: str, values: dict[str, float], expected: float) -> None:
    result = evaluate(formula, values)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os')",
        "__import__('os').system('true') + a",
        "a.real",
        "a.__class__",
        "abs(a)",
        "round(a, 2)",
        "[a][0]",
        "a[0]",
        "(a, a)",
        "'text'",
        "a if a else 1",
        "a < 1",
        "a and a",
        "not a",
        "a // 2",
        "a % 2",
        "+a",
        "True + a",
        "lambda: a",
        "(x := a)",
        "{a: 1}",
    ],
)
def test_rejects_anything_but_arithmetic(formula: str) -> None:
    values = {"a": 3.0}
    with pytest.raises(FormulaError):
        evaluate(formula, values)
    with pytest.raises(FormulaError):
        formula_names(formula)
    with pytest.raises(FormulaError, match="only arithmetic|not a formula"):
        derive_value(formula, {"a": Decimal(3)}, 1)


@pytest.mark.parametrize("formula", ["", "a +", "a b", "import os", "a = 1", "a; b"])
def test_rejects_what_does_not_parse(formula: str) -> None:
    with pytest.raises(FormulaError, match="not a formula"):
        evaluate(formula, {"a": 1.0, "b": 2.0})


@pytest.mark.parametrize(
    ("formula", "inputs", "names"),
    [
        ("end - start", {"end": 1, "start": 2}, {"end", "start"}),
        ("(1 + cagr / 100) ** span_years", {"cagr": 1}, {"cagr", "span_years"}),
        ("2 * 3", {}, set()),
    ],
)
def test_formula_names(formula: str, inputs: dict[str, int], names: set[str]) -> None:
    assert formula_names(formula) == names


@pytest.mark.parametrize(
    ("formula", "inputs", "unused"),
    [
        ("end - 1", {"end": Decimal(71), "start": Decimal("30.8")}, "start"),
        ("2 * span_years", {"a": Decimal(1), "b": Decimal(2)}, "a, b"),
    ],
)
def test_unused_inputs_are_an_error(formula: str, inputs: dict[str, Decimal], unused: str) -> None:
    with pytest.raises(FormulaError, match=f"inputs not used by the formula: {unused}$"):
        derive_value(formula, inputs, 5)


def test_unknown_name_is_an_error() -> None:
    with pytest.raises(FormulaError, match="unknown name 'other'"):
        derive_value("a - other", {"a": Decimal(1)}, 1)


@pytest.mark.parametrize(
    ("formula", "inputs", "reason"),
    [
        ("a / b", {"a": Decimal(1), "b": Decimal(0)}, "division by zero"),
        ("a / (b - b)", {"a": Decimal(1), "b": Decimal(5)}, "division by zero"),
        ("a ** -1", {"a": Decimal(0)}, "division by zero"),
        ("a ** 0.5", {"a": Decimal(-4)}, "finite real number"),  # would be a complex number
        ("a ** 400", {"a": Decimal(10)}, "too large"),
        ("a * 1e308 * 10", {"a": Decimal(1)}, "finite real number"),
    ],
)
def test_arithmetic_errors_are_formula_errors(formula: str, inputs: dict[str, Decimal], reason: str) -> None:
    with pytest.raises(FormulaError, match=reason):
        derive_value(formula, inputs, 1)


@pytest.mark.parametrize(
    ("period_span", "expected"),
    [(0, 1.0), (1, 2.83), (2, 2.83**2)],
)
def test_span_years_is_bound(period_span: int, expected: float) -> None:
    assert derive_value("(1 + cagr / 100) ** span_years", {"cagr": Decimal(183)}, period_span) == pytest.approx(
        expected
    )


def test_decimal_inputs_give_a_float() -> None:
    value = derive_value("end - start", {"start": Decimal("30.8"), "end": Decimal("71")}, 5)
    assert isinstance(value, float)
    assert value == pytest.approx(40.2)
