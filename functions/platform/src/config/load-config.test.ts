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
    expect(config).toEqual({ mlflow: { trackingUri: 'http://mlflow:5000', timeoutMs: 30_000 }, http: { port: 9000, host: '0.0.0.0' } });
  });
});
