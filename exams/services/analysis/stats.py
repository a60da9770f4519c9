"""Classical item statistics of one paper (or one exam's items), pure over a table of responses.

The input is one row per candidate and item: `candidate`, `item`, `response` (the chosen option labels, a tuple,
empty when skipped) and `correct` (1 or 0). A candidate who has no row for an item scored 0 on it and skipped it.
The figures follow Moodle's quiz statistics report and the classical test theory textbooks:

- facility `p`: the share of candidates who answered the item correctly;
- `r_pbis`: the point-biserial correlation between the item and the rest of the paper (the total without the item),
  so that an item does not correlate with itself;
- `d27`: the facility in the upper 27 % of candidates (by total score) minus the facility in the lower 27 %;
- option shares overall, in the upper and in the lower group (distractor analysis);
- KR-20 (the reliability of a paper of 0/1 items; alpha for 0/1 items), alpha if the item were deleted, the
  standard error of measurement SEM = sd × √(1 − KR-20), and the distribution of total scores.

Variances are population variances (divide by n), the convention of KR-20 with p·q.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class Responses:
    """The response table made square: a candidates × items matrix of 0/1 scores and the chosen labels."""

    candidates: list[str]
    items: list[str]
    scores: np.ndarray  # candidates × items, 0/1
    chosen: dict[str, list[tuple[str, ...]]]  # item → per candidate (in `candidates` order) the labels chosen

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Responses:
        """Build from a frame with columns candidate, item, response (tuple of labels), correct (0/1)."""
        candidates = sorted(frame["candidate"].unique().tolist(), key=str)
        items = list(dict.fromkeys(frame["item"].tolist()))  # first-seen order, as in the file
        c_index = {c: i for i, c in enumerate(candidates)}
        i_index = {it: j for j, it in enumerate(items)}
        rows = frame["candidate"].map(c_index).to_numpy()
        cols = frame["item"].map(i_index).to_numpy()
        scores = np.zeros((len(candidates), len(items)), dtype=np.int8)
        scores[rows, cols] = frame["correct"].to_numpy(dtype=np.int8)
        chosen = {it: [()] * len(candidates) for it in items}
        for row, col, response in zip(rows, cols, frame["response"].tolist(), strict=True):
            chosen[items[col]][row] = response
        return cls(candidates=candidates, items=items, scores=scores, chosen=chosen)


def _correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson's r, or None when either side does not vary (the correlation is undefined)."""
    sx, sy = x.std(), y.std()
    if sx == 0 or sy == 0:
        return None
    return float(((x - x.mean()) * (y - y.mean())).mean() / (sx * sy))


def kr20(scores: np.ndarray) -> float | None:
    """KR-20 of a candidates × items 0/1 matrix; None with fewer than two items or no variance of totals."""
    n_items = scores.shape[1]
    if n_items < 2:
        return None
    totals = scores.sum(axis=1)
    variance = totals.var()
    if variance == 0:
        return None
    p = scores.mean(axis=0)
    return float(n_items / (n_items - 1) * (1 - (p * (1 - p)).sum() / variance))


def groups(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indexes of the upper and lower 27 % by total score (at least one candidate each; ties by position)."""
    size = max(1, round(GROUP_SHARE * len(totals)))
    order = np.argsort(-totals, kind="stable")
    return order[:size], order[::-1][:size]


def _shares(chosen: list[tuple[str, ...]], rows: np.ndarray | None = None) -> dict[str, float]:
    picked = chosen if rows is None else [chosen[i] for i in rows]
    if not picked:
        return {}
    counts: dict[str, int] = {}
    for labels in picked:
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
    return {label: round(counts[label] / len(picked), 4) for label in sorted(counts)}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


def item_statistics(responses: Responses) -> dict:
    """Every figure of the report: n_candidates, kr20, sem, mean, sd, distribution, and per item p, r_pbis, d27,
    alpha_if_deleted, skipped, options, options_upper, options_lower."""
    scores = responses.scores.astype(float)
    totals = scores.sum(axis=1)
    reliability = kr20(responses.scores)
    sd = float(totals.std())
    sem = None if reliability is None else sd * math.sqrt(max(0.0, 1 - reliability))
    upper, lower = groups(totals)
    items = {}
    for j, item in enumerate(responses.items):
        column = scores[:, j]
        rest = totals - column
        chosen = responses.chosen[item]
        items[item] = {
            "p": _round(float(column.mean())),
            "r_pbis": _round(_correlation(column, rest)),
            "d27": _round(float(column[upper].mean() - column[lower].mean())),
            "alpha_if_deleted": _round(kr20(np.delete(responses.scores, j, axis=1))),
            "skipped": _round(sum(1 for labels in chosen if not labels) / len(chosen)),
            "options": _shares(chosen),
            "options_upper": _shares(chosen, upper),
            "options_lower": _shares(chosen, lower),
        }
    distribution = pd.Series(totals.astype(int)).value_counts().sort_index()
    return {
        "n_candidates": len(responses.candidates),
        "n_items": len(responses.items),
        "kr20": _round(reliability),
        "sem": _round(sem),
        "mean": _round(float(totals.mean())) if len(totals) else None,
        "sd": _round(sd),
        "distribution": {str(score): int(count) for score, count in distribution.items()},
        "items": items,
    }
