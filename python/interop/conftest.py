"""What the interop tests share: the stack's MLflow, named by the TypeScript test that runs them."""

import mlflow
import pytest
from mlflow import MlflowClient

from stack_env import env


@pytest.fixture(scope="module")
def client() -> MlflowClient:
    # Global too: `models:/` URIs given to mlflow.pyfunc and mlflow.artifacts resolve through it.
    mlflow.set_tracking_uri(env("MLFLOW_TRACKING_URI"))
    return MlflowClient()
