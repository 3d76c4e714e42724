import json

import numpy as np

from peakzero.io.jsonify import json_ready


def test_nan_becomes_null_and_numpy_becomes_python() -> None:
    value = {"a": np.float64("nan"), "b": [np.int64(3), float("inf")], 4: "x"}
    text = json.dumps(json_ready(value), allow_nan=False)
    assert json.loads(text) == {"a": None, "b": [3, None], "4": "x"}
