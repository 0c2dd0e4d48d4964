"""Regenerates functions/ml/fixtures/drift.json with scipy and Evidently (the references):

    .cache/venv/bin/python python/golden/make_drift_fixtures.py

Each case is a pair of seeded numpy samples (reference, current) of one column, numerical or
categorical, rounded to a few decimals so the JSON carries the exact inputs in little space.
Missing values are null; like Evidently's get_one_column_drift, they are dropped before any
test. For every case the fixture holds:

- scipy: ks_2samp (method='auto'), wasserstein_distance, chisquare of Evidently's counts,
  jensenshannon of Evidently's shares, where they apply;
- evidently: each applicable legacy stattest called directly (drift_score, drifted), and the
  name of the test that _get_default_stattest picks.

Beside them: `ks_formula`, ks_2samp on large samples given by a formula (sizes around scipy's
exact limit of 10 000, nothing stored), and `datasets`, two multi-column datasets run through
Evidently's legacy DataDriftPreset (per-column default test, score, decision; dataset drift).

The checks live in functions/ml/src/drift/drift.golden.test.ts. Everything is seeded, so a
rerun writes the same file (up to library versions)."""

import math
import os
import sys

# Evidently orders categories by iterating a Python set, so string hashing decides the order
# of its sums and the last bits of the results: fix the hash seed so a rerun writes the same file.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import numpy as np
import pandas as pd
import scipy
from scipy import stats
from scipy.spatial import distance

from importlib.metadata import version


from evidently.legacy.calculations.stattests import (
    chi_stat_test,
    jensenshannon_stat_test,
    ks_stat_test,
    psi_stat_test,
    wasserstein_stat_test,
    z_stat_test,
)
from evidently.legacy.calculations.stattests.registry import _get_default_stattest
from evidently.legacy.calculations.stattests.utils import get_binned_data
from evidently.legacy.core import ColumnType
from evidently.legacy.metric_preset import DataDriftPreset
from evidently.legacy.pipeline.column_mapping import ColumnMapping
from evidently.legacy.report import Report

from fixture_file import write_fixture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "functions", "ml", "fixtures", "drift.json")


def num(rng_seed, kind, ref_n, cur_n, decimals=3, missing=0.0):
    """Builds a numerical pair from a recipe; `kind` picks the distributions."""
    rng = np.random.default_rng(rng_seed)
    gens = {
        "shift": (lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0.3, 1, n)),
        "same": (lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0, 1, n)),
        "strong_shift": (lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0.5, 1, n)),
        "tiny_shift": (lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0.05, 1, n)),
        "skewed": (lambda n: rng.lognormal(0, 0.8, n), lambda n: rng.lognormal(0.15, 0.9, n)),
        "exponential": (lambda n: rng.exponential(2.0, n), lambda n: rng.exponential(2.3, n)),
        "poisson": (lambda n: rng.poisson(3, n).astype(float), lambda n: rng.poisson(3.4, n).astype(float)),
        "binary": (lambda n: (rng.random(n) < 0.3).astype(float), lambda n: (rng.random(n) < 0.4).astype(float)),
        "four_values": (lambda n: rng.integers(1, 5, n).astype(float), lambda n: rng.choice([1.0, 2, 3, 4], n, p=[0.2, 0.3, 0.3, 0.2])),
        "three_values": (lambda n: rng.integers(1, 4, n).astype(float), lambda n: rng.choice([1.0, 2, 3], n, p=[0.3, 0.3, 0.4])),
        "fifteen_values": (lambda n: rng.integers(0, 15, n).astype(float), lambda n: rng.integers(1, 16, n).astype(float)),
        "integers_50": (lambda n: rng.integers(0, 50, n).astype(float), lambda n: rng.integers(5, 55, n).astype(float)),
        "constant_ref": (lambda n: np.full(n, 5.0), lambda n: rng.normal(5, 1, n)),
        "constant_both": (lambda n: np.full(n, 5.0), lambda n: np.full(n, 5.0)),
        "outlier": (
            lambda n: np.concatenate([rng.normal(0, 1, n - 1), [40.0]]),
            lambda n: rng.normal(0.1, 1, n),
        ),
    }
    make_ref, make_cur = gens[kind]
    ref = np.round(make_ref(ref_n), decimals)
    cur = np.round(make_cur(cur_n), decimals)
    if missing:
        ref[rng.random(ref_n) < missing] = np.nan
        cur[rng.random(cur_n) < missing] = np.nan
    return ref, cur


