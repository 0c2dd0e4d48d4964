import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

describe('config.json', () => {
  it('gives the functions their URLs without a trailing slash, realtor by default', () => {
    expect(parseConfig({ predict: 'http://127.0.0.1:8107/', explain: 'http://127.0.0.1:8108', history: 'https://h.example.org' })).toEqual({
      predict: 'http://127.0.0.1:8107',
      explain: 'http://127.0.0.1:8108',
      history: 'https://h.example.org',
      dataset: 'realtor',
    });
  });

  it('keeps a note on the data when one is given (synthetic rows at course scale)', () => {
    const urls = { predict: 'http://p', explain: 'http://e', history: 'http://h' };
    expect(parseConfig({ ...urls, dataNote: ' SYNTHETIC rows ' })).toMatchObject({ dataNote: 'SYNTHETIC rows' });
    expect(parseConfig({ ...urls, dataNote: '' })).not.toHaveProperty('dataNote');
  });

  it('names the entry that is missing or not a URL', () => {
    expect(parseConfig({ predict: 'http://p', explain: 'ftp://e', history: 'http://h' })).toMatch(/"explain"/);
    expect(parseConfig(null)).toMatch(/object/);
  });
});
