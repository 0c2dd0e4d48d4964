import { describe, expect, it } from 'vitest';
import { bearerRoute, carriesToken } from './bearer-route.ts';
import type { JsonRequest } from './router.ts';

const OLD = 'o'.repeat(32);
const NEW = 'n'.repeat(32);

describe('bearer tokens', () => {
  it('accepts either of two tokens while one is rotated, and nothing else', () => {
    expect(carriesToken(`Bearer ${OLD}`, [OLD, NEW])).toBe(true);
    expect(carriesToken(`Bearer ${NEW}`, [OLD, NEW])).toBe(true);
    for (const header of [undefined, '', OLD, `Basic ${OLD}`, `Bearer ${OLD}x`, `Bearer ${OLD.slice(1)}`, `Bearer  ${OLD}`, `bearer ${OLD}`, `Bearer ${OLD} ${NEW}`]) {
      expect(carriesToken(header, [OLD, NEW]), String(header)).toBe(false);
    }
    expect(carriesToken(`Bearer ${OLD}`, [])).toBe(false);
  });

  it('runs the route only for a caller with a token, and says what to send otherwise', async () => {
    let ran = 0;
    const route = bearerRoute([OLD], async () => ({ status: 200, body: { ran: ++ran } }));
    const req = (authorization?: string): JsonRequest => ({ method: 'POST', path: '/collect', body: {}, query: {}, headers: authorization ? { authorization } : {}, params: {} });
    await expect(route(req())).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('POST /collect needs Authorization: Bearer') });
    await expect(route(req(`Bearer ${NEW}`))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(ran).toBe(0);
    expect(await route(req(`Bearer ${OLD}`))).toEqual({ status: 200, body: { ran: 1 } });
  });
});
