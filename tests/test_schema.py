"""data/ satisfies its own Data Package descriptor.

The checker below reads the rules from data/datapackage.json itself (not from cenfigures.tables.schema),
so it checks that the descriptor says what the data does.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESCRIPTOR: dict[str, Any] = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES: dict[str, dict[str, Any]] = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def read_resource(resource: dict[str, Any]) -> tuple[list[str], list[dict[str, str]]]:
    with open(DATA / resource["path"], encoding=resource["encoding"], newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def cell_problems(field: dict[str, Any], raw: str, missing_values: list[str]) -> list[str]:
    """Why `raw` breaks the field's type or constraints, per the Table Schema spec."""
    constraints = field.get("constraints", {})
    if raw in missing_values:
        return ["required but missing"] if constraints.get("required") else []
    problems = []
    kind = field.get("type", "string")
    if kind == "integer" and not _INTEGER.fullmatch(raw):
        problems.append(f"not an integer: {raw!r}")
    elif kind == "number" and not _NUMBER.fullmatch(raw):
        problems.append(f"not a number: {raw!r}")
    elif kind not in ("string", "integer", "number"):
        problems.append(f"type {kind!r} not checked by this test")
    if "enum" in constraints and raw not in constraints["enum"]:
        problems.append(f"{raw!r} not in enum {constraints['enum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        problems.append(f"{raw!r} does not match {constraints['pattern']}")
    if raw != raw.strip():
        problems.append(f"{raw!r} has surrounding whitespace")
    return problems


def test_package_metadata() -> None:
    assert DESCRIPTOR["languages"] == ["zh", "en"]
    assert DESCRIPTOR["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", DESCRIPTOR["name"])
    assert DESCRIPTOR["licenses"] and DESCRIPTOR["sources"]
    for source in DESCRIPTOR["sources"]:  # the article copies in data/articles/: data/ stands alone
        assert (DATA / source["path"]).is_file(), source


def test_every_csv_is_a_resource() -> None:
    assert sorted(path.name for path in DATA.glob("*.csv")) == sorted(r["path"] for r in RESOURCES.values())
    assert len(RESOURCES) == len(DESCRIPTOR["resources"])  # resource names are unique


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_header_equals_schema_fields(name: str) -> None:
    resource = RESOURCES[name]
    header, _ = read_resource(resource)
    assert header == [field["name"] for field in resource["schema"]["fields"]]
    assert resource["profile"] == "tabular-data-resource"
    assert resource["format"] == "csv"


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_rows_satisfy_types_and_constraints(name: str) -> None:
    resource = RESOURCES[name]
    schema = resource["schema"]
    missing_values = schema.get("missingValues", [""])
    header, rows = read_resource(resource)
    assert rows, f"{resource['path']} has no rows"
    problems = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        assert None not in row, f"{resource['path']} line {number} has more cells than the header"
        for field in schema["fields"]:
            problems += [
                f"line {number} {field['name']}: {p}" for p in cell_problems(field, row[field["name"]], missing_values)
            ]
    for field in schema["fields"]:
        if field.get("constraints", {}).get("unique"):
            values = [row[field["name"]] for row in rows if row[field["name"]] not in missing_values]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            problems += [f"{field['name']} not unique: {v!r}" for v in duplicates]
    assert problems == [], f"{resource['path']} breaks its schema:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_primary_key_is_unique(name: str) -> None:
    resource = RESOURCES[name]
    key = resource["schema"]["primaryKey"]
    _, rows = read_resource(resource)
    keys = [tuple(row[column] for column in key) for row in rows]
    assert all(all(part for part in k) for k in keys), "primary key cells must not be empty"
    assert len(set(keys)) == len(keys), sorted(k for k in keys if keys.count(k) > 1)


FOREIGN_KEYS = [
    (name, foreign_key)
    for name, resource in sorted(RESOURCES.items())
    for foreign_key in resource["schema"].get("foreignKeys", [])
]


@pytest.mark.parametrize(
    ("name", "foreign_key"),
    FOREIGN_KEYS,
    ids=[f"{name}.{'+'.join(fk['fields'])}" for name, fk in FOREIGN_KEYS],
)
def test_foreign_keys_resolve(name: str, foreign_key: dict[str, Any]) -> None:
    reference = foreign_key["reference"]
    other = RESOURCES[name] if reference["resource"] == "" else RESOURCES[reference["resource"]]
    _, rows = read_resource(RESOURCES[name])
    _, other_rows = read_resource(other)
    targets = {tuple(row[column] for column in reference["fields"]) for row in other_rows}
    dangling = [
        values
        for row in rows
        if all(values := tuple(row[column] for column in foreign_key["fields"])) and values not in targets
    ]
    assert dangling == [], f"{name}.{foreign_key['fields']} -> {reference}: no such row for {dangling}"


def test_foreign_keys_are_declared() -> None:
    # the checks above would pass vacuously without them
    assert ("figures", ["region_id"]) in [(name, fk["fields"]) for name, fk in FOREIGN_KEYS]
    assert ("figures", ["indicator_id"]) in [(name, fk["fields"]) for name, fk in FOREIGN_KEYS]
    assert {name for name, _ in FOREIGN_KEYS} >= {"figures", "events", "regions", "region_notes", "mentions"}
