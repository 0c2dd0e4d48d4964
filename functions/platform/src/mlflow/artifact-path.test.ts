import { AppError } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { artifactPath, artifactRoute } from './artifact-path.ts';

describe('artifactPath', () => {
  it('takes both forms of mlflow-artifacts URIs MLflow writes', () => {
    expect(artifactPath('mlflow-artifacts:/1/models/m-1/artifacts', 'model.onnx')).toBe('1/models/m-1/artifacts/model.onnx');
    expect(artifactPath('mlflow-artifacts://mlflow:5000/1/abc/artifacts', 'sub/MLmodel')).toBe('1/abc/artifacts/sub/MLmodel');
    expect(artifactPath('mlflow-artifacts:/1/abc/artifacts/')).toBe('1/abc/artifacts');
  });

  it('refuses URIs the server does not proxy and paths that climb out', () => {
    expect(() => artifactPath('s3://bucket/mlflow/1', 'x')).toThrow(AppError);
    expect(() => artifactPath('mlflow-artifacts:/1/abc', '../other')).toThrow(/leaves/);
  });
});

describe('artifactRoute', () => {
  it('encodes each segment but keeps the slashes', () => {
    expect(artifactRoute('1/a b/#1.bin')).toBe('mlflow-artifacts/artifacts/1/a%20b/%231.bin');
  });
});
