"""Train the shipped sentence classifier on the CUAD dev split, reproducibly.

    pip install -e ".[train]"
    python benchmarks/train_model.py [--data DIR] [--out src/clauselint/models/cuad-sentences.npz]
    python benchmarks/train_model.py --check    # exit 1 if retraining would change the shipped file

Sentences come from clauselint's own extract + structure. A sentence is positive for a type
when it shares an 8-word run with one of the lawyers' clause texts of that category (or
contains a short one whole, or, if short itself, lies inside one) — the evidence-hit rule of
benchmarks/cuad.py. One L2 logistic regression per type over the hashed features of
clauselint.model. Document-level thresholds (a document has the type when some sentence
scores >= it) are chosen on out-of-fold scores of 5 folds grouped by document; the figures
printed use a threshold chosen without the fold they score (nested), so they are honest.
Only the dev split is read (benchmarks/cuad.py); heldout stays unseen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuad  # noqa: E402

from clauselint import model as M  # noqa: E402

SEED = 20240601
FOLDS = 5
C = 8.0  # inverse L2 strength; chosen by out-of-fold doc-level macro-F1 on dev
POS_WEIGHT = 1.0  # weight of a positive sentence relative to a negative one
CONTEXT = 1  # section titles read as context: 0 none, 1 the section's own, 2 also its parent's
LABELS = tuple(cuad.YES_NO_TYPES)
OUT = ROOT / "src" / "clauselint" / "models" / M.MODEL_FILE
CACHE = Path("/tmp/clauselint-train-cache")


# -- data -------------------------------------------------------------------------------------


def doc_sentences(path: Path) -> tuple[list[tuple[int, int, str]], list[tuple[str, ...]]]:
    """(start, end, text) of every sentence, as the detector sees them, and the title path of
    each sentence's section (what the detector hands the model as context)."""
    from clauselint import structure
    from clauselint.extract import extract_path

    doc = extract_path(path)
    st = structure.parse(doc)
    sents = [(a, b, doc.text[a:b]) for a, b in st.sentences]
    paths = []
    for a, _ in st.sentences:
        sec = st.section_at(a)
        paths.append(sec.title_path if sec else ())
    return sents, paths


def gold_index(gold: list[str], n: int = 8):
    words = [cuad.normalise_words(g) for g in gold]
    grams: set[tuple[str, ...]] = set()
    for w in words:
        grams |= cuad.ngrams(w, n)
    short = [" " + " ".join(w) + " " for w in words if 0 < len(w) < n]
    whole = [" " + " ".join(w) + " " for w in words]
    return grams, short, whole


def positive(text: str, index, n: int = 8) -> bool:
    grams, short, whole = index
    words = cuad.normalise_words(text)
    if cuad.ngrams(words, n) & grams:
        return True
    padded = " " + " ".join(words) + " "
    if any(s in padded for s in short):
        return True
    return 2 <= len(words) < n and any(padded in w for w in whole)


def load_data(contracts: list[cuad.Contract]) -> list[dict]:
    """Per contract: id, sentences, their title paths, and a (n_sentences, n_labels) 0/1 matrix.
    Cached in /tmp."""
    key = hashlib.sha1(("paths1" + "".join(c.id for c in contracts)).encode()).hexdigest()[:12]
    cache = CACHE / f"sentences-{key}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    docs = []
    for c in contracts:
        sents, paths = doc_sentences(c.txt)
        y = np.zeros((len(sents), len(LABELS)), dtype=np.int8)
        for j, t in enumerate(LABELS):
            if c.clauses.get(t):
                idx = gold_index(c.clauses[t])
                y[:, j] = [positive(s, idx) for _, _, s in sents]
        docs.append(
            {"id": c.id, "sents": sents, "paths": paths, "y": y, "present": sorted(c.present)}
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(docs))
    return docs


def folds_of(ids: list[str]) -> np.ndarray:
    """Fold of each document: a seeded permutation of sorted ids, dealt round-robin."""
    order = np.random.RandomState(SEED).permutation(len(ids))
    fold = np.empty(len(ids), dtype=np.int64)
    fold[order] = np.arange(len(ids)) % FOLDS
    return fold


