"""LightGBM side of the quality benchmark (bench/quality.ts runs it and scores the predictions).

Reads the table bench/quality.ts wrote (<dir>/<dataset>.csv: split, target, the model's raw
inputs as the product encodes them, then the derived features computed by core) and its
description (<dir>/<dataset>.meta.json) and trains three LightGBM models: with its default
parameters (100 rounds) on the raw columns and on the raw plus derived columns, fitting the
rows meta["fit"] names; and on the raw plus derived columns fitting the train split with up
to 1,000 rounds, early-stopped after 50 without improvement on the validation split, other
parameters default. The last is the fairer comparison: ours is early-stopped on validation
too, where 100 fixed rounds may under- or overfit. It writes the test rows' predictions, in
the table's order and the target's units, to <dir>/<dataset>.lightgbm.json.
Categorical columns are pandas categories with the categories of the fitting rows; a
category seen only in test (or only in validation) is missing, as it is to our model. No
metric is computed here: every number of the report comes from the TypeScript side.
"""

import argparse
import json
import os
import time

import lightgbm as lgb
import numpy as np
import pandas as pd


def columns(df, specs, fit):
    X = pd.DataFrame(index=df.index)
    for c in specs:
        s = df[c["name"]]
        if c["kind"] == "numeric":
            X[c["name"]] = pd.to_numeric(s.where(s != ""), errors="raise").astype(float)
        else:
            s = s.where(s != "")
            levels = sorted(s[fit].dropna().unique())
            X[c["name"]] = pd.Categorical(s.where(s.isin(levels)), categories=levels)
    return X


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--dataset", required=True)
    a = ap.parse_args()
    with open(os.path.join(a.dir, f"{a.dataset}.meta.json")) as f:
        meta = json.load(f)
    df = pd.read_csv(os.path.join(a.dir, f"{a.dataset}.csv"), dtype=str, keep_default_na=False)
    fit = df["split"].isin(meta["fit"]).to_numpy()
    test = (df["split"] == "test").to_numpy()
    y = df["target"].astype(float).to_numpy()
    regression = meta["task"] == "regression"
    log = regression and meta["transform"] == "log1p"
    # Defaults except what is not a modelling choice: the objective the task needs, quiet
    # output, and one thread (the same trees as on two; the machine's cores are shared).
    params = {"objective": "regression" if regression else "binary", "verbose": -1, "num_threads": 1}
    out = {"lightgbm": lgb.__version__, "fit_rows": int(fit.sum()), "test_rows": int(test.sum()), "models": {}}
    train = (df["split"] == "train").to_numpy()
    validation = (df["split"] == "validation").to_numpy()
    target = np.log1p(y) if log else y
    runs = (
        ("raw", meta["raw"], fit, None),
        ("derived", meta["raw"] + meta["derived"], fit, None),
        ("derived_es", meta["raw"] + meta["derived"], train, validation),
    )
    for name, specs, rows, stop_on in runs:
        X = columns(df, specs, rows)
        t0 = time.perf_counter()
        data = lgb.Dataset(X[rows], target[rows])
        if stop_on is None:
            booster = lgb.train(params, data, num_boost_round=100)
        else:
            # The validation rows' metric is the objective's default one (l2, binary log-loss).
            valid = lgb.Dataset(X[stop_on], target[stop_on], reference=data)
            booster = lgb.train(params, data, num_boost_round=1000, valid_sets=[valid], callbacks=[lgb.early_stopping(50, verbose=False)])
        seconds = time.perf_counter() - t0
        # With early stopping, predict uses the best iteration.
        pred = booster.predict(X[test])
        if log:
            pred = np.expm1(pred)
        rounds = booster.best_iteration if stop_on is not None else 100
        out["models"][name] = {"predictions": [float(v) for v in pred], "seconds": seconds, "fit_rows": int(rows.sum()), "rounds": int(rounds)}
    with open(os.path.join(a.dir, f"{a.dataset}.lightgbm.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
