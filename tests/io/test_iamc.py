import pandas as pd

from peakzero.io.iamc import IAMC_COLUMNS, to_wide


def test_wide_layout_has_one_column_per_year() -> None:
    long = pd.DataFrame(
        [
            ("peakzero", "s", "CN-BJ", "Emissions|CO2", "Mt CO2/yr", 2019, 1.0),
            ("peakzero", "s", "CN-BJ", "Emissions|CO2", "Mt CO2/yr", 2010, 2.0),
        ],
        columns=list(IAMC_COLUMNS),
    )
    wide = to_wide(long)
    assert list(wide.columns) == ["model", "scenario", "region", "variable", "unit", "2010", "2019"]
    assert wide[["2010", "2019"]].to_numpy().tolist() == [[2.0, 1.0]]
