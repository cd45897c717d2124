import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { buildDemoData } from '../../infra/local/seed/demo-data.js';
import { bucketOf, monthsOfFinancialYear, phaseOf } from '../../shared/domain/pipeline.js';
import { financialYear, todayIso } from '../../shared/domain/dates.js';
import { addMonths } from '../../shared/domain/follow-up.js';
import type { Challenge } from '../../shared/domain/challenge.js';
import { apiClient, futureWindow, validRequest } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let adviser: string;
let council: string;
let region: string;
const seed = buildDemoData();

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  region = who.council.region!;
  adviser = await api.signIn(who.adviserOf(region)!);
  council = await api.signIn(who.council);
});

afterAll(async () => {
  await platform?.stop();
});

/** Every challenge of the table, through the API (the adviser's region list), for recounting. */
async function regionChallenges(): Promise<Challenge[]> {
  const out: Challenge[] = [];
  let cursor: string | undefined;
  do {
    const r = await api.call('GET', `/api/challenges?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: adviser });
    out.push(...r.body.items);
    cursor = r.body.cursor;
  } while (cursor);
  return out;
}

function recount(challenges: Challenge[], fy: string) {
  const { from, to } = monthsOfFinancialYear(fy);
  const inYear = challenges.map(bucketOf).filter((b) => b.month >= from && b.month <= to);
  const byPhase: Record<string, number> = { 'in-discussion': 0, booked: 0, delivered: 0, ended: 0 };
  for (const b of inYear) byPhase[phaseOf(b.status)]!++;
  return { total: inYear.length, byPhase };
}

describe('the advisers’ dashboard', () => {
  it('the pipeline’s pre-computed counts equal a recount of the seeded challenges, and its chart adds up to its table', async () => {
    const fy = financialYear(todayIso());
    const r = await api.call('GET', `/api/dashboard/pipeline?fy=${encodeURIComponent(fy)}`, { token: adviser });
    expect(r.status).toBe(200);
    expect(r.body.definition).toMatch(/counted once/);
    const expected = recount(seed.challenges.filter((c) => c.region === region), fy);
    expect(r.body.total).toBe(expected.total);
    expect(r.body.byPhase).toEqual(expected.byPhase);
    const chartTotal = r.body.byMonth.reduce((n: number, m: Record<string, number>) => n + m['in-discussion']! + m.booked! + m.delivered! + m.ended!, 0);
    const tableTotal = r.body.rows.reduce((n: number, row: { count: number }) => n + row.count, 0);
    expect(chartTotal).toBe(r.body.total);
    expect(tableTotal).toBe(r.body.total);
  });

  it('stays exact when requests and moves race', async () => {
    const fy = financialYear(futureWindow(6)[0]!);
    const before = (await api.call('GET', `/api/dashboard/pipeline?fy=${encodeURIComponent(fy)}`, { token: adviser })).body;
    const created = await Promise.all(
      Array.from({ length: 12 }, () => api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [futureWindow(6, 3)] }) })),
    );
    expect(created.every((c) => c.status === 201)).toBe(true);
    await Promise.all(
      created.flatMap((c, i) => [
        api.call('POST', `/api/challenges/${c.body.id}/status`, { token: adviser, body: { to: i % 3 === 0 ? 'cancelled' : 'scoping', why: 'race' } }),
        api.call('POST', `/api/challenges/${c.body.id}/status`, { token: adviser, body: { to: 'scoping', why: 'race again' } }),
      ]),
    );
    const after = (await api.call('GET', `/api/dashboard/pipeline?fy=${encodeURIComponent(fy)}`, { token: adviser })).body;
    expect(after.total).toBe(before.total + 12);
    expect(after).toMatchObject(recount(await regionChallenges(), fy));
  });

  it('take-up lists the councils with no corporate or finance challenge in N years, split by their pipeline', async () => {
    const r = await api.call('GET', '/api/dashboard/take-up?years=5&region=all', { token: adviser });
    expect(r.status).toBe(200);
    const cutoff = addMonths(todayIso(), -60);
    const expected = seed.councils.filter((c) => (c.lastCorporateChallenge ?? '0000-00-00') < cutoff);
    expect(r.body.total).toBe(expected.length);
    expect(r.body.totals.booked + r.body.totals['in-discussion'] + r.body.totals.none).toBe(r.body.total);
    for (const split of ['byType', 'byRegion', 'byControl'])
      expect(r.body[split].reduce((n: number, x: Record<string, number>) => n + x.booked! + x['in-discussion']! + x.none!, 0)).toBe(r.body.total);
    // A council with an open corporate request counts as in discussion, not as none.
    const open = seed.challenges.filter((c) => (c.kind === 'corporate' || c.kind === 'finance') && ['requested', 'scoping'].includes(c.status));
    for (const c of open) {
      const row = r.body.councils.find((x: { id: string }) => x.id === c.councilId);
      if (row) expect(['in-discussion', 'booked']).toContain(row.state);
    }
    const bad = await api.call('GET', '/api/dashboard/take-up?years=40', { token: adviser });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.years');
  });

  it('the pool and the themes: totals agree with the seed', async () => {
    const pool = (await api.call('GET', '/api/dashboard/pool', { token: adviser })).body;
    expect(pool.total.peers).toBe(seed.peers.filter((p) => p.status === 'approved').length);
    expect(pool.byKind.reduce((n: number, x: { peers: number }) => n + x.peers, 0)).toBe(pool.total.peers);
    expect(pool.byGroup.reduce((n: number, x: { peers: number }) => n + x.peers, 0)).toBe(pool.total.peers);
    expect(pool.loadSpread.reduce((n: number, x: { peers: number }) => n + x.peers, 0)).toBe(pool.total.peers);
    const fy = financialYear(todayIso());
    const themes = (await api.call('GET', `/api/dashboard/themes?fy=${encodeURIComponent(fy)}`, { token: adviser })).body;
    const finance = themes.challenges.find((t: { theme: string }) => t.theme === 'finance')?.count ?? 0;
    expect(finance).toBeGreaterThanOrEqual(seed.challenges.filter((c) => c.focusAreas.includes('finance') && financialYear(c.windows[0]![0]!) === fy).length);
  });

  it('the seeded follow-ups are listed (open ones only, by index), some due or overdue today, and the recommendation themes add up', async () => {
    const all = (await api.call('GET', '/api/follow-ups?region=all', { token: adviser })).body.items as { challengeId: string; kind: string; dueOn: string; state: string }[];
    const open = seed.afterVisit.flatMap((a) => a.followUps).filter((f) => f.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    for (const f of open) expect(all.some((x) => x.challengeId === f.challengeId && x.kind === f.kind && x.dueOn === f.dueOn), `${f.challengeId} ${f.kind}`).toBe(true);
    const done = seed.afterVisit.flatMap((a) => a.followUps).filter((f) => f.status === 'done');
    for (const f of done) expect(all.some((x) => x.challengeId === f.challengeId && x.kind === f.kind), `${f.challengeId} ${f.kind} is done`).toBe(false);
    expect(all.some((x) => x.state === 'due' || x.state === 'overdue')).toBe(true);
    const closed = seed.challenges.find((c) => c.status === 'closed' && c.region === region);
    if (closed) {
      const view = (await api.call('GET', `/api/challenges/${closed.id}/follow-up`, { token: adviser })).body;
      expect(view.report.recommendations.length).toBeGreaterThanOrEqual(2);
      expect(view.outcomes.impacts.length).toBeGreaterThan(0);
      expect(view.followUps.map((f: { state: string }) => f.state)).toEqual(['done', 'done']);
    }
    const fy = financialYear(todayIso());
    const expected = seed.afterVisit.filter((a) => financialYear(a.report.issuedOn) === fy).reduce((n, a) => n + a.report.recommendations.length, 0);
    const themes = (await api.call('GET', `/api/dashboard/themes?fy=${encodeURIComponent(fy)}`, { token: adviser })).body;
    expect(themes.totals.recommendations).toBeGreaterThanOrEqual(expected);
  });

  it('is for advisers only and names bad filters', async () => {
    expect((await api.call('GET', '/api/dashboard/pipeline', { token: council })).status).toBe(403);
    const bad = await api.call('GET', '/api/dashboard/pipeline?fy=2026-27&region=Mars', { token: adviser });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.fy', 'query.region']);
  });
});
