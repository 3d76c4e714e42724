"""The fleet turnovers: the clip they use agrees with np.clip to the bit."""

import itertools

import numpy as np
import pytest

SPECIAL = [-0.0, 0.0, 0.5, 1.0, -1.0, 1e-300, -1e-300, np.inf, -np.inf, np.nan]


@pytest.mark.parametrize("runs", [1, 3, 16, 1000])
def test_minimum_of_maximum_is_np_clip_bit_for_bit(runs: int) -> None:
    # fuel_limited_fleet clips a row to [0, room] as minimum(maximum(x, 0), room), which must
    # give what np.clip(x, 0, room) gave, signed zeros and NaN included (an array, a scalar
    # lower bound and an array upper bound, as there).
    for x, room in itertools.product(SPECIAL, repeat=2):
        offered = np.full(runs, x)
        upper = np.full(runs, room)
        clipped = np.clip(offered, 0.0, upper)
        assert np.minimum(np.maximum(offered, 0.0), upper).tobytes() == clipped.tobytes()


def test_scalar_minimum_and_maximum_choose_as_numpy() -> None:
    from peakzero.pathways.fleet import _maximum, _minimum

    for a, b in itertools.product(SPECIAL, repeat=2):
        for mine, theirs in ((_maximum, np.maximum), (_minimum, np.minimum)):
            expected = theirs(np.array([a]), np.array([b]))
            assert np.array([mine(a, b)]).tobytes() == expected.tobytes()


@pytest.mark.parametrize("seed", range(5))
def test_one_run_steps_as_many_runs_do(seed: int) -> None:
    from peakzero.pathways.fleet import fleet_share, fuel_limited_fleet

    # A single run takes the Python-float path, several runs the NumPy path: the same bits,
    # with zeros, negative zeros and fuel that runs out among the inputs.
    rng = np.random.default_rng(seed)
    sales = rng.choice([-0.0, 0.0, 0.3, 1.0, rng.uniform()], size=(4, 42))
    fuelable = rng.choice([-0.0, 0.0, 0.01, 0.2, rng.uniform()], size=(4, 42))
    many = fuel_limited_fleet(sales, fuelable, 12.0)
    shares = fleet_share(sales, 0.05, 12.0)
    for run in range(4):
        one = fuel_limited_fleet(sales[run : run + 1], fuelable[run : run + 1], 12.0)
        assert one[0].tobytes() == many[0][run : run + 1].tobytes()
        assert one[1].tobytes() == many[1][run : run + 1].tobytes()
        share = fleet_share(sales[run : run + 1], 0.05, 12.0)
        assert share.tobytes() == shares[run : run + 1].tobytes()
