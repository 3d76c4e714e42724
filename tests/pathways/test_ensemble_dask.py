"""The same ensemble on a Dask cluster (an in-process one) gives the local answer."""

import pytest

from peakzero.pathways.ensemble import run_ensemble

distributed = pytest.importorskip("distributed")


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
