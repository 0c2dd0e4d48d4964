/**
 * The files of a model bundle, the artifact directory of a registered version
 * (docs/architecture.md, "The model bundle"). The graph and its manifest are always there;
 * the tree table (exact TreeSHAP) and the derived features' rules when training wrote them.
 */
export const BUNDLE_FILES = {
  graph: 'model.onnx',
  featureSpec: 'feature_spec.json',
  derived: 'derived_features.json',
  tree: 'model_tree.json',
} as const;
