"""Measure `charterpress commitments suggest` on its evaluation set and on the five seed charters.

Usage: python scripts/suggest_seeds.py [SEEDS_DIR] [-v]   (default: ../shared/seeds)

The evaluation set (tests/suggest/eval-*.txt) was written for this, not copied from any charter;
it is split 70/30 by a hash of each line's words (`in_test_split`), and the rules are tuned on the
train split only. The seeds are compared line by line with the hand annotation in
scripts/seed-promises.yaml. Prints recall and precision for each, and every miss and every wrong
proposal (with -v for the evaluation set too).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from charterpress.suggest import Score, score_files

HERE = Path(__file__).parent
EVAL = sorted((HERE.parent / "tests" / "suggest").glob("eval-*.txt"))


def _lines(label: str, score: Score) -> None:
    for kind, items in (("missed", score.missed), ("wrong", score.wrong)):
        for item in items:
            print(f"  {label} {kind}: {item}")


def main(seeds: Path, verbose: bool) -> None:
    for split in ("train", "test"):
        score = score_files(EVAL, split)
        print(f"evaluation set, {split} split: {score}")
        if verbose:
            _lines(split, score)
    annotations = yaml.safe_load((HERE / "seed-promises.yaml").read_text(encoding="utf-8"))
    held, every = Score(), Score()
    for name, lines in annotations.items():
        text = (seeds / name).read_text(encoding="utf-8")
        held.add_text(name, text, lines, held_only=True)
        every.add_text(name, text, lines)
    print(f"seeds, promises the register can hold: {held}")
    print(f"seeds, all numeric promises:           {every}")
    _lines("seeds", every)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    main(Path(args[0]) if args else HERE.parent.parent / "shared" / "seeds", "-v" in sys.argv[1:])
