import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('names every missing variable at once', () => {
    expect(() => loadConfig({ S3_BUCKET: 'b' }, ['database', 'objectStore'])).toThrow(
      'Configuration: missing environment variables RAW_DATABASE_URL, CLEAN_DATABASE_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY',
    );
  });

  it('names a variable whose value does not parse', () => {
    try {
      loadConfig({ MLFLOW_TRACKING_URI: 'http://mlflow:5000', MLFLOW_TIMEOUT_MS: 'soon' }, ['mlflow']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toEqual(['MLFLOW_TIMEOUT_MS']);
      expect((error as Error).message).toMatch(/invalid MLFLOW_TIMEOUT_MS/);
    }
  });

  it('applies defaults and parses numbers and URLs', () => {
    const config = loadConfig({ MLFLOW_TRACKING_URI: 'http://mlflow:5000/', PORT: '9000' }, ['mlflow', 'http']);
    expect(config).toEqual({ mlflow: { trackingUri: 'http://mlflow:5000', timeoutMs: 30_000, modelNamePrefix: 'tabular-ct' }, http: { port: 9000, host: '0.0.0.0', corsOrigins: [] } });
  });

  it('names models with MODEL_NAME_PREFIX and refuses one MLflow could not take', () => {
    const config = loadConfig({ MLFLOW_TRACKING_URI: 'http://mlflow:5000', MODEL_NAME_PREFIX: 'e2e_realtor-1' }, ['mlflow']);
    expect(config.mlflow.modelNamePrefix).toBe('e2e_realtor-1');
    expect(() => loadConfig({ MLFLOW_TRACKING_URI: 'http://mlflow:5000', MODEL_NAME_PREFIX: 'a/b' }, ['mlflow'])).toThrow(/invalid MODEL_NAME_PREFIX/);
  });

  it('reads CORS_ALLOWED_ORIGINS as a list of origins and refuses a URL with a path', () => {
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: ' http://127.0.0.1:8120, https://ui.example.org ' }, ['http']).http.corsOrigins).toEqual(['http://127.0.0.1:8120', 'https://ui.example.org']);
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: '*' }, ['http']).http.corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: 'http://ui.example.org/app' }, ['http'])).toThrow(/CORS_ALLOWED_ORIGINS/);
  });
});
