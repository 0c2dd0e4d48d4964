import { err, ok, type Result } from '../errors/result.ts';

/** Latitude and longitude (degrees) of US five-digit ZIP codes: the tables the realtor lookups read. */
export interface ZipLocations {
  readonly latitude: ReadonlyMap<string, number>;
  readonly longitude: ReadonlyMap<string, number>;
}

// The package's US table holds about 42,500 ZIP codes; far fewer means its shape changed
// and the lookups would silently answer "missing" for every row.
const MIN_ZIP_CODES = 30_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The tables from zipcodes' `codes` object (ZIP -> {zip, latitude, longitude, country, ...}).
 * Kept: US five-digit codes with coordinates in range. Dropped: Canadian postal codes, and
 * (0, 0), which the package writes for military APO/FPO codes it cannot place.
 */
export function zipLocationsFrom(codes: unknown): Result<ZipLocations, string> {
  if (!isRecord(codes)) return err('zipcodes: `codes` is not an object');
  const latitude = new Map<string, number>();
  const longitude = new Map<string, number>();
  for (const [zip, entry] of Object.entries(codes)) {
    if (!/^\d{5}$/.test(zip) || !isRecord(entry) || entry.country !== 'US') continue;
    const { latitude: lat, longitude: lon } = entry;
    if (typeof lat !== 'number' || typeof lon !== 'number' || !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) continue;
    if (lat === 0 && lon === 0) continue;
    latitude.set(zip, lat);
    longitude.set(zip, lon);
  }
  if (latitude.size < MIN_ZIP_CODES) return err(`zipcodes: only ${latitude.size} usable US ZIP codes, expected at least ${MIN_ZIP_CODES}`);
  return ok({ latitude, longitude });
}

/**
 * Loads the ZIP tables from the npm package `zipcodes` (pinned, BSD licence; data from
 * federalgovernmentzipcodes.us). Imported on demand: the package is a 5 MB object literal
 * that takes about 80 MB and up to a second to load, which no caller of core should pay
 * at start-up unless it derives these features.
 */
export async function loadZipLocations(): Promise<Result<ZipLocations, string>> {
  const zipcodes = await import('zipcodes');
  return zipLocationsFrom(zipcodes.default.codes);
}
