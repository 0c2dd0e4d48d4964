"""LightGBM side of the GBDT benchmark (bench/gbdt.ts runs it and prints the table).

Prepares realtor and diabetes exactly as bench/gbdt-data.ts does (same rows, features,
split), trains LightGBM with the given parameter sets, and prints one JSON object with
test metrics; with --synthetic it also times training on the synthetic set written by
bench/gbdt.ts (num_threads from --threads, 1 by default). Datasets are read from
DATASETS_DIR (default ../shared/datasets from the repository root)."""

import argparse
import json
import os
import sys
import time

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import log_loss, mean_squared_error, r2_score, roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = os.environ.get("DATASETS_DIR", os.path.join(ROOT, "..", "shared", "datasets"))


def fnv1a(s: str) -> int:
    h = 0x811C9DC5
    for ch in s:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def realtor():
    df = pd.read_csv(os.path.join(DATASETS, "realtor.csv.gz"), dtype=str, keep_default_na=False)
    df = df[df["price"] != ""].reset_index(drop=True)
    cats = ["status", "city", "state"]
    names = ["brokered_by", "status", "bed", "bath", "acre_lot", "street", "city", "state",
             "zip_code", "house_size", "prev_sold_date"]
    X = pd.DataFrame(index=df.index)
    for n in names:
        s = df[n]
        if n in cats:
            X[n] = s.replace("", np.nan)
        elif n == "prev_sold_date":
            d = pd.to_datetime(s.replace("", np.nan), format="%Y-%m-%d")
            X[n] = (d - pd.Timestamp("1970-01-01")).dt.days.astype(float)
        else:
            X[n] = pd.to_numeric(s.replace("", np.nan))
    y = df["price"].astype(float).to_numpy()
    test = (np.arange(len(df)) % 5) == 4
    return X, y, test, cats


def diabetes():
    df = pd.read_csv(os.path.join(DATASETS, "diabetes.csv.gz"), dtype=str, keep_default_na=False)
    numeric = ["time_in_hospital", "num_lab_procedures", "num_procedures", "num_medications",
               "number_outpatient", "number_emergency", "number_inpatient", "number_diagnoses"]
    names = [c for c in df.columns if c not in ("encounter_id", "patient_nbr", "readmitted")]
    X = pd.DataFrame(index=df.index)
    cats = []
    for n in names:
        s = df[n].replace({"?": np.nan, "": np.nan})
        if n in numeric:
            X[n] = pd.to_numeric(s)
        else:
            X[n] = s
            cats.append(n)
    y = (df["readmitted"] == "<30").astype(float).to_numpy()
    test = df["patient_nbr"].map(lambda p: fnv1a(p) % 5 == 0).to_numpy()
    return X, y, test, cats


def as_category(X, cats, train_mask):
    """Category dtype with the categories seen in training (unseen ones become missing)."""
    X = X.copy()
    for c in cats:
        levels = sorted(X.loc[train_mask, c].dropna().unique())
        X[c] = pd.Categorical(X[c].where(X[c].isin(levels)), categories=levels)
    return X


def run(name, params_sets):
    X, y, test, cats = realtor() if name == "realtor" else diabetes()
    X = as_category(X, cats, ~test)
    out = {}
    for label, params in params_sets.items():
        p = dict(params)
        p["verbose"] = -1
        p["num_threads"] = 1
        num_round = p.pop("num_iterations", 100)
        if name == "realtor":
            p["objective"] = "regression"
            ytr = np.log1p(y[~test])
        else:
            p["objective"] = "binary"
            ytr = y[~test]
        t0 = time.perf_counter()
        booster = lgb.train(p, lgb.Dataset(X[~test], ytr, categorical_feature=cats), num_round)
        seconds = time.perf_counter() - t0
        pred = booster.predict(X[test])
        yt = y[test]
        if name == "realtor":
            pred = np.expm1(pred)
            out[label] = {"r2": r2_score(yt, pred), "rmse": float(np.sqrt(mean_squared_error(yt, pred))), "seconds": seconds}
        else:
            out[label] = {"auc": roc_auc_score(yt, pred), "logloss": log_loss(yt, pred), "seconds": seconds}
    return out


def synthetic(path, rows, numeric, categorical, params, threads):
    raw = np.fromfile(path, dtype="<f8").reshape(rows, numeric + categorical + 1)
    X = pd.DataFrame(raw[:, :numeric], columns=[f"x{i}" for i in range(numeric)])
    cats = []
    for j in range(categorical):
        name = f"c{j}"
        codes = raw[:, numeric + j].astype(np.int64)
        X[name] = pd.Categorical.from_codes(codes, categories=[f"k{i}" for i in range(codes.max() + 1)])
        cats.append(name)
    y = raw[:, -1]
    p = dict(params)
    p.update({"objective": "regression", "verbose": -1, "num_threads": threads})
    num_round = p.pop("num_iterations", 100)
    t0 = time.perf_counter()
    ds = lgb.Dataset(X, y, categorical_feature=cats)
    lgb.train(p, ds, num_round)
    return {"seconds": time.perf_counter() - t0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--params", required=True, help="JSON: {realtor: {label: params}, diabetes: {...}, synthetic: params}")
    ap.add_argument("--synthetic", help="path of the synthetic float64 matrix")
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--numeric", type=int, default=10)
    ap.add_argument("--categorical", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1, help="LightGBM num_threads for the synthetic timing")
    a = ap.parse_args()
    params = json.loads(a.params)
    result = {"lightgbm": lgb.__version__}
    for name in ("realtor", "diabetes"):
        if name in params:
            result[name] = run(name, params[name])
    if a.synthetic:
        result["synthetic"] = synthetic(a.synthetic, a.rows, a.numeric, a.categorical, params.get("synthetic", {}), a.threads)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
