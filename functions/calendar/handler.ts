import { CONTRACT } from '../../shared/api/contract.js';
import { calendarToken, verifyCalendarToken, type CalendarSubject } from '../../shared/auth/calendar-token.js';
import { readConfig } from '../../shared/config.js';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { TeamRepository } from '../../shared/data/team-repository.js';
import { calendarIcs, CALENDAR_STATUSES, type CalendarEntry } from '../../shared/domain/calendar.js';
import type { Caller } from '../../shared/domain/user.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { forbidden, notFound } from '../../shared/http/errors.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const challenges = new ChallengesRepository(tableName);
const team = new TeamRepository(tableName);
const ICS = 'text/calendar; charset=utf-8';

/** The HMAC key of feed tokens: CALENDAR_SECRET (generated into .data/ locally; a Secrets Manager secret on AWS). */
function secret(): string {
  const s = process.env.CALENDAR_SECRET;
  if (!s || s.length < 16) throw new Error('missing environment variable CALENDAR_SECRET');
  return s;
}

function subjectOf(caller: Caller): CalendarSubject {
  if (caller.roles.includes('peer') && caller.peerId) return { kind: 'peer', id: caller.peerId };
  if (caller.roles.includes('council') && caller.councilId) return { kind: 'council', id: caller.councilId };
  throw forbidden('your account is linked to neither a peer profile nor a council');
}

/** A peer's accepted places on challenges whose team is confirmed (or on site). */
async function peerEntries(peerId: string): Promise<CalendarEntry[]> {
  const accepted = (await team.invitationsOf(peerId)).filter((i) => i.status === 'accepted');
  const found = await Promise.all(accepted.map((i) => challenges.get(i.challengeId)));
  return accepted.flatMap((inv, k): CalendarEntry[] => {
    const c = found[k];
    if (!c || !CALENDAR_STATUSES.includes(c.status)) return [];
    return [{ challengeId: c.id, councilName: c.councilName, kind: c.kind, days: c.scope?.days ?? inv.days, role: inv.role }];
  });
}

/** A council's challenges whose team is confirmed (or on site). */
async function councilEntries(councilId: string): Promise<CalendarEntry[]> {
  const out: CalendarEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await challenges.listByCouncil(councilId, 100, cursor);
    for (const c of page.items)
      if (CALENDAR_STATUSES.includes(c.status) && c.scope) out.push({ challengeId: c.id, councilName: c.councilName, kind: c.kind, days: c.scope.days });
    cursor = page.cursor;
  } while (cursor);
  return out;
}

async function calendarOf(subject: CalendarSubject): Promise<string> {
  const entries = subject.kind === 'peer' ? await peerEntries(subject.id) : await councilEntries(subject.id);
  return calendarIcs(subject.kind === 'peer' ? 'My peer challenges' : 'Our peer challenges', entries);
}

export const routes = {
  'GET /api/calendar.ics': route(CONTRACT['GET /api/calendar.ics'], async ({ caller }) => ({
    body: await calendarOf(subjectOf(caller)),
    contentType: ICS,
    headers: { 'content-disposition': 'inline; filename="peer-challenges.ics"' },
  })),

  'GET /api/calendar/feed-url': route(CONTRACT['GET /api/calendar/feed-url'], async ({ caller, headers }) => {
    const path = `/api/calendar/feed/${calendarToken(subjectOf(caller), secret())}.ics`;
    const host = headers?.['x-forwarded-host'] ?? headers?.host;
    const local = !host || /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host);
    const proto = headers?.['x-forwarded-proto'] ?? (local ? 'http' : 'https');
    return { body: { url: host ? `${proto}://${host}${path}` : path, path } };
  }),

  'GET /api/calendar/feed/{file}': route(CONTRACT['GET /api/calendar/feed/{file}'], async ({ params }) => {
    const subject = verifyCalendarToken(params.file.slice(0, -'.ics'.length), secret());
    if (!subject) throw notFound('no such calendar');
    return { body: await calendarOf(subject), contentType: ICS, headers: { 'cache-control': 'private, max-age=900' } };
  }),
};

export const handler = apiHandler(routes);
