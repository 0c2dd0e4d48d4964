/**
 * Load generator of the serving benchmark (bench/serving.ts runs it pinned to its own core):
 * N closed loops, each POSTing one JSON body on a keep-alive connection and sending the next
 * request when the answer arrives, for a fixed time after a warm-up. Loopback only.
 *   node --import tsx bench/serving-load.ts <url> <clients> <seconds> <json body>
 * Prints one JSON line: requests, errors, requests/s, p50 and p99 latency in ms.
 */
import http from 'node:http';

const [url, clientsArg, secondsArg, body] = process.argv.slice(2);
if (!url || !clientsArg || !secondsArg || body === undefined) throw new Error('usage: serving-load.ts <url> <clients> <seconds> <json body>');
const target = new URL(url);
if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`loopback only, got ${target.hostname}`);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const WARMUP_MS = 1_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const payload = Buffer.from(body);

function post(): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(payload);
  });
}

const latencies: number[] = [];
let errors = 0;
let measuring = false;
let stop = false;

async function loop(): Promise<void> {
  while (!stop) {
    const started = performance.now();
    const status = await post();
    const ms = performance.now() - started;
    if (!measuring) continue;
    if (status === 200) latencies.push(ms);
    else errors += 1;
  }
}

const loops = Array.from({ length: clients }, () => loop());
await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
measuring = true;
const began = performance.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - began) / 1000;
stop = true;
await Promise.all(loops);
agent.destroy();

latencies.sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.log(JSON.stringify({ clients, requests: latencies.length, errors, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) }));
