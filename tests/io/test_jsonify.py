import json
from datetime import date, datetime

import numpy as np
import pandas as pd

from peakzero.io.jsonify import json_ready, to_json


def test_nan_becomes_null_and_numpy_becomes_python() -> None:
    value = {"a": np.float64("nan"), "b": [np.int64(3), float("inf")], 4: "x"}
    text = json.dumps(json_ready(value), allow_nan=False)
    assert json.loads(text) == {"a": None, "b": [3, None], "4": "x"}


def test_one_style_dates_non_ascii_pandas_scalars() -> None:
    value = {
        "name_zh": "北京",
        "day": date(2026, 6, 30),
        "at": datetime(2026, 6, 30, 8, 15),
        "stamp": pd.Timestamp("2026-06-30"),
        "missing": [pd.NA, pd.NaT, np.nan],
        "flag": np.bool_(True),
        "array": np.array([1.5, np.nan]),
        "when": np.datetime64("2026-06-30"),
    }
    assert json.loads(to_json(value)) == {
        "name_zh": "北京",
        "day": "2026-06-30",
        "at": "2026-06-30T08:15:00",
        "stamp": "2026-06-30T00:00:00",
        "missing": [None, None, None],
        "flag": True,
        "array": [1.5, None],
        "when": "2026-06-30",
    }
    assert '"北京"' in to_json(value)  # kept, not \u escaped
    assert to_json({"a": [1]}) == '{\n  "a": [\n    1\n  ]\n}'  # indent 2, no final newline
