"""Refresh docs/screenshots/ from a run of the browser tests: every image already there is replaced
by the same name from the run's folder, cut to its first screen (a phone's to 1,300 px at most),
a desktop shot scaled to 960 px wide, and reduced to 128 colours to keep the repository small.

    python scripts/screenshots_to_docs.py test-artifacts/screenshots/<run>

(present-desktop-zh-5.png is looked for as present-desktop-zh-05.png too: the slide test numbers
slides with two digits.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
DESKTOP_WIDTH, DESKTOP_SCREEN, PHONE_MAX = 960, 900, 1300


def source_for(name: str, run: Path) -> Path | None:
    stem, _, number = name.removesuffix(".png").rpartition("-")
    for candidate in (run / name, run / f"{stem}-{number.zfill(2)}.png"):
        if candidate.exists():
            return candidate
    return None


def docs_image(shot: Image.Image) -> Image.Image:
    shot = shot.convert("RGB")
    if shot.width > 500:  # a desktop shot: its first screen, scaled
        first = shot.crop((0, 0, shot.width, min(shot.height, DESKTOP_SCREEN)))
        first = first.resize((DESKTOP_WIDTH, round(first.height * DESKTOP_WIDTH / shot.width)), Image.LANCZOS)
    else:
        first = shot.crop((0, 0, shot.width, min(shot.height, PHONE_MAX)))
    return first.quantize(colors=128, method=Image.Quantize.MEDIANCUT)


def main(run: Path) -> int:
    missing = []
    for target in sorted(DOCS.glob("*.png")):
        source = source_for(target.name, run)
        if source is None:
            missing.append(target.name)
            continue
        docs_image(Image.open(source)).save(target, optimize=True)
        print("refreshed", target.name, "from", source.name)
    for name in missing:
        print("not in the run:", name, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python scripts/screenshots_to_docs.py test-artifacts/screenshots/<run>")
    sys.exit(main(Path(sys.argv[1])))
