"""Grid inputs from a pathway scenario and year."""

import subprocess
import sys

import pytest

from peakzero.errors import InputError
from peakzero.grid.inputs import GridInputs, grid_inputs
from peakzero.pathways.outputs import check_additive, to_iamc
from peakzero.pathways.run import run_pathway


def test_electric_demands_add_up_to_the_pathways_supply() -> None:
    i = grid_inputs("plan", 2030)
    keep = 1 - i.grid_loss_share
    heat_el = i.heat_pump_heat_twh / i.heat_pump_cop + i.geothermal_heat_twh / i.geothermal_cop
    total = i.electricity_twh + i.ev_twh + heat_el / keep
    assert total == pytest.approx(i.electricity_supply_twh, rel=1e-12)
    assert i.imports_twh > i.green_imports_twh > 0
    assert i.pv_gw + i.wind_gw == pytest.approx(7.0)  # plan: local_renewables_gw in 2030
    assert set(GridInputs.UNITS) <= set(i.as_dict())


def test_hydrogen_split_is_the_pathways_hydrogen() -> None:
    run = run_pathway("plan")
    pathway_twh = run.results.at("Final Energy|Hydrogen", 2035) / 3.6
    i = grid_inputs("plan", 2035)
    assert i.hydrogen_fcev_twh + i.hydrogen_industry_twh == pytest.approx(pathway_twh)


@pytest.mark.parametrize("scenario", ["baseline", "current-policy", "plan", "neutrality"])
def test_added_pathway_outputs_keep_the_tree_additive(scenario: str) -> None:
    assert check_additive(to_iamc(run_pathway(scenario))) == []


def test_a_year_outside_the_horizon_is_refused() -> None:
    with pytest.raises(InputError, match="2019-2060"):
        grid_inputs("plan", 2070)


def test_an_unknown_scenario_is_refused() -> None:
    with pytest.raises(InputError):
        grid_inputs("no-such-scenario", 2030)


def test_peakzero_starts_without_importing_pypsa() -> None:
    code = (
        "import sys, peakzero, peakzero.cli, peakzero.grid.inputs, peakzero.grid.technologies; "
        "print('pypsa' in sys.modules, 'linopy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
