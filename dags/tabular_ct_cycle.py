"""The continuous-training cycle of one dataset, one decision per run.

collect (one or more calls of the data API) -> (stop cleanly at the end of the data)
  -> preprocess -> drift
  -> retrain?  yes: train -> promote
               no:  skip (the drift function has recorded why)
  -> summary

Every step is a call to one of the platform's functions over HTTP with a JSON body; the DAG
holds no ML logic. Each answer is checked against the step's JSON Schema in dags/contracts/,
generated from the functions' own types (docs/airflow.md). The functions are idempotent, so a
retried task never duplicates rows, runs or versions. The functions' addresses come from
Airflow connections, which also carry the pipeline's bearer token as a header (the HTTP hook
sends a connection's extra fields as headers):
AIRFLOW_CONN_TABULAR_CT_COLLECT=http://host:port?Authorization=Bearer%20<token>, and likewise
PREPROCESS, DRIFT, TRAIN, PROMOTE; the data API's address, the group and the calls per run from
the DAG's params, whose defaults come from TABULAR_CT_<DATASET>_DATA_API_URL,
TABULAR_CT_GROUP_NUMBER and TABULAR_CT_DELIVERIES_PER_RUN. TABULAR_CT_SCHEDULE sets the
schedule (every five minutes by default); a failed call is retried three times, the first after
TABULAR_CT_RETRY_DELAY_SECONDS (10 by default), then with exponential backoff.

Each answer of the data API is a delivery. A run's collect calls the API `deliveries_per_run`
times, back to back; preprocess, drift, train and promote are then called with the last
delivery, and cover every delivery of the group not yet processed or decided (those of this
run, and any that an earlier failed run left behind). At the end of the data a run carries the
group's latest delivery through the steps again: each answers what it stored, and a step an
earlier run left undone is done. Set the schedule by the API's mode:

- cursor API (every call moves to the next batch; the course's 2026 image): one call per run,
  any schedule (the default, every five minutes, or faster to go through the data sooner).
- time-windowed API (the batch changes on the first call more than MIN_UPDATE_TIME, 300 s,
  after the last change; calls inside the window answer other random samples of the batch):
  every five minutes with deliveries_per_run 5-10 (each call brings about a tenth of the batch,
  so n calls cover 1 - 0.9^n of it: 41% with 5, 65% with 10). A schedule shorter than the window
  also works (for example every minute with 2 calls per run): runs inside one window add samples
  of the same batch, and the first run after it moves on.
"""

from __future__ import annotations

import functools
import json
import os
from datetime import datetime, timedelta
from typing import Any, Callable

from airflow.providers.http.operators.http import HttpOperator
from airflow.sdk import Param, dag, task
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

# JSON Schemas of the functions' requests and answers, the summary's, and the dataset list, all
# generated from functions/core's types by `npm run contracts` (docs/airflow.md).
CONTRACTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "contracts")


