"""LightGBM side of the quality benchmark (bench/quality.ts runs it and scores the predictions).

Reads the table bench/quality.ts wrote (<dir>/<dataset>.csv: split, target, the model's raw
inputs as the product encodes them, then the derived features computed by core) and its
description (<dir>/<dataset>.meta.json), trains LightGBM with its default parameters twice,
on the raw columns and on the raw plus derived columns, and writes the test rows'
predictions, in the table's order and the target's units, to <dir>/<dataset>.lightgbm.json.
Categorical columns are pandas categories with the categories of the fitting rows; a
category seen only in test is missing, as it is to our model. No metric is computed here:
every number of the report comes from the TypeScript side.
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
    for name, specs in (("raw", meta["raw"]), ("derived", meta["raw"] + meta["derived"])):
        X = columns(df, specs, fit)
        target = np.log1p(y[fit]) if log else y[fit]
        t0 = time.perf_counter()
        booster = lgb.train(params, lgb.Dataset(X[fit], target), num_boost_round=100)
        seconds = time.perf_counter() - t0
        pred = booster.predict(X[test])
        if log:
            pred = np.expm1(pred)
        out["models"][name] = {"predictions": [float(v) for v in pred], "seconds": seconds}
    with open(os.path.join(a.dir, f"{a.dataset}.lightgbm.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
