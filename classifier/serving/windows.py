"""Texts longer than a model service takes, cut into overlapping character windows and merged
back: a label anywhere in a long message counts, as the in-process engine's token windows do."""

from __future__ import annotations

from typing import Any

WINDOW_OVERLAP = 200  # characters two windows share, so a phrase cut at a border is seen whole once


def split_windows(texts: list[str], limit: int) -> tuple[list[str], list[int]]:
    """Texts cut into overlapping windows of at most ``limit`` characters; and each window's text index."""
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        if limit <= 0 or len(text) <= limit:
            pieces.append(text)
            owners.append(i)
            continue
        step = max(1, limit - min(WINDOW_OVERLAP, limit // 4))
        start = 0
        while True:
            end = min(len(text), start + limit)
            if end < len(text):  # end on a space where one is near, not mid-word
                space = text.rfind(" ", start + step, end)
                end = space if space > start else end
            pieces.append(text[start:end])
            owners.append(i)
            if end >= len(text):
                break
            start = max(start + 1, end - (limit - step))
    return pieces, owners


def merge_windows(
    results: list[dict[str, Any]], owners: list[int], n: int, thresholds: dict[str, float]
) -> list[dict[str, Any]]:
    """A label anywhere in a long message counts: the max over its windows, flagged at its threshold."""
    merged: list[dict[str, float]] = [{} for _ in range(n)]
    for owner, result in zip(owners, results, strict=True):
        for label, p in result["probabilities"].items():
            merged[owner][label] = max(merged[owner].get(label, 0.0), float(p))
    return [
        {"probabilities": probs, "flagged": [lb for lb, p in probs.items() if p >= thresholds.get(lb, 1.1)]}
        for probs in merged
    ]
