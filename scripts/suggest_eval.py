"""Measure `charterpress commitments suggest` on the evaluation set written for it
(tests/suggest/eval-*.txt) and on the five seed charters.

Usage: python scripts/suggest_eval.py [--split train|test|all] [--seeds SEEDS_DIR] [-v]

The evaluation set is split 70/30 by a hash of each line's words (`in_test_split`); rules are
tuned on the train split only. Prints recall and precision over the promises the register can
hold, and with -v every miss and every wrong proposal.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from charterpress.suggest import Score, annotated, in_test_split

HERE = Path(__file__).parent
EVAL = HERE.parent / "tests" / "suggest"


def score_eval(split: str) -> Score:
    score = Score()
    for path in sorted(EVAL.glob("eval-*.txt")):
        text, expected = annotated(path.read_text(encoding="utf-8"))
        lines = text.splitlines()
        keep = (lambda n: True) if split == "all" else (
            lambda n: in_test_split(lines[n - 1]) == (split == "test"))
        score.add_text(path.name, text, expected, held_only=True, only=keep)
    return score


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="train", choices=["train", "test", "all"])
    parser.add_argument("-v", action="store_true")
    args = parser.parse_args()
    score = score_eval(args.split)
    print(f"{args.split}: {score}")
    if args.v:
        for label, items in (("missed", score.missed), ("wrong", score.wrong)):
            for item in items:
                print(f"  {label}: {item}")


if __name__ == "__main__":
    main()
