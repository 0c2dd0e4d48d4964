"""Every DAG imports without errors and has the cycle's shape: orchestration only."""

import importlib.util
import os
from datetime import timedelta

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.providers.http.operators.http import HttpOperator

DAGS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def dagbag() -> DagBag:
    return DagBag(dag_folder=DAGS_DIR)


def test_every_dag_imports(dagbag: DagBag) -> None:
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == ["tabular_ct_diabetes", "tabular_ct_realtor"]


@pytest.mark.parametrize("dag_id", ["tabular_ct_realtor", "tabular_ct_diabetes"])
def test_cycle_shape(dagbag: DagBag, dag_id: str) -> None:
    dag = dagbag.dags[dag_id]
    downstream = {t.task_id: sorted(t.downstream_task_ids) for t in dag.tasks}
    assert downstream == {
        # The summary reads the answers of collect, preprocess and drift: those are edges too.
        "collect": ["batch_arrived", "summary"],
        "batch_arrived": ["preprocess"],
        "preprocess": ["drift", "summary"],
        "drift": ["retrain", "skip", "summary"],
        "retrain": ["skip", "train"],
        "train": ["promote"],
        "promote": ["summary"],
        "skip": ["summary"],
        "summary": [],
    }
    assert dag.max_active_runs == 1
    assert dag.catchup is False


@pytest.mark.parametrize("dag_id", ["tabular_ct_realtor", "tabular_ct_diabetes"])
def test_steps_are_http_calls_with_checks_timeouts_and_retries(dagbag: DagBag, dag_id: str) -> None:
    dag = dagbag.dags[dag_id]
    for task_id in ["collect", "preprocess", "drift", "train", "promote"]:
        t = dag.get_task(task_id)
        assert isinstance(t, HttpOperator)
        assert t.http_conn_id == f"tabular_ct_{task_id}"
        assert t.endpoint == task_id
        assert t.method == "POST"
        assert t.headers == {"Content-Type": "application/json"}
        assert t.response_check is not None
        assert t.extra_options["timeout"] > 0
        assert t.retries == 3
        assert t.retry_delay == timedelta(seconds=10)
        assert t.retry_exponential_backoff
    assert dag.get_task("summary").trigger_rule == "none_failed_min_one_success"


def _load_dags(name: str):
    """The DAG module imported afresh, so it reads the environment the test set."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(DAGS_DIR, "tabular_ct_cycle.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deliveries_per_run_is_a_bounded_param_with_a_configurable_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABULAR_CT_DELIVERIES_PER_RUN", "5")
    param = _load_dags("cycle_windowed").tabular_ct_realtor.params.get_param("deliveries_per_run")
    assert param.value == 5
    assert param.schema == {"type": "integer", "minimum": 1, "maximum": 20}


def test_retry_delay_is_configurable_for_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABULAR_CT_RETRY_DELAY_SECONDS", "0.5")
    train = _load_dags("cycle_fast_retries").tabular_ct_realtor.get_task("train")
    assert train.retry_delay == timedelta(seconds=0.5)
    assert train.retries == 3