def cat(rng_seed, ref_n, cur_n, ref_cats, ref_p, cur_cats, cur_p, missing=0.0):
    rng = np.random.default_rng(rng_seed)
    ref = rng.choice(ref_cats, ref_n, p=ref_p).astype(object)
    cur = rng.choice(cur_cats, cur_n, p=cur_p).astype(object)
    if missing:
        ref[rng.random(ref_n) < missing] = None
        cur[rng.random(cur_n) < missing] = None
    return ref, cur


def flt(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def evidently_results(ref, cur, column_type):
    tests = {"jensenshannon": jensenshannon_stat_test, "psi": psi_stat_test}
    distinct = pd.concat([ref, cur]).nunique()
    if column_type == ColumnType.Numerical:
        tests.update(ks=ks_stat_test, wasserstein=wasserstein_stat_test)
    if column_type == ColumnType.Categorical or distinct <= 5:
        tests["chisquare"] = chi_stat_test
        if distinct <= 2:
            tests["z"] = z_stat_test
    out = {}
    for name, test in tests.items():
        r = test(ref, cur, column_type, None)
        out[name] = {"score": flt(r.drift_score), "drifted": bool(r.drifted), "threshold": r.actual_threshold}
    return out


def scipy_results(ref, cur, column_type):
    out = {}
    if column_type == ColumnType.Numerical:
        ks = stats.ks_2samp(ref, cur)
        out["ks"] = {"statistic": flt(ks.statistic), "pvalue": flt(ks.pvalue)}
        out["wasserstein"] = flt(stats.wasserstein_distance(ref, cur))
    # jensenshannon of the shares Evidently builds (feel_zeroes=False), natural log as Evidently.
    p, q = get_binned_data(ref, cur, column_type, 30, False)
    out["jensenshannon"] = flt(distance.jensenshannon(p, q))
    # chisquare of Evidently's counts: current observed, reference counts scaled to the current size.
    keys = list(set(ref.unique()) | set(cur.unique()))
    rc, cc = ref.value_counts(), cur.value_counts()
    f_exp = [rc.get(k, 0) * len(cur) / len(ref) for k in keys]
    f_obs = [cc.get(k, 0) for k in keys]
    if len(keys) > 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            chi = stats.chisquare(f_obs, f_exp)
        out["chisquare"] = {"statistic": flt(chi.statistic), "pvalue": flt(chi.pvalue)}
    return out


def case(name, ref, cur, column_type):
    kind = "numeric" if column_type == ColumnType.Numerical else "categorical"
    ref_s = pd.Series(ref).dropna()
    cur_s = pd.Series(cur).dropna()
    if kind == "numeric":
        ref_s, cur_s = ref_s.astype(float), cur_s.astype(float)
    else:
        ref_s, cur_s = ref_s.astype(object), cur_s.astype(object)
    enc = (lambda a: [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in a]) if kind == "numeric" else (lambda a: [None if v is None else str(v) for v in a])
    return {
        "name": name,
        "kind": kind,
        "reference": enc(ref),
        "current": enc(cur),
        "default_test": _get_default_stattest(ref_s, cur_s, column_type).name,
        "evidently": evidently_results(ref_s, cur_s, column_type),
        "scipy": scipy_results(ref_s, cur_s, column_type),
    }


def ks_formula_case(n1, n2, power, shift):
    """KS on large samples that need no storage: reference (i + 0.5) / n1 and current
    ((j + 0.5) / n2) ** power + shift, which the test rebuilds (one ulp of pow cannot reorder
    values that are this far apart)."""
    ref = (np.arange(n1) + 0.5) / n1
    cur = ((np.arange(n2) + 0.5) / n2) ** power + shift
    ks = stats.ks_2samp(ref, cur)
    return {"n1": n1, "n2": n2, "power": power, "shift": shift, "statistic": flt(ks.statistic), "pvalue": flt(ks.pvalue)}


# Evidently's display names of the default tests, mapped to our test ids.
TEST_IDS = {
    "K-S p_value": "ks",
    "chi-square p_value": "chisquare",
    "Z-test p_value": "z",
    "Wasserstein distance (normed)": "wasserstein",
    "Jensen-Shannon distance": "jensenshannon",
}


def dataset_case(name, columns):
    """Evidently's DataDriftPreset (legacy Report) over several columns of one dataset:
    the per-column default tests and the dataset drift (share >= 0.5)."""
    ref = pd.DataFrame({c: r for c, _, r, _ in columns})
    cur = pd.DataFrame({c: v for c, _, _, v in columns})
    mapping = ColumnMapping(
        numerical_features=[c for c, kind, _, _ in columns if kind == "numeric"],
        categorical_features=[c for c, kind, _, _ in columns if kind == "categorical"],
        target=None,
        prediction=None,
    )
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=ref, current_data=cur, column_mapping=mapping)
    table = next(m["result"] for m in report.as_dict()["metrics"] if m["metric"] == "DataDriftTable")
    enc_num = lambda a: [None if math.isnan(v) else float(v) for v in a]  # noqa: E731
    enc_cat = lambda a: [None if v is None else str(v) for v in a]  # noqa: E731
    return {
        "name": name,
        "columns": [
            {"name": c, "kind": kind, "reference": (enc_num if kind == "numeric" else enc_cat)(r), "current": (enc_num if kind == "numeric" else enc_cat)(v)}
            for c, kind, r, v in columns
        ],
        "evidently": {
            "columns": {
                c: {"test": TEST_IDS[d["stattest_name"]], "score": flt(d["drift_score"]), "drifted": bool(d["drift_detected"])}
                for c, d in table["drift_by_columns"].items()
            },
            "share": table["share_of_drifted_columns"],
            "drifted": bool(table["dataset_drift"]),
        },
    }


