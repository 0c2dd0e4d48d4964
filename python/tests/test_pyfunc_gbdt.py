"""mlflow.pyfunc loads the model directory exported by the TypeScript ML core and predicts
the numbers our TypeScript predictor gives (maximum relative difference 1e-5, as for
onnxruntime-node: the graph's tree ensemble returns float32 before the inverse transform).

Run from the repository root:  .cache/venv/bin/python -m pytest python/tests/test_pyfunc_gbdt.py
It calls `npx tsx bench/gbdt-export-sample.ts` to write the models."""

import json
import os
import subprocess

import mlflow.onnx
import mlflow.pyfunc
import numpy as np
import onnx
import pandas as pd
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOLERANCE = 1e-5
CASES = ["regression-ordered", "regression-set", "binary-ordered", "binary-set", "binary-derived"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("models")
    subprocess.run(["npx", "tsx", "bench/gbdt-export-sample.ts", str(out)], cwd=ROOT, check=True)
    return out


def frame(path):
    with open(path) as f:
        cols = json.load(f)
    data = {}
    for name, values in cols.items():
        if any(isinstance(v, str) for v in values):
            data[name] = np.array(["" if v is None else v for v in values], dtype=object)
        else:
            data[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return pd.DataFrame(data)


@pytest.mark.parametrize("case", CASES)
def test_pyfunc_predicts_our_numbers(exported, case):
    model_dir = exported / case
    model = mlflow.pyfunc.load_model(str(model_dir))
    got = model.predict(frame(model_dir / "input.json"))
    with open(model_dir / "expected.json") as f:
        expected = np.array(json.load(f))
    values = np.asarray(got["prediction"], dtype=np.float64)
    assert values.shape == expected.shape
    rel = np.abs(values - expected) / np.maximum(np.abs(expected), 1e-12)
    assert rel.max() <= TOLERANCE


@pytest.mark.parametrize("case", [CASES[0], "binary-derived"])
def test_onnx_flavor_is_a_valid_model(exported, case):
    proto = mlflow.onnx.load_model(str(exported / case))
    onnx.checker.check_model(proto)
    assert [o.name for o in proto.graph.output] == ["prediction"]
