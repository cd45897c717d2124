/**
 * Dashboard speed benchmark (issue 5, "Speed"): every dashboard request p95 ≤ 300 ms with
 * 5,000 challenges and 2,500 approved peers in the table.
 *
 *   npm run bench:dashboard
 *   N=200 CONCURRENCY=8 npm run bench:dashboard
 *
 * Starts an in-memory platform (DynamoDB Local) with the demo seed, bulk-loads realistic
 * challenges (all regions, kinds and statuses, on-site starts spread over the last three
 * financial years, this one and the next) and approved peers, keeps the dashboard's
 * aggregates equal to the loaded data, checks that the pipeline totals equal a recount of
 * every stored challenge, then times each dashboard request against GET /api/health and
 * counts the DynamoDB calls each one makes. Writes test-results/bench-dashboard.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPlatform } from '../infra/local/platform.js';
import { deterministicUlid, PAST_STAGES, buildDemoData } from '../infra/local/seed/demo-data.js';
import { prng, type Prng } from '../infra/local/seed/prng.js';
import { ROUTES } from '../infra/routes.js';
import { pipelineItems, readTakeUp, readThemes, themeItems } from '../shared/data/aggregates.js';
import { DashboardRepository } from '../shared/data/dashboard-repository.js';
import { takeUp } from '../shared/domain/dashboard.js';
import { writeAll } from '../shared/data/batch-write.js';
import { auditItem, challengeItem } from '../shared/data/challenges-repository.js';
import { documentClient } from '../shared/data/client.js';
import { councilItem } from '../shared/data/councils-repository.js';
import { loadAttribute } from '../shared/data/keys.js';
import { digestItems, readDigest } from '../shared/data/pool-digest.js';
import { peerItems } from '../shared/data/peers-repository.js';
import { challengeSchema, type Challenge } from '../shared/domain/challenge.js';
import type { Council } from '../shared/domain/council.js';
import { addDays, financialYear, isWorkingDay, nextWorkingDay, todayIso } from '../shared/domain/dates.js';
import { peerSchema, type Peer } from '../shared/domain/peer.js';
import { bucketOf, onSiteStart } from '../shared/domain/pipeline.js';
import {
  FOCUS_AREAS,
  POLITICAL_GROUPS,
  REGIONS,
  type ChallengeKind,
  type ChallengeStatus,
  type FocusArea,
  type Region,
} from '../shared/domain/reference.js';
import { TEAM_TEMPLATES } from '../shared/domain/scope.js';
import { queryAll, queryCount } from '../shared/data/query.js';

const TARGET_CHALLENGES = Number(process.env.CHALLENGES ?? 5_000);
const TARGET_APPROVED_PEERS = Number(process.env.PEERS ?? 2_500);
const N = Number(process.env.N ?? 100);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const WARM_UP = 5;
const P95_BUDGET_MS = 300;

const today = todayIso();
const thisFy = financialYear(today);
const fyStart = Number(thisFy.slice(0, 4));
const fyName = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
/** The last three financial years, this one and the next. */
const YEARS = [fyStart - 3, fyStart - 2, fyStart - 1, fyStart, fyStart + 1].map(fyName);
const FIRST_DAY = `${fyStart - 3}-04-01`;
const LAST_DAY = `${fyStart + 2}-03-31`;

// ---------------------------------------------------------------------------------------
// Data

