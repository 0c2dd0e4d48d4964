/** Numbers for people: whole above a thousand, two decimals above one, four significant digits below. */
export function numberFormatter(lang: string): (n: number) => string {
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const two = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const small = new Intl.NumberFormat(lang, { maximumSignificantDigits: 4 });
  return (n) => {
    if (!Number.isFinite(n)) return String(n);
    const a = Math.abs(n);
    return a >= 1000 ? whole.format(n) : a >= 1 ? two.format(n) : small.format(n);
  };
}

/** A timestamp in the language's short date and time. */
export const dateTimeFormatter = (lang: string): ((iso: string) => string) => {
  const f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => (iso ? f.format(new Date(iso)) : '');
};
