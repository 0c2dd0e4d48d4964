import { existsSync } from 'node:fs';
import { runCommand } from './run-command.ts';

/** Debian's Chromium, which the browser tests drive (Playwright's own browser downloads are not reachable here). */
const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium package when it is missing; as root only (CI runs as root). */
export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) to run the browser tests`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runCommand('apt-get', ['update', '-qq'], { label: 'chromium', env, quiet: true });
  await runCommand('apt-get', ['install', '-y', '-qq', 'chromium'], { label: 'chromium', env, quiet: true });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is not there`);
  return CHROMIUM;
}
