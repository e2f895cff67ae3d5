"""Fuzz the PDF, DOCX and HTML readers with mutated seed files for a time budget.

    python benchmarks/fuzz.py --seconds 180            # atheris if installed, else random
    python benchmarks/fuzz.py --seconds 60 --engine random --format pdf

Seeds are the files under tests/fixtures (extract, hostile, contracts) and examples/.
An input fails the run when extraction raises anything but ExtractionError, takes longer
than --slow seconds, or (atheris) crashes the process; failing inputs are written to
--out. With atheris, libFuzzer's own limits apply too (-rss_limit_mb, -timeout).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
import zipfile
from pathlib import Path

from clauselint.errors import ExtractionError
from clauselint.extract import extract_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = [ROOT / "tests" / "fixtures", ROOT / "examples"]
FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}


def seeds(formats: set[str]) -> list[tuple[str, bytes]]:
    out = []
    for d in SEED_DIRS:
        for p in sorted(d.rglob("*")):
            fmt = FORMATS.get(p.suffix.lower())
            if fmt in formats and p.is_file() and p.stat().st_size < 2_000_000:
                out.append((fmt, p.read_bytes()))
    return out


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Byte flips, insertions, deletions, duplicated and spliced ranges, magic values."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(6)
        i = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(i, len(b) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[i:i] = rng.randbytes(rng.randint(1, 16))
        elif op == 2:
            del b[i : i + rng.randint(1, 64)]
        elif op == 3 and b:
            j = rng.randrange(len(b))
            b[i:i] = b[j : j + rng.randint(1, 256)]
        elif op == 4:
            magic = [b"0", b"-1", b"4294967295", b"99999999", b"<<", b">>", b"obj", b"R",
                     b"/Length 0", b"stream", b"<w:p>", b"<!DOCTYPE", b"&#0;", b"\x00"]  # fmt: skip
            b[i:i] = rng.choice(magic)
        else:
            del b[i:]
    return bytes(b)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part inside the zip (mutating the zip bytes mostly breaks CRCs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {n: zf.read(n) for n in zf.namelist()}
    except Exception:
        return mutate(data, rng)
    xml = [n for n in parts if n.endswith(".xml")]
    if not xml:
        return mutate(data, rng)
    name = rng.choice(xml)
    parts[name] = mutate(parts[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, v in parts.items():
            zf.writestr(n, v)
    return out.getvalue()


def one(data: bytes, fmt: str, engine: str) -> None:
    try:
        extract_bytes(data, "fuzz", fmt=fmt, pdf_engine=engine)
    except ExtractionError:
        pass


def run_random(args, corpus) -> int:
    rng = random.Random(args.seed)
    end = time.monotonic() + args.seconds
    n = failures = 0
    while time.monotonic() < end:
        fmt, seed = rng.choice(corpus)
        data = mutate_docx(seed, rng) if fmt == "docx" and rng.random() < 0.7 else mutate(seed, rng)
        engine = rng.choice(args.pdf_engines)
        start = time.monotonic()
        try:
            one(data, fmt, engine)
            problem = None
        except Exception:
            problem = traceback.format_exc(limit=3)
        took = time.monotonic() - start
        if problem is None and took > args.slow:
            problem = f"slow: {took:.1f} s"
        n += 1
        if problem:
            failures += 1
            path = args.out / f"fail-{failures}.{fmt}"
            path.write_bytes(data)
            print(f"{path} ({engine}): {problem.strip().splitlines()[-1]}", file=sys.stderr)
    print(f"{n} inputs in {args.seconds:g} s, {failures} failures")
    return 1 if failures else 0


def run_atheris(args, corpus) -> int:
    import atheris

    fmts = sorted({fmt for fmt, _ in corpus})

    def test_one(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        fmt = fmts[fdp.ConsumeIntInRange(0, len(fmts) - 1)]
        engine = args.pdf_engines[fdp.ConsumeIntInRange(0, len(args.pdf_engines) - 1)]
        one(fdp.ConsumeBytes(fdp.remaining_bytes()), fmt, engine)

    seed_dir = args.out / "atheris-seeds"
    seed_dir.mkdir(exist_ok=True)
    for i, (fmt, data) in enumerate(corpus):
        prefix = bytes([fmts.index(fmt), 0])  # the two format/engine choices, then the file
        (seed_dir / f"seed-{i}").write_bytes(prefix + data)
    argv = [sys.argv[0], str(seed_dir), f"-max_total_time={int(args.seconds)}",
            f"-timeout={int(args.slow)}", "-rss_limit_mb=1536", "-max_len=200000", "-len_control=0",
            f"-artifact_prefix={args.out}/", "-print_final_stats=1"]  # fmt: skip
    if args.instrument:  # the readers import their libraries late: load them first
        import docx  # noqa: F401
        import pdfplumber  # noqa: F401
        import pypdfium2  # noqa: F401

        atheris.instrument_all()
    atheris.Setup(argv, test_one)
    atheris.Fuzz()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seconds", type=float, default=180, help="time budget (default 180)")
    ap.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    ap.add_argument("--format", action="append", choices=["pdf", "docx", "html"])
    ap.add_argument("--pdf-engine", dest="pdf_engines", action="append",
                    choices=["pdfium", "pdfplumber"])  # fmt: skip
    ap.add_argument("--slow", type=float, default=10, help="seconds that count as a hang")
    ap.add_argument("--seed", type=int, default=0, help="random engine seed")
    ap.add_argument("--no-instrument", dest="instrument", action="store_false",
                    help="atheris: skip coverage instrumentation of Python code")  # fmt: skip
    ap.add_argument("--out", type=Path, default=Path("fuzz-out"), help="failing inputs go here")
    args = ap.parse_args()
    args.pdf_engines = args.pdf_engines or ["pdfium", "pdfplumber"]
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = seeds(set(args.format or ["pdf", "docx", "html"]))
    print(f"{len(corpus)} seed files", file=sys.stderr)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    return run_atheris(args, corpus) if engine == "atheris" else run_random(args, corpus)


if __name__ == "__main__":
    sys.exit(main())
