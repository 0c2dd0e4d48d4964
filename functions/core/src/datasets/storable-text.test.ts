import { describe, expect, it } from 'vitest';
import { firstUnstorableText, printableText, unstorableReason } from './storable-text.ts';

const NUL = /contains a NUL character, which cannot be stored/;
const SURROGATE = /contains an unpaired UTF-16 surrogate, which cannot be stored/;

describe('unstorableReason', () => {
  it.each([
    ['a NUL at the start', '\u0000Austin', NUL],
    ['a NUL in the middle', 'Aus\u0000tin', NUL],
    ['a NUL at the end', 'Austin\u0000', NUL],
    ['a NUL alone', '\u0000', NUL],
    ['a lone high surrogate', 'Austin\ud83d', SURROGATE],
    ['a lone low surrogate', '\ude00Austin', SURROGATE],
    ['a pair in the wrong order', 'a\ude00\ud83db', SURROGATE],
    ['a high surrogate followed by another', '\ud83d\ud83d\ude00', SURROGATE],
  ])('refuses %s', (_what, text, reason) => {
    expect(unstorableReason(text)).toMatch(reason);
  });

  it.each([
    ['plain text', 'Austin'],
    ['empty text', ''],
    ['accents', 'Bogotá, Düsseldorf'],
    ['an emoji (a valid surrogate pair)', 'home \ud83c\udfe0'],
    ['an emoji alone', '😀'],
    ['other control characters', 'tab\there\nnewline'],
    ['a backslash-u text that is not an escape', '\\u0000'],
  ])('passes %s', (_what, text) => {
    expect(unstorableReason(text)).toBeUndefined();
  });
});

describe('printableText', () => {
  it('escapes NUL and unpaired surrogates, keeps the rest as it is', () => {
    expect(printableText('ci\u0000ty')).toBe('ci\\u0000ty');
    expect(printableText('a\ud800b\udfffc')).toBe('a\\ud800b\\udfffc');
    expect(printableText('city 😀 é')).toBe('city 😀 é');
    expect(unstorableReason(printableText('\u0000\ud800'))).toBeUndefined();
  });

  it('cuts a long name to 100 characters, escaping a pair the cut splits', () => {
    expect(printableText('k'.repeat(5_000))).toBe(`${'k'.repeat(100)}...`);
    const split = printableText(`${'k'.repeat(99)}😀tail`);
    expect(split).toBe(`${'k'.repeat(99)}\\ud83d...`);
    expect(unstorableReason(split)).toBeUndefined();
  });
});

describe('firstUnstorableText', () => {
  it('names the path of the first string, value or key, that PostgreSQL could not store', () => {
    expect(firstUnstorableText({ dataset: 'realtor', reasons: ['fine', 'nul\u0000here'] })).toEqual({ field: 'reasons.1', reason: 'contains a NUL character, which cannot be stored' });
    expect(firstUnstorableText({ a: { 'b\ud800': 1 } })).toEqual({ field: 'a.b\\ud800', reason: 'its name contains an unpaired UTF-16 surrogate, which cannot be stored' });
    expect(firstUnstorableText('\u0000')).toEqual({ field: '(body)', reason: 'contains a NUL character, which cannot be stored' });
    expect(firstUnstorableText({ ok: ['😀', 1, null, { x: 'y' }] })).toBeUndefined();
  });
});
