"""The values the TypeScript test that runs an interop test hands it."""

import os

import pytest


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run this through the TypeScript integration test")
    return value
