"""distinct_pairs: the pairs of two categorical columns, whether counted or sorted."""

import numpy as np
import pandas as pd

from peakzero.accounting.activity import distinct_pairs


def test_pairs_and_rows_agree_for_few_and_many_categories() -> None:
    rng = np.random.default_rng(1)
    ones = np.array(["x", "y", None, "z"], dtype=object)
    twos = np.array(["p", None, "q"], dtype=object)
    first = pd.Series(pd.Categorical(ones[rng.integers(0, len(ones), 500)]))
    second = pd.Series(pd.Categorical(twos[rng.integers(0, len(twos), 500)]))
    pairs, rows = distinct_pairs(first, second)
    expected = [
        (None if pd.isna(a) else a, None if pd.isna(b) else b)
        for a, b in zip(first, second, strict=True)
    ]
    assert [pairs[n] for n in rows] == expected
    assert len(set(pairs)) == len(pairs) == len(set(expected))
    # So many categories that the key space is sorted, not counted: the same answer.
    wide = first.cat.add_categories([f"c{i}" for i in range(70_000)])
    wide_pairs, wide_rows = distinct_pairs(wide, second)
    assert wide_pairs == pairs
    assert np.array_equal(wide_rows, rows)
