/**
 * Latency of the core flows against the local platform (in-memory DynamoDB Local), measured
 * in one run so that the figures compare: the health check is the baseline for "the
 * platform itself", and each flow is reported as p50/p95/p99 and as a ratio to it.
 *
 *   npm run load:core               # 200 requests per flow, 8 at a time
 *   npm run load:core -- --n 400 --concurrency 16
 *
 * Writes test-results/load-core-flows.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPlatform } from '../infra/local/platform.js';
import { buildDemoData } from '../infra/local/seed/demo-data.js';
import { putAll } from '../shared/data/batch-write.js';
import { peerItems } from '../shared/data/peers-repository.js';
import { addDays } from '../shared/domain/dates.js';
import type { Peer } from '../shared/domain/peer.js';
import type { DemoUser } from '../shared/domain/user.js';
import { apiClient, futureWindow, validRequest } from '../test/support/api-client.js';
import { peerUser } from '../test/support/peers.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 200);
const CONCURRENCY = arg('concurrency', 8);
const POOL_TARGET = arg('pool', 2500);
const TEAM = { member: 2, officer: 2 } as const; // places per challenge in the accept run

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface Stats {
  n: number;
  errors: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Runs `count` requests, `CONCURRENCY` at a time; each returns its HTTP status. */
async function measure(count: number, one: (i: number) => Promise<number>, expected: number): Promise<Stats> {
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const status = await one(i);
        ms.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    n: count,
    errors: count - (statuses[expected] ?? 0),
    statuses,
    p50: r(percentile(ms, 50)),
    p95: r(percentile(ms, 95)),
    p99: r(percentile(ms, 99)),
    max: r(ms[ms.length - 1] ?? NaN),
    mean: r(ms.reduce((a, b) => a + b, 0) / ms.length),
  };
}

