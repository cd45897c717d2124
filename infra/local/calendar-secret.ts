import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local CALENDAR_SECRET (HMAC key of calendar feed URLs): generated once into the data
 * folder, like the signing key, so subscription URLs survive restarts; in memory for tests.
 */
export function localCalendarSecret(dataDir: string | null): string {
  const file = dataDir ? join(dataDir, 'calendar-secret') : undefined;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  if (file) {
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}
