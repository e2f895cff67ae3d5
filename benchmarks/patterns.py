"""Which pattern finds what: per rule-pack pattern, the CUAD documents it fires in, by the
lawyers' answer, and those where it is its type's only pattern to fire (so it alone decides).

    python benchmarks/patterns.py [--data DIR] [--labels CSV] [--split dev] [--types a,b]
                                  [--all] [--jobs N]

By default it lists the patterns that alone put a type on more documents without it than with
it ("net-negative": unique fp > unique tp), the first place to look when a type's precision
is poor. Use the dev split: on heldout it would tune the packs on what should stay unseen.
A pattern that the lawyers' labels call net-negative may still read a textbook clause (see
tests/test_probes.py), so this is a list to read, not to delete.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuad  # noqa: E402

from clauselint import detect, structure  # noqa: E402
from clauselint.extract import extract_path  # noqa: E402
from clauselint.pipeline import engine  # noqa: E402


class _Recording(detect._Run):
    """The detector's per-document state, also noting which patterns add evidence."""

    last = None

    def __init__(self, *args):
        super().__init__(*args)
        self.fired: set[int] = set()
        _Recording.last = self

    def apply(self, cp) -> None:
        votes = self.hits.setdefault(cp.rule_index, {})
        before = sum(votes.values())
        super().apply(cp)
        if sum(votes.values()) != before:
            self.fired.add(self.det.patterns.index(cp))


def fired(path: str) -> tuple[list[str], list[int]]:
    """(types in the inventory, indices of the patterns that fired) for one text file."""
    doc = extract_path(path)
    shipped, detect._Run = detect._Run, _Recording
    try:
        clauses = engine().detector.detect(doc, structure.parse(doc))
    finally:
        detect._Run = shipped
    return sorted({c.type for c in clauses}), sorted(_Recording.last.fired)


def tally(contracts, results, pattern_types: list[str], types: set[str]) -> dict[int, dict]:
    out: dict[int, dict] = defaultdict(lambda: {"tp": 0, "fp": 0, "utp": 0, "ufp": 0})
    for c, (predicted, pats) in zip(contracts, results, strict=True):
        by_type = defaultdict(list)
        for p in pats:
            by_type[pattern_types[p]].append(p)
        for t, ps in by_type.items():
            if t not in types or t not in predicted:
                continue
            gold = t in c.present
            for p in ps:
                out[p]["tp" if gold else "fp"] += 1
                if len(ps) == 1:
                    out[p]["utp" if gold else "ufp"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=cuad.DEFAULT_DATA)
    ap.add_argument("--labels", type=Path)
    ap.add_argument("--split", choices=cuad.SPLITS, default="dev")
    ap.add_argument("--types", help="comma-separated type ids (default: the 33 yes/no types)")
    ap.add_argument(
        "--all", action="store_true", help="every pattern that fired, not only net-negative"
    )
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    types = set(args.types.split(",")) if args.types else set(cuad.YES_NO_TYPES)
    contracts = cuad.load_contracts(args.data, args.labels, split=args.split)
    with Pool(args.jobs) as pool:
        results = pool.map(fired, [str(c.txt) for c in contracts], chunksize=4)
    det = engine().detector
    pattern_types = [det.rules[cp.rule_index].type for cp in det.patterns]
    rows = tally(contracts, results, pattern_types, types)
    print(f"split: {args.split} ({len(contracts)} contracts), {len(rows)} patterns fired")
    print(f"{'tp':>4} {'fp':>4} {'utp':>4} {'ufp':>4}  pattern")
    for p, s in sorted(rows.items(), key=lambda kv: (kv[1]["utp"] - kv[1]["ufp"], kv[0])):
        if args.all or s["ufp"] > s["utp"]:
            cp = det.patterns[p]
            what = cp.anchor_source or (f"model: {cp.model}" if cp.model else "heading only")
            print(f"{s['tp']:4d} {s['fp']:4d} {s['utp']:4d} {s['ufp']:4d}  {cp.where}")
            print(f"{'':19s}  {what[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