# The categories of the categorical cases: five letters, and twelve codes with skewed shares.
ABC = ["a", "b", "c", "d", "e"]
MANY = [f"c{i:02d}" for i in range(12)]
MANY_P = np.arange(1, 13) / np.arange(1, 13).sum()
MANY_Q = np.arange(12, 0, -1) / np.arange(1, 13).sum()


def datasets():
    def with_missing(pair, share, seed):
        ref, cur = (np.array(a, dtype=object if a.dtype == object else float) for a in pair)
        rng = np.random.default_rng(seed)
        ref[rng.random(len(ref)) < share] = None if ref.dtype == object else np.nan
        cur[rng.random(len(cur)) < share] = None if cur.dtype == object else np.nan
        return ref, cur

    small = [
        ("shifted", "numeric", *num(51, "shift", 500, 400)),
        ("same", "numeric", *num(52, "same", 500, 400)),
        ("binary_num", "numeric", *num(53, "binary", 500, 400)),
        ("four_values", "numeric", *num(54, "four_values", 500, 400)),
        ("with_missing", "numeric", *with_missing(num(55, "skewed", 500, 400), 0.1, 55)),
        ("category", "categorical", *cat(56, 500, 400, ABC, [0.3, 0.25, 0.2, 0.15, 0.1], ABC, [0.3, 0.25, 0.2, 0.15, 0.1], missing=0.05)),
        ("yes_no", "categorical", *cat(57, 500, 400, ["no", "yes"], [0.6, 0.4], ["no", "yes"], [0.45, 0.55])),
    ]
    large = [
        ("shifted", "numeric", *num(61, "shift", 1100, 600)),
        ("same", "numeric", *num(62, "same", 1100, 600)),
        ("three_values", "numeric", *num(63, "three_values", 1100, 600)),
        # 15% missing leaves fewer than 1000 reference rows: Evidently picks KS here.
        ("missing_to_small", "numeric", *with_missing(num(64, "shift", 1100, 600), 0.15, 64)),
        ("many_categories", "categorical", *cat(65, 1100, 600, MANY, MANY_P, MANY, MANY_Q)),
        ("same_categories", "categorical", *cat(66, 1100, 600, MANY, MANY_P, MANY, MANY_P)),
    ]
    return [dataset_case("small_reference", small), dataset_case("large_reference", large)]


