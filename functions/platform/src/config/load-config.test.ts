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

  it('reads one or two pipeline tokens (two while rotating), each long and without spaces', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    expect(loadConfig({ PIPELINE_TOKENS: a }, ['pipelineAuth']).pipelineAuth.tokens).toEqual([a]);
    expect(loadConfig({ PIPELINE_TOKENS: ` ${a} , ${b} ` }, ['pipelineAuth']).pipelineAuth.tokens).toEqual([a, b]);
    for (const bad of ['', 'short', `${a},${b},${a}`, `${a.slice(1)} x`, `${a}\u00e9`]) {
      expect(() => loadConfig({ PIPELINE_TOKENS: bad }, ['pipelineAuth']), bad).toThrow(/PIPELINE_TOKENS/);
    }
  });

  it('reads the data APIs collect may read, and refuses anything but http(s) URLs', () => {
    const base = { DATA_API_ALLOWED_URLS: 'http://datasource:8080, https://api.example.org/v1' };
    expect(loadConfig(base, ['dataApi']).dataApi.allowedUrls).toEqual(['http://datasource:8080', 'https://api.example.org/v1']);
    expect(() => loadConfig({}, ['dataApi'])).toThrow('missing environment variable DATA_API_ALLOWED_URLS');
    expect(() => loadConfig({ DATA_API_ALLOWED_URLS: 'file:///etc' }, ['dataApi'])).toThrow(/DATA_API_ALLOWED_URLS/);
  });

  it('reads MLflow credentials only when a user is named', () => {
    const uri = { MLFLOW_TRACKING_URI: 'http://mlflow:5000' };
    expect(loadConfig(uri, ['mlflow']).mlflow.credentials).toBeUndefined();
    expect(loadConfig({ ...uri, MLFLOW_TRACKING_USERNAME: 'functions', MLFLOW_TRACKING_PASSWORD: 'secret' }, ['mlflow']).mlflow.credentials).toEqual({ username: 'functions', password: 'secret' });
  });
});