function windowFrom(start: string, days: number): string[] {
  let d = isWorkingDay(start) ? start : nextWorkingDay(start);
  const out = [d];
  while (out.length < days) out.push((d = nextWorkingDay(d)));
  return out;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

function stamp(day: string, rng: Prng): string {
  return `${day}T${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}.000Z`;
}

const KIND_WEIGHTS: [ChallengeKind, number][] = [
  ['corporate', 40],
  ['finance', 18],
  ['childrens-safeguarding', 12],
  ['adult-social-care', 10],
  ['planning', 10],
  ['fire', 5],
  ['other', 5],
];
const KIND_FOCUS: Record<ChallengeKind, FocusArea[]> = {
  corporate: [],
  finance: ['finance'],
  'childrens-safeguarding': ['childrens-services'],
  'adult-social-care': ['adult-social-care'],
  planning: ['planning'],
  fire: ['governance', 'efficiency'],
  other: ['equality-diversity-inclusion'],
};

function weighted<T>(rng: Prng, items: readonly [T, number][]): T {
  let r = rng.next() * items.reduce((n, [, w]) => n + w, 0);
  for (const [x, w] of items) if ((r -= w) < 0) return x;
  return items[items.length - 1]![0];
}

/** A plausible status for a challenge whose (first) on-site days are `days`. */
function statusFor(rng: Prng, days: string[]): ChallengeStatus {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  if (first > today) {
    const soon = daysBetween(today, first) < 120;
    return weighted<ChallengeStatus>(rng, [
      ['requested', soon ? 10 : 40],
      ['scoping', soon ? 15 : 25],
      ['team-proposed', soon ? 20 : 8],
      ['team-confirmed', soon ? 40 : 12],
      ['withdrawn', 8],
      ['cancelled', 4],
    ]);
  }
  if (last >= today) return 'on-site';
  if (rng.chance(0.08)) return rng.pick(['withdrawn', 'cancelled'] as const);
  const age = daysBetween(last, today);
  if (age < 60) return 'report-issued';
  if (age < 200) return rng.chance(0.85) ? 'check-in' : 'report-issued';
  if (age < 400) return rng.chance(0.8) ? 'progress-review' : 'check-in';
  return rng.chance(0.9) ? 'closed' : 'progress-review';
}

const SCOPED: readonly ChallengeStatus[] = ['team-proposed', 'team-confirmed', 'on-site', 'report-issued', 'check-in', 'progress-review', 'closed'];

function buildChallenges(n: number, councils: readonly Council[]): Challenge[] {
  const rng = prng('bench-dashboard-challenges');
  const span = daysBetween(FIRST_DAY, LAST_DAY);
  return Array.from({ length: n }, (_, i) => {
    const council = rng.pick(councils);
    const kind = council.type === 'fire and rescue authority' ? 'fire' : weighted(rng, KIND_WEIGHTS.filter(([k]) => k !== 'fire'));
    const length = rng.int(3, 5);
    const first = windowFrom(addDays(FIRST_DAY, rng.int(0, span - 10)), length);
    let status = statusFor(rng, first);
    // Preferred windows: requested/scoping/withdrawn may offer several; later ones follow the first.
    const count = first[0]! > today && ['requested', 'scoping', 'withdrawn', 'cancelled'].includes(status) ? rng.int(1, 4) : 1;
    const windows = [first];
    while (windows.length < count) windows.push(windowFrom(addDays(windows[windows.length - 1]!.at(-1)!, rng.int(7, 35)), length));
    // Once scoped, the agreed days are one of the windows (so the bucket is not always the first window's).
    const days = SCOPED.includes(status) ? windows[windows.length - 1]! : null;
    if (days && days[0]! <= today && status !== 'on-site' && days.at(-1)! >= today) status = 'on-site';
    const focus = [...KIND_FOCUS[kind], ...rng.sample(FOCUS_AREAS.filter((f) => !KIND_FOCUS[kind].includes(f)), rng.int(kind === 'corporate' ? 1 : 0, 3))];
    const start = days?.[0] ?? first[0]!;
    let created = addDays(start, -rng.int(60, 240));
    if (created > today) created = addDays(today, -rng.int(0, 60));
    const end = (days ?? first).at(-1)!;
    let updated = status === 'requested' ? created : end < today ? addDays(end, rng.int(1, 60)) : addDays(created, rng.int(0, Math.max(0, daysBetween(created, today))));
    if (updated > today) updated = today;
    if (updated < created) updated = created;
    const createdAt = stamp(created, rng);
    let updatedAt = updated === created ? createdAt : stamp(updated, rng);
    if (updatedAt < createdAt) updatedAt = createdAt;
    return challengeSchema.parse({
      id: deterministicUlid(Date.parse(createdAt), rng),
      councilId: council.id,
      councilName: council.name,
      region: council.region,
      kind,
      focusAreas: focus,
      windows,
      contact: { name: `Bench Contact ${i}`, email: `bench.contact.${i}@example.gov.uk` },
      notes: 'Benchmark data.',
      status,
      ...(days
        ? {
            scope: {
              slots: TEAM_TEMPLATES[kind],
              focus: Object.fromEntries(focus.map((f, k) => [f, Math.max(1, 5 - k)])),
              days,
              presentationDay: days.at(-1)!,
              reportDue: addDays(days.at(-1)!, 28),
            },
          }
        : {}),
      createdAt,
      updatedAt,
    });
  });
}

function buildPeers(n: number, councils: readonly Council[]): { peer: Peer; load: number; days: number; invited: boolean }[] {
  const rng = prng('bench-dashboard-peers');
  return Array.from({ length: n }, (_, i) => {
    const kind = weighted(rng, [
      ['member', 55],
      ['officer', 38],
      ['other', 7],
    ] as const);
    const skills: Peer['skills'] = {};
    for (const s of rng.sample(FOCUS_AREAS, rng.int(1, 5))) skills[s] = rng.pick([1, 2, 2, 3] as const);
    const lead = rng.chance(0.2);
    const maxLoad = rng.int(1, 6);
    const load = rng.chance(0.6) ? rng.int(0, maxLoad + (rng.chance(0.1) ? 1 : 0)) : 0;
    const peer = peerSchema.parse({
      id: `bench-peer-${String(i + 1).padStart(5, '0')}`,
      name: `Bench Peer ${i + 1}`,
      email: `bench.peer.${i + 1}@example.org`,
      kind,
      group: kind === 'member' ? rng.pick(POLITICAL_GROUPS) : null,
      councilId: kind === 'other' ? null : rng.pick(councils).id,
      title: kind === 'member' ? 'Councillor' : kind === 'officer' ? 'Director' : 'Independent adviser',
      roles: kind === 'member' ? (lead ? ['member', 'lead-member'] : ['member']) : kind === 'officer' ? (lead ? ['officer', 'lead-officer'] : ['officer']) : ['other'],
      skills,
      blackouts: [],
      maxLoad,
      conflicts: [],
      status: 'approved',
    });
    return { peer, load, days: load * rng.int(3, 5), invited: load > 0 || rng.chance(0.5) };
  });
}

/** Every challenge in the table, read back by region (an index query each, as a rebuild would). */
async function storedChallenges(tableName: string): Promise<Challenge[]> {
  const pages = await Promise.all(
    REGIONS.map((r) =>
      queryAll({ TableName: tableName, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': `REGION#${r}#CHALLENGES` } }),
    ),
  );
  return pages.flat().filter((i) => i.entity === 'Challenge') as Challenge[];
}

async function countApproved(tableName: string): Promise<number> {
  const counts = await Promise.all(
    ['member', 'officer', 'other'].map((kind) =>
      queryCount({ TableName: tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `PEERS#${kind}#approved` } }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------
// Timing

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const calls = new Map<string, number>();
let counting = false;

async function measure(url: string, token: string | null): Promise<{ ms: number[]; status: Set<number>; calls: Record<string, number> }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const once = async () => {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    return { ms: performance.now() - t, status: res.status };
  };
  for (let i = 0; i < WARM_UP; i++) await once();
  const ms: number[] = [];
  const status = new Set<number>();
  calls.clear();
  counting = true;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        next++;
        const r = await once();
        ms.push(r.ms);
        status.add(r.status);
      }
    }),
  );
  counting = false;
  return { ms: ms.sort((a, b) => a - b), status, calls: Object.fromEntries(calls) };
}

// ---------------------------------------------------------------------------------------

const platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
try {
  const table = platform.tableName;
  const seed = buildDemoData({ today });
  const loadStart = performance.now();

  // Challenges: enough new ones for the target, plus their audit entries.
  const before = await storedChallenges(table);
  const fresh = buildChallenges(Math.max(0, TARGET_CHALLENGES - before.length), seed.councils);
  const all = [...before, ...fresh];

  // A council's last delivered corporate/finance challenge moves its take-up date forward.
  const lastDelivered = new Map<string, string>();
  for (const c of fresh) {
    if ((c.kind === 'corporate' || c.kind === 'finance') && PAST_STAGES.includes(c.status) && c.status !== 'on-site') {
      const end = (c.scope?.days ?? c.windows[0]!).at(-1)!;
      if (end > (lastDelivered.get(c.councilId) ?? '')) lastDelivered.set(c.councilId, end);
    }
  }
  const councils = seed.councils.map((c) => {
    const last = lastDelivered.get(c.id);
    return last && last > (c.lastCorporateChallenge ?? '') ? { ...c, lastCorporateChallenge: last } : c;
  });

  // Peers: enough approved ones for the target, with this year's load, days and invitations.
  const approvedBefore = await countApproved(table);
  const loadAttr = loadAttribute(thisFy);
  const newPeers = buildPeers(Math.max(0, TARGET_APPROVED_PEERS - approvedBefore), seed.councils);
  const peers = newPeers.flatMap(({ peer, load }) => {
    const [profile, ...skills] = peerItems(peer);
    return [{ ...profile, [loadAttr]: load }, ...skills];
  });

  // Aggregates rebuilt from everything stored (seed + new) and overwritten: equal to the data by construction.
  const aggregates = [
    ...pipelineItems(all),
    ...themeItems('DEMAND', all.map((c) => ({ start: onSiteStart(c), themes: c.focusAreas }))),
    // The pool digest of every peer (seed + new), overwritten whole.
    ...digestItems(
      [...seed.peers, ...newPeers.map((x) => x.peer)],
      newPeers.map((x) => ({ peerId: x.peer.id, fy: thisFy, challenges: x.load, days: x.days })),
      newPeers.filter((x) => x.invited).map((x) => x.peer.id),
    ),
  ];
  const puts = [
    ...fresh.flatMap((c) => [
      challengeItem(c),
      auditItem(c.id, { at: c.createdAt, by: 'bench', byRole: 'council', from: null, to: 'requested', why: 'benchmark data' }),
      ...(c.status === 'requested' ? [] : [auditItem(c.id, { at: c.updatedAt, by: 'bench', byRole: 'adviser', from: 'requested', to: c.status, why: 'benchmark data' })]),
    ]),
    ...councils.filter((c) => lastDelivered.has(c.id)).map(councilItem),
    ...peers,
    ...aggregates,
  ];
  const writeCalls = await writeAll(table, { puts }, 8);
  const loadMs = performance.now() - loadStart;

  const storedCount = (await storedChallenges(table)).length;
  const approvedCount = await countApproved(table);
  console.log(
    `loaded ${fresh.length} challenges (table: ${storedCount}), ${approvedCount - approvedBefore} approved peers (table: ${approvedCount} approved), ${aggregates.length} aggregate items — ${puts.length} items in ${writeCalls} BatchWrite calls, ${(loadMs / 1000).toFixed(1)} s`,
  );

  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) calls.set(String(context.commandName), (calls.get(String(context.commandName)) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countBenchCalls' },
  );

  const adviserUser = platform.users.find((u) => u.roles.includes('adviser') && u.region)!;
  const token = await platform.issuer.sign(adviserUser);
  const region = adviserUser.region as Region;

  // Correctness: the pipeline the API serves equals a recount of every stored challenge.
  const stored = await storedChallenges(table);
  const recount = new Map<string, number>();
  for (const c of stored) {
    const b = bucketOf(c);
    const k = `${b.region}|${b.month}|${b.status}|${b.kind}`;
    recount.set(k, (recount.get(k) ?? 0) + 1);
  }
  const correctness: { fy: string; region: string; api: number; recount: number; rowsEqual: boolean }[] = [];
  for (const fy of YEARS) {
    for (const r of ['all', region] as const) {
      const res = await fetch(`${platform.url}/api/dashboard/pipeline?fy=${encodeURIComponent(fy)}&region=${encodeURIComponent(r)}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { total: number; rows: { region: string; month: string; status: string; kind: string; count: number }[] };
      const from = `${fy.slice(0, 4)}-04`;
      const to = `${Number(fy.slice(0, 4)) + 1}-03`;
      const expected = new Map([...recount].filter(([k]) => {
        const [reg, month] = k.split('|') as [string, string];
        return month >= from && month <= to && (r === 'all' || reg === r);
      }));
      const got = new Map(body.rows.map((x) => [`${x.region}|${x.month}|${x.status}|${x.kind}`, x.count]));
      const rowsEqual = got.size === expected.size && [...expected].every(([k, v]) => got.get(k) === v);
      correctness.push({ fy, region: r, api: body.total, recount: [...expected.values()].reduce((a, b) => a + b, 0), rowsEqual });
    }
  }
  const inYears = stored.filter((c) => YEARS.includes(financialYear(onSiteStart(c)))).length;
  console.log(`\npipeline totals vs a recount of all ${stored.length} stored challenges (bucketOf), ${inYears} of them in ${YEARS[0]}..${YEARS.at(-1)}:`);
  for (const c of correctness) console.log(`  ${c.fy} ${c.region.padEnd(10)} API ${String(c.api).padStart(5)}  recount ${String(c.recount).padStart(5)}  ${c.api === c.recount && c.rowsEqual ? 'equal (every row)' : 'DIFFERENT'}`);
  const allYearsApi = correctness.filter((c) => c.region === 'all').reduce((n, c) => n + c.api, 0);
  console.log(`  sum over the five years, region=all: API ${allYearsApi}, recount ${inYears}`);
  // Take-up: the API (served from the take-up counts) equals takeUp() over the stored challenges.
  const tu = (await (await fetch(`${platform.url}/api/dashboard/take-up?region=all&years=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    cutoff: string;
    total: number;
    totals: Record<string, number>;
  };
  const expectedTakeUp = takeUp(councils, stored, tu.cutoff);
  const takeUpEqual = JSON.stringify(tu.totals) === JSON.stringify(expectedTakeUp.totals) && tu.total === expectedTakeUp.total;
  console.log(`take-up (region=all, years=1, cut-off ${tu.cutoff}): API ${tu.total} councils ${JSON.stringify(tu.totals)}; recount ${expectedTakeUp.total} ${JSON.stringify(expectedTakeUp.totals)} — ${takeUpEqual ? 'equal' : 'DIFFERENT'}`);
  // And every council's open corporate/finance state from the take-up counts equals the recount (no cut-off).
  const counted = (await readTakeUp(table)) ?? [];
  const fromCounts = counted.map((x) => ({ councilId: x.councilId, kind: 'corporate' as const, status: x.phase === 'booked' ? ('team-proposed' as const) : ('requested' as const) }));
  const stateOf = (rows: { id: string; state: string }[]) => JSON.stringify(rows.map((r) => [r.id, r.state]).sort());
  const everyCouncil = takeUp(councils, stored, '9999-12-31');
  const statesEqual = stateOf(takeUp(councils, fromCounts, '9999-12-31').councils) === stateOf(everyCouncil.councils);
  console.log(`take-up counts, every council (${everyCouncil.total}): ${JSON.stringify(everyCouncil.totals)} — states ${statesEqual ? 'equal to a recount' : 'DIFFERENT from a recount'}`);
  const correct = correctness.every((c) => c.api === c.recount && c.rowsEqual) && allYearsApi === inYears && takeUpEqual && statesEqual;

  // Profile: each read the pool and take-up requests make, alone and one at a time (median of 5).
  if (process.env.PROFILE) {
    const repo = new DashboardRepository(table);
    const median = async (fn: () => Promise<unknown>) => {
      const xs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await fn();
        xs.push(performance.now() - t);
      }
      return xs.sort((a, b) => a - b)[2]!.toFixed(1);
    };
    console.log('\nprofile (sequential, median of 5, ms):');
    console.log(`  readDigest (pool digest, 16 shards)      ${await median(() => readDigest(table, thisFy))}`);
    console.log(`  approved peers, Select COUNT only        ${await median(() => countApproved(table))}`);
    console.log(`  councils (10 regions)                    ${await median(() => repo.councils(REGIONS))}`);
    console.log(`  readThemes DEMAND                        ${await median(() => readThemes(table, 'DEMAND', thisFy))}`);
    console.log(`  councilsWithoutChallengeSince            ${await median(() => repo.councilsWithoutChallengeSince(tu.cutoff))}`);
    console.log(`  challengesIn (10 regions × 4 statuses)   ${await median(() => repo.challengesIn(REGIONS, ['requested', 'scoping', 'team-proposed', 'team-confirmed']))}`);
    console.log(`  readTakeUp                               ${await median(() => readTakeUp(table))}`);
  }

  // Speed.
  const hasFollowUps = ROUTES.some((r) => r.method === 'GET' && r.path === '/api/follow-ups');
  const targets: { name: string; path: string; auth: boolean }[] = [
    { name: 'GET /api/health (baseline)', path: '/api/health', auth: false },
    { name: `GET /api/dashboard/pipeline?region=${region}`, path: `/api/dashboard/pipeline?region=${encodeURIComponent(region)}`, auth: true },
    { name: 'GET /api/dashboard/pipeline?region=all', path: '/api/dashboard/pipeline?region=all', auth: true },
    { name: 'GET /api/dashboard/take-up?region=all', path: '/api/dashboard/take-up?region=all', auth: true },
    { name: 'GET /api/dashboard/pool', path: '/api/dashboard/pool', auth: true },
    { name: 'GET /api/dashboard/themes', path: '/api/dashboard/themes', auth: true },
    ...(hasFollowUps ? [{ name: 'GET /api/follow-ups', path: '/api/follow-ups', auth: true }] : []),
  ];
  const results: { name: string; n: number; status: number[]; p50: number; p95: number; p99: number; max: number; ratioP50: number; ratioP95: number; dynamoCallsPerRequest: Record<string, number>; pass: boolean | null }[] = [];
  let health: { p50: number; p95: number } | null = null;
  for (const t of targets) {
    const m = await measure(`${platform.url}${t.path}`, t.auth ? token : null);
    const p50 = percentile(m.ms, 50);
    const p95 = percentile(m.ms, 95);
    if (!health) health = { p50, p95 };
    results.push({
      name: t.name,
      n: m.ms.length,
      status: [...m.status],
      p50,
      p95,
      p99: percentile(m.ms, 99),
      max: m.ms.at(-1)!,
      ratioP50: p50 / health.p50,
      ratioP95: p95 / health.p95,
      dynamoCallsPerRequest: Object.fromEntries(Object.entries(m.calls).map(([k, v]) => [k.replace(/Command$/, ''), v / m.ms.length])),
      pass: t.auth ? p95 <= P95_BUDGET_MS && [...m.status].every((s) => s === 200) : null,
    });
  }

  const f = (x: number) => x.toFixed(1).padStart(7);
  console.log(`\n${N} requests each, concurrency ${CONCURRENCY}, after ${WARM_UP} warm-up requests; budget p95 ≤ ${P95_BUDGET_MS} ms`);
  console.log(`${'request'.padEnd(48)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  ${'×health p50/p95'.padEnd(16)} ${'DynamoDB calls/request'.padEnd(28)} result`);
  for (const r of results) {
    const dyn = Object.entries(r.dynamoCallsPerRequest).map(([k, v]) => `${Number.isInteger(v) ? v : v.toFixed(2)} ${k}`).join(', ') || '0';
    const verdict = r.pass === null ? 'baseline' : r.pass ? 'PASS' : `FAIL${r.status.some((s) => s !== 200) ? ` (status ${r.status.join('/')})` : ''}`;
    console.log(`${r.name.padEnd(48)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)}  ${`${r.ratioP50.toFixed(1)} / ${r.ratioP95.toFixed(1)}`.padEnd(16)} ${dyn.padEnd(28)} ${verdict}`);
  }
  if (!hasFollowUps) console.log('(GET /api/follow-ups is not in infra/routes.ts yet: not measured)');
  const allPass = results.every((r) => r.pass !== false);
  console.log(`\npipeline correct: ${correct ? 'yes' : 'NO'}; speed: ${allPass ? 'PASS' : 'FAIL'}`);

  const out = resolve(import.meta.dirname, '..', 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    resolve(out, 'bench-dashboard.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        today,
        data: { challenges: storedCount, approvedPeers: approvedCount, aggregateItems: aggregates.length, loadSeconds: loadMs / 1000, years: YEARS },
        settings: { n: N, concurrency: CONCURRENCY, warmUp: WARM_UP, p95BudgetMs: P95_BUDGET_MS },
        correctness: { correct, years: correctness, recountInYears: inYears, apiInYears: allYearsApi },
        results,
        pass: allPass && correct,
      },
      null,
      2,
    ),
  );
  console.log(`wrote test-results/bench-dashboard.json`);
  process.exitCode = allPass && correct ? 0 : 1;
} finally {
  await platform.stop();
}
