// PostgreSQL's text and jsonb cannot hold U+0000, and jsonb refuses the `\ud800`-style escape
// of a UTF-16 surrogate without its pair (the form JSON.stringify gives a lone surrogate): one
// such string fails the whole INSERT it travels in, every row of it. So text is checked where
// it enters, and text we echo (a caller's field name) is escaped before it is answered or stored.
// https://www.postgresql.org/docs/current/datatype-json.html#DATATYPE-JSON-TABLE

// A high surrogate not followed by a low one, or a low one not preceded by a high one. A
// pattern rather than String.prototype.isWellFormed (ES2024, beyond the ES2023 lib the project
// compiles against), and the same pattern finds what printableText escapes. No `u` flag: the
// pattern must see the string's UTF-16 code units, not its code points.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_CHAR = new RegExp(`\\0|${LONE_SURROGATE.source}`, 'g');

/** Why PostgreSQL could not store this text, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  if (text.includes('\0')) return 'contains a NUL character, which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate, which cannot be stored';
  return undefined;
}

// Enough to recognize a field name; a hostile megabyte-long key is not echoed whole.
const MAX_PRINTED = 100;

/**
 * A caller's text (a field name) made safe to answer, log and store: cut to 100 characters,
 * NUL and unpaired surrogates written as `\u0000`-style escapes (cutting may split a pair,
 * leaving one half alone: it is escaped too).
 */
export function printableText(text: string): string {
  const cut = text.length > MAX_PRINTED ? `${text.slice(0, MAX_PRINTED)}...` : text;
  return cut.replace(UNSTORABLE_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The first string of a parsed request (keys included) that PostgreSQL could not store, with
 * its path (`reasons.2`), or undefined. A loop over a stack, not recursion: request bodies are
 * depth-limited before they are parsed, but this must not depend on it.
 */
export function firstUnstorableText(value: unknown): { field: string; reason: string } | undefined {
  const pending: Array<{ item: unknown; path: string }> = [{ item: value, path: '' }];
  const at = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);
  while (pending.length > 0) {
    const { item, path } = pending.pop() as { item: unknown; path: string };
    if (typeof item === 'string') {
      const reason = unstorableReason(item);
      if (reason !== undefined) return { field: path === '' ? '(body)' : path, reason };
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => pending.push({ item: element, path: at(path, i) }));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        const reason = unstorableReason(key);
        if (reason !== undefined) return { field: at(path, printableText(key)), reason: `its name ${reason}` };
        pending.push({ item: element, path: at(path, key) });
      }
    }
  }
  return undefined;
}
