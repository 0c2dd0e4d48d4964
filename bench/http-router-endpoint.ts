/**
 * The endpoint of the router benchmark (bench/http-router.ts), one route under two HTTP layers:
 * `POST /preprocess`'s request validated by the project's own schema (core's preprocessRequest)
 * and answered as JSON, without the work behind it. Both layers call the same route function, so
 * what differs between them is the HTTP layer alone. Each reads PORT, as a deployed function does.
 *   our router:          PORT=<port> node --import tsx bench/http-router-endpoint.ts
 *   functions-framework: PORT=<port> FUNCTION_TARGET=preprocess node --import tsx \
 *                          node_modules/@google-cloud/functions-framework/build/src/main.js --source bench/http-router-endpoint.ts
 */
import * as functions from '@google-cloud/functions-framework';
import { preprocessRequest } from '@tabular-ct/core';
import { errorReply, startFunction, validatedRoute, type Log } from '@tabular-ct/platform';

const quiet: Log = () => undefined;
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('set PORT to the port to listen on');

const route = validatedRoute(preprocessRequest, 'preprocess request', (input) => Promise.resolve({ status: 'accepted', dataset: input.dataset, batch_id: input.batch_id }));

const target = process.env.FUNCTION_TARGET;
if (target !== undefined) {
  // Loaded by the framework's own start-up (its main.js), which listens on PORT: the route
  // behind a `functions.http` handler, errors rendered in our shape as a function would.
  functions.http(target, (req, res) => {
    const request = { method: req.method, path: req.path, body: req.body as unknown, query: {}, headers: req.headers, params: {} };
    route(request).then(
      (reply) => res.status(reply.status).json(reply.body),
      (error: unknown) => {
        const reply = errorReply(error, { fn: target }, quiet);
        res.status(reply.status).json(reply.body);
      },
    );
  });
} else {
  // Started as every function's main.ts starts: PORT and HOST from the environment.
  await startFunction('bench-router', [], () => ({ routes: { 'POST /preprocess': route } }));
}
