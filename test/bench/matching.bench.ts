/**
 * Team-matching benchmark: `npm run bench:matching` (add `-- --quick` for a short run).
 *
 * Prints one table with, per pool size (500 / 2,500 / 10,000 peers; loose and tight):
 * proposeTeam median and p99 ms, HiGHS (exact MIP) median ms on the same instances,
 * HiGHS/solver ratio, score agreement and peak RSS; then planSeason on a busy year
 * (150 challenges × 3 windows × 2,500 peers) and on small seasons against the season MIP.
 * Targets are printed beside the figures with PASS/FAIL. Results also go to
 * test-results/bench-matching.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { proposeTeam, planSeason } from '../../shared/matching/index.js';
import { generateProposeInput, generateSeasonInput } from '../../shared/matching/generator.js';
import {
  challengeInWindow,
  checkSeason,
  checkTeam,
  scoreTeam,
  subsetSeasonPeers,
  type CkProposeInput,
  type CkSeasonInput,
  type CkSeasonOutput,
  type CkTeamMember,
} from '../support/matching-checker.js';
import { solveProposeMip, solveSeasonMip } from '../support/matching-mip.js';
import { mulberry32 } from '../../shared/domain/random.js';

const quick = process.argv.includes('--quick');
const MB = 1024 * 1024;

interface ProposeOut {
  status: 'optimal' | 'infeasible';
  score?: number;
  team?: CkTeamMember[];
}
const propose = (input: CkProposeInput): ProposeOut => (proposeTeam as (i: unknown) => ProposeOut)(input);
const season = (input: CkSeasonInput): CkSeasonOutput => (planSeason as (i: unknown) => CkSeasonOutput)(input);

// ---------------------------------------------------------------- helpers

let rssPeak = 0;
function sampleRss(): number {
  const r = process.memoryUsage.rss();
  if (r > rssPeak) rssPeak = r;
  return r;
}
/** Samples RSS every 20 ms while the event loop is free, plus explicitly around calls. */
const sampler = setInterval(sampleRss, 20);
sampler.unref();
const maxRssMb = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[idx]!;
}
const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');


// ---------------------------------------------------------------- proposeTeam

interface ProposeRow {
  peers: number;
  variant: 'loose' | 'tight';
  instances: number;
  feasible: number;
  solverMedianMs: number;
  solverP99Ms: number;
  solverMaxMs: number;
  highsInstances: number;
  highsMedianMs: number;
  ratio: number;
  scoreMismatches: number;
  checkerFailures: number;
  rssPeakMb: number;
  maxRssMb: number;
}

interface ProposeSpec {
  seed: number;
  peers: number;
  slots: number;
  focusAreas: number;
  tight: boolean;
}

function specsFor(peers: number, tight: boolean, n: number): ProposeSpec[] {
  const r = mulberry32(peers * 7 + (tight ? 1 : 0));
  return Array.from({ length: n }, (_, i) => ({
    seed: 90_000 + peers + i * 101 + (tight ? 50 : 0),
    peers,
    slots: 5 + Math.floor(r() * 4),
    focusAreas: 1 + Math.floor(r() * 6),
    tight,
  }));
}

