/** Every text of up to `length` characters over `alphabet`, the empty text included. */
export function allTexts(alphabet: readonly string[], length: number): string[] {
  let level = [''];
  const out = [''];
  for (let i = 0; i < length; i++) {
    level = level.flatMap((t) => alphabet.map((c) => t + c));
    out.push(...level);
  }
  return out;
}