def main():
    N, C = ColumnType.Numerical, ColumnType.Categorical
    cases = [
        # Numerical, reference <= 1000 rows: KS (exact p-value), or chi-square / Z when few values.
        case("num_shift_small", *num(1, "shift", 200, 150), N),
        case("num_same_equal_n", *num(2, "same", 300, 300), N),
        case("num_shift_equal_n", *num(3, "shift", 250, 250), N),
        case("num_poisson_ties", *num(4, "poisson", 500, 400), N),
        case("num_skewed", *num(5, "skewed", 800, 600), N),
        case("num_missing", *num(6, "shift", 400, 300, missing=0.1), N),
        case("num_constant_ref", *num(7, "constant_ref", 300, 200), N),
        case("num_constant_both", *num(8, "constant_both", 100, 80), N),
        case("num_binary", *num(9, "binary", 400, 300), N),
        case("num_four_values", *num(10, "four_values", 600, 500), N),
        case("num_tiny_samples", *num(11, "shift", 7, 5), N),
        case("num_strong_shift_small", *num(12, "strong_shift", 900, 1000, decimals=2), N),
        # KS asymptotic regime (tail): the current sample has more than 10 000 values; the body of
        # the asymptotic regime is covered by the ks_formula cases below, which need no storage.
        case("num_ks_asymptotic_small_p", *num(14, "shift", 600, 10200, decimals=2), N),
        # Numerical, reference > 1000 rows: normed Wasserstein, or Jensen-Shannon when few values.
        case("num_large_shift", *num(15, "shift", 2000, 1500, decimals=2), N),
        case("num_large_same", *num(16, "same", 1500, 1200, decimals=2), N),
        case("num_large_exponential", *num(17, "exponential", 3000, 2500, decimals=2), N),
        case("num_large_three_values", *num(18, "three_values", 3000, 2000), N),
        case("num_large_fifteen_values", *num(19, "fifteen_values", 2000, 1800), N),
        case("num_large_integers_on_edges", *num(20, "integers_50", 2500, 2000), N),
        case("num_large_outlier_psi_fill", *num(21, "outlier", 12000, 1500, decimals=2), N),
        case("num_large_missing", *num(22, "skewed", 1800, 1600, decimals=2, missing=0.2), N),
        # Categorical, reference <= 1000 rows: chi-square, or Z when binary.
        case("cat_small", *cat(31, 500, 400, ABC, [0.3, 0.25, 0.2, 0.15, 0.1], ABC, [0.25, 0.25, 0.2, 0.15, 0.15]), C),
        case("cat_small_same", *cat(32, 600, 500, ABC, [0.3, 0.25, 0.2, 0.15, 0.1], ABC, [0.3, 0.25, 0.2, 0.15, 0.1]), C),
        case("cat_new_category", *cat(33, 500, 400, ABC[:4], [0.4, 0.3, 0.2, 0.1], ABC, [0.35, 0.3, 0.2, 0.1, 0.05]), C),
        case("cat_missing_category", *cat(34, 500, 400, ABC, [0.3, 0.25, 0.2, 0.15, 0.1], ABC[:3], [0.4, 0.35, 0.25], missing=0.05), C),
        case("cat_binary", *cat(35, 300, 250, ["no", "yes"], [0.6, 0.4], ["no", "yes"], [0.52, 0.48]), C),
        case("cat_binary_strong", *cat(36, 1000, 900, ["no", "yes"], [0.8, 0.2], ["no", "yes"], [0.4, 0.6]), C),
        case("cat_binary_one_sided", *cat(37, 200, 150, ["no"], [1.0], ["no", "yes"], [0.9, 0.1]), C),
        case("cat_single", *cat(38, 100, 90, ["a"], [1.0], ["a"], [1.0]), C),
        # Categorical, reference > 1000 rows: Jensen-Shannon.
        case("cat_large", *cat(41, 5000, 4000, MANY, MANY_P, MANY, MANY_Q), C),
        case("cat_large_same", *cat(42, 3000, 2500, MANY, MANY_P, MANY, MANY_P), C),
        case("cat_large_new_and_missing", *cat(43, 3000, 2500, MANY[:10], MANY_P[:10] / MANY_P[:10].sum(), MANY[2:], MANY_P[2:] / MANY_P[2:].sum(), missing=0.05), C),
    ]
    fixture = {
        "versions": {"scipy": scipy.__version__, "evidently": version("evidently"), "numpy": np.__version__, "pandas": pd.__version__},
        "cases": cases,
        "datasets": datasets(),
        # Sizes up to scipy's exact limit (10 000) and beyond it (asymptotic).
        "ks_formula": [
            ks_formula_case(*args)
            for args in [
                (10000, 10000, 1.0, 0.01),
                (10000, 10000, 1.0, 0.0005),
                (9999, 10000, 1.05, 0.0),
                (10000, 7, 1.0, 0.05),
                (1000, 10000, 1.2, 0.0),
                (3, 10000, 1.0, 0.2),
                (5000, 4000, 1.0, 0.03),
                (4999, 3001, 0.9, 0.0),
                (10001, 500, 1.0, 0.03),
                (20000, 15000, 1.0, 0.01),
                (20000, 15000, 1.0, 0.03),
                (12000, 50, 1.0, 0.1),
                (12000, 130, 1.0, 0.15),
                (30000, 800, 1.3, 0.0),
            ]
        ],
    }
    size = write_fixture(OUT, fixture)
    print(f"wrote {OUT}: {len(cases)} cases, {size} bytes")


if __name__ == "__main__":
    main()
