/**
 * Times a 10,000-row pool import against a local platform (DynamoDB Local, in memory).
 *
 *   npx tsx scripts/pool-import-bench.ts            # 10,000 rows
 *   ROWS=2000 npx tsx scripts/pool-import-bench.ts
 *
 * Generates valid rows (members, officers and others, 1–4 skills, a few blackout days),
 * POSTs them as one text/csv body, then times the export of the whole pool too.
 */
import { startPlatform } from '../infra/local/platform.js';
import { documentClient } from '../shared/data/client.js';
import type { Peer } from '../shared/domain/peer.js';
import { parsePoolCsv, poolToCsv } from '../shared/domain/pool-csv.js';
import { FOCUS_AREAS, POLITICAL_GROUPS } from '../shared/domain/reference.js';

const ROWS = Number(process.env.ROWS ?? 10_000);

function generate(n: number): Peer[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: n }, (_, i): Peer => {
    const kind = i % 100 < 55 ? 'member' : i % 100 < 93 ? 'officer' : 'other';
    const skills: Peer['skills'] = {};
    for (let k = 0, m = 1 + Math.floor(rnd() * 4); k < m; k++) skills[pick(FOCUS_AREAS)] = (1 + Math.floor(rnd() * 3)) as 1 | 2 | 3;
    return {
      id: `bench-${String(i).padStart(5, '0')}`,
      name: `Bench Peer ${i}, "the ${i}th"`,
      email: `bench.${i}@example.org`,
      kind,
      group: kind === 'member' ? pick(POLITICAL_GROUPS) : null,
      councilId: kind === 'other' ? null : `E0${String(7000000 + (i % 300)).padStart(7, '0')}`,
      title: kind === 'member' ? 'Councillor' : kind === 'officer' ? 'Director of Finance' : 'Independent consultant',
      roles: kind === 'member' ? (i % 5 === 0 ? ['lead-member', 'member'] : ['member']) : kind === 'officer' ? ['officer'] : ['other'],
      requestedRoles: kind === 'officer' && i % 7 === 0 ? ['lead-officer'] : [],
      skills,
      blackouts: i % 3 === 0 ? ['2027-03-09', '2027-03-10'] : [],
      maxLoad: 1 + (i % 6),
      conflicts: i % 10 === 0 ? ['E06000001'] : [],
      status: i % 10 === 0 ? 'pending' : 'approved',
    };
  });
}

const platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
try {
  const adviser = platform.users.find((u) => u.roles.includes('adviser'))!;
  const token = await platform.issuer.sign(adviser);
  const csv = poolToCsv(generate(ROWS));
  const parseStart = performance.now();
  const check = parsePoolCsv(csv, () => 'x');
  const parseMs = performance.now() - parseStart;
  if (check.errors.length) throw new Error(`generated rows are invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);

  // The handlers run in this process and share its document client: count their calls.
  const calls = new Map<string, number>();
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      calls.set(String(context.commandName), (calls.get(String(context.commandName)) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countBenchCalls' },
  );
  const t0 = performance.now();
  const res = await fetch(`${platform.url}/api/pool/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
  const body = (await res.json()) as { imported?: number; rejected?: unknown[] };
  const importMs = performance.now() - t0;
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);

  const importCalls = [...calls].map(([k, v]) => `${v} ${k.replace(/Command$/, '')}`).join(', ');
  const t1 = performance.now();
  const exported = await (await fetch(`${platform.url}/api/pool.csv`, { headers: { authorization: `Bearer ${token}` } })).text();
  const exportMs = performance.now() - t1;
  const exportedRows = exported.trimEnd().split('\r\n').length - 1;

  console.log(`pool import: ${body.imported} rows (${(csv.length / 1024 / 1024).toFixed(2)} MB CSV, ${body.rejected?.length ?? 0} rejected) in ${(importMs / 1000).toFixed(1)} s`);
  console.log(`  DynamoDB calls: ${importCalls}`);
  console.log(`  validation alone (in process): ${parseMs.toFixed(0)} ms`);
  console.log(`pool export: ${exportedRows} rows in ${(exportMs / 1000).toFixed(1)} s`);
} finally {
  await platform.stop();
}
