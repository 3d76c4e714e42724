"""The same ensemble on a Dask cluster (an in-process one) gives the local answer."""

import pytest

from peakzero.pathways.ensemble import run_ensemble

distributed = pytest.importorskip("distributed")


def test_cluster_and_local_runs_agree() -> None:
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        remote = run_ensemble(
            "current-policy", runs=12_000, seed=11, scheduler=cluster.scheduler_address
        )
    local = run_ensemble("current-policy", runs=12_000, seed=11)
    assert remote.probability_peak_by_2030 == local.probability_peak_by_2030
    assert remote.peak_year == local.peak_year
    assert (remote.samples == local.samples).all()
