/**
 * Load generator of the serving benchmark (bench/serving.ts runs it pinned to its own core):
 * N closed loops, each POSTing one JSON body on its own keep-alive connection and sending the
 * next request when the whole answer has arrived, for a fixed time after a warm-up. Loopback only.
 *   node --import tsx bench/serving-load.ts <url> <clients> <seconds> <json body>
 * Prints one JSON line: requests, errors, requests/s, p50, p90, p99, p99.9 and max latency in ms.
 *
 * HTTP/1.1 is written and read on plain sockets rather than through node:http's client: the
 * request bytes are built once and an answer is read by its Content-Length. node:http's client
 * cost about 45 us of CPU a request, which at 64 clients is a queue of its own inside the
 * generator (answers waiting to be read while it handles the others), counted as the server's
 * latency. Latency is from the write of a request to the last byte of its answer.
 */
import net from 'node:net';

const [url, clientsArg, secondsArg, body] = process.argv.slice(2);
if (!url || !clientsArg || !secondsArg || body === undefined) throw new Error('usage: serving-load.ts <url> <clients> <seconds> <json body>');
const target = new URL(url);
if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`loopback only, got ${target.hostname}`);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const port = Number(target.port);
const WARMUP_MS = 1_000;

const payload = Buffer.from(body);
const request = Buffer.concat([
  Buffer.from(`POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`, 'latin1'),
  payload,
]);
const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

/** The length of the first complete answer in `buf` and its status, or undefined while it is incomplete. */
function answer(buf: Buffer): { length: number; status: number } | undefined {
  const headEnd = buf.indexOf(HEADER_END);
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const declared = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (declared) {
    const length = headEnd + 4 + Number(declared[1]);
    return buf.length >= length ? { length, status } : undefined;
  }
  // Chunked (the predictor sends Content-Length; a streamed error answer would not).
  const end = buf.indexOf(CHUNKED_END, headEnd);
  return end < 0 ? undefined : { length: end + CHUNKED_END.length, status };
}

/** One keep-alive connection: post() resolves with the answer's status, 0 if the connection failed. */
async function connection(): Promise<{ post(): Promise<number>; close(): void }> {
  const socket = net.connect({ host: target.hostname, port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: ((status: number) => void) | undefined;
  const settle = (status: number) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(status);
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const got = answer(buffered);
    if (!got) return;
    buffered = buffered.subarray(got.length);
    settle(got.status);
  });
  socket.on('error', () => settle(0));
  socket.on('close', () => settle(0));
  return {
    post: () =>
      new Promise((resolve) => {
        if (socket.destroyed) return resolve(0);
        waiting = resolve;
        socket.write(request);
      }),
    close: () => socket.destroy(),
  };
}

const latencies: number[] = [];
let errors = 0;
let measuring = false;
let stop = false;

async function loop(): Promise<void> {
  let conn = await connection();
  while (!stop) {
    const started = performance.now();
    const status = await conn.post();
    const ms = performance.now() - started;
    if (status === 0) {
      // The connection failed: count it and open another, as a client would.
      conn.close();
      conn = await connection();
    }
    if (!measuring) continue;
    if (status === 200) latencies.push(ms);
    else errors += 1;
  }
  conn.close();
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

latencies.sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.log(
  JSON.stringify({ clients, requests: latencies.length, errors, rps: latencies.length / elapsed, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: latencies.at(-1) ?? NaN }),
);
