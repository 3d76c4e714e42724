"""Shapley wedges: they add up to the gap exactly, and with two players they are exact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from peakzero.cli import app
from peakzero.errors import InputError
from peakzero.pathways.metrics import NET
from peakzero.pathways.model import simulate
from peakzero.pathways.run import YEARS
from peakzero.pathways.scenarios import load_scenario
from peakzero.pathways.shapley import _orders, shapley_wedges
from peakzero.pathways.wedges import DRIVER_PREFIX, variants

# A test scenario (illustrative, not peakzero data): the baseline with two levers moved and an
# efficiency gain, so that the players are heat pumps, NEVs and the efficiency driver.
TWO_LEVERS = """\
name: two-levers
parent: baseline
levers:
  heat_pump_area:
    values: {2019: 82, 2030: 200}
  nev_share:
    values: {2019: 0.1, 2030: 0.8}
drivers:
  efficiency_gain: 0.015
"""


def test_the_wedges_of_each_year_add_up_to_the_gap() -> None:
    found = shapley_wedges("plan", orders=20, seed=3)
    sums = found.table.groupby("year")["abated"].sum().to_numpy()
    assert np.allclose(sums, found.gap, rtol=0, atol=1e-9)
    assert found.gap[YEARS.tolist().index(2030)] > 10  # the plan removes several Mt by 2030
    assert set(found.table["lever"]) == set(found.players)
    assert (found.table["standard_error"] >= 0).all()


def test_with_every_order_sampled_the_value_is_exact(tmp_path: Path) -> None:
    """Players heat pumps (h), NEVs (n) and the efficiency driver (d) have 3! = 6 orders. With a
    seed whose three drawn orders and their reverses are all six, the estimate is the exact value
    phi_h = 1/3 [v(h) - v()] + 1/6 [v(hn) - v(n)] + 1/6 [v(hd) - v(d)] + 1/3 [v(hnd) - v(nd)],
    v(S) the abatement with the players of S switched to the target (computed here by hand)."""
    path = tmp_path / "two.yaml"
    path.write_text(TWO_LEVERS, encoding="utf-8")
    ref, tgt = load_scenario("baseline"), load_scenario(path)
    h, n, d = "heat_pump_area", "nev_share", DRIVER_PREFIX + "efficiency_gain"
    # Each coalition's removal: the players still on the reference.
    off = {"": [h, n, d], "h": [n, d], "n": [h, d], "d": [h, n]}
    off |= {"hn": [d], "hd": [n], "nd": [h], "hnd": []}
    emitted = simulate(variants(ref, tgt, list(off.values())))[NET]
    v = {name: emitted[1] - emitted[row] for row, name in enumerate(off, start=1)}
    exact = (
        (v["h"] - v[""]) / 3
        + (v["hn"] - v["n"]) / 6
        + (v["hd"] - v["d"]) / 6
        + (v["hnd"] - v["nd"]) / 3
    )
    seed = next(s for s in range(100) if len({tuple(o) for o in _orders(3, 6, s)}) == 6)
    found = shapley_wedges(path, orders=6, seed=seed)
    heat = found.table[found.table["lever"] == h]["abated"].to_numpy()
    assert np.allclose(heat, exact, rtol=0, atol=1e-9)
    assert np.abs(heat).max() > 0.1  # heat pumps do abate in this scenario
    assert set(found.players) == {"heat_pump_area", "nev_share", "efficiency_gain"}
    efficiency = found.table[found.table["lever"] == "efficiency_gain"]["abated"].to_numpy()
    assert efficiency[-1] > 5  # the efficiency gain is a wedge of its own, and a large one


def test_an_odd_number_of_orders_is_refused() -> None:
    with pytest.raises(InputError, match="even number"):
        shapley_wedges("plan", orders=3)


def test_the_cli_prints_shapley_wedges_and_their_error() -> None:
    args = ["pathway", "wedges", "-s", "plan", "--method", "shapley", "--orders", "10"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "lever,name_en,name_zh,year,abated,standard_error"
    assert "largest standard error" in result.stderr
