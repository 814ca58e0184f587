"""Measure `charterpress commitments suggest` on the five seed charters.

Usage: python scripts/suggest_seeds.py [SEEDS_DIR]   (default: ../shared/seeds)

Compares what the suggester proposes, line by line, with the hand annotation in
scripts/seed-promises.yaml and prints recall and precision, every miss and every wrong proposal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from charterpress.suggest import Score, find_promises, text_places

HERE = Path(__file__).parent


def main(seeds: Path) -> None:
    annotations = yaml.safe_load((HERE / "seed-promises.yaml").read_text(encoding="utf-8"))
    held, every = Score(), Score()
    for name, lines in annotations.items():
        found = {place.line: [p.key for p in find_promises(place.text)]
                 for place in text_places(name, (seeds / name).read_text(encoding="utf-8"))}
        for line in sorted(set(found) | set(lines)):
            expected = [str(key) for key in lines.get(line, [])]
            held.add(f"{name}:{line}", [k for k in expected if not k.startswith("~")], found.get(line, []))
            every.add(f"{name}:{line}", expected, found.get(line, []))
    print(f"promises the register can hold: {held}")
    print(f"all numeric promises:           {every}")
    for label, items in (("missed", every.missed), ("wrong", every.wrong)):
        for item in items:
            print(f"  {label}: {item}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "seeds")
