"""Measure `charterpress commitments suggest` on the five seed charters.

Usage: python scripts/suggest_seeds.py [SEEDS_DIR]   (default: ../shared/seeds)

Compares what the suggester proposes, line by line, with the hand annotation in
scripts/seed-promises.yaml and prints recall and precision, every miss and every wrong proposal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from charterpress.suggest import Score

HERE = Path(__file__).parent


def main(seeds: Path) -> None:
    annotations = yaml.safe_load((HERE / "seed-promises.yaml").read_text(encoding="utf-8"))
    held, every = Score(), Score()
    for name, lines in annotations.items():
        text = (seeds / name).read_text(encoding="utf-8")
        held.add_text(name, text, lines, held_only=True)
        every.add_text(name, text, lines)
    print(f"promises the register can hold: {held}")
    print(f"all numeric promises:           {every}")
    for label, items in (("missed", every.missed), ("wrong", every.wrong)):
        for item in items:
            print(f"  {label}: {item}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "seeds")
