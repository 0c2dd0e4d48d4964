"""The locked Python environment has what the platform's servers and reference checks need."""

import importlib.metadata as metadata

import pytest


@pytest.mark.parametrize(
    "distribution, major",
    [("mlflow", 3), ("apache-airflow", 3), ("apache-airflow-providers-http", None), ("jsonschema", 4), ("psycopg2-binary", None), ("boto3", None)],
)
def test_locked_distribution_is_installed(distribution: str, major: int | None) -> None:
    version = metadata.version(distribution)
    if major is not None:
        assert int(version.split(".")[0]) == major, f"{distribution} {version} is not major version {major}"


def test_airflow_http_operator_imports() -> None:
    from airflow.providers.http.operators.http import HttpOperator

    assert HttpOperator.template_fields
