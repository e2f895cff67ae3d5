"""Documents per second on a Dask LocalCluster of 1 and 2 workers against --jobs 1 and 2.

    python benchmarks/scale.py [--data ../shared/data/cuad] [--pdf] [--limit N]

Each row is one end-to-end `clauselint check` (start-up, cluster start and shutdown
included: what a user waits for), no cache, JSON Lines to a temp file; the outputs of the
four runs are compared byte for byte. Needs clauselint[dask].
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "cuad"
CLI = [sys.executable, "-m", "clauselint", "check"]


def run(paths: list[Path], out: Path, *flags: str) -> float:
    cmd = [*CLI, *map(str, paths), "-f", "jsonl", "-o", str(out), "--no-cache",
           "--fail-on", "never", *flags]  # fmt: skip
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - t
    if r.returncode not in (0, 1, 2) or not out.exists():
        sys.exit(f"failed: {' '.join(flags)}\n{r.stderr}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--pdf", action="store_true", help="the PDFs instead of the texts")
    ap.add_argument("--limit", type=int, default=None, help="first N files (sorted by name)")
    args = ap.parse_args()
    kind = "pdf" if args.pdf else "txt"
    paths = sorted((args.data / kind).glob(f"*.{kind}"))[: args.limit]
    if not paths:
        sys.exit(f"no .{kind} files in {args.data / kind}")
    n = len(paths)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"data: {n} {kind} files from {args.data / kind}\n")

    rows = {
        "--jobs 1": ["--jobs", "1"],
        "--jobs 2": ["--jobs", "2"],
        "--dask local --jobs 1": ["--dask", "local", "--jobs", "1"],
        "--dask local --jobs 2": ["--dask", "local", "--jobs", "2"],
    }
    rate, outputs = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, flags) in enumerate(rows.items()):
            out = Path(tmp) / f"{i}.jsonl"
            took = run(paths, out, *flags)
            rate[name] = n / took
            outputs[name] = out.read_bytes()
            print(f"{name:<24} {took:8.1f}s  {rate[name]:7.2f} docs/s")
    same = len(set(outputs.values())) == 1
    print(f"\noutputs byte-identical across the four runs: {'yes' if same else 'NO'}")
    for w in (1, 2):
        ratio = rate[f"--dask local --jobs {w}"] / rate[f"--jobs {w}"]
        print(f"dask / local pool, {w} worker{'s' if w > 1 else ''}: {ratio:5.2f}x docs/s")
    print(f"scaling 1 -> 2 workers: local {rate['--jobs 2'] / rate['--jobs 1']:.2f}x, "
          f"dask {rate['--dask local --jobs 2'] / rate['--dask local --jobs 1']:.2f}x")  # fmt: skip
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
