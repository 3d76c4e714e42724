"""The same ensemble on a Dask cluster (an in-process one) gives the local answer; Dask is a
dependency of peakzero, so nothing sends the user to an extra."""

import sys

import distributed
import pytest

from peakzero.errors import PeakzeroError
from peakzero.pathways.ensemble import run_ensemble


def test_cluster_and_local_runs_agree() -> None:
    # Random ports (":0") for the scheduler and its dashboard: None still means the default
    # :8787 here, which another process on the machine may hold.
    with distributed.LocalCluster(
        processes=False,
        n_workers=1,
        threads_per_worker=1,
        scheduler_port=0,
        dashboard_address=":0",
    ) as cluster:
        remote = run_ensemble(
            "current-policy", runs=12_000, seed=11, scheduler=cluster.scheduler_address
        )
    local = run_ensemble("current-policy", runs=12_000, seed=11)
    assert remote.probability_peak_by_2030 == local.probability_peak_by_2030
    assert remote.peak_year == local.peak_year
    assert (remote.samples == local.samples).all()


def test_a_broken_dask_says_reinstall_not_an_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # ``import distributed`` fails
    with pytest.raises(PeakzeroError) as caught:
        run_ensemble("current-policy", runs=10, seed=1, scheduler="tcp://127.0.0.1:1")
    message = str(caught.value)
    assert "installed with peakzero" in message and "reinstall peakzero" in message
    assert "[dask]" not in message and "pip install" not in message
