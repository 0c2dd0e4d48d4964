import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../testing/failure.ts';
import { createMlflowClient } from './client.ts';
import { answerError } from './http-errors.ts';

// These tests fake the network, never MLflow: a closed port, a server that never answers,
// one that stalls halfway through a body. MLflow itself is exercised in the integration test.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A local HTTP server driven by `handle`; resolves to its base URL. */
async function listen(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('MLflow over an unreliable network', () => {
  it('fails fast with upstream_unavailable naming the URL and the code when nothing listens', async () => {
    // A port that was free a moment ago: connecting to it is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const client = createMlflowClient({ trackingUri: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
    const started = Date.now();
    const error = await failure(client.experiments.getByName('any'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain(`http://127.0.0.1:${port}/api/2.0/mlflow/experiments/get-by-name`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.details).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('names the reason when fetch refuses the port itself (port 1 is on the fetch block list)', async () => {
    const client = createMlflowClient({ trackingUri: 'http://127.0.0.1:1', timeoutMs: 5_000 });
    const error = await failure(client.registry.getRegisteredModel('any'));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toMatch(/^MLflow at http:\/\/127\.0\.0\.1:1\/api\/2\.0\/mlflow\/registered-models\/get\?name=any is unreachable: bad port$/);
  });

  it('sends a GET once more when the connection is closed without an answer, never a POST', async () => {
    // What a keep-alive connection closed by the server while idle looks like to the client:
    // the request goes out and the socket closes with no answer. The first request of each
    // method meets that; the next one is answered.
    const seen: string[] = [];
    const base = await listen((req, res) => {
      seen.push(req.method ?? '');
      if (seen.filter((m) => m === req.method).length === 1) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ experiment: { experiment_id: '7', name: 'any', lifecycle_stage: 'active' } }));
    });
    const client = createMlflowClient({ trackingUri: base, timeoutMs: 5_000 });
    await client.experiments.getByName('any');
    expect(seen).toEqual(['GET', 'GET']);

    const error = await failure(client.registry.createRegisteredModel('any'));
    expect(error.code).toBe('upstream_unavailable');
    expect(seen).toEqual(['GET', 'GET', 'POST']);
  });

  it('sends the credentials of MLflow\'s basic-auth app on every request, and none without them', async () => {
    const seen: Array<string | undefined> = [];
    const base = await listen((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ experiment: { experiment_id: '7', name: 'any', lifecycle_stage: 'active' } }));
    });
    await createMlflowClient({ trackingUri: base, timeoutMs: 5_000, credentials: { username: 'functions', password: 'p:ss' } }).experiments.getByName('any');
    await createMlflowClient({ trackingUri: base, timeoutMs: 5_000 }).experiments.getByName('any');
    expect(seen).toEqual([`Basic ${Buffer.from('functions:p:ss').toString('base64')}`, undefined]);
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    const url = await listen(() => {
      // Accept the request and never answer.
    });
    const client = createMlflowClient({ trackingUri: url, timeoutMs: 300 });
    const started = Date.now();
    const error = await failure(client.registry.getVersionByAlias('model', 'production'));
    const elapsed = Date.now() - started;
    // Generous upper bound: the timer fires at 300 ms, the rest is scheduling on a busy machine.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3_000);
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain(`${url}/api/2.0/mlflow/registered-models/alias`);
    expect(error.message).toContain('300 ms');
  });

  it('fails a download whose body stalls halfway, as an AppError in the stream', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write(Buffer.alloc(1024, 1)); // then nothing more
    });
    const client = createMlflowClient({ trackingUri: url, timeoutMs: 300 });
    const error = await failure(client.artifacts.download('mlflow-artifacts:/1/models/m-1/artifacts', 'model.onnx'));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('/api/2.0/mlflow-artifacts/artifacts/1/models/m-1/artifacts/model.onnx');
  });

  it('reports an answer that does not match its schema as upstream_error naming the endpoint', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ experiment: { experiment_id: 7 } }));
    });
    const client = createMlflowClient({ trackingUri: url, timeoutMs: 1_000 });
    const error = await failure(client.experiments.getByName('x'));
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('GET mlflow/experiments/get-by-name');
    expect(error.message).toContain('experiment.experiment_id');
  });

  it('reports a non-JSON error page (a proxy in front of MLflow) as upstream_error with its status', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    const client = createMlflowClient({ trackingUri: url, timeoutMs: 1_000 });
    const error = await failure(client.runs.get('abc'));
    expect(error.code).toBe('upstream_error');
    expect(error.details).toMatchObject({ status: 502, body: '<html>bad gateway</html>' });
  });
});

describe('answerError', () => {
  // Bodies as MLflow 3.17 and 3.18 write them (MlflowException.serialize_as_json).
  const body = (error_code: string, message: string): string => JSON.stringify({ error_code, message, error_class: 'x' });

  it.each([
    ['RESOURCE_DOES_NOT_EXIST', 404, 'not_found'],
    ['RESOURCE_ALREADY_EXISTS', 400, 'conflict'],
    ['INVALID_PARAMETER_VALUE', 400, 'invalid_request'],
    ['PERMISSION_DENIED', 403, 'upstream_error'],
    ['INTERNAL_ERROR', 500, 'upstream_error'],
  ] as const)('translates %s (HTTP %d) into %s, keeping MLflow code and message', (mlflowCode, status, code) => {
    const error = answerError(status, body(mlflowCode, 'what MLflow said'), 'POST mlflow/runs/create');
    expect(error.code).toBe(code);
    expect(error.message).toBe('MLflow POST mlflow/runs/create: what MLflow said');
    expect(error.details).toEqual({ status, errorCode: mlflowCode, message: 'what MLflow said' });
  });
});
