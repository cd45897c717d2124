import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whose calendar a feed token opens: a peer's own days, or a council's confirmed challenges. */
export type CalendarSubject = { kind: 'peer'; id: string } | { kind: 'council'; id: string };

const ID = /^[A-Za-z0-9-]{1,64}$/;
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function mac(secret: string, subject: string): Buffer {
  return createHmac('sha256', secret).update(`calendar-feed:v1:${subject}`).digest();
}

/**
 * An unguessable, revocable-by-rotation feed token: `<subject>.<HMAC-SHA256(secret, subject)>`,
 * both base64url. Only the holder of the secret can make one; changing the secret revokes all.
 */
export function calendarToken(subject: CalendarSubject, secret: string): string {
  const s = `${subject.kind}:${subject.id}`;
  return `${b64(s)}.${b64(mac(secret, s))}`;
}

/** The subject of a valid token, or undefined (wrong MAC, malformed, unknown kind). */
export function verifyCalendarToken(token: string, secret: string): CalendarSubject | undefined {
  const [s64, m64, ...rest] = token.split('.');
  if (!s64 || !m64 || rest.length > 0) return undefined;
  const s = Buffer.from(s64, 'base64url').toString('utf8');
  const given = Buffer.from(m64, 'base64url');
  const expected = mac(secret, s);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [kind, id, ...more] = s.split(':');
  if (more.length > 0 || !id || !ID.test(id)) return undefined;
  if (kind === 'peer' || kind === 'council') return { kind, id };
  return undefined;
}
