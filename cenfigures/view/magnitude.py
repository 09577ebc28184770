"""The scale a group of values is drawn and tabulated at, as a reader of the language writes it:
2500亿元 and 4000亿元 are 2500 and 4000 on an axis titled 亿元; 250 billion yuan on one titled
"billion yuan". Column-wise: one scale for a whole column of one unit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cenfigures.view.labels import text, unit_suffix

# (smallest magnitude, divisor, label key) per language, largest first: Chinese counts in 万 and 亿,
# English in billions (as cenfigures.view.formatting writes single values).
_STEPS = {
    "zh": ((1e8, 1e8, "magnitude.100m"), (1e4, 1e4, "magnitude.10k")),
    "en": ((1e9, 1e9, "magnitude.billion"),),
}


@dataclass(frozen=True)
class Scale:
    divisor: float
    unit_label: str  # "亿元", "billion yuan", "%"

    def of(self, value: float) -> float:
        """`value` (base units) at this scale, rounded to what a cell shows."""
        return round(value / self.divisor, 6)


def scale_for(values: Iterable[float], unit: str, lang: str) -> Scale:
    """The scale of values of one `unit`: the largest step its smallest value reaches, so that no
    value of the group is written as a fraction of the step (ranks and shares never scaled)."""
    sizes = [abs(v) for v in values if v == v and v != 0]
    smallest = min(sizes, default=0.0)
    suffix = unit_suffix(unit, lang).strip() or text(f"unit.{unit}", lang)
    if unit not in ("rank", "percent", "percentage_point", "index"):
        for low, divisor, key in _STEPS.get(lang, ()):
            if smallest >= low:
                word = text(key, lang)
                return Scale(divisor, text("magnitude.unit", lang, magnitude=word, unit=suffix).strip())
    return Scale(1.0, suffix)
