"""Rasch (1PL) item difficulties by joint maximum likelihood, with the usual (k − 1)/k bias correction.

P(correct | ability θ, difficulty b) = 1 / (1 + exp(b − θ)). Candidates with all or none correct and items that
everyone or nobody answered correctly have no finite estimate: they are left out of the fit, and such an item gets
None. Difficulties are in logits, centred on a mean of 0 over the fitted items (the scale's usual origin).

girth (the library the issue names as an example) has had no release since 2021 and does not install beside
numpy 2, so the fit is written here: Newton–Raphson steps alternating between abilities and difficulties, which is
JMLE as Winsteps describes it; tested against simulated data with known difficulties.
"""

from __future__ import annotations

import numpy as np

MAX_ITERATIONS = 100
TOLERANCE = 1e-4
MAX_STEP = 1.0


def rasch_difficulties(scores: np.ndarray) -> list[float | None]:
    """Difficulty per item (column) of a candidates × items 0/1 matrix; None for an item without a finite one."""
    scores = np.asarray(scores, dtype=float)
    n_items = scores.shape[1] if scores.ndim == 2 else 0
    result: list[float | None] = [None] * n_items
    if n_items < 2 or scores.shape[0] < 2:
        return result
    item_ok = np.ones(n_items, dtype=bool)
    person_ok = np.ones(scores.shape[0], dtype=bool)
    while True:  # dropping extreme items can make persons extreme, and the other way round
        sub = scores[np.ix_(person_ok, item_ok)]
        items_correct = sub.sum(axis=0)
        persons_correct = sub.sum(axis=1)
        bad_items = (items_correct == 0) | (items_correct == sub.shape[0])
        bad_persons = (persons_correct == 0) | (persons_correct == sub.shape[1])
        if not bad_items.any() and not bad_persons.any():
            break
        item_ok[np.flatnonzero(item_ok)[bad_items]] = False
        person_ok[np.flatnonzero(person_ok)[bad_persons]] = False
        if item_ok.sum() < 2 or person_ok.sum() < 2:
            return result
    data = scores[np.ix_(person_ok, item_ok)]
    k = data.shape[1]
    person_raw = data.sum(axis=1)
    item_raw = data.sum(axis=0)
    theta = np.log(person_raw / (k - person_raw))
    n = data.shape[0]
    b = np.log((n - item_raw) / item_raw)
    b -= b.mean()
    for _ in range(MAX_ITERATIONS):
        p = 1 / (1 + np.exp(b[None, :] - theta[:, None]))
        info = p * (1 - p)
        theta_step = np.clip((person_raw - p.sum(axis=1)) / info.sum(axis=1), -MAX_STEP, MAX_STEP)
        theta = theta + theta_step
        p = 1 / (1 + np.exp(b[None, :] - theta[:, None]))
        info = p * (1 - p)
        b_step = np.clip((p.sum(axis=0) - item_raw) / info.sum(axis=0), -MAX_STEP, MAX_STEP)
        b = b + b_step
        b -= b.mean()
        if max(np.abs(theta_step).max(), np.abs(b_step).max()) < TOLERANCE:
            break
    b = b * (k - 1) / k
    for index, value in zip(np.flatnonzero(item_ok), b, strict=True):
        result[int(index)] = round(float(value), 4)
    return result
