"""A Translator bound to one language: what builders and pages use instead of threading `lang`
through every call and branching on it. `t("chart.source", ...)` is a label of labels.csv;
`t.field(row, "indicator")` the row's name in this language; `t.value(row)` its value as a reader
of this language writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cenfigures.view import formatting, labels


@dataclass(frozen=True)
class Translator:
    lang: str = labels.DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        return labels.text(key, self.lang, **values)

    def has(self, key: str) -> bool:
        return key in labels.labels()

    @property
    def other(self) -> Translator:
        """The translator of the other language (hovers show a title in both)."""
        return Translator(next(lang for lang in labels.LANGUAGES if lang != self.lang))

    def of(self, texts: Mapping[str, str]) -> str:
        """The text of this language among `texts` (language -> text), for texts kept outside labels.csv."""
        return texts[self.lang]

    # names of what the data holds
    def field(self, row: Mapping, base: str) -> str:
        return labels.field(row, base, self.lang)

    def column(self, base: str, columns: Iterable[str]) -> str:
        return labels.column_name(base, self.lang, set(columns))

    # vocabularies
    def kind(self, kind: str) -> str:
        return labels.kind_label(kind, self.lang)

    def kind_text(self, kind: str) -> str:
        """The kind as a word inside a sentence ("actual", not "Actual")."""
        return labels.text(f"kind.{kind}.text", self.lang)

    def unit(self, unit: str) -> str:
        return labels.unit_name(unit, self.lang)

    def precision(self, precision: str) -> str:
        return labels.precision_label(precision, self.lang)

    # numbers
    def value(self, row: Mapping) -> str:
        return formatting.format_figure(row, self.lang)

    def number(self, value: float, unit: str, qualifier: str = "exact") -> str:
        return formatting.format_value(value, unit, self.lang, qualifier)

    def change(self, value: float, unit: str) -> str:
        return formatting.format_change(value, unit, self.lang)

    # joining words
    def join(self, items: Iterable[str]) -> str:
        """ "河北、广州" / "Hebei, Guangzhou"."""
        return self("word.and").join(items)

    def listing(self, items: Iterable[str]) -> str:
        """ "a；b" / "a; b": clauses of a sentence."""
        return self("word.list").join(items)

    def labelled(self, label: str, value: str) -> str:
        """ "数控化率：63%" / "NC rate: 63%"."""
        return f"{label}{self('word.colon')}{value}"

    def sentence(self, text: str) -> str:
        """`text` ended as a sentence of this language (unless it already is)."""
        end = self("word.sentence_end")
        return text if not text or text.endswith(("。", ".", "！", "!", "？", "?")) else text + end
