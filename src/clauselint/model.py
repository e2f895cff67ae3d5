"""The shipped sentence classifier: hashed word features, one logistic score per clause type.

A linear model over lower-cased word unigrams and bigrams, hashed with zlib.crc32 (stable
across processes and machines, unlike hash()) into a fixed number of buckets; a model trained
with context also sees the words of the sentence's section title (and of the title above it)
as features of their own. Scoring needs
numpy only; the weights ship in models/cuad-sentences.npz and are read once, on first use.
Training (benchmarks/train_model.py) imports `features` from here, so train and run time
featurise identically.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .models import MODEL_FILE

N_BUCKETS = 1 << 17
MAX_CHARS = 2000  # a sentence longer than this is scored on its first MAX_CHARS characters
_TOKEN = re.compile(r"[a-z]+|\d+|\x00")
_SEP = "\x00"  # joins the texts of one call, so that one findall tokenises them all
_MIX = np.uint64(0x9E3779B1)  # bigram = (h1 * _MIX + h2 + 1) mod 2**32
_MASK32 = np.uint64(0xFFFFFFFF)
_SEP_HASH = 1 << 32  # outside crc32's range: no word has it
_TITLE_WORD = re.compile(r"[a-z]+")
# Title words are hashed with a prefix, so "Insurance" as a heading and "insurance" in the
# sentence are different features: the section's own title, then the one above it.
_PREFIXES = ("\x01", "\x02")


class _Hashes(dict):
    """word -> crc32, memoised (a plain dict lookup is the hot path); numbers hash as "0"."""

    def __missing__(self, word: str) -> int:
        if len(self) > 1 << 20:  # bounded: long runs see many distinct numbers
            self.clear()
            self[_SEP] = _SEP_HASH
        h = self[word] = zlib.crc32(b"0" if word[0].isdigit() else word.encode("utf-8"))
        return h


_HASHES = _Hashes({_SEP: _SEP_HASH})


def tokens(text: str) -> list[str]:
    """Lower-cased words; every number is the one token "0" ("(30) days" ~ "(60) days")."""
    words = _TOKEN.findall(text[:MAX_CHARS].replace(_SEP, " ").lower())
    return ["0" if w[0].isdigit() else w for w in words]


Path = tuple[str, ...]  # a sentence's section titles, outermost first (Section.title_path)


@lru_cache(maxsize=4096)
def context_words(path: Path | None, levels: int) -> tuple[str, ...]:
    """The prefixed, distinct words (numbers left out) of the innermost `levels` titles of a
    sentence's title path: the section's own title, then its parent's."""
    out: list[str] = []
    for k, title in enumerate(reversed((path or ())[-levels:] if levels else ())):
        out += dict.fromkeys(_PREFIXES[k] + w for w in _TITLE_WORD.findall(title[:200].lower()))
    return tuple(out)


def features(
    texts: list[str], paths: list[Path | None] | None = None, context: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, buckets): the distinct feature buckets of each text (the hashed words of
    tokens(text) and their bigrams, and with context > 0 the context_words of its title
    path), as parallel int arrays sorted by row."""
    joined = _SEP.join(t[:MAX_CHARS].replace(_SEP, " ") for t in texts).lower()
    return _features(_TOKEN.findall(joined), _context(len(texts), paths, context))


def _context(n: int, paths: list[Path | None] | None, context: int) -> list[tuple[str, ...]] | None:
    if not context:
        return None
    if paths is None:
        paths = [None] * n
    assert len(paths) == n, "one title path per text"
    return [context_words(p, context) for p in paths]


def raw_tokens(text: str) -> list[str]:
    """The words of one text as features() reads them (numbers not yet turned into "0")."""
    return _TOKEN.findall(text[:MAX_CHARS].replace(_SEP, " ").lower())


def features_of_words(
    word_lists: list[list[str]], paths: list[Path | None] | None = None, context: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """features() of texts already split into words as raw_tokens splits them."""
    words: list[str] = []
    for i, ws in enumerate(word_lists):
        if i:
            words.append(_SEP)
        words += ws
    return _features(words, _context(len(word_lists), paths, context))


def _features(
    words: list[str], ctx: list[tuple[str, ...]] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """features() from the texts' words, the texts separated by _SEP, and per text its
    context words (or None: no context features)."""
    h = np.fromiter(map(_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    sep = h == np.uint64(_SEP_HASH)
    r = np.cumsum(sep)[~sep]
    h = h[~sep]
    same = r[1:] == r[:-1]  # bigrams: consecutive words of the same text
    bi = (h[:-1][same] * _MIX + h[1:][same] + np.uint64(1)) & _MASK32
    parts_h, parts_r = [h, bi], [r, r[1:][same]]
    if ctx:
        flat = [w for ws in ctx for w in ws]
        parts_h.append(np.fromiter(map(_HASHES.__getitem__, flat), np.uint64, len(flat)))
        parts_r.append(np.repeat(np.arange(len(ctx)), [len(ws) for ws in ctx]))
    all_h = np.concatenate(parts_h) % np.uint64(N_BUCKETS)
    all_r = np.concatenate(parts_r).astype(np.int64)
    # sort + diff: faster than unique; "stable" (timsort) runs faster on keys grouped by row
    key = np.sort(all_r * N_BUCKETS + all_h.astype(np.int64), kind="stable")
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    return key // N_BUCKETS, key % N_BUCKETS


def design(
    texts: list[str], paths: list[Path | None] | None = None, context: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, buckets, values): binary features scaled to unit L2 norm per text."""
    rows, cols = features(texts, paths, context)
    counts = np.bincount(rows, minlength=len(texts)).astype(np.float32)
    vals = 1.0 / np.sqrt(np.maximum(counts, 1.0))[rows]
    return rows, cols, vals.astype(np.float32)


