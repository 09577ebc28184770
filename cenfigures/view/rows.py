"""Picking figures out of a table (pure pandas)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def select(figures: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of `ids` that are present (filters may have removed some), in the order of `ids`."""
    ids = list(ids)
    present = figures[figures["figure_id"].isin(ids)]
    order = {figure_id: position for position, figure_id in enumerate(ids)}
    return present.sort_values("figure_id", key=lambda s: s.map(order))


def value_of(figures: pd.DataFrame, figure_id: str) -> float | None:
    match = figures.loc[figures["figure_id"] == figure_id, "value"]
    return None if match.empty else float(match.iloc[0])


def row_of(figures: pd.DataFrame, figure_id: str) -> pd.Series | None:
    match = figures[figures["figure_id"] == figure_id]
    return None if match.empty else match.iloc[0]
