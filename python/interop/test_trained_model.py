"""The official MLflow Python client uses a model the train function registered as MLflow 3
intends: the validation and test metrics are the logged model's, searchable by value and
dataset; its MLmodel names it and carries a serving input example that mlflow.pyfunc and
`mlflow models predict`'s code path predict.

Driven by functions/train/src/train.integration.test.ts, which trains a version on the stack
and runs this file with its ids in the environment. Run alone it fails, naming the variable it
misses: a skip would let the TypeScript test pass without checking anything.
"""

import json
import math
from datetime import date
from pathlib import Path

import mlflow
import pandas as pd
import pytest
from mlflow import MlflowClient
from mlflow.models import Model

from stack_env import env


@pytest.fixture(scope="module")
def model_id() -> str:
    return env("TRAINED_MODEL_ID")


def test_the_logged_model_holds_its_metrics_and_dataset(client: MlflowClient, model_id: str) -> None:
    model = client.get_logged_model(model_id)
    expected = json.loads(env("TRAINED_METRICS"))
    dataset = json.loads(env("TRAINED_DATASET"))
    # Doubles on both sides: the values come back exactly as the train function answered them.
    assert {m.key: m.value for m in model.metrics} == expected
    assert {(m.dataset_name, m.dataset_digest, m.run_id) for m in model.metrics} == {(dataset["name"], dataset["digest"], model.source_run_id)}
    # The run that produced the model names it as its output, as mlflow's log_model does.
    run = client.get_run(model.source_run_id)
    assert [o.model_id for o in run.outputs.model_outputs] == [model_id]


def test_search_logged_models_finds_it_by_metric_and_dataset(client: MlflowClient, model_id: str) -> None:
    model = client.get_logged_model(model_id)
    dataset = json.loads(env("TRAINED_DATASET"))
    value = json.loads(env("TRAINED_METRICS"))["validation_rmse"]

    def found(condition: str) -> bool:
        models = mlflow.search_logged_models(
            experiment_ids=[model.experiment_id],
            filter_string=f"metrics.validation_rmse {condition} {value!r}",
            datasets=[{"dataset_name": dataset["name"], "dataset_digest": dataset["digest"]}],
            output_format="list",
        )
        return model_id in [m.model_id for m in models]

    assert found("<=")
    assert not found("<")


def test_the_mlmodel_names_the_model_and_its_serving_example(model_id: str) -> None:
    spec = Model.load(f"models:/{model_id}")
    assert spec.model_id == model_id
    assert spec.saved_input_example_info == {
        "artifact_path": "input_example.json",
        "pandas_orient": "split",
        "serving_input_path": "serving_input_example.json",
        "type": "dataframe",
    }


def test_pyfunc_predicts_the_serving_example(model_id: str, tmp_path: Path) -> None:
    uri = f"models:/{model_id}"
    local = Path(mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=str(tmp_path / "model")))
    serving = json.loads((local / "serving_input_example.json").read_text())
    feature_spec = json.loads((local / "feature_spec.json").read_text())
    assert serving["dataframe_split"]["columns"] == [f["name"] for f in feature_spec["features"]]
    # The example is the feature spec's defaults as the graph reads them: a date as days since 1970-01-01.
    encodings = {e["name"]: e["encoding"] for e in feature_spec["encodings"]}

    def encoded(name: str, value: object) -> object:
        return (date.fromisoformat(str(value)) - date(1970, 1, 1)).days if encodings[name] == "days-since-epoch" else value

    row = dict(zip(serving["dataframe_split"]["columns"], serving["dataframe_split"]["data"][0]))
    assert row == {k: encoded(k, v) for k, v in feature_spec["defaults"].items()}

    # The request body as `mlflow models serve` would take it, parsed and predicted by the
    # scoring server's own code (what `mlflow models predict --env-manager local` runs).
    out = tmp_path / "prediction.json"
    mlflow.models.predict(model_uri=uri, input_path=str(local / "serving_input_example.json"), content_type="json", output_path=str(out), env_manager="local")
    served = json.loads(out.read_text())["predictions"]
    served = served["prediction"] if isinstance(served, dict) else served

    # The same example as a DataFrame, through mlflow.pyfunc.
    pyfunc = mlflow.pyfunc.load_model(uri)
    example = pyfunc.input_example
    assert isinstance(example, pd.DataFrame) and len(example) == 1
    direct = pyfunc.predict(example)["prediction"]
    assert len(served) == 1 and len(direct) == 1
    assert math.isfinite(served[0]) and served[0] > 0
    assert served[0] == pytest.approx(float(direct[0]), rel=1e-12)