def contract(name: str) -> dict:
    """A generated file of dags/contracts/, by name without `.json`."""
    with open(os.path.join(CONTRACTS_DIR, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


DATASETS = tuple(contract("datasets")["datasets"])

# Seconds each call may take: at the course's scale (1.08 M realtor rows, `npm run
# bench:scale`, docs/benchmarks.md) the slowest step, training on every row so far, took under
# a minute, and collect may make up to 20 calls of the data API. A call that outlives its
# timeout is retried safely: preprocess and drift wait for the first and answer what it
# stored; train and promote wait up to STEP_LEASE_WAIT_SECONDS (600 s) and answer the first
# attempt's result, or 409 with who is still at it, and the next retry asks again.
TIMEOUTS = {"collect": 600, "preprocess": 300, "drift": 300, "train": 900, "promote": 300}

# A failed call is retried after 10 s, then about twice as long each time (a function that
# Knative restarts is back within seconds). Tests shorten the first pause with
# TABULAR_CT_RETRY_DELAY_SECONDS; production leaves it unset.
RETRY_DELAY_SECONDS = float(os.environ.get("TABULAR_CT_RETRY_DELAY_SECONDS", "10"))

DEFAULT_ARGS = {
    "retries": 3,
    "retry_delay": timedelta(seconds=RETRY_DELAY_SECONDS),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=5),
}


@functools.cache
def _response_validator(step: str) -> Draft202012Validator:
    """Built when a task first checks an answer, not each time the scheduler parses this file."""
    return Draft202012Validator(contract(f"{step}.response"))


def answers_to_contract(step: str) -> Callable[[Any], bool]:
    """A response check: status 200 and a JSON answer that dags/contracts/<step>.response.json allows."""

    def check(response) -> bool:
        if response.status_code != 200:
            return False
        error = best_match(_response_validator(step).iter_errors(response.json()))
        if error is not None:
            raise ValueError(f"{step} answered outside dags/contracts/{step}.response.json: {error.json_path}: {error.message}")
        return True

    return check


class JsonCall(HttpOperator):
    """POSTs a dictionary as JSON, built when the task runs from its context (the params and
    earlier answers). Jinja would render the values as text, or, natively, turn a version "3"
    into the number 3."""

    def __init__(self, *, body: Callable[[Any], dict], **kwargs) -> None:
        super().__init__(**kwargs)
        self.body = body

    def execute(self, context):
        body = self.body(context)
        # In the task log, as the rendered template of a templated body would be in the UI.
        self.log.info("Body: %s", json.dumps(body))
        self.request_kwargs = {**self.request_kwargs, "json": body}
        return super().execute(context)


def _answer(context, task_id: str) -> dict:
    """An earlier step's JSON answer."""
    return context["ti"].xcom_pull(task_ids=task_id)


def _call(task_id: str, body: Callable[[Any], dict], **kwargs) -> JsonCall:
    """POST a JSON body to a function; its answer is checked against its contract and goes to XCom."""
    return JsonCall(
        task_id=task_id,
        http_conn_id=f"tabular_ct_{task_id}",
        endpoint=task_id,
        method="POST",
        body=body,
        headers={"Content-Type": "application/json"},
        response_check=answers_to_contract(task_id),
        response_filter=lambda response: response.json(),
        extra_options={"timeout": TIMEOUTS[task_id]},
        log_response=True,
        **kwargs,
    )


def build_cycle(dataset: str):
    """The DAG of one dataset's cycle: same steps, same functions, another specification."""

    @dag(
        dag_id=f"tabular_ct_{dataset}",
        description=f"Continuous training of the {dataset} model: one batch per run",
        doc_md=__doc__,
        schedule=os.environ.get("TABULAR_CT_SCHEDULE", "*/5 * * * *"),
        start_date=datetime(2026, 1, 1),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        params={
            "source_url": Param(os.environ.get(f"TABULAR_CT_{dataset.upper()}_DATA_API_URL", "http://datasource:8080"), type="string"),
            "group_number": Param(int(os.environ.get("TABULAR_CT_GROUP_NUMBER", "1")), type="integer", minimum=1, maximum=100),
            # Calls of the data API per run, each answer a delivery: 1 for a cursor API, several
            # for a time-windowed one (see the module's doc). At most collect's MAX_CALLS_PER_COLLECT
            # (functions/core/src/pipeline/collect.ts).
            "deliveries_per_run": Param(
                int(os.environ.get("TABULAR_CT_DELIVERIES_PER_RUN", "1")), type="integer", minimum=1, maximum=20
            ),
        },
        tags=["tabular-ct", dataset],
    )
    def cycle():
        collect = _call(
            "collect",
            lambda c: {
                "dataset": dataset,
                "source_url": c["params"]["source_url"],
                "group_number": c["params"]["group_number"],
                "calls": c["params"]["deliveries_per_run"],
            },
        )

        @task.short_circuit(task_id="batch_arrived")
        def batch_arrived(answer: dict) -> bool:
            """Goes on with the run's deliveries; at the end of the data, with the group's latest
            delivery, so that a step an earlier run left undone is done (every step answers what it
            stored when there is nothing to do); ends the run, skipped, when nothing was ever collected."""
            if answer["status"] == "exhausted":
                if "batch_id" not in answer:
                    print(f"The data API has no batches for {dataset}: nothing to do.")
                    return False
                print(f"The data API has no more batches for {dataset}; checking that {answer['batch_id']} went through every step.")
                return True
            for d in answer["deliveries"]:
                print(f"Delivery {d['batch_id']} (batch {d['batch_number']}): {d['status']}, {d['rows']} rows.")
            if answer["end_of_data"]:
                print(f"The data API said this was the end of the data: {answer.get('detail', '')}")
            return True

        def with_batch(c) -> dict:
            return {"dataset": dataset, "batch_id": _answer(c, "collect")["batch_id"]}

        preprocess = _call("preprocess", with_batch)
        drift = _call("drift", with_batch)

        @task.branch(task_id="retrain")
        def retrain(decision: dict) -> str:
            """Follows the drift function's decision; its reasons go to the task log."""
            verdict = "retrain" if decision["retrain"] else "skip"
            print(f"Decision for {', '.join(decision['deliveries'])}: {verdict}.")
            for reason in decision["reasons"]:
                print(f"  - {reason}")
            return "train" if decision["retrain"] else "skip"

        def train_body(c) -> dict:
            # The delivery the decision was made for: a replayed delivery may have been decided with a later one.
            decision = _answer(c, "drift")
            return {"dataset": dataset, "batch_id": decision["batch_id"], "reasons": decision["reasons"]}

        train = _call("train", train_body)
        promote = _call("promote", lambda c: {"dataset": dataset, "version": _answer(c, "train")["version"]})

        @task(task_id="skip")
        def skip(decision: dict) -> None:
            """No new model for this batch; the drift function stored the report and the reasons."""
            print(f"Skipped training for {decision['batch_id']}: " + "; ".join(decision["reasons"]))

        @task(task_id="summary", trigger_rule="none_failed_min_one_success")
        def summary(collected: dict, processed: dict, decision: dict, ti=None) -> dict:
            """What the run decided and why: its return value (XCom) is what the demo and the tests
            read, in the shape of dags/contracts/summary.json."""
            promoted = ti.xcom_pull(task_ids="promote") if ti else None
            trained = ti.xcom_pull(task_ids="train") if ti else None
            result = {
                # exhausted: no new delivery, the run checked the latest one.
                "collect_status": collected["status"],
                "end_of_data": collected["end_of_data"],
                "batch_id": decision["batch_id"],
                "batch_number": collected["batch_number"],
                # The deliveries this run's decision covered, and the answers of this run's calls.
                "deliveries": decision["deliveries"],
                "collected": [d["batch_id"] for d in collected["deliveries"]],
                "rows": processed["rows_in"],
                "clean": processed["clean"],
                "rejected": processed["rejected"],
                "duplicates": processed["duplicates"],
                "retrain": decision["retrain"],
                "reasons": decision["reasons"],
                "version": trained["version"] if trained else None,
                "metric": promoted["metric"] if promoted else None,
                "challenger_metric": promoted.get("challenger_metric") if promoted else None,
                "champion_metric": promoted.get("champion_metric") if promoted else None,
                "promoted": promoted["promoted"] if promoted else None,
                "promotion_reason": promoted["reason"] if promoted else None,
            }
            print(json.dumps(result, indent=2))
            return result

        arrived = batch_arrived(collect.output)
        choice = retrain(drift.output)
        collect >> arrived >> preprocess >> drift >> choice
        choice >> train >> promote
        skipped = skip(drift.output)
        choice >> skipped
        done = summary(collect.output, preprocess.output, drift.output)
        [promote, skipped] >> done

    return cycle()


for _dataset in DATASETS:
    globals()[f"tabular_ct_{_dataset}"] = build_cycle(_dataset)