async function main() {
  const started = Date.now();
  const platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  try {
    const api = apiClient(platform.url);
    const demo = buildDemoData();
    const council = platform.users.find((u) => u.roles.includes('council'))!;
    const adviser = platform.users.find((u) => u.roles.includes('adviser') && u.region === council.region)!;
    const councilToken = await api.signIn(council);
    const adviserToken = await api.signIn(adviser);

    // ---- a 2,500-peer approved pool: the seed's peers plus clones of its approved ones ----
    const approved = demo.peers.filter((p) => p.status === 'approved');
    const others = demo.councils.filter((c) => c.id !== council.councilId);
    const extra: Peer[] = [];
    for (let i = 0; approved.length + extra.length < POOL_TARGET; i++) {
      const model = approved[i % approved.length]!;
      const id = `load-${String(i).padStart(5, '0')}`;
      extra.push({
        ...model,
        id,
        name: `Load Peer ${i}`,
        email: `${id}@peers.example.org`,
        councilId: model.councilId === null ? null : others[i % others.length]!.id,
        blackouts: [],
        conflicts: [],
        maxLoad: Math.max(model.maxLoad, 4),
        status: 'approved',
      });
    }
    const t0 = performance.now();
    await putAll(platform.tableName, extra.flatMap((p) => peerItems(p)));
    const seedMs = Math.round(performance.now() - t0);

    const scopeFor = (days: string[]) => ({
      slots: [
        { role: 'member', count: TEAM.member },
        { role: 'officer', count: TEAM.officer },
      ],
      focus: { finance: 3, governance: 2 },
      days,
      presentationDay: days[days.length - 1],
      reportDue: addDays(days[days.length - 1]!, 21),
    });
    async function scopedChallenge(week: number): Promise<string> {
      const days = futureWindow(week, 3);
      const created = await api.call('POST', '/api/challenges', { token: councilToken, body: validRequest({ windows: [days] }) });
      if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.id as string;
      const moved = await api.call('POST', `/api/challenges/${id}/status`, { token: adviserToken, body: { to: 'scoping', why: 'load test' } });
      if (moved.status !== 200) throw new Error(`scoping: ${moved.status}`);
      const scoped = await api.call('PUT', `/api/challenges/${id}/scope`, { token: adviserToken, body: scopeFor(days) });
      if (scoped.status !== 200) throw new Error(`scope: ${scoped.status} ${JSON.stringify(scoped.body)}`);
      return id;
    }

    // ---- fixtures: challenges to propose for, and one open invitation per accept ----
    const proposalChallenges = await Promise.all([6, 7, 8, 9].map(scopedChallenge));
    const acceptChallenges: string[] = [];
    const perChallenge = TEAM.member + TEAM.officer;
    for (let c = 0; c * perChallenge < N; c++) acceptChallenges.push(await scopedChallenge(10 + (c % 30)));
    const byKind = { member: extra.filter((p) => p.roles.includes('member')), officer: extra.filter((p) => p.roles.includes('officer')) };
    const used = new Set<string>();
    const pick = (role: 'member' | 'officer') => {
      const p = byKind[role].find((x) => !used.has(x.id));
      if (!p) throw new Error(`not enough ${role} peers for ${N} accepts`);
      used.add(p.id);
      return p;
    };
    // Slot-major order, so that concurrent accepts mostly hit different challenges.
    const accepts: { challengeId: string; peer: Peer }[][] = Array.from({ length: perChallenge }, () => []);
    for (const id of acceptChallenges) {
      const team = [...Array(TEAM.member).fill('member'), ...Array(TEAM.officer).fill('officer')].map((role: 'member' | 'officer') => ({ role, peer: pick(role) }));
      const r = await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviserToken, body: { team: team.map((m) => ({ role: m.role, peerId: m.peer.id })) } });
      if (r.status !== 201) throw new Error(`invite: ${r.status} ${JSON.stringify(r.body)}`);
      team.forEach((m, j) => accepts[j]!.push({ challengeId: id, peer: m.peer }));
    }
    const acceptOrder = accepts.flat().slice(0, N);
    const peerTokens = await Promise.all(acceptOrder.map((a) => platform.issuer.sign(peerUser(a.peer) as DemoUser)));

    // ---- warm-up (module load, JIT, first pool read), then the measured runs ----
    await api.call('GET', '/api/health');
    const warm = await api.call('POST', `/api/challenges/${proposalChallenges[0]}/proposal`, { token: adviserToken, body: {} });
    if (warm.status !== 200) throw new Error(`proposal: ${warm.status} ${JSON.stringify(warm.body)}`);
    const poolSize = warm.body.poolSize as number;

    const health = await measure(N, async () => (await api.call('GET', '/api/health')).status, 200);
    const proposal = await measure(
      N,
      async (i) => (await api.call('POST', `/api/challenges/${proposalChallenges[i % proposalChallenges.length]}/proposal`, { token: adviserToken, body: {} })).status,
      200,
    );
    const accept = await measure(
      acceptOrder.length,
      async (i) => (await api.call('POST', `/api/invitations/${acceptOrder[i]!.challengeId}/accept`, { token: peerTokens[i]! })).status,
      200,
    );

    const ratio = (s: Stats) => ({ p50: Math.round((s.p50 / health.p50) * 10) / 10, p95: Math.round((s.p95 / health.p95) * 10) / 10 });
    const flows = { health, proposal, accept };
    const rows = Object.entries(flows).map(([name, s]) => ({ name, ...s, ratio: ratio(s) }));
    console.log(`\nCore flows on the local platform (DynamoDB Local in memory), ${CONCURRENCY} concurrent, approved pool ${poolSize} peers (${extra.length} added in ${seedMs} ms)\n`);
    console.log('flow                                n   errors    p50 ms   p95 ms   p99 ms   max ms   ×health p50  ×health p95');
    const label: Record<string, string> = {
      health: 'GET /api/health (baseline)',
      proposal: 'POST /api/challenges/{id}/proposal',
      accept: 'POST /api/invitations/{id}/accept',
    };
    for (const r of rows)
      console.log(
        `${label[r.name]!.padEnd(36)}${String(r.n).padStart(3)} ${String(r.errors).padStart(8)} ${r.p50.toFixed(1).padStart(9)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${r.ratio.p50.toFixed(1).padStart(12)} ${r.ratio.p95.toFixed(1).padStart(12)}`,
      );
    const out = {
      measuredAt: new Date().toISOString(),
      environment: { runtime: `node ${process.version}`, dynamodb: 'DynamoDB Local (in memory), same host', cpus: (await import('node:os')).cpus().length },
      concurrency: CONCURRENCY,
      requestsPerFlow: N,
      poolSize,
      addedPeers: extra.length,
      flows: Object.fromEntries(rows.map((r) => [r.name, { route: label[r.name], ...r }])),
      totalSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    const file = resolve(import.meta.dirname, '../test-results/load-core-flows.json');
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    console.log(`\nwrote ${file}`);
    if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    await platform.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
