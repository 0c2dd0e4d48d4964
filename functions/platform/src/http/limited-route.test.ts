import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from './limited-route.ts';
import type { JsonRequest } from './router.ts';

const req: JsonRequest = { method: 'POST', path: '/importance', body: {}, query: {}, headers: {}, params: {} };

describe('concurrencyLimit', () => {
  it('runs up to the limit at once, refuses one more with 429, and frees a place when a request ends, failed or not', async () => {
    const limited = concurrencyLimit(2, 5);
    const releases: Array<() => void> = [];
    const slow = limited(() => new Promise((resolve) => releases.push(() => resolve({ status: 200, body: {} }))));
    const failing = limited(async () => Promise.reject(new Error('broke')));
    const first = slow(req);
    const second = slow(req);
    await expect(slow(req)).rejects.toMatchObject({ code: 'too_many_requests', details: { retry_after_seconds: 5 } });
    releases.shift()?.();
    await first;
    await expect(failing(req)).rejects.toThrow('broke');
    const third = slow(req);
    releases.splice(0).forEach((release) => release());
    await Promise.all([second, third]);
  });
});
