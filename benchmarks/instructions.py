"""Instructions per analysis stage, counted by valgrind's callgrind: a steady measure of speed
work on a machine whose wall-clock times swing by a third from one run to the next.

    python benchmarks/instructions.py                  # every 12th CUAD text (20 contracts)
    python benchmarks/instructions.py --base ../old/src   # the same for another source tree

Each stage runs in its own process under callgrind, over the same documents (already extracted,
and for the later stages already parsed); the count of a process that only prepares them is
subtracted. String hashing is fixed (PYTHONHASHSEED=0), and the pack cache is warmed first, so
packs are not compiled inside the count. Needs valgrind on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "cuad" / "txt"
STAGES = ("structure", "detect", "hygiene", "all")

CHILD = """
import sys
from pathlib import Path
from clauselint import pipeline, structure
from clauselint.checks import hygiene_findings
from clauselint.extract import extract_path
folder, step, stage = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
docs = [extract_path(p) for p in sorted(folder.glob("*.txt"))[::step]]
engine = pipeline.engine()
detector = engine.detector
structs = [structure.parse(d) for d in docs]
if stage == "structure":
    for d in docs:
        structure.parse(d)
elif stage == "detect":
    for d, s in zip(docs, structs):
        detector.detect(d, s)
elif stage == "hygiene":
    for d, s in zip(docs, structs):
        hygiene_findings(engine.rules.checks, d, s)
elif stage == "all":
    for d in docs:
        pipeline.check_document(d)
"""


def count(src: Path | None, folder: Path, step: int, stage: str) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")  # set and dict orders change the work done
    if src is not None:
        env["PYTHONPATH"] = str(src)
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        CHILD,
        str(folder),
        str(step),
        stage,
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stderr
    m = re.search(r"Collected : (\d+)", out)
    if not m:
        raise SystemExit(f"no count from valgrind:\n{out[-500:]}")
    return int(m.group(1))


def measure(src: Path | None, folder: Path, step: int) -> dict[str, int]:
    env = dict(os.environ, PYTHONPATH=str(src)) if src is not None else None
    # warm the pack cache outside the count
    subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), "100000", "none"], env=env, check=True
    )
    setup = count(src, folder, step, "none")
    return {stage: count(src, folder, step, stage) - setup for stage in STAGES}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="a folder of .txt contracts")
    ap.add_argument("--step", type=int, default=12, help="every Nth file (default 12)")
    ap.add_argument("--base", type=Path, help="another source tree (its src/) to compare with")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    n = len(sorted(args.data.glob("*.txt"))[:: args.step])
    print(f"{n} texts from {args.data}, millions of instructions per stage")
    now = measure(None, args.data, args.step)
    base = measure(args.base, args.data, args.step) if args.base else None
    for stage in STAGES:
        line = f"{stage:<10} {now[stage] / 1e6:9.0f}"
        if base:
            line += f"   base {base[stage] / 1e6:9.0f}   {now[stage] / base[stage] - 1:+.1%}"
        print(line)


if __name__ == "__main__":
    main()
