"""The official MLflow Python client reads what our TypeScript client wrote.

Driven by functions/platform/src/mlflow/mlflow-client.integration.test.ts, which writes a run,
a logged model, a registered version and its alias through REST, then runs this file with
the ids in the environment. Run alone it fails, naming the variable it misses: a skip would
let the TypeScript test pass without checking anything.
"""

import hashlib
import json
from pathlib import Path

import mlflow
from mlflow import MlflowClient

from stack_env import env


def test_run_params_metrics_and_dataset(client: MlflowClient) -> None:
    run = client.get_run(env("INTEROP_RUN_ID"))
    assert run.info.status == "FINISHED"
    assert run.data.params == json.loads(env("INTEROP_PARAMS"))
    # Metric values are doubles on both sides: they must come back exactly as written.
    assert run.data.metrics == json.loads(env("INTEROP_METRICS"))
    digests = [d.dataset.digest for d in run.inputs.dataset_inputs]
    assert env("INTEROP_DATASET_DIGEST") in digests


def test_version_by_alias_and_logged_model(client: MlflowClient) -> None:
    name, alias = env("INTEROP_MODEL_NAME"), env("INTEROP_ALIAS")
    version = client.get_model_version_by_alias(name, alias)
    assert version.version == env("INTEROP_MODEL_VERSION")
    assert version.run_id == env("INTEROP_RUN_ID")
    assert version.source == f"models:/{env('INTEROP_MODEL_ID')}"
    model = client.get_logged_model(env("INTEROP_MODEL_ID"))
    assert str(model.status) == "READY"
    assert model.source_run_id == env("INTEROP_RUN_ID")


def test_downloads_the_same_bytes(tmp_path: Path) -> None:
    mlflow.set_tracking_uri(env("MLFLOW_TRACKING_URI"))
    uri = f"models:/{env('INTEROP_MODEL_NAME')}@{env('INTEROP_ALIAS')}"
    local = Path(mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=str(tmp_path)))
    data = (local / env("INTEROP_ARTIFACT_PATH")).read_bytes()
    assert hashlib.sha256(data).hexdigest() == env("INTEROP_ARTIFACT_SHA256")
