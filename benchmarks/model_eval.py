"""Rules, model, or both? Per-type document-level P/R/F1 on CUAD dev, out of fold.

    python benchmarks/model_eval.py [--data DIR] [--json OUT]     # dev, out-of-fold
    python benchmarks/model_eval.py --heldout                      # one summary line, shipped model

Variants per type (a document has the type when ...):
  rules   clauselint's inventory has it (the packs in the tree without their `model:` patterns);
  model   some sentence scores >= t (the out-of-fold scores of benchmarks/train_model.py);
  or      rules, or some sentence scores >= t   (= adding `- model: T` to the type's patterns);
  and     some sentence the rules quote scores >= t (= adding `model: T` to every pattern).
Model sentences that the type's rule-level `unless` excludes never count (they would not in
the pack either). Each fold is decided with a t chosen on the other four folds (nested), so
the figures are honest; the t to ship is then chosen on all of dev. Evidence for model hits
is the first five sentences over t in document order, as the detector would quote them.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuad  # noqa: E402
import train_model as T  # noqa: E402

VARIANTS = ("rules", "model", "or", "and")
MARGIN = 0.01  # a variant must beat the rules by this much F1 to be recommended


_RULES_ONLY = None


def _rules_only():
    """The shipped packs without their `model:` patterns: the baseline must not hold a model
    trained on all of dev, or "rules" would score the model in-sample."""
    global _RULES_ONLY
    if _RULES_ONLY is None:
        from dataclasses import replace

        from clauselint.detect import Detector
        from clauselint.packs import load_rules

        rules = load_rules()
        clauses = tuple(
            replace(c, patterns=tuple(p for p in c.patterns if not p.model)) for c in rules.clauses
        )
        _RULES_ONLY = Detector(replace(rules, clauses=clauses))
    return _RULES_ONLY


def rule_hits(path: str) -> dict[str, tuple[list[int], list[str]]]:
    """type -> (sentence starts of all its evidence, the quoted evidence texts), rules only."""
    from clauselint import structure
    from clauselint.extract import extract_path

    doc = extract_path(path)
    clauses = _rules_only().detect(doc, structure.parse(doc))
    return {
        c.type: ([e.start for e in c.evidence], [e["text"] for e in c.to_dict()["evidence"]])
        for c in clauses
    }


def excluded(docs: list[dict]) -> dict[str, list[np.ndarray]]:
    """Per type, per doc: sentences that the type's (first) rule-level `unless` rejects."""
    from clauselint.pipeline import engine

    det = engine().detector
    out = {}
    for t in T.LABELS:
        ri = next((i for i, r in enumerate(det.rules) if r.type == t), None)
        rx = det.unless[ri] if ri is not None else None
        out[t] = [
            np.array([bool(rx and rx.search(s)) for _, _, s in d["sents"]], dtype=bool)
            for d in docs
        ]
    return out


def prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    fp, fn = int((pred & ~gold).sum()), int((~pred & gold).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def model_evidence(d: dict, probs: np.ndarray, mask: np.ndarray, t: float) -> list[str]:
    over = np.flatnonzero((probs >= t) & mask)[:5]
    return [d["sents"][i][2] for i in over]


def evaluate(docs, oof, rules, excl, contracts) -> list[dict]:
    fold = T.folds_of([d["id"] for d in docs])
    rows = []
    for j, t in enumerate(T.LABELS):
        gold = np.array([t in d["present"] for d in docs])
        ok = [~excl[t][i] for i in range(len(docs))]
        has_rules = np.array([t in r for r in rules])
        rule_sents = [
            np.isin([a for a, _, _ in d["sents"]], r[t][0])
            if t in r
            else np.zeros(len(d["sents"]), bool)
            for d, r in zip(docs, rules, strict=True)
        ]
        doc_model = np.array([(p[:, j] * m).max(initial=0.0) for p, m in zip(oof, ok, strict=True)])
        doc_and = np.array(
            [
                (p[:, j] * m * rs).max(initial=0.0)
                for p, m, rs in zip(oof, ok, rule_sents, strict=True)
            ]
        )
        scores = {"rules": None, "model": doc_model, "or": doc_model, "and": doc_and}

        row = {"type": t, "gold": int(gold.sum())}
        for v in VARIANTS:
            if v == "rules":
                pred, thr = has_rules, [None] * T.FOLDS
            else:
                pred, thr = nested(scores[v], gold, fold, _decider(v, has_rules))
            p, r, f = prf(pred, gold)
            hits = tps = 0
            for i in np.flatnonzero(pred & gold):
                ev = _evidence(v, i, j, docs, oof, rules, ok, rule_sents, thr[fold[i]], t)
                tps += 1
                hits += cuad.evidence_hit(ev, contracts[i].clauses[t])
            row[v] = {"P": p, "R": r, "F1": f, "evid": hits / tps if tps else None}
            if v != "rules":  # the threshold to ship: chosen on all of dev
                idx = np.ones(len(docs), bool)
                d = _decider(v, has_rules)
                row[v]["t"] = T.best_threshold(scores[v], gold, lambda q, d=d, idx=idx: d(q, idx))
        rows.append(row)
    return rows


def _decider(v: str, has_rules: np.ndarray):
    """How a variant turns `score >= t` on some documents into their predictions."""
    if v == "or":
        return lambda hit, idx: hit | has_rules[idx]
    return lambda hit, idx: hit


def _evidence(v, i, j, docs, oof, rules, ok, rule_sents, t, type_):
    if v == "rules" or (v == "or" and type_ in rules[i]):
        return rules[i][type_][1]
    mask = ok[i] & rule_sents[i] if v == "and" else ok[i]
    return model_evidence(docs[i], oof[i][:, j], mask, t)


def nested(doc_scores, gold, fold, decide):
    """T.nested, also returning the threshold used for each fold."""
    pred = np.zeros(len(gold), dtype=bool)
    thr = []
    for k in range(T.FOLDS):
        tr, te = fold != k, fold == k
        t = T.best_threshold(doc_scores[tr], gold[tr], lambda p, tr=tr: decide(p, tr))
        pred[te] = decide(doc_scores[te] >= t, te)
        thr.append(t)
    return pred, thr


def recommend(rows: list[dict]) -> list[tuple[str, str, float, float | None]]:
    """(type, variant, F1, threshold) per type: the best variant, the rules unless it beats
    them by MARGIN."""
    out = []
    for r in rows:
        best = max(VARIANTS[1:], key=lambda v: r[v]["F1"])
        if r[best]["F1"] < r["rules"]["F1"] + MARGIN:
            best = "rules"
        out.append((r["type"], best, r[best]["F1"], r[best].get("t")))
    return out


def snippet(type_: str, variant: str, t: float) -> str:
    th = f"{t:.2f}"
    if variant == "or":
        return f"{type_}: add to patterns:\n  - model: {type_}\n    threshold: {th}"
    if variant == "and":
        return f"{type_}: add to EVERY pattern:  model: {type_}  threshold: {th}"
    return f"{type_}: replace patterns by:\n  - model: {type_}\n    threshold: {th}"


def _pct(x):
    return "    -" if x is None else f"{100 * x:5.1f}"


def print_table(rows, recs) -> None:
    head = f"{'type':34s} {'gold':>4}" + "".join(f" | {v:>5} P     R    F1  ev%" for v in VARIANTS)
    print(head + " | pick")
    for r, (_, pick, _, _) in zip(rows, recs, strict=True):
        line = f"{r['type']:34s} {r['gold']:4d}"
        for v in VARIANTS:
            m = r[v]
            line += f" | {_pct(m['P'])} {_pct(m['R'])} {_pct(m['F1'])} {_pct(m['evid'])}"
        print(line + f" | {pick}")
    for v in VARIANTS:
        print(f"macro-F1 {v:5s}: {100 * np.mean([r[v]['F1'] for r in rows]):.1f}")
    print(f"macro-F1 recommended: {100 * np.mean([f for _, _, f, _ in recs]):.1f}")


def heldout(data: Path) -> int:
    """Model-only doc-level macro-F1 on heldout with the shipped model and thresholds."""
    from clauselint import model

    contracts = cuad.load_contracts(data, split="heldout")
    docs = T.load_data(contracts)
    m = model.load()
    scores = [m.score([s for _, _, s in d["sents"]], d["paths"]) for d in docs]
    out = []
    for j, t in enumerate(T.LABELS):
        gold = np.array([t in d["present"] for d in docs])
        pred = np.array([s[:, j].max(initial=0.0) >= m.thresholds[j] for s in scores])
        if pred.any() or gold.any():  # undefined F1 is left out, as in accuracy.py
            out.append(prf(pred, gold)[2])
    print(
        f"heldout ({len(docs)} contracts): model-only doc-level macro-F1 {100 * np.mean(out):.1f}"
    )
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=cuad.DEFAULT_DATA)
    ap.add_argument("--oof", type=Path, default=T.CACHE / "oof.pkl")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--heldout", action="store_true")
    args = ap.parse_args(argv)
    if args.heldout:
        return heldout(args.data)
    contracts = cuad.load_contracts(args.data, split="dev")
    docs = T.load_data(contracts)
    if not args.oof.exists():
        T.main(["--cv-only", "--oof", str(args.oof)])
    saved = pickle.loads(args.oof.read_bytes())
    assert saved["ids"] == [d["id"] for d in docs], "out-of-fold scores are for other documents"
    with Pool(args.jobs) as pool:
        rules = pool.map(rule_hits, [str(c.txt) for c in contracts], chunksize=4)
    rows = evaluate(docs, saved["oof"], rules, excluded(docs), contracts)
    recs = recommend(rows)
    print_table(rows, recs)
    print("\nrecommended pack changes:")
    for t, v, _, th in recs:
        if v != "rules":
            print(snippet(t, v, th))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "recommended": recs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