def matrix(d: dict, context: int = CONTEXT):
    """The design matrix of one document's sentences."""
    from scipy.sparse import csr_matrix

    texts = [s for _, _, s in d["sents"]]
    rows, cols, vals = M.design(texts, d["paths"], context)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), M.N_BUCKETS), dtype=np.float64)


# -- fitting ----------------------------------------------------------------------------------


def fit_one(X, y, c: float = C, pos_weight: float = POS_WEIGHT):
    from sklearn.linear_model import LogisticRegression

    if y.sum() == 0:
        return np.zeros(X.shape[1]), -10.0
    clf = LogisticRegression(
        C=c,
        solver="liblinear",
        max_iter=200,
        random_state=SEED,
        class_weight={0: 1.0, 1: pos_weight},
    )
    clf.fit(X, y)
    return clf.coef_[0], float(clf.intercept_[0])


def fit_all(X, Y, c: float = C, jobs: int = 2, pos_weight: float = POS_WEIGHT):
    from joblib import Parallel, delayed

    out = Parallel(n_jobs=jobs)(
        delayed(fit_one)(X, Y[:, j], c, pos_weight) for j in range(Y.shape[1])
    )
    W = np.stack([w for w, _ in out], axis=1)
    b = np.array([b for _, b in out])
    return W, b


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def out_of_fold(
    docs: list[dict],
    c: float = C,
    jobs: int = 2,
    pos_weight: float = POS_WEIGHT,
    context: int = CONTEXT,
) -> list[np.ndarray]:
    """Sentence probabilities of every document from the model trained without its fold."""
    fold = folds_of([d["id"] for d in docs])
    Xs = [matrix(d, context) for d in docs]
    oof: list[np.ndarray | None] = [None] * len(docs)
    from scipy.sparse import vstack

    for k in range(FOLDS):
        train = [i for i in range(len(docs)) if fold[i] != k]
        W, b = fit_all(
            vstack([Xs[i] for i in train]),
            np.vstack([docs[i]["y"] for i in train]),
            c,
            jobs,
            pos_weight,
        )
        for i in np.flatnonzero(fold == k):
            oof[i] = sigmoid(Xs[i] @ W + b)
        print(f"  fold {k + 1}/{FOLDS} done", file=sys.stderr)
    return oof


