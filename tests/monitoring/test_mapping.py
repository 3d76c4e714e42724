"""Every CEADs sector × fuel of the packaged inventory is monitored exactly once."""

from __future__ import annotations

import pandas as pd
import pytest

from peakzero import codes
from peakzero.accounting.builtin import beijing_ceads
from peakzero.errors import InputError
from peakzero.monitoring.mapping import anchor, sector_map, to_monitored
from peakzero.monitoring.sectors import SCOPE2_ELECTRICITY, monitored_sectors


def test_every_pair_of_the_inventory_is_mapped_exactly_once() -> None:
    table = sector_map()
    pairs = beijing_ceads()[["sector", "fuel"]].drop_duplicates()
    keys = table["sector"] + "|" + table["fuel"]
    assert not keys.duplicated().any()
    assert set(pairs["sector"] + "|" + pairs["fuel"]) == set(keys)
    assert set(table["monitored"]) <= set(monitored_sectors())
    assert table["why"].str.len().gt(0).all()


def test_mapping_agrees_with_accounting_and_proxies() -> None:
    table = sector_map()
    sectors = monitored_sectors()
    rows = zip(table["sector"], table["fuel"], table["monitored"], table["proxy"], strict=True)
    for sector, fuel, monitored, proxy in rows:
        assert monitored == codes.gpc_for(str(sector), str(fuel))
        assert proxy == sectors[str(monitored)].proxy


def test_household_gasoline_is_on_road() -> None:
    table = sector_map().set_index(["sector", "fuel"])
    assert table.loc[("EB46", "gasoline"), "monitored"] == "II.1"
    assert "EB46 Urban" in str(table.loc[("EB46", "gasoline"), "why"])
    assert table.loc[("EB43", "kerosene"), "monitored"] == "II.4"


def test_sectors_table() -> None:
    sectors = monitored_sectors()
    assert sectors["II.4"].proxy == "passengers"
    assert sectors["I.1"].shape == "hdd"
    assert sectors[SCOPE2_ELECTRICITY].scope == 2
    assert sectors["II.1"].name_zh == "道路交通"


def test_default_anchor_is_ceads_2019_through_accounting() -> None:
    base = anchor()
    assert set(base["year"]) == {2019}
    assert base["value"].sum() == pytest.approx(89.184, abs=1e-3)  # emission-data.md §1.4
    mapped = to_monitored(beijing_ceads())
    expected = mapped[mapped["year"].eq(2019)].set_index("sector")["value"].to_dict()
    assert base.set_index("sector")["value"].to_dict() == pytest.approx(expected)


def test_user_frames() -> None:
    frame = pd.DataFrame(
        {"region": "CN-BJ", "year": [2020, 2021], "sector": "II.1", "value": [1.0, 2.0]}
    )
    assert anchor(frame)["value"].tolist() == [2.0]
    assert anchor(frame, 2020)["value"].tolist() == [1.0]
    with pytest.raises(InputError, match="base year"):
        anchor(frame, 2019)
    odd = pd.DataFrame(
        {
            "region": "CN-BJ",
            "year": 2020,
            "sector": ["EB46", "EB99"],
            "fuel": "gasoline",
            "value": 1.0,
        }
    )
    with pytest.raises(InputError, match=r"line 3.*EB99\|gasoline"):
        to_monitored(odd)
