"""Regenerates functions/ml/fixtures/shap.json with Python shap (the reference implementation):

    .cache/venv/bin/python python/golden/make_shap_fixtures.py

tree: one of OUR trained models (exported by `npx tsx bench/shap-export-model.ts`, numeric
features only, missing values in x2) converted to a shap custom tree model, with shap's
TreeExplainer(feature_perturbation='tree_path_dependent') values of its raw margin for 40 rows.
The fixture carries the tree table itself, so the TypeScript test explains the same trees
without retraining (functions/ml/src/shap/shap.golden.test.ts).

kernel: KernelExplainer(f, background).shap_values(x, nsamples=..., l1_reg=False) for
deterministic functions both languages compute: two closed formulas (6 features with a
weighted background; 10 features) and the raw margin of the tree model above. nsamples is
2^M - 2, shap's exact regime. The 10-feature case also carries shap's own sampled values at a
small budget (seeded), for a loose comparison of the two samplers.

interventional: TreeExplainer(model, data=background, feature_perturbation='interventional')
values of the tree model's raw margin for the rows and background of the kernel "tree" case:
the interventional Shapley values, which exact KernelSHAP equals (our treeKernelShap, which
computes KernelSHAP's coalition values from the trees, is checked against them).

Everything is seeded, so a rerun writes the same file (up to library versions)."""

import json
import os
import subprocess
import tempfile

import numpy as np
import shap
from shap.utils._legacy import DenseData

from fixture_file import write_fixture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "functions", "ml", "fixtures", "shap.json")
SAMPLED_BUDGET = 300


def export_model():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.json")
        subprocess.run(["npx", "tsx", "bench/shap-export-model.ts", path], cwd=ROOT, check=True)
        with open(path) as f:
            return json.load(f)


def shap_trees(exported):
    """Our flat table (global node indexes, leaves as ~index) as shap's custom tree dicts."""
    t = exported["trees"]
    trees = []
    for root in t["roots"]:
        nodes = []  # ("node", k) or ("leaf", l), in depth-first order

        def visit(c):
            i = len(nodes)
            nodes.append(c)
            if c >= 0:
                visit(t["left"][c])
                visit(t["right"][c])
            return i

        visit(root)
        index = {c: i for i, c in enumerate(nodes)}
        n = len(nodes)
        left, right, default = -np.ones(n, np.int32), -np.ones(n, np.int32), -np.ones(n, np.int32)
        features, thresholds = -2 * np.ones(n, np.int32), np.zeros(n)
        values, cover = np.zeros((n, 1)), np.zeros(n)
        for i, c in enumerate(nodes):
            if c < 0:
                values[i, 0] = t["leafValue"][~c]
                cover[i] = t["leafCount"][~c]
                continue
            left[i], right[i] = index[t["left"][c]], index[t["right"][c]]
            default[i] = left[i] if t["missingLeft"][c] else right[i]
            features[i], thresholds[i], cover[i] = t["feature"][c], t["threshold"][c], t["nodeCount"][c]
        # Internal values: cover-weighted means of the leaves below (shap reads the root's as E).
        for i in reversed(range(n)):
            if left[i] >= 0:
                values[i, 0] = (cover[left[i]] * values[left[i], 0] + cover[right[i]] * values[right[i], 0]) / cover[i]
        trees.append({"children_left": left, "children_right": right, "children_default": default,
                      "features": features, "thresholds": thresholds, "values": values, "node_sample_weight": cover})
    return {"trees": trees, "base_offset": exported["initScore"]}


def raw_margin(model):
    """The raw margin walked as our predict.ts walks it: NaN to the default child, else x <= threshold left."""
    def f(X):
        X = np.asarray(X, dtype=np.float64)
        out = np.full(X.shape[0], model["base_offset"])
        for t in model["trees"]:
            for r in range(X.shape[0]):
                i = 0
                while t["children_left"][i] >= 0:
                    x = X[r, t["features"][i]]
                    i = t["children_default"][i] if np.isnan(x) else (t["children_left"][i] if x <= t["thresholds"][i] else t["children_right"][i])
                out[r] += t["values"][i, 0]
        return out
    return f


def formula6(X):
    a, b, c, d, e, g = X.T
    return 1.5 * a - 2 * b + c * d + np.sin(e) + 0.5 * np.maximum(b, 0) * e + 0.3 * a * g


COEF10 = [2.0, -0.5, 0.5, -2.0, 2.0, -0.5, 0.5, -2.0, 2.0, -0.5]


def formula10(X):
    lin = X @ np.array(COEF10)
    return lin + X[:, 0] * X[:, 1] * X[:, 2] + np.sin(3 * X[:, 3] * X[:, 4]) + X[:, 5] * X[:, 6] + np.exp(0.3 * X[:, 7]) * X[:, 8] + np.abs(X[:, 9])


def nulls(a):
    return [[None if np.isnan(v) else float(v) for v in row] for row in np.asarray(a)]


def kernel_case(name, f, background, weights, x, sampled=False):
    M = background.shape[1]
    data = DenseData(background, [f"x{j}" for j in range(M)], None, np.array(weights, dtype=np.float64))
    explainer = shap.KernelExplainer(f, data)
    phi = explainer.shap_values(x, nsamples=2**M - 2, l1_reg=False, silent=True)
    case = {"name": name, "background": nulls(background), "weights": list(map(float, weights)), "x": nulls(x),
            "nsamples": 2**M - 2, "phi": np.asarray(phi).tolist(), "expected": float(explainer.expected_value)}
    if sampled:
        np.random.seed(0)
        case["sampledBudget"] = SAMPLED_BUDGET
        case["shapSampled"] = np.asarray(explainer.shap_values(x, nsamples=SAMPLED_BUDGET, l1_reg=False, silent=True)).tolist()
    return case


def main():
    exported = export_model()
    model = shap_trees(exported)
    rows = np.array([[np.nan if v is None else v for v in col] for col in exported["rows"]]).T
    explainer = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")
    phi = explainer.shap_values(rows)

    rng = np.random.default_rng(11)
    bg6 = rng.uniform(-2, 2, (30, 6))
    w6 = rng.integers(1, 5, 30).astype(float)
    x6 = rng.uniform(-2, 2, (4, 6))
    bg10 = rng.uniform(-1, 1, (20, 10))
    x10 = rng.uniform(-1, 1, (3, 10))
    tree_bg = rows[:20]
    tree_x = rows[20:26]
    interventional = shap.TreeExplainer(model, data=tree_bg, feature_perturbation="interventional", model_output="raw")
    fixture = {
        "shap": shap.__version__,
        "tree": {"model": exported, "phi": np.asarray(phi).tolist(), "expected": float(np.asarray(explainer.expected_value).reshape(-1)[0])},
        "kernel": [
            kernel_case("formula6", formula6, bg6, w6, x6),
            kernel_case("formula10", formula10, bg10, np.ones(20), x10, sampled=True),
            kernel_case("tree", raw_margin(model), tree_bg, np.ones(20), tree_x),
        ],
        "interventional": {"phi": np.asarray(interventional.shap_values(tree_x)).tolist(),
                           "expected": float(np.asarray(interventional.expected_value).reshape(-1)[0])},
    }
    print(OUT, write_fixture(OUT, fixture), "bytes")


if __name__ == "__main__":
    main()
