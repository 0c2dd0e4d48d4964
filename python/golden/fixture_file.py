"""The one form of every golden fixture: compact JSON and a final newline, as the tests read it."""

import json
import os


def write_fixture(path, data):
    """Writes `data` to `path` as a fixture; returns the file's size in bytes."""
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    return os.path.getsize(path)
