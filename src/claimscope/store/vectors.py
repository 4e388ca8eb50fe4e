"""An on-disk nearest-neighbour index for sentence/claim vectors, in bounded memory.

Vectors live in SQLite as float16 blobs (768 bytes each for 384 dims). Until
the index holds ``TRAIN_AT`` vectors a search scans them in blocks of
``BLOCK`` rows (exact). Past that, a small IVF is trained: k-means centroids
on a sample, every vector tagged with its nearest centroid's cell, and a
search reads only the ``NPROBE`` nearest cells. The index is retrained when it
has grown fourfold since the last training, so cells stay about sqrt(N) large.
Memory is bounded by one block or one cell, never by the corpus.
"""
from __future__ import annotations

import sqlite3

import numpy as np

__all__ = ["VectorIndex", "TRAIN_AT", "NPROBE"]

TRAIN_AT = 50_000
BLOCK = 20_000
_SIMS_PER_BLOCK = 8_000_000  # query x vector similarities held at once (32 MB)
NPROBE = 12
_SAMPLE = 40_000
_KMEANS_ITERS = 12


class VectorIndex:
    def __init__(self, conn: sqlite3.Connection, dim: int) -> None:
        self.conn, self.dim = conn, dim
        self.centroids = self._load("ivf_centroids")
        trained = self._load("ivf_trained_at")
        self.trained_at = int(trained[0]) if trained is not None else 0
        # what this object has added (ids, vectors as stored, cells): searched in memory by
        # ``with_added`` so one scan of the stored vectors serves a whole batch of pages
        self.added: list[tuple[list[int], np.ndarray, np.ndarray]] = []

    # -- persistence ------------------------------------------------------------
    def _load(self, name: str) -> np.ndarray | None:
        row = self.conn.execute("SELECT value FROM link_blobs WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        dtype = np.int64 if name == "ivf_trained_at" else np.float32
        values = np.frombuffer(row[0], dtype=dtype)
        return values.reshape(-1, self.dim) if dtype is np.float32 else values

    def _save(self, name: str, array: np.ndarray) -> None:
        self.conn.execute("INSERT OR REPLACE INTO link_blobs(name, value) VALUES (?, ?)",
                          (name, array.tobytes()))

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM link_vectors").fetchone()[0]

    # -- writing -------------------------------------------------------------------
    def add(self, rows: list[tuple], vectors: np.ndarray) -> list[int]:
        """Store vectors; ``rows`` are (page_id, segment_index, start, end, claim_id)."""
        cells = self._cells(vectors)
        ids: list[int] = []
        for row, vec, cell in zip(rows, vectors.astype(np.float16), cells):
            cur = self.conn.execute(
                'INSERT INTO link_vectors(page_id, segment_index, start, "end", claim_id, cell, '
                "vec) VALUES (?, ?, ?, ?, ?, ?, ?)", (*row, int(cell), vec.tobytes()))
            assert cur.lastrowid is not None  # set by the INSERT
            ids.append(cur.lastrowid)
        if ids:
            self.added.append((ids, vectors.astype(np.float16).astype(np.float32), cells))
        return ids

    def _cells(self, vectors: np.ndarray) -> np.ndarray:
        if self.centroids is None or not len(vectors):
            return np.zeros(len(vectors), dtype=np.int64)
        return np.argmax(vectors @ self.centroids.T, axis=1)

    def maybe_train(self) -> bool:
        """(Re)train the IVF when the index is big enough; True when it did."""
        n = self.count()
        if n < TRAIN_AT or (self.trained_at and n < 4 * self.trained_at):
            return False
        sample = self._decode(self.conn.execute(
            "SELECT vec FROM link_vectors ORDER BY random() LIMIT ?", (_SAMPLE,)).fetchall())
        self.centroids = _kmeans(sample, cells=int(min(4096, max(16, np.sqrt(n)))))
        self._save("ivf_centroids", self.centroids)
        self._save("ivf_trained_at", np.array([n], dtype=np.int64))
        self.trained_at = n
        self._reassign()
        return True

    def _reassign(self) -> None:
        last = 0
        while True:
            rows = self.conn.execute("SELECT id, vec FROM link_vectors WHERE id > ? ORDER BY id "
                                     "LIMIT ?", (last, BLOCK)).fetchall()
            if not rows:
                return
            cells = self._cells(self._decode(rows, column=1))
            self.conn.executemany("UPDATE link_vectors SET cell = ? WHERE id = ?",
                                  [(int(c), r[0]) for c, r in zip(cells, rows)])
            last = rows[-1][0]

    # -- reading -------------------------------------------------------------------
    def _decode(self, rows, column: int = 0) -> np.ndarray:
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        blob = b"".join(r[column] for r in rows)
        return np.frombuffer(blob, dtype=np.float16).reshape(len(rows), self.dim).astype(np.float32)

    def vectors(self, ids: list[int]) -> dict[int, np.ndarray]:
        out = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows = self.conn.execute(f"SELECT id, vec FROM link_vectors WHERE id IN "
                                     f"({','.join('?' for _ in part)})", part).fetchall()
            for row, vec in zip(rows, self._decode(rows, column=1)):
                out[row[0]] = vec
        return out

    def search(self, queries: np.ndarray, k: int = 10) -> list[list[tuple[int, float]]]:
        """Top-``k`` (id, cosine) per query, best first."""
        best: list[dict[int, float]] = [{} for _ in range(len(queries))]
        if not len(queries):
            return []
        if self.centroids is None:
            self._scan_blocks(queries, k, best)
        else:
            self._scan_cells(queries, k, best)
        return [_best_first(b, k) for b in best]

    def with_added(self, hits: list[list[tuple[int, float]]], queries: np.ndarray,
                   k: int = 10) -> list[list[tuple[int, float]]]:
        """``hits`` of ``search`` run before this object's ``add`` calls, brought up to date.

        The vectors added since are compared as a search would have compared them
        (as stored, in float16; in IVF mode only those in the query's probed cells).
        """
        if not self.added or not len(queries):
            return hits
        ids = [i for part, _, _ in self.added for i in part]
        sims = queries @ np.concatenate([v for _, v, _ in self.added]).T
        if self.centroids is not None:
            cells = np.concatenate([c for _, _, c in self.added])
            probes = np.argsort(-(queries @ self.centroids.T), axis=1)[:, :NPROBE]
            sims[~(cells[None, :, None] == probes[:, None, :]).any(axis=2)] = -np.inf
        best = [dict(h) for h in hits]
        _merge_top(sims, ids, range(len(queries)), k, best)
        return [[kv for kv in _best_first(b, k) if kv[1] > -np.inf] for b in best]

    def _scan_blocks(self, queries, k, best) -> None:
        last, rows_per_block = 0, max(1024, min(BLOCK, _SIMS_PER_BLOCK // len(queries)))
        while True:
            rows = self.conn.execute("SELECT id, vec FROM link_vectors WHERE id > ? ORDER BY id "
                                     "LIMIT ?", (last, rows_per_block)).fetchall()
            if not rows:
                return
            _merge_top(queries @ self._decode(rows, column=1).T, [r[0] for r in rows],
                       range(len(queries)), k, best)
            last = rows[-1][0]

    def _scan_cells(self, queries, k, best) -> None:
        assert self.centroids is not None  # called only once the IVF is trained
        probes = np.argsort(-(queries @ self.centroids.T), axis=1)[:, :NPROBE]
        by_cell: dict[int, list[int]] = {}
        for qi, cells in enumerate(probes):
            for cell in cells:
                by_cell.setdefault(int(cell), []).append(qi)
        for cell, qis in by_cell.items():
            rows = self.conn.execute("SELECT id, vec FROM link_vectors WHERE cell = ?",
                                     (cell,)).fetchall()
            if rows:
                sims = queries[qis] @ self._decode(rows, column=1).T
                _merge_top(sims, [r[0] for r in rows], qis, k, best)


def _best_first(found: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The ``k`` best (id, cosine); equal cosines (copies of one text) go by id, oldest first."""
    return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def _merge_top(sims: np.ndarray, ids: list[int], query_rows, k: int, best) -> None:
    take = min(k, sims.shape[1])
    top = np.argpartition(-sims, take - 1, axis=1)[:, :take]
    kth = np.take_along_axis(sims, top, axis=1).min(axis=1)
    for row, qi in enumerate(query_rows):
        found = best[qi]
        # every column tied with the k-th best too, so which copies of a repeated text are
        # kept depends on ids only, not on how the scan was cut into blocks and batches
        for j in np.flatnonzero(sims[row] >= kth[row]):
            found[ids[j]] = float(sims[row, j])
        if len(found) > 4 * k:  # keep the running best small
            best[qi] = dict(_best_first(found, k))


def _kmeans(sample: np.ndarray, cells: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means (cosine), enough for coarse IVF cells."""
    rng = np.random.default_rng(seed)
    cells = min(cells, len(sample))
    centroids = sample[rng.choice(len(sample), cells, replace=False)].copy()
    for _ in range(_KMEANS_ITERS):
        assign = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, sample)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = sample[rng.choice(len(sample), int(empty.sum()))]
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
    return centroids.astype(np.float32)
