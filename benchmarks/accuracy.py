"""Clause-inventory accuracy on a CUAD-shaped folder: per-type P/R/F1 and evidence hits.

    python benchmarks/accuracy.py [--data DIR] [--labels CSV] [--pdf] [--split all|dev|heldout]
                                  [--types a,b] [--json OUT] [--jaccard] [--errors TYPE] [--jobs N]
                                  [--clauses]

See benchmarks/README.md for the metric definitions and the split.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuad  # noqa: E402

# The documented floor: one keyword regex per type over the raw text (`--predictor keyword`).
KEYWORDS: dict[str, str] = {
    "change_of_control": r"change (?:of|in) (?:the )?control",
    "anti_assignment": r"\bassign(?:ed|ment)?\b[^.]{0,150}\b(?:consent|approval)\b",
    "exclusivity": r"exclusive (?:distribut|supplier|right|licen|basis|provider|reseller)"
    r"|exclusivity",
    "non_compete": r"non-?compet|shall not[^.]{0,80}\bcompet(?:e|ing|itive)\b",
    "no_solicit_customers": r"solicit[^.]{0,100}\b(?:customers?|clients?)\b",
    "no_solicit_employees": r"solicit[^.]{0,100}\b(?:employ|personnel)"
    r"|\bhire\b[^.]{0,80}\bemployees?\b",
    "competitive_restriction_exception": r"notwithstanding[^.]{0,200}(?:exclusiv|non-?compet)",
    "non_disparagement": r"disparag",
    "most_favored_nation": r"most favou?red|no less favou?rable|more favou?rable (?:terms|price)",
    "rofr_rofo_rofn": r"right of first (?:refusal|offer|negotiation)|first right to",
    "liability_cap": r"in no event[^.]{0,200}\bliab|liability[^.]{0,200}(?:shall not exceed"
    r"|limited to)|consequential damages",
    "uncapped_liability": r"limitations?[^.]{0,100}shall not apply",
    "liquidated_damages": r"liquidated damages|termination (?:fee|charge)",
    "insurance": r"\binsurance\b",
    "warranty_duration": r"warrant[^.]{0,200}\b(?:period of|\(\d+\) (?:days|months|years))",
    "covenant_not_to_sue": r"covenant not to sue|\bnot\b[^.]{0,60}\b(?:contest|challenge)\b"
    r"[^.]{0,100}\b(?:validity|ownership)",
    "audit_rights": r"\baudit",
    "termination_for_convenience": r"terminat[^.]{0,150}(?:for (?:any reason|convenience|no "
    r"reason)|without cause)",
    "post_termination_services": r"(?:after|following|upon) (?:the )?(?:termination|expiration)"
    r"[^.]{0,200}\b(?:continue|sell off|inventory|transition)",
    "source_code_escrow": r"escrow",
    "ip_ownership_assignment": r"\bassigns?\b[^.]{0,150}(?:right, title|intellectual property)"
    r"|works? made for hire",
    "joint_ip_ownership": r"jointly own|joint(?:ly)? (?:owned|ownership)",
    "license_grant": r"\bgrants?\b[^.]{0,150}\blicen[cs]e",
    "non_transferable_license": r"non-?transferable",
    "affiliate_license_licensor": r"licensor(?:'s)? affiliates",
    "affiliate_license_licensee": r"licen[cs]e[^.]{0,150}\b(?:its|their) affiliates",
    "unlimited_license": r"unlimited (?:number|use|copies|licen)",
    "irrevocable_or_perpetual_license": r"(?:irrevocable|perpetual)[^.]{0,100}licen",
    "revenue_profit_sharing": r"royalt|revenue shar|profit shar"
    r"|percent(?:age)? of (?:the )?(?:net |gross )?(?:revenue|sales|profit)",
    "price_restrictions": r"not (?:increase|raise)[^.]{0,50}\bprices?\b",
    "minimum_commitment": r"minimum (?:purchase|order|quantit|annual|commitment|royalt)",
    "volume_restriction": r"(?:exceed|in excess of)[^.]{0,60}\b(?:units|volume|users|forecast)",
    "third_party_beneficiary": r"intended (?:third[- ]party )?beneficiar",
    "governing_law": r"governed by|governing law|laws of the state of",
    "renewal_term": r"\brenew",
    "notice_period_to_terminate_renewal": r"(?:notice|notif)[^.]{0,200}(?:renew|non-renewal)",
}

# Spaces match any whitespace run: CUAD texts and PDF text layers break lines mid-sentence.
_KEYWORD_RES = {
    t: regex.compile(p.replace(" ", r"\s+"), regex.IGNORECASE) for t, p in KEYWORDS.items()
}
_BOUNDARY = regex.compile(r"(?<=[.;])\s+(?=[A-Z(\d])|\n\s*\n")


def _sentence_around(text: str, start: int, end: int, reach: int = 600) -> str:
    """The sentence-ish span holding text[start:end], at most `reach` chars either side."""
    lo = max(0, start - reach)
    before = [m.end() for m in _BOUNDARY.finditer(text, lo, start)]
    after = _BOUNDARY.search(text, end, min(len(text), end + reach))
    return text[before[-1] if before else lo : after.start() if after else end + reach].strip()


def _read_text(path: Path) -> str:
    if path.suffix.lower() != ".pdf":
        return path.read_text(encoding="utf-8", errors="replace")
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    return "\n\n".join(page.get_textpage().get_text_range() for page in pdf)


# type -> evidence texts as printed (the first five), type -> value, and type -> every evidence
# text the detector kept (up to 50: what --clauses scores)
Inventory = tuple[dict[str, list[str]], dict[str, str], dict[str, list[str]]]


def keyword_inventory(path: Path) -> Inventory:
    text = _read_text(path)
    found: dict[str, list[str]] = {}
    for type_id, pattern in _KEYWORD_RES.items():
        for m in pattern.finditer(text):
            found.setdefault(type_id, []).append(_sentence_around(text, m.start(), m.end()))
            if len(found[type_id]) >= 3:
                break
    return found, {}, found  # no values


def clauselint_inventory(path: Path) -> Inventory:
    try:
        from clauselint.pipeline import check_file
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from clauselint.pipeline import check_file
    result = check_file(path)
    record = result.to_dict()
    if record.get("error"):
        raise RuntimeError(str(record["error"]))
    found: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for clause in record.get("clauses", []):
        texts = [e.get("text", "") for e in clause.get("evidence", [])]
        found.setdefault(clause["type"], []).extend(texts)
        if clause.get("value"):
            values[clause["type"]] = clause["value"]
    kept = {c.type: [e.text for e in c.evidence] for c in result.clauses}
    return found, values, kept


PREDICTORS = {"clauselint": clauselint_inventory, "keyword": keyword_inventory}


def predict(task: tuple[str, str]) -> dict:
    """Worker: one document -> {"clauses": {type: [evidence]}, "values": {type: value},
    "error": str | None}."""
    predictor, path = task
    try:
        found, values, kept = PREDICTORS[predictor](Path(path))
        return {"clauses": found, "values": values, "kept": kept, "error": None}
    except Exception as exc:  # a failing document counts as an empty inventory
        return {"clauses": {}, "values": {}, "kept": {}, "error": f"{type(exc).__name__}: {exc}"}


def run_predictions(paths: list[Path], predictor: str, jobs: int) -> list[dict]:
    tasks = [(predictor, str(p)) for p in paths]
    if jobs <= 1:
        return [predict(t) for t in tasks]
    with Pool(jobs) as pool:
        return pool.map(predict, tasks, chunksize=1)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_type(type_id: str, contracts: list[cuad.Contract], preds: list[dict]) -> dict:
    row = {"type": type_id, "cuad": cuad.ALL_TYPES[type_id], "tp": 0, "fp": 0, "fn": 0, "tn": 0}
    row.update(hits=0, fp_ids=[], fn_ids=[], miss_ids=[])
    for c, pred in zip(contracts, preds, strict=True):
        gold, evidence = type_id in c.present, pred["clauses"].get(type_id)
        if gold and evidence is not None:
            row["tp"] += 1
            hit = cuad.evidence_hit(evidence, c.clauses[type_id])
            row["hits"] += hit
            if not hit:
                row["miss_ids"].append(c.id)
        elif evidence is not None:
            row["fp"] += 1
            row["fp_ids"].append(c.id)
        elif gold:
            row["fn"] += 1
            row["fn_ids"].append(c.id)
        else:
            row["tn"] += 1
    p, r, f = _prf(row["tp"], row["fp"], row["fn"])
    if not row["tp"] + row["fp"] + row["fn"]:
        f = None  # nothing gold, nothing predicted: undefined, left out of macro-F1
    row.update(precision=p, recall=r, f1=f, support=row["tp"] + row["fn"])
    row["evidence_hit_rate"] = row["hits"] / row["tp"] if row["tp"] else None
    if type_id in cuad.VALUE_TYPES:
        row.update(value_agree=0, value_scored=0, value_wrong_ids=[])
        for c, pred in zip(contracts, preds, strict=True):
            if type_id in c.present and type_id in pred["clauses"]:
                ok = cuad.value_agrees(type_id, pred["values"].get(type_id), c.answers[type_id])
                if ok is not None:
                    row["value_scored"] += 1
                    row["value_agree"] += ok
                    if not ok:
                        row["value_wrong_ids"].append(c.id)
    return row


def clause_recall(
    type_id: str, contracts: list[cuad.Contract], preds: list[dict]
) -> tuple[int, int]:
    """(quoted, total): of the lawyers' clause texts of a type, in the contracts where it is
    present, how many some kept evidence of that type quotes (the evidence-hit rule, one clause
    at a time). Where the document-level figures ask "does the contract have X", this asks
    whether every X in it was found."""
    quoted = total = 0
    for c, pred in zip(contracts, preds, strict=True):
        if type_id not in c.present:
            continue
        kept = pred.get("kept", {}).get(type_id, [])
        for text in c.clauses.get(type_id, []):
            total += 1
            quoted += bool(kept) and cuad.evidence_hit(kept, [text])
    return quoted, total


def summarise(rows: list[dict]) -> dict:
    yes_no = [r for r in rows if r["type"] in cuad.YES_NO_TYPES]
    defined = [r for r in yes_no if r["f1"] is not None]
    tp, fp, fn = (sum(r[k] for r in yes_no) for k in ("tp", "fp", "fn"))
    total_tp = sum(r["tp"] for r in rows)
    weakest = sorted(defined, key=lambda r: (r["f1"], r["type"]))[:5]
    return {
        "macro_f1": sum(r["f1"] for r in defined) / len(defined) if defined else None,
        "macro_f1_types": len(defined),
        "micro_f1": _prf(tp, fp, fn)[2] if yes_no else None,
        "evidence_hit_rate": sum(r["hits"] for r in rows) / total_tp if total_tp else None,
        "weakest": [r["type"] for r in weakest],
    }


def macro_interval(
    contracts: list[cuad.Contract], preds: list[dict], types: list[str], n: int, level: float = 0.9
) -> tuple[float, float]:
    """A bootstrap interval for macro-F1: the contracts resampled with replacement `n` times
    (a fixed seed, so the figures repeat), macro-F1 scored on each resample as summarise()
    scores it, and the middle `level` of those scores."""
    import random

    yes_no = [t for t in types if t in cuad.YES_NO_TYPES]
    # per contract and type: (gold, predicted)
    cells = [
        [(t in c.present, t in p["clauses"]) for t in yes_no]
        for c, p in zip(contracts, preds, strict=True)
    ]
    rng, scores = random.Random(0), []
    for _ in range(n):
        sample = [cells[rng.randrange(len(cells))] for _ in cells]
        f1s = []
        for k in range(len(yes_no)):
            tp = sum(1 for row in sample if row[k] == (True, True))
            fp = sum(1 for row in sample if row[k] == (False, True))
            fn = sum(1 for row in sample if row[k] == (True, False))
            if tp + fp + fn:
                f1s.append(_prf(tp, fp, fn)[2])
        if f1s:
            scores.append(sum(f1s) / len(f1s))
    scores.sort()
    cut = int(len(scores) * (1 - level) / 2)
    return scores[cut], scores[len(scores) - 1 - cut]


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:5.1f}"


def format_table(rows: list[dict]) -> str:
    width = max([len(r["type"]) for r in rows] + [4])
    head = f"{'type':<{width}}  {'gold':>4}  {'P':>5}  {'R':>5}  {'F1':>5}"
    head += f"  {'tp':>4}  {'fp':>4}  {'fn':>4}  {'evid%':>5}"
    lines = [head, "-" * len(head)]
    for group in (cuad.YES_NO_TYPES, cuad.VALUE_TYPES):
        block = sorted(
            (r for r in rows if r["type"] in group), key=lambda r: (r["f1"] or 0, r["type"])
        )
        if block and group is cuad.VALUE_TYPES:
            lines.append(f"{'-- value types (not in macro-F1) --':<{width}}")
        for r in block:
            lines.append(
                f"{r['type']:<{width}}  {r['support']:>4}  {_pct(r['precision'])}"
                f"  {_pct(r['recall'])}  {_pct(r['f1'])}  {r['tp']:>4}  {r['fp']:>4}"
                f"  {r['fn']:>4}  {_pct(r['evidence_hit_rate'])}"
            )
    return "\n".join(lines)


def print_errors(type_id: str, contracts: list[cuad.Contract], preds: list[dict]) -> None:
    for c, pred in zip(contracts, preds, strict=True):
        gold, evidence = type_id in c.present, pred["clauses"].get(type_id)
        if gold and evidence is None:
            first = (c.clauses[type_id] or ["(answer Yes, no clause text)"])[0]
            print(f"FN {c.id}: {' '.join(first.split())[:300]}")
        elif evidence is not None and not gold:
            print(f"FP {c.id}: {' '.join(evidence[0].split())[:300] if evidence else ''}")
            for more in evidence[1:3]:
                print(f"   {'':{len(c.id)}}  {' '.join(more.split())[:300]}")
        elif gold and not cuad.evidence_hit(evidence, c.clauses[type_id]):
            print(f"TP-miss {c.id}: predicted {' '.join(evidence[0].split())[:300]!r}")
            gold_text = (c.clauses[type_id] or [""])[0]
            print(f"   gold {' '.join(gold_text.split())[:300]!r}")


def mean_jaccard(a: list[dict], b: list[dict], types: set[str]) -> float:
    scores = []
    for x, y in zip(a, b, strict=True):
        sx, sy = set(x["clauses"]) & types, set(y["clauses"]) & types
        scores.append(len(sx & sy) / len(sx | sy) if sx | sy else 1.0)
    return sum(scores) / len(scores) if scores else 1.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=cuad.DEFAULT_DATA)
    ap.add_argument("--labels", type=Path, default=None, help="default: <data>/labels.csv")
    ap.add_argument("--pdf", action="store_true", help="run the PDFs (only rows that have one)")
    ap.add_argument("--split", choices=cuad.SPLITS, default="all")
    ap.add_argument("--types", default=None, help="comma-separated type ids (default: all 36)")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT")
    ap.add_argument("--jaccard", action="store_true", help="with --pdf: PDF vs TXT inventories")
    ap.add_argument("--errors", default=None, metavar="TYPE", help="list fp/fn documents")
    ap.add_argument("--clauses", action="store_true",
                    help="also: the share of the lawyers' clause texts that some evidence quotes")  # fmt: skip
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--bootstrap", type=int, default=0, metavar="N",
                    help="a 90%% interval for macro-F1 from N resamples of the contracts")  # fmt: skip
    ap.add_argument("--predictor", choices=sorted(PREDICTORS), default="clauselint",
                    help=argparse.SUPPRESS)  # fmt: skip
    args = ap.parse_args(argv)
    types = args.types.split(",") if args.types else list(cuad.ALL_TYPES)
    unknown = [t for t in types if t not in cuad.ALL_TYPES]
    if unknown or (args.errors and args.errors not in cuad.ALL_TYPES):
        ap.error(f"unknown type(s): {', '.join(unknown or [args.errors])}")
    if args.jaccard and not args.pdf:
        ap.error("--jaccard needs --pdf")
    args.types = types
    return args


def select(args: argparse.Namespace) -> list[cuad.Contract]:
    contracts = cuad.load_contracts(args.data, args.labels, args.split)
    if args.pdf:
        return [c for c in contracts if c.pdf.exists()]
    return [c for c in contracts if c.txt.exists()]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    contracts = select(args)
    print(f"split: {args.split} ({len(contracts)} contracts, {'pdf' if args.pdf else 'txt'}),"
          f" predictor: {args.predictor}, data: {args.data}")  # fmt: skip
    if not contracts:
        print("no contracts to score", file=sys.stderr)
        return 1
    paths = [c.pdf if args.pdf else c.txt for c in contracts]
    preds = run_predictions(paths, args.predictor, args.jobs)
    if all(p["error"] for p in preds):
        print(f"every document failed, e.g. {preds[0]['error']}", file=sys.stderr)
        return 2
    rows = [score_type(t, contracts, preds) for t in args.types]
    summary = summarise(rows)
    failed = [(c.id, p["error"]) for c, p in zip(contracts, preds, strict=True) if p["error"]]
    if args.errors:
        print_errors(args.errors, contracts, preds)
        print()
    print(format_table(rows))
    print()
    if args.clauses:
        print_clause_recall(args.types, contracts, preds)
        print()
    jaccard = None
    if args.jaccard:
        txt_preds = run_predictions([c.txt for c in contracts], args.predictor, args.jobs)
        jaccard = mean_jaccard(preds, txt_preds, set(args.types))
    interval = (
        macro_interval(contracts, preds, args.types, args.bootstrap) if args.bootstrap else None
    )
    summary.update(jaccard_pdf_txt=jaccard, macro_f1_interval=interval)
    summary["value_agreement"] = {
        r["type"]: (r["value_agree"], r["value_scored"]) for r in rows if "value_scored" in r
    }
    summary.update(elapsed_seconds=time.perf_counter() - start)
    print_summary(summary, failed)
    if args.json:
        report = {"split": args.split, "contracts": len(contracts), "pdf": args.pdf,
                  "predictor": args.predictor, "summary": summary, "types": rows,
                  "failed": [{"id": i, "error": e} for i, e in failed]}  # fmt: skip
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def print_clause_recall(
    types: list[str], contracts: list[cuad.Contract], preds: list[dict]
) -> None:
    counts = {t: clause_recall(t, contracts, preds) for t in types if t in cuad.YES_NO_TYPES}
    width = max([len(t) for t in counts] + [4])
    print(f"{'clause recall':<{width}}  quoted / lawyers' clauses")
    for t, (quoted, total) in sorted(counts.items(), key=lambda kv: kv[1][0] / (kv[1][1] or 1)):
        print(f"{t:<{width}}  {_pct(quoted / total if total else None)}  {quoted:>4} / {total:<4}")
    quoted, total = (sum(v[i] for v in counts.values()) for i in (0, 1))
    print(
        f"{'all yes/no types':<{width}}  {_pct(quoted / total if total else None)}  {quoted:>4} / {total:<4}"
    )


def print_summary(summary: dict, failed: list[tuple[str, str]]) -> None:
    lines = [
        (f"macro-F1 ({summary['macro_f1_types']} yes/no types)", _pct(summary["macro_f1"])),
        ("micro-F1 (yes/no types)", _pct(summary["micro_f1"])),
        ("evidence hit rate (all types)", _pct(summary["evidence_hit_rate"])),
    ]
    if summary.get("macro_f1_interval"):
        lo, hi = summary["macro_f1_interval"]
        lines.insert(1, ("macro-F1, 90% interval", f"{_pct(lo).strip()}-{_pct(hi).strip()}"))
    if summary["jaccard_pdf_txt"] is not None:
        lines.append(("mean Jaccard PDF vs TXT", f"{summary['jaccard_pdf_txt']:5.3f}"))
    for label, value in lines:
        print(f"{label + ':':<32}{value}")
    for t, (agree, scored) in summary.get("value_agreement", {}).items():
        print(f"{'value agrees, ' + t + ':':<32}{_pct(agree / scored if scored else None)}"
              f" ({agree} of {scored})")  # fmt: skip
    print(f"weakest five: {', '.join(summary['weakest'])}")
    if failed:
        print(f"{len(failed)} document(s) failed, scored as empty, e.g. {failed[0][0]}: "
              f"{failed[0][1][:200]}")  # fmt: skip
    print(f"elapsed: {summary['elapsed_seconds']:.1f}s")


if __name__ == "__main__":
    sys.exit(main())
