"""The report's targets table: years read as years, inputs said to be inputs."""

from peakzero.pathways.metrics import format_figure, summarise
from peakzero.pathways.run import run_pathway
from peakzero.report.html import Section
from peakzero.report.pathway_section import targets_table
from peakzero.studies.pathway_tables import scenario_targets


def test_years_read_as_years_and_other_figures_as_before() -> None:
    table = targets_table(scenario_targets([summarise(run_pathway("plan"))])).set_index("target")
    peak = table.loc["Territorial CO2 peak before 2030"]
    assert (peak["target value"], peak["model"]) == ("2030", "2010")  # CEADs record
    fcev = table.loc["FCEVs by 2025"]
    assert (fcev["target value"], fcev["model"]) == ("10,000.00", "10,000.00")
    section = Section("目标", "Targets")
    section.table(table.reset_index())
    assert "2,030.00" not in section.render() and "<td>2030</td>" in section.render()


def test_a_target_the_scenario_sets_is_marked_an_input() -> None:
    table = targets_table(scenario_targets([summarise(run_pathway("plan"))])).set_index("target")
    assert table.loc["FCEVs by 2025", "met"] == "input: ✓"
    assert "lever fcev_stock" in str(table.loc["FCEVs by 2025", "note"])
    assert table.loc["Territorial CO2 peak before 2030", "met"] == "✓"


def test_format_figure() -> None:
    assert format_figure(2030.0, "year") == "2030"
    assert format_figure(2030.5, "year") == "2030.50"
    assert format_figure(10000.0, "vehicles", ",.2f") == "10,000.00"
    assert format_figure(14.4, "%", "") == "14.4"


def test_sensitivity_table_names_the_leading_inputs_or_says_why_not() -> None:
    from peakzero.pathways.sensitivity import pathway_sensitivity
    from peakzero.report.pathway_section import sensitivity_table

    # On the territorial boundary every run of the plan has peaked by 2030 (in 2010).
    found = pathway_sensitivity("plan", 64, 0, boundary="territorial")
    table = sensitivity_table([found], shown=3)
    peak_rows = table[table["output"] == "P(peak by 2030)"]
    assert len(peak_rows) == 1 and "no variance" in peak_rows["note"].item()
    emission_rows = table[table["output"].str.endswith("in 2030")]
    assert len(emission_rows) == 3
    assert emission_rows["ST"].str.contains("±").all()


def test_targets_table_gives_the_share_of_runs_that_meet_each_target() -> None:
    from peakzero.pathways.ensemble import run_ensemble

    ensemble = run_ensemble("neutrality", runs=100, seed=1)
    summary = summarise(run_pathway("neutrality"))
    table = targets_table(scenario_targets([summary]), {"neutrality": ensemble})
    table = table.set_index("target")
    net_zero = ensemble.probability_net_zero_by["2050"]
    assert table.loc["Net zero by 2050", "P(met)"] == f"{net_zero:.0%}"