@dataclass(frozen=True)
class Model:
    labels: tuple[str, ...]
    weights: np.ndarray  # (N_BUCKETS, len(labels)) float32
    bias: np.ndarray  # (len(labels),)
    thresholds: np.ndarray  # (len(labels),) document-level decision thresholds
    context: int = 0  # how many section titles (own, parent) it reads: see context_words

    def only(self, columns: list[int]) -> Model:
        """The same model restricted to some labels (columns), for faster scoring."""
        return Model(
            tuple(self.labels[c] for c in columns),
            np.ascontiguousarray(self.weights[:, columns]),
            self.bias[columns],
            self.thresholds[columns],
            self.context,
        )

    def score(self, texts: list[str], paths: list[Path | None] | None = None) -> np.ndarray:
        """Probabilities per text and label; paths: each text's section title path."""
        return self._scores(texts, paths, features)

    def score_words(
        self, word_lists: list[list[str]], paths: list[Path | None] | None = None
    ) -> np.ndarray:
        """score() of texts already split into words (see features_of_words)."""
        return self._scores(word_lists, paths, features_of_words)

    def _scores(self, items: list, paths, featurise) -> np.ndarray:
        out = np.empty((len(items), len(self.labels)), dtype=np.float32)
        for lo in range(0, len(items), 2048):  # bounded memory for the gathered rows
            chunk = items[lo : lo + 2048]
            ps = paths[lo : lo + 2048] if paths is not None else None
            out[lo : lo + 2048] = self._score(featurise(chunk, ps, self.context), len(chunk))
        return out

    def _score(self, feats: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
        rows, cols = feats
        z = np.zeros((n, len(self.labels)), dtype=np.float32)
        if len(rows):
            # x is binary scaled to unit norm per row: sum the rows' weights, then scale.
            bounds = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            counts = np.diff(np.r_[bounds, len(rows)]).astype(np.float32)
            sums = np.add.reduceat(self.weights[cols], bounds, axis=0)
            z[rows[bounds]] = sums / np.sqrt(counts)[:, None]
        return 1.0 / (1.0 + np.exp(-(z + self.bias)))


@lru_cache(maxsize=1)
def load() -> Model:
    """The shipped model, read once per process."""
    with resources.files("clauselint.models").joinpath(MODEL_FILE).open("rb") as fh:
        data = np.load(fh, allow_pickle=False)
        scale = data["scale"].astype(np.float32)
        weights = data["weights"].astype(np.float32) * scale[None, :]
        return Model(
            labels=tuple(str(s) for s in data["labels"]),
            weights=weights,
            bias=data["bias"].astype(np.float32),
            thresholds=data["thresholds"].astype(np.float32),
            context=int(data["context"]) if "context" in data.files else 0,
        )


def labels() -> tuple[str, ...]:
    """The clause types the shipped model scores, in column order."""
    return load().labels


def threshold(label: str) -> float:
    """The shipped document-level threshold for a label (chosen by cross-validation)."""
    m = load()
    return float(m.thresholds[m.labels.index(label)])


def score(texts: list[str], paths: list[Path | None] | None = None) -> np.ndarray:
    """Probabilities, shape (len(texts), len(labels())), each in [0, 1]; paths: each text's
    section title path (Section.title_path), read by a model trained with context."""
    return load().score(list(texts), paths)
