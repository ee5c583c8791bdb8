"""Cutting token windows into batches: groups for threads running side by side, and their order."""

from __future__ import annotations

from classifier.errors import ModelLoadError


def longest_first(shapes: list[tuple[int, int]]) -> list[int]:
    """Batch indices by padded size (rows x width), largest first: threads taking batches in
    this order finish together (longest processing time first); in length order the longest
    batch came last and one thread ran it while the other idled."""
    return sorted(range(len(shapes)), key=lambda i: -shapes[i][0] * shapes[i][1])


def balanced_groups(lengths: list[int], k: int) -> list[tuple[int, int]]:
    """Cut ascending ``lengths`` into at most ``k`` contiguous groups, minimising the largest
    group's padded size (rows x its longest); returns (start, end) pairs."""

    def cut(limit: int) -> list[tuple[int, int]]:
        groups, end = [], len(lengths)
        while end > 0:  # from the long end: a group's padding is set by its first (longest) row
            rows = max(1, min(end, limit // lengths[end - 1]))
            groups.append((end - rows, end))
            end -= rows
        return groups[::-1]

    low, high = max(lengths), len(lengths) * max(lengths)
    while low < high:
        middle = (low + high) // 2
        if len(cut(middle)) <= k:
            high = middle
        else:
            low = middle + 1
    return cut(low)


def special_tokens(tokenizer) -> tuple[list[int], list[int]]:
    """The ids a tokenizer puts before and after one sequence ([CLS] ... [SEP], <s> ... </s>)."""
    probe = tokenizer("a", add_special_tokens=False)["input_ids"]
    full = tokenizer("a")["input_ids"]
    for k in range(len(full) - len(probe) + 1):
        if full[k : k + len(probe)] == probe:
            return full[:k], full[k + len(probe) :]
    raise ModelLoadError("cannot tell the tokenizer's special tokens apart from the text")
