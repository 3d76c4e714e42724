from pathlib import Path

import pytest

from peakzero.accounting.factors import load_factor_set
from peakzero.accounting.supply import read_supply, reference_approach
from peakzero.errors import InputError


def test_apparent_consumption(tmp_path: Path) -> None:
    path = tmp_path / "supply.csv"
    path.write_text(
        "region,year,fuel,flow,value,unit\n"
        "CN-BJ,2019,gasoline,imports,120,t\n"
        "CN-BJ,2019,gasoline,exports,10,t\n"
        "CN-BJ,2019,gasoline,stock_change,-5,t\n"  # a stock draw adds to consumption
        "CN-BJ,2019,gasoline,international_bunkers,15,t\n",
        encoding="utf-8",
    )
    (row,) = reference_approach(read_supply(path), load_factor_set("ipcc-2006")).to_dict("records")
    apparent = 120 - 10 + 5 - 15
    assert row["energy_tj"] == pytest.approx(apparent * 0.0443)
    assert row["co2"] == pytest.approx(apparent * 0.0443 * 69.3)


def test_bad_supply_rows(tmp_path: Path) -> None:
    path = tmp_path / "supply.csv"
    path.write_text(
        "region,year,fuel,flow,value,unit\n"
        "CN-BJ,2019,electricity,imports,1,MWh\n"
        "CN-BJ,2019,gasoline,smuggling,1,t\n"
        "CN-BJ,2019,gasoline,exports,-1,t\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_supply(path)
    text = str(caught.value)
    assert "line 2, column 'fuel'" in text
    assert "line 3, column 'flow'" in text
    assert "line 4, column 'value'" in text
