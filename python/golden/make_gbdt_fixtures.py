"""Regenerates the ML core's golden fixtures (functions/ml/fixtures/*.json) with the field's
reference implementations from PyPI (LightGBM, scikit-learn):

    .cache/venv/bin/python python/golden/make_gbdt_fixtures.py

gbdt_lightgbm.json: two small synthetic problems (regression with missing values and a
categorical column; binary classification) written out row by row, LightGBM's test metrics
with the same parameters, and the parameters. Our test trains on the same rows and must be
as accurate (functions/ml/src/gbdt/boost.golden.test.ts).

metrics_sklearn.json: scikit-learn's values of every metric we implement on fixed random
arrays (functions/ml/src/metrics/metrics.golden.test.ts).

Everything is seeded, so a rerun writes the same files (up to library versions)."""

import os

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn import metrics

from fixture_file import write_fixture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "functions", "ml", "fixtures")

PARAMS = {"num_iterations": 200, "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
          "lambda_l2": 1.0, "max_bin": 255}
CATEGORIES = [f"k{i}" for i in range(12)]


def problem(rng, n, kind):
    x0 = rng.uniform(-2, 2, n)
    x1 = rng.normal(0, 1, n)
    x2 = rng.uniform(0, 10, n)
    x2[rng.random(n) < 0.15] = np.nan
    cat = rng.integers(0, len(CATEGORIES), n)
    effect = np.linspace(-1.5, 1.5, len(CATEGORIES))[(cat * 7) % len(CATEGORIES)]
    z = 2 * np.sin(2 * x0) + x1 * (x0 > 0) + np.where(np.isnan(x2), 1.0, np.log1p(x2) - 1) + effect
    if kind == "regression":
        y = z + rng.normal(0, 0.5, n)
    else:
        y = (rng.random(n) < 1 / (1 + np.exp(-(z - 0.5)))).astype(float)
    c = np.array(CATEGORIES, dtype=object)[cat]
    c[rng.random(n) < 0.05] = None
    return {"x0": x0, "x1": x1, "x2": x2, "c": c}, y


def frame(cols):
    df = pd.DataFrame({k: cols[k] for k in ("x0", "x1", "x2")})
    df["c"] = pd.Categorical(cols["c"], categories=CATEGORIES)
    return df


def rows_json(cols, y):
    """Columns as JSON lists (NaN and missing categories as null)."""
    num = lambda a: [None if np.isnan(v) else round(float(v), 12) for v in a]
    return {"x0": num(cols["x0"]), "x1": num(cols["x1"]), "x2": num(cols["x2"]),
            "c": [None if v is None else str(v) for v in cols["c"]], "y": [float(v) for v in y]}


def gbdt_fixture():
    out = {"lightgbm": lgb.__version__, "params": PARAMS, "problems": {}}
    for kind, seed in (("regression", 1), ("binary", 2)):
        rng = np.random.default_rng(seed)
        tr, ytr = problem(rng, 3000, kind)
        te, yte = problem(rng, 1500, kind)
        p = dict(PARAMS, objective=kind, verbose=-1, num_threads=1, deterministic=True, seed=0)
        rounds = p.pop("num_iterations")
        booster = lgb.train(p, lgb.Dataset(frame(tr), ytr, categorical_feature=["c"]), rounds)
        pred = booster.predict(frame(te))
        if kind == "regression":
            scores = {"rmse": float(np.sqrt(metrics.mean_squared_error(yte, pred))), "r2": float(metrics.r2_score(yte, pred))}
        else:
            scores = {"auc": float(metrics.roc_auc_score(yte, pred)), "logloss": float(metrics.log_loss(yte, pred))}
        out["problems"][kind] = {"train": rows_json(tr, ytr), "test": rows_json(te, yte), "lightgbm": scores}
    return out


def metrics_fixture():
    rng = np.random.default_rng(3)
    n = 400
    y = rng.gamma(2.0, 50.0, n) + 1
    p = y * rng.lognormal(0, 0.3, n)
    yc = (rng.random(n) < 0.3).astype(float)
    pc = np.clip(0.3 + 0.3 * (yc - 0.3) + rng.normal(0, 0.2, n), 0.001, 0.999)
    pc[:40] = np.round(pc[:40], 1)  # ties
    return {
        "scikit_learn": __import__("sklearn").__version__,
        "regression": {"y": y.tolist(), "p": p.tolist(),
                       "rmse": float(np.sqrt(metrics.mean_squared_error(y, p))),
                       "mae": float(metrics.mean_absolute_error(y, p)),
                       "r2": float(metrics.r2_score(y, p)),
                       "mape": float(metrics.mean_absolute_percentage_error(y, p)),
                       "rmsle": float(np.sqrt(metrics.mean_squared_log_error(y, p)))},
        "classification": {"y": yc.tolist(), "p": pc.tolist(),
                           "roc_auc": float(metrics.roc_auc_score(yc, pc)),
                           "pr_auc": float(metrics.average_precision_score(yc, pc)),
                           "log_loss": float(metrics.log_loss(yc, pc)),
                           "accuracy_at_0_4": float(metrics.accuracy_score(yc, pc >= 0.4)),
                           "f1_at_0_4": float(metrics.f1_score(yc, pc >= 0.4))},
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in (("gbdt_lightgbm.json", gbdt_fixture()), ("metrics_sklearn.json", metrics_fixture())):
        path = os.path.join(OUT, name)
        print(path, write_fixture(path, data), "bytes")


if __name__ == "__main__":
    main()