/** Phase A (solver only, before HiGHS has touched the heap): times, results, RSS. */
function benchProposeSolver(peers: number, tight: boolean, n: number): { row: ProposeRow; outs: ProposeOut[]; specs: ProposeSpec[] } {
  const specs = specsFor(peers, tight, n);
  // Warm-up (JIT) on the first instance, not timed.
  const warm = generateProposeInput(specs[0]!) as unknown as CkProposeInput;
  propose(warm);
  propose(warm);
  rssPeak = 0;
  sampleRss();
  const times: number[] = [];
  const outs: ProposeOut[] = [];
  let checkerFailures = 0;
  let feasible = 0;
  for (const spec of specs) {
    // Inputs are generated one at a time (not timed) so that the pool of 10,000 is not held 20×.
    const input = generateProposeInput(spec) as unknown as CkProposeInput;
    sampleRss();
    const t0 = performance.now();
    const out = propose(input);
    times.push(performance.now() - t0);
    sampleRss();
    outs.push({ status: out.status, score: out.score });
    if (out.status === 'optimal') {
      feasible++;
      if (checkTeam(input, out.team ?? []).length > 0 || scoreTeam(input, out.team ?? []) !== out.score) checkerFailures++;
    }
  }
  const solverMedian = median(times);
  return {
    specs,
    outs,
    row: {
      peers,
      variant: tight ? 'tight' : 'loose',
      instances: n,
      feasible,
      solverMedianMs: solverMedian,
      solverP99Ms: quantile(times, 0.99),
      solverMaxMs: Math.max(...times),
      highsInstances: 0,
      highsMedianMs: NaN,
      ratio: NaN,
      scoreMismatches: 0,
      checkerFailures,
      rssPeakMb: rssPeak / MB,
      maxRssMb: maxRssMb(),
    },
  };
}

/** Phase C: HiGHS on the first `highsN` of the same instances. */
async function benchProposeHighs(a: { row: ProposeRow; outs: ProposeOut[]; specs: ProposeSpec[] }, highsN: number): Promise<void> {
  const highsTimes: number[] = [];
  for (let i = 0; i < Math.min(highsN, a.specs.length); i++) {
    const input = generateProposeInput(a.specs[i]!) as unknown as CkProposeInput;
    const m = await solveProposeMip(input);
    highsTimes.push(m.ms);
    const o = a.outs[i]!;
    if (m.status !== o.status || (m.status === 'optimal' && m.score !== o.score)) {
      a.row.scoreMismatches++;
      console.error(`  mismatch peers=${a.row.peers} seed=${a.specs[i]!.seed}: solver ${o.status}/${o.score}, HiGHS ${m.status}/${m.score}`);
    }
  }
  a.row.highsInstances = highsTimes.length;
  a.row.highsMedianMs = median(highsTimes);
  a.row.ratio = a.row.highsMedianMs / a.row.solverMedianMs;
}

// ---------------------------------------------------------------- planSeason

interface SeasonRow {
  peers: number;
  challenges: number;
  windows: number;
  variant: 'loose' | 'tight';
  ms: number;
  total: number;
  upperBound: number;
  upperBoundRecomputed: number;
  ratio: number;
  scheduled: number;
  schedulableAlone: number;
  checkerViolations: number;
  rssPeakMb: number;
  maxRssMb: number;
}

async function benchSeason(peers: number, challenges: number, windows: number, tight: boolean): Promise<SeasonRow> {
  const input = generateSeasonInput({ seed: 31_337 + (tight ? 1 : 0), peers, challenges, windows, tight }) as unknown as CkSeasonInput;
  rssPeak = 0;
  sampleRss();
  const t0 = performance.now();
  const out = season(input);
  const ms = performance.now() - t0;
  sampleRss();
  const seasonRss = rssPeak;
  // Per-challenge optima (each solved alone) with proposeTeam — verified optimal against HiGHS by the tests.
  const optima = input.challenges.map((c) => {
    let best: number | null = null;
    c.windows.forEach((_, w) => {
      const o = propose(challengeInWindow(input, c, w));
      if (o.status === 'optimal' && (best === null || o.score! > best)) best = o.score!;
    });
    return best;
  });
  const res = checkSeason(input, out, { perChallengeOptima: optima });
  for (const v of res.violations.slice(0, 5)) console.error(`  season violation: ${v.message}`);
  const ub = res.upperBound ?? 0;
  return {
    peers,
    challenges,
    windows,
    variant: tight ? 'tight' : 'loose',
    ms,
    total: res.total,
    upperBound: out.upperBound,
    upperBoundRecomputed: ub,
    ratio: ub > 0 ? res.total / ub : 1,
    scheduled: res.scheduled,
    schedulableAlone: optima.filter((o) => o !== null).length,
    checkerViolations: res.violations.length,
    rssPeakMb: seasonRss / MB,
    maxRssMb: maxRssMb(),
  };
}