# -- thresholds -------------------------------------------------------------------------------


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = int((pred & gold).sum())
    fp, fn = int((pred & ~gold).sum()), int((~pred & gold).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_threshold(scores: np.ndarray, gold: np.ndarray, decide=None) -> float:
    """The threshold on `scores` maximising doc-level F1 of decide(scores >= t), placed midway
    (in log-odds) between the cut and the next lower score; ties go to the higher threshold."""
    decide = decide or (lambda p: p)
    cands = np.unique(scores)[::-1]
    best, best_t = -1.0, 0.5
    for i, t in enumerate(cands):
        f = f1(decide(scores >= t), gold)
        if f > best + 1e-12:
            lower = cands[i + 1] if i + 1 < len(cands) else t / 2
            best, best_t = f, float(sigmoid((_logit(t) + _logit(lower)) / 2))
    return float(np.clip(best_t, 0.02, 0.99))


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def nested(doc_scores: np.ndarray, gold: np.ndarray, fold: np.ndarray, decide=None) -> np.ndarray:
    """Doc-level predictions, each fold decided with a threshold chosen on the other folds."""
    decide = decide or (lambda p, idx: p)
    pred = np.zeros(len(gold), dtype=bool)
    for k in range(FOLDS):
        tr, te = fold != k, fold == k
        t = best_threshold(doc_scores[tr], gold[tr], lambda p, tr=tr: decide(p, tr))
        pred[te] = decide(doc_scores[te] >= t, te)
    return pred


def doc_level(docs: list[dict], oof: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(max sentence score per doc and label, gold presence per doc and label)."""
    scores = np.stack([p.max(axis=0) if len(p) else np.zeros(len(LABELS)) for p in oof])
    gold = np.array([[t in d["present"] for t in LABELS] for d in docs])
    return scores, gold


# -- main -------------------------------------------------------------------------------------


def save(path: Path, W, b, thresholds, meta: dict, context: int = CONTEXT) -> None:
    scale = np.maximum(np.abs(W).max(axis=0), 1e-9) / 127.0
    q = np.round(W / scale[None, :]).astype(np.int8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        labels=np.array(LABELS),
        weights=q,
        scale=scale.astype(np.float32),
        bias=b.astype(np.float32),
        thresholds=np.asarray(thresholds, dtype=np.float32),
        context=np.array(context, dtype=np.int8),
        meta=np.array(json.dumps(meta, sort_keys=True)),
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=cuad.DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=C)
    ap.add_argument("--pos-weight", type=float, default=POS_WEIGHT)
    ap.add_argument("--context", type=int, default=CONTEXT, choices=(0, 1, 2))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--oof", type=Path, default=CACHE / "oof.pkl", help="out-of-fold scores")
    ap.add_argument("--cv-only", action="store_true", help="report figures, write no model")
    ap.add_argument(
        "--check",
        action="store_true",
        help="train into a temporary file and exit 1 if it differs from --out (a stale model: "
        "the sentence split or the features changed since it was trained)",
    )
    args = ap.parse_args(argv)
    if args.check:
        return check(sys.argv[1:] if argv is None else argv, args.out)
    t0 = time.time()
    contracts = cuad.load_contracts(args.data, split="dev")
    docs = load_data(contracts)
    n = sum(len(d["sents"]) for d in docs)
    print(f"{len(docs)} dev contracts, {n} sentences ({time.time() - t0:.0f}s)", file=sys.stderr)
    oof = out_of_fold(docs, args.C, args.jobs, args.pos_weight, args.context)
    scores, gold = doc_level(docs, oof)
    fold = folds_of([d["id"] for d in docs])
    f1s = [f1(nested(scores[:, j], gold[:, j], fold), gold[:, j]) for j in range(len(LABELS))]
    for t, f in zip(LABELS, f1s, strict=True):
        print(f"{t:36s} {100 * f:5.1f}")
    print(f"out-of-fold doc-level macro-F1 (nested thresholds): {100 * np.mean(f1s):.1f}")
    args.oof.parent.mkdir(parents=True, exist_ok=True)
    args.oof.write_bytes(
        pickle.dumps(
            {
                "ids": [d["id"] for d in docs],
                "oof": oof,
                "C": args.C,
                "pos_weight": args.pos_weight,
                "context": args.context,
            }
        )
    )
    if args.cv_only:
        return 0
    thresholds = [best_threshold(scores[:, j], gold[:, j]) for j in range(len(LABELS))]
    from scipy.sparse import vstack

    X = vstack([matrix(d, args.context) for d in docs])
    W, b = fit_all(X, np.vstack([d["y"] for d in docs]), args.C, args.jobs, args.pos_weight)
    meta = {
        "data": "CUAD v1 (The Atticus Project, CC BY 4.0), dev split of ../shared/data/cuad "
        "(sha1(id) % 4 != 0; benchmarks/cuad.py)",
        "contracts": len(docs),
        "sentences": int(n),
        "model": "one L2 logistic regression per label (scikit-learn liblinear)",
        "C": args.C,
        "pos_weight": args.pos_weight,
        "features": f"binary word unigrams+bigrams, crc32-hashed into {M.N_BUCKETS} buckets, "
        "L2-normalised",
        "context": f"words of the innermost {args.context} section title(s), prefixed per level",
        "thresholds": f"doc-level, max F1 on {FOLDS}-fold out-of-fold scores grouped by document",
        "seed": SEED,
        "oof_macro_f1": round(float(np.mean(f1s)), 4),
        "oof_f1": {t: round(f, 4) for t, f in zip(LABELS, f1s, strict=True)},
    }
    save(args.out, W, b, thresholds, meta, args.context)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


def check(argv: list[str], shipped: Path) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / shipped.name
        rest = [a for a in argv if a != "--check"]
        main([*rest, "--out", str(fresh)])  # a later --out wins
        same = fresh.read_bytes() == shipped.read_bytes()
    print(f"{shipped}: {'up to date' if same else 'STALE: retrain it'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
