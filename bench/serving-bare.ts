/**
 * The machine's HTTP floor for the serving benchmark: a node:http server that reads each body
 * and answers a fixed prediction-sized JSON with the predictor's headers, and does nothing else.
 * bench/serving.ts runs it on the predictor's core with the predictor's V8 flags and the same
 * load generator, in the same rounds, so the predictor's figures can be read against what
 * node:http itself manages on this machine at that moment (the machine's speed drifts).
 *   node --import tsx bench/serving-bare.ts <port>
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: serving-bare.ts <port>');
const answer = JSON.stringify({ model_name: 'bench-serving', model_version: '1', request_id: '00000000-0000-4000-8000-000000000000', prediction: 312345.678 });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('x-model-name', 'bench-serving');
    res.setHeader('x-model-version', '1');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(answer);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log('listening'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