interface SmallSeasonRow {
  seed: number;
  peers: number;
  challenges: number;
  windows: number;
  heuristicMs: number;
  mipMs: number;
  scheduled: number;
  mipScheduled: number;
  total: number;
  mipTotal: number;
  gapPct: number;
  checkerViolations: number;
}

async function benchSmallSeasons(count: number): Promise<SmallSeasonRow[]> {
  const rows: SmallSeasonRow[] = [];
  for (let i = 0; i < count; i++) {
    const spec = { seed: 8_000 + 13 * i, peers: 40 + ((i * 11) % 21), challenges: 4 + (i % 5), windows: 1 + (i % 3), tight: i % 3 === 2 };
    // ≤ 60 peers kept from a 400-peer pool among those usable somewhere (generated 60-peer pools are mostly unschedulable).
    const base = generateSeasonInput({ ...spec, peers: 400 }) as unknown as CkSeasonInput;
    const input = subsetSeasonPeers(base, spec.peers, spec.seed);
    const t0 = performance.now();
    const out = season(input);
    const heuristicMs = performance.now() - t0;
    const res = checkSeason(input, out);
    const mip = await solveSeasonMip(input);
    rows.push({
      seed: spec.seed,
      peers: spec.peers,
      challenges: spec.challenges,
      windows: spec.windows,
      heuristicMs,
      mipMs: mip.ms,
      scheduled: res.scheduled,
      mipScheduled: mip.scheduled,
      total: res.total,
      mipTotal: mip.score,
      gapPct: mip.score > 0 ? (100 * (mip.score - res.total)) / mip.score : 0,
      checkerViolations: res.violations.length,
    });
  }
  return rows;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {

  const started = performance.now();
  const plan: [number, number, number][] = quick
    ? [
        [500, 10, 10],
        [2500, 10, 10],
        [10000, 4, 2],
      ]
    : [
        [500, 40, 40],
        [2500, 40, 40],
        [10000, 20, 8],
      ];
  // Phase A: proposeTeam only (HiGHS's WebAssembly heap never shrinks, so it runs last).
  const runs: { run: ReturnType<typeof benchProposeSolver>; highsN: number }[] = [];
  for (const [peers, n, h] of plan) {
    for (const tight of [false, true]) {
      process.stderr.write(`proposeTeam ${peers} peers ${tight ? 'tight' : 'loose'} ×${n}...\n`);
      runs.push({ run: benchProposeSolver(peers, tight, n), highsN: h });
    }
  }
  // Phase B: planSeason.
  process.stderr.write(`planSeason ${quick ? 60 : 150} × 3 × 2,500 ...\n`);
  const seasons: SeasonRow[] = [];
  seasons.push(await benchSeason(2500, quick ? 60 : 150, 3, false));
  if (!quick) seasons.push(await benchSeason(2500, 150, 3, true));
  const solverMaxRssMb = maxRssMb();
  // Phase C: HiGHS on the same instances.
  for (const { run, highsN } of runs) {
    process.stderr.write(`HiGHS ${run.row.peers} peers ${run.row.variant} ×${highsN}...\n`);
    await benchProposeHighs(run, highsN);
  }
  const rows = runs.map((r) => r.run.row);
  // Phase D: small seasons against the season MIP.
  process.stderr.write('small seasons vs season MIP ...\n');
  const small = await benchSmallSeasons(quick ? 3 : 10);

  // ------------------------------------------------------------ targets
  const targets: { name: string; value: string; target: string; pass: boolean }[] = [];
  const at = (peers: number) => rows.filter((r) => r.peers === peers);
  const worst = (rs: ProposeRow[], f: (r: ProposeRow) => number) => Math.max(...rs.map(f));
  const r2500 = at(2500);
  const r10k = at(10000);
  targets.push({ name: '2,500 peers median', value: `${fmt(worst(r2500, (r) => r.solverMedianMs))} ms`, target: '≤ 20 ms', pass: worst(r2500, (r) => r.solverMedianMs) <= 20 });
  targets.push({ name: '2,500 peers p99', value: `${fmt(worst(r2500, (r) => r.solverP99Ms))} ms`, target: '≤ 200 ms', pass: worst(r2500, (r) => r.solverP99Ms) <= 200 });
  const minRatio = Math.min(...r2500.map((r) => r.ratio));
  targets.push({ name: '2,500 peers HiGHS/solver', value: `${fmt(minRatio)}×`, target: '≥ 10×', pass: minRatio >= 10 });
  targets.push({ name: '10,000 peers median', value: `${fmt(worst(r10k, (r) => r.solverMedianMs))} ms`, target: '≤ 100 ms', pass: worst(r10k, (r) => r.solverMedianMs) <= 100 });
  // Targets on the realistic (loose) busy year; the tight variant is printed for information.
  const seasonSet = seasons.filter((s) => s.variant === 'loose');
  targets.push({ name: 'season time', value: `${fmt(Math.max(...seasonSet.map((s) => s.ms)) / 1000, 2)} s`, target: '≤ 10 s', pass: seasonSet.every((s) => s.ms <= 10_000) });
  targets.push({ name: 'season total / bound', value: `${fmt(100 * Math.min(...seasonSet.map((s) => s.ratio)), 2)} %`, target: '≥ 98 %', pass: seasonSet.every((s) => s.ratio >= 0.98) });
  const peakRss = solverMaxRssMb;
  targets.push({ name: 'peak RSS, solver phases (maxRSS)', value: `${fmt(peakRss, 0)} MB`, target: '≤ 512 MB', pass: peakRss <= 512 });
  const mism = rows.reduce((a, r) => a + r.scoreMismatches + r.checkerFailures, 0) + seasons.reduce((a, s) => a + s.checkerViolations, 0) + small.reduce((a, s) => a + s.checkerViolations, 0);
  targets.push({ name: 'correctness (HiGHS / checker)', value: `${mism} problem(s)`, target: '0', pass: mism === 0 });
  const schedOk = small.every((s) => s.scheduled === s.mipScheduled);
  targets.push({ name: 'small seasons scheduled = MIP', value: `${small.filter((s) => s.scheduled === s.mipScheduled).length}/${small.length}`, target: 'all', pass: schedOk });

  // ------------------------------------------------------------ table
  const lines: string[] = [];
  lines.push(`Team matching benchmark${quick ? ' (--quick)' : ''} — node ${process.version}, ${new Date().toISOString()}`);
  lines.push('');
  lines.push('proposeTeam (5–8 slots, 1–6 focus areas)');
  lines.push(
    [
      'peers'.padStart(6),
      'variant'.padEnd(7),
      'n'.padStart(3),
      'feas'.padStart(4),
      'median ms'.padStart(10),
      'p99 ms'.padStart(8),
      'max ms'.padStart(8),
      'HiGHS n'.padStart(7),
      'HiGHS med ms'.padStart(12),
      'HiGHS/solver'.padStart(12),
      'mismatch'.padStart(8),
      'RSS MB'.padStart(7),
      'maxRSS MB'.padStart(9),
    ].join(' | '),
  );
  for (const r of rows) {
    lines.push(
      [
        String(r.peers).padStart(6),
        r.variant.padEnd(7),
        String(r.instances).padStart(3),
        String(r.feasible).padStart(4),
        fmt(r.solverMedianMs, 2).padStart(10),
        fmt(r.solverP99Ms, 2).padStart(8),
        fmt(r.solverMaxMs, 2).padStart(8),
        String(r.highsInstances).padStart(7),
        fmt(r.highsMedianMs, 1).padStart(12),
        `${fmt(r.ratio, 1)}×`.padStart(12),
        String(r.scoreMismatches + r.checkerFailures).padStart(8),
        fmt(r.rssPeakMb, 0).padStart(7),
        fmt(r.maxRssMb, 0).padStart(9),
      ].join(' | '),
    );
  }
  lines.push('  (HiGHS ms = building the CPLEX LP text for eligible peers + solving it to proven optimality; one run each.)');
  lines.push('');
  lines.push('planSeason');
  lines.push(
    ['case'.padEnd(26), 'time s'.padStart(7), 'total'.padStart(8), 'bound'.padStart(8), 'ratio'.padStart(8), 'scheduled / schedulable alone'.padStart(30), 'viol'.padStart(4), 'RSS MB'.padStart(7), 'maxRSS MB'.padStart(9)].join(' | '),
  );
  for (const s of seasons) {
    lines.push(
      [
        `${s.challenges}×${s.windows}×${s.peers} ${s.variant}${s.variant === 'tight' ? ' (info)' : ''}`.padEnd(26),
        fmt(s.ms / 1000, 2).padStart(7),
        String(s.total).padStart(8),
        `${s.upperBound}${s.upperBound !== s.upperBoundRecomputed ? `≠${s.upperBoundRecomputed}` : ''}`.padStart(8),
        `${fmt(100 * s.ratio, 2)}%`.padStart(8),
        `${s.scheduled} / ${s.schedulableAlone}`.padStart(30),
        String(s.checkerViolations).padStart(4),
        fmt(s.rssPeakMb, 0).padStart(7),
        fmt(s.maxRssMb, 0).padStart(9),
      ].join(' | '),
    );
  }
  lines.push('  (schedulable alone = some window has a feasible team ignoring the other challenges; the');
  lines.push('   most a plan can schedule may be lower, since peers are shared across the season.)');
  lines.push('');
  const sh = small.reduce((a, s) => a + s.total, 0);
  const sm = small.reduce((a, s) => a + s.mipTotal, 0);
  lines.push(`small seasons vs HiGHS season MIP (≤ 8 challenges, ≤ 60 peers): ${small.length} seasons`);
  lines.push(['seed'.padStart(6), 'peers'.padStart(5), 'ch×win'.padStart(6), 'sched/MIP'.padStart(9), 'total'.padStart(7), 'MIP'.padStart(7), 'gap %'.padStart(6), 'heur ms'.padStart(8), 'MIP ms'.padStart(8)].join(' | '));
  for (const s of small) {
    lines.push(
      [
        String(s.seed).padStart(6),
        String(s.peers).padStart(5),
        `${s.challenges}×${s.windows}`.padStart(6),
        `${s.scheduled}/${s.mipScheduled}${s.scheduled < s.mipScheduled ? '!' : ''}`.padStart(9),
        String(s.total).padStart(7),
        String(s.mipTotal).padStart(7),
        fmt(s.gapPct, 2).padStart(6),
        fmt(s.heuristicMs, 1).padStart(8),
        fmt(s.mipMs, 0).padStart(8),
      ].join(' | '),
    );
  }
  lines.push('  (! = planSeason scheduled fewer challenges than the exact optimum)');
  lines.push(`  overall: ${sh} / ${sm} = ${fmt(sm ? (100 * sh) / sm : 100, 2)}% of the MIP optimum (gap ${fmt(sm ? (100 * (sm - sh)) / sm : 0, 2)}%)`);
  lines.push('');
  lines.push('targets');
  for (const t of targets) lines.push(`  ${t.name.padEnd(32)} ${t.value.padStart(14)}   target ${t.target.padEnd(9)} ${verdict(t.pass)}`);
  lines.push(`  (RSS columns: solver phases only; process maxRSS including HiGHS at the end: ${fmt(maxRssMb(), 0)} MB)`);
  lines.push(`  total bench time ${fmt((performance.now() - started) / 1000, 1)} s`);
  console.log(lines.join('\n'));

  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/bench-matching.json',
    JSON.stringify({ quick, node: process.version, date: new Date().toISOString(), propose: rows, seasons, smallSeasons: small, targets, solverMaxRssMb: peakRss, processMaxRssMb: maxRssMb() }, null, 2),
  );
  clearInterval(sampler);
  if (targets.some((t) => !t.pass)) process.exitCode = 1;
}

await main();
