"""Python shap's side of the serving benchmark (bench/serving.ts runs it):

    .cache/venv/bin/python bench/shap_reference.py <input.json> <output.json>

The input carries what bench/serving-shap.ts explains with our code: one of our tree models
(flat table, converted to a shap custom tree model as python/golden/make_shap_fixtures.py
does) with rows, and a background and rows for KernelSHAP on the closed-form 10-feature
model of the fixtures. Times are wall clock per explanation after one warm-up call
(TreeSHAP: median of 5 passes over all rows; KernelSHAP: median over rows, one call each); the
values go back too, so the benchmark can show both sides explained the same thing. With
`kernel.budgets`, KernelSHAP also runs at those smaller budgets over `kernel.seeds` seeds of
its sampler, for the comparison at equal accuracy (time and RMS relative error per budget).
`treeKernel` is KernelSHAP of the tree model exported to ONNX (the file our exporter wrote):
KernelExplainer on an onnxruntime session of it, one thread, as a black box; its background
and rows carry missing values (null in JSON)."""

import json
import os
import sys
import time
import warnings

import numpy as np
import onnxruntime as ort
import shap

# Medians, not means: the machine's two cores are shared, and an outlier says more about
# the neighbours than about the explainer.
REPEATS = 5

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python", "golden"))
from make_shap_fixtures import formula10, shap_trees  # noqa: E402


def as_array(columns):
    return np.array([[np.nan if v is None else v for v in col] for col in columns], dtype=np.float64).T


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    warnings.filterwarnings("ignore")

    tree = spec["tree"]
    model = shap_trees(tree["model"])
    rows = as_array(tree["rows"])
    explainer = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")
    explainer.shap_values(rows[:2])
    tree_times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        tree_phi = explainer.shap_values(rows)
        tree_times.append((time.perf_counter() - started) * 1000 / rows.shape[0])

    kernel = spec["kernel"]
    background = np.array(kernel["background"], dtype=np.float64)
    x = np.array(kernel["x"], dtype=np.float64)
    nsamples = kernel["nsamples"]
    kexplainer = shap.KernelExplainer(formula10, background)
    kexplainer.shap_values(x[:1], nsamples=nsamples, l1_reg=False, silent=True)
    kernel_phi, kernel_times = [], []
    for row in x:
        started = time.perf_counter()
        kernel_phi.append(np.asarray(kexplainer.shap_values(row[None, :], nsamples=nsamples, l1_reg=False, silent=True))[0])
        kernel_times.append((time.perf_counter() - started) * 1000)

    # Equal accuracy: the same rows at smaller budgets, several seeds of shap's sampler, the
    # error measured against its own exact values above (relative L2 norm per row).
    budgets = []
    for n in kernel.get("budgets", []):
        errors, times = [], []
        for seed in range(kernel["seeds"]):
            for row, exact in zip(x, kernel_phi):
                np.random.seed(seed)
                started = time.perf_counter()
                phi = np.asarray(kexplainer.shap_values(row[None, :], nsamples=n, l1_reg=False, silent=True))[0]
                times.append((time.perf_counter() - started) * 1000)
                errors.append(float(np.linalg.norm(phi - exact) / np.linalg.norm(exact)))
        budgets.append({"coalitions": n, "ms": float(np.median(times)), "rmsError": float(np.sqrt(np.mean(np.square(errors))))})

    tk = spec["treeKernel"]
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(tk["onnx"], options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]

    def onnx_model(data):
        # Our graph takes one 1-D double column per feature, in the model's feature order.
        data = np.asarray(data, dtype=np.float64)
        return session.run(None, {name: np.ascontiguousarray(data[:, j]) for j, name in enumerate(names)})[0]

    tk_x = as_array(np.array(tk["x"], dtype=object).T)
    tk_explainer = shap.KernelExplainer(onnx_model, as_array(np.array(tk["background"], dtype=object).T))
    tk_explainer.shap_values(tk_x[:1], nsamples=tk["nsamples"], l1_reg=False, silent=True)
    tk_phi, tk_times = [], []
    for row in tk_x:
        started = time.perf_counter()
        tk_phi.append(np.asarray(tk_explainer.shap_values(row[None, :], nsamples=tk["nsamples"], l1_reg=False, silent=True))[0])
        tk_times.append((time.perf_counter() - started) * 1000)

    with open(sys.argv[2], "w") as f:
        json.dump({"treeKernelMs": float(np.median(tk_times)), "treeKernelPhi": np.asarray(tk_phi).tolist(),
                   "shap": shap.__version__, "treeMs": float(np.median(tree_times)), "treePhi": np.asarray(tree_phi).tolist(),
                   "kernelMs": float(np.median(kernel_times)), "kernelPhi": np.asarray(kernel_phi).tolist(), "kernelBudgets": budgets}, f)


if __name__ == "__main__":
    main()
