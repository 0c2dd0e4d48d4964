"""The DAG speaks the functions' contracts (dags/contracts/, generated from functions/core):
its bodies are what the requests allow, its response checks refuse what the answers may not
be, and its summary is the shape the demo and the tests read."""

import json
import os
from types import SimpleNamespace

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.providers.http.operators.http import HttpOperator
from jsonschema import Draft202012Validator

DAGS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS = ["collect", "preprocess", "drift", "train", "promote"]


def contract(name: str) -> dict:
    with open(os.path.join(DAGS_DIR, "contracts", f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def problems(instance: object, name: str) -> list[str]:
    return [e.message for e in Draft202012Validator(contract(name)).iter_errors(instance)]


BATCH = "diabetes-g1-b0-d2"
# One answer per step, as the functions give them for a run that collected two deliveries and trained.
ANSWERS = {
    "collect": {
        "status": "collected", "dataset": "diabetes", "group_number": 1, "batch_id": BATCH, "batch_number": 0,
        "delivery": 2, "rows": 50, "payload_sha256": "ab12", "archive_key": "raw/diabetes/d2.json.gz", "end_of_data": False,
        "deliveries": [
            {"status": "collected", "batch_id": f"diabetes-g1-b0-d{d}", "batch_number": 0, "delivery": d, "rows": 50,
             "payload_sha256": "ab12", "archive_key": f"raw/diabetes/d{d}.json.gz"} for d in (1, 2)
        ],
    },
    "preprocess": {
        "status": "processed", "dataset": "diabetes", "batch_id": BATCH,
        "deliveries": [{"batch_id": BATCH, "rows_in": 100, "clean": 90, "rejected": 6, "duplicates": 4}],
        "rows_in": 100, "clean": 90, "rejected": 6, "duplicates": 4, "splits": {"train": 70, "validation": 10, "test": 10},
        "reject_reasons": [{"field": "age", "reason": "not a known value", "count": 6}],
    },
    "drift": {
        "status": "evaluated", "dataset": "diabetes", "batch_id": BATCH, "deliveries": ["diabetes-g1-b0-d1", BATCH],
        "retrain": True, "reasons": ["no model is in production yet"],
        "report": {"dataset": "diabetes", "batch_id": BATCH, "reference": {"rows": 0}, "current": {"rows": 90}, "columns": [],
                   "dataset_drift": {"drifted_share": 0, "threshold": 0.5, "drifted": False}},
    },
    "train": {
        "status": "trained", "dataset": "diabetes", "batch_id": BATCH, "model_name": "tabular-ct-diabetes", "version": "3",
        "run_id": "r1", "metrics": {"validation": {"log_loss": 0.6}, "test": {"log_loss": 0.61}},
        "data": {"rows": {"train": 70, "validation": 10, "test": 10}, "digest": "cd34", "location": "s3://b/k"}, "params": {},
    },
    "promote": {
        "status": "decided", "dataset": "diabetes", "model_name": "tabular-ct-diabetes", "version": "3", "promoted": True,
        "rule": "first", "reason": "no champion", "metric": "log_loss", "challenger_metric": 0.61, "heldout_rows": 10,
    },
}


@pytest.fixture(scope="module")
def dag():
    return DagBag(dag_folder=DAGS_DIR).dags["tabular_ct_diabetes"]


def context(answers: dict) -> dict:
    ti = SimpleNamespace(xcom_pull=lambda task_ids: answers.get(task_ids))
    params = {"source_url": "http://datasource:8080", "group_number": 1, "deliveries_per_run": 2}
    return {"ti": ti, "params": params}


def test_the_answers_used_here_are_in_the_contracts() -> None:
    for step, answer in ANSWERS.items():
        assert problems(answer, f"{step}.response") == [], step


def test_the_dags_are_the_generated_datasets(dag) -> None:
    assert sorted(DagBag(dag_folder=DAGS_DIR).dag_ids) == sorted(f"tabular_ct_{d}" for d in contract("datasets")["datasets"])


def test_bodies_are_dictionaries_the_request_contracts_allow(dag) -> None:
    bodies = {step: dag.get_task(step).body(context(ANSWERS)) for step in STEPS}
    for step, body in bodies.items():
        assert problems(body, f"{step}.request") == [], step
    assert bodies["collect"] == {"dataset": "diabetes", "source_url": "http://datasource:8080", "group_number": 1, "calls": 2}
    assert bodies["preprocess"] == bodies["drift"] == {"dataset": "diabetes", "batch_id": BATCH}
    # train is asked for the delivery the decision was made at, which covers the run's deliveries.
    assert bodies["train"] == {"dataset": "diabetes", "batch_id": ANSWERS["drift"]["batch_id"], "reasons": ANSWERS["drift"]["reasons"]}
    assert bodies["promote"] == {"dataset": "diabetes", "version": "3"}


def test_the_body_is_sent_as_json(dag, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = {}
    monkeypatch.setattr(HttpOperator, "execute", lambda self, _context: sent.update(self.request_kwargs))
    dag.get_task("promote").execute(context(ANSWERS))
    assert sent == {"json": {"dataset": "diabetes", "version": "3"}}


def response(status: int, body: object) -> SimpleNamespace:
    return SimpleNamespace(status_code=status, json=lambda: body)


@pytest.mark.parametrize("step", STEPS)
def test_response_checks_accept_answers_in_the_contract(dag, step: str) -> None:
    assert dag.get_task(step).response_check(response(200, ANSWERS[step])) is True
    assert dag.get_task(step).response_check(response(202, ANSWERS[step])) is False


def test_response_checks_refuse_an_answer_outside_the_contract_naming_the_field(dag) -> None:
    wrong = {**ANSWERS["drift"], "retrain": "yes"}
    with pytest.raises(ValueError, match=r"drift answered outside dags/contracts/drift.response.json: \$\.retrain: 'yes' is not of type 'boolean'"):
        dag.get_task("drift").response_check(response(200, wrong))
    missing = {k: v for k, v in ANSWERS["train"].items() if k != "version"}
    with pytest.raises(ValueError, match="'version' is a required property"):
        dag.get_task("train").response_check(response(200, missing))


@pytest.mark.parametrize("trained", [True, False])
def test_the_summary_is_the_return_value_in_the_summary_contract(dag, trained: bool) -> None:
    answers = ANSWERS if trained else {k: v for k, v in ANSWERS.items() if k not in ("train", "promote")}
    decision = ANSWERS["drift"] if trained else {**ANSWERS["drift"], "retrain": False, "reasons": ["the data is stable"]}
    ti = SimpleNamespace(xcom_pull=lambda task_ids: answers.get(task_ids))
    summary = dag.get_task("summary").python_callable(ANSWERS["collect"], ANSWERS["preprocess"], decision, ti=ti)
    assert problems(summary, "summary") == []
    assert summary["collected"] == ["diabetes-g1-b0-d1", BATCH]
    assert (summary["version"], summary["promoted"], summary["challenger_metric"]) == (("3", True, 0.61) if trained else (None, None, None))
