"""Compute derived figures from stated ones, by a formula that is both recorded and evaluated.

The formula is plain arithmetic over named inputs (`end - start`, `(1 + cagr / 100) ** span_years`);
`span_years` is the length of the derived figure's own period. Only numbers, names, + - * / ** and
parentheses are allowed, so an annotation cannot run code.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Mapping
from decimal import Decimal

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


class FormulaError(ValueError):
    """The formula uses something other than arithmetic over its inputs."""


_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.Name, ast.Load, *_OPERATORS)


def formula_names(formula: str) -> set[str]:
    """The names a formula uses; raises FormulaError when it is anything but arithmetic."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"not a formula: {formula!r}") from error
    for node in ast.walk(tree):
        number = isinstance(node, ast.Constant) and type(node.value) in (int, float)
        if not number and not isinstance(node, _ALLOWED_NODES):
            raise FormulaError(f"only arithmetic is allowed in {formula!r}")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def evaluate(formula: str, values: Mapping[str, float]) -> float:
    """Evaluate arithmetic `formula` with `values` bound to its names."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"not a formula: {formula!r}") from error

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise FormulaError(f"unknown name {node.id!r} in {formula!r}")
            return float(values[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        raise FormulaError(f"only arithmetic is allowed in {formula!r}")

    try:
        result = walk(tree)
    except ZeroDivisionError as error:
        raise FormulaError(f"division by zero in {formula!r}") from error
    except OverflowError as error:
        raise FormulaError(f"result too large in {formula!r}") from error
    if not isinstance(result, float) or not math.isfinite(result):
        raise FormulaError(f"{formula!r} does not give a finite real number")
    return result


def derive_value(formula: str, inputs: Mapping[str, Decimal | float], span_years: int) -> float:
    """The derived value; raises FormulaError for a bad formula or a name without an input."""
    names = formula_names(formula)
    unused = set(inputs) - names
    if unused:
        raise FormulaError(f"inputs not used by the formula: {', '.join(sorted(unused))}")
    values = {name: float(value) for name, value in inputs.items()}
    values["span_years"] = float(span_years)
    return evaluate(formula, values)
