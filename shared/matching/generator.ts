/**
 * Seeded, reproducible instance generator for the team-matching problem (matching.md).
 * Same arguments → same instance, on any machine (own PRNG: mulberry32).
 *
 * Public API (used by tests, the benchmark and the independent checker):
 *   generatePool({ seed, peers, tight?, startDay?, days? })           → MatchPeer[]
 *   generateChallenge({ seed, slots?, focusAreas?, tight?, startDay?, days?, councilIndex? })
 *                                                                      → MatchChallenge (with `days`)
 *   generateProposeInput({ seed, peers, slots?, focusAreas?, tight? }) → { challenge, peers, policy }
 *        slots: team size 4–8 (default 5–8 drawn), focusAreas: 1–6 (default drawn)
 *   generateSeasonInput({ seed, peers, challenges, windows?, tight? })  → { challenges, peers, policy }
 *        every challenge gets `windows` windows (default 3) of 3–5 consecutive working days
 *   mulberry32(seed) → () => number in [0, 1)
 *
 * Realism: ~55% member peers (CON/LAB/LD/IND and ~5% smaller parties), ~38% officers, ~7% others;
 * skills from the first 15 FOCUS_AREAS; busy days; declared conflicts; loads 0..maxLoad; councils
 * from 320 synthetic ids spread over the 10 regions. `tight` = more busy days, higher loads, fewer
 * lead members.
 */
import { FOCUS_AREAS, REGIONS, type TeamRole } from '../domain/reference.js';
import type { MatchChallenge, MatchPeer, MatchPolicy, SeasonChallenge } from './types.js';
import { DEFAULT_POLICY } from './types.js';
import { mulberry32 } from '../domain/random.js';

export { mulberry32 };


type Rng = () => number;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}
function weighted<T>(rng: Rng, xs: readonly (readonly [T, number])[]): T {
  const total = xs.reduce((a, x) => a + x[1], 0);
  let r = rng() * total;
  for (const [v, w] of xs) {
    r -= w;
    if (r < 0) return v;
  }
  return xs[xs.length - 1]![0];
}
function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  const a = [...xs];
  for (let i = 0; i < Math.min(k, a.length); i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

export const COUNCIL_COUNT = 320;
/** Synthetic council ids (GSS-like) and their regions; fixed, independent of the seed. */
export const COUNCILS: readonly { id: string; region: string }[] = Array.from({ length: COUNCIL_COUNT }, (_, i) => {
  const region = REGIONS[i % REGIONS.length]!;
  const prefix = region === 'Wales' ? 'W06' : `E0${6 + (i % 4)}`;
  return { id: `${prefix}${String(100000 + i).slice(1)}`.padEnd(9, '0'), region };
});

const SKILL_AREAS = FOCUS_AREAS.slice(0, 15);
const MAIN_GROUPS = [
  ['CON', 35],
  ['LAB', 35],
  ['LD', 15],
  ['IND', 10],
  ['GRN', 2.5],
  ['REF', 1.5],
  ['PC', 1],
] as const;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function isWeekday(day: string): boolean {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w !== 0 && w !== 6;
}
/** Working days (Mon–Fri) from startDay, `count` of them. */
function workingDays(startDay: string, count: number): string[] {
  const out: string[] = [];
  let d = startDay;
  while (out.length < count) {
    if (isWeekday(d)) out.push(d);
    d = addDays(d, 1);
  }
  return out;
}

const DEFAULT_START = '2027-01-04';
const DEFAULT_SPAN = 130; // working days in the season (~26 weeks)

export interface PoolOptions {
  seed: number;
  peers: number;
  tight?: boolean;
  startDay?: string;
  /** Working days in the calendar busy days are drawn from. */
  days?: number;
}

function genPeer(rng: Rng, i: number, calendar: readonly string[], tight: boolean): MatchPeer {
  const r = rng();
  const kind = r < 0.55 ? 'member' : r < 0.93 ? 'officer' : 'other';
  const council = COUNCILS[Math.floor(rng() * COUNCILS.length)]!;
  let group: string | null = null;
  let roles: TeamRole[];
  let councilId: string | null = council.id;
  let region = council.region;
  if (kind === 'member') {
    group = weighted(rng, MAIN_GROUPS);
    roles = rng() < (tight ? 0.12 : 0.3) ? ['lead-member', 'member'] : ['member'];
  } else if (kind === 'officer') {
    roles = rng() < 0.3 ? ['lead-officer', 'officer'] : ['officer'];
  } else {
    roles = ['other'];
    if (rng() < 0.7) {
      councilId = null;
      region = pick(rng, REGIONS);
    }
  }
  const nSkills = weighted(rng, [
    [1, 20],
    [2, 35],
    [3, 25],
    [4, 15],
    [5, 5],
  ] as const);
  const skills: Record<string, number> = {};
  for (const a of sample(rng, SKILL_AREAS, nSkills)) skills[a] = weighted(rng, [[1, 40], [2, 40], [3, 20]] as const);
  const nBusy = tight ? int(rng, 15, 45) : int(rng, 3, 18);
  const busy = [...new Set(Array.from({ length: nBusy }, () => pick(rng, calendar)))].sort();
  const nConf = weighted(rng, [[0, 60], [1, 30], [2, 10]] as const);
  const conflicts = Array.from({ length: nConf }, () => pick(rng, COUNCILS).id).filter((c) => c !== councilId);
  const maxLoad = tight ? int(rng, 1, 3) : int(rng, 1, 4);
  const load = tight ? Math.min(maxLoad, int(rng, 0, maxLoad) + (rng() < 0.4 ? 1 : 0)) : int(rng, 0, maxLoad);
  return {
    id: `p-${i + 1}`,
    kind,
    group,
    councilId,
    region,
    roles,
    skills,
    busy: [...new Set(busy)],
    conflicts: [...new Set(conflicts)],
    load,
    maxLoad,
  };
}

export function generatePool(opts: PoolOptions): MatchPeer[] {
  const rng = mulberry32(opts.seed ^ 0x9e3779b9);
  const calendar = workingDays(opts.startDay ?? DEFAULT_START, opts.days ?? DEFAULT_SPAN);
  const tight = opts.tight ?? false;
  return Array.from({ length: opts.peers }, (_, i) => genPeer(rng, i, calendar, tight));
}

export interface ChallengeOptions {
  seed: number;
  /** Team size, 1–12 (default drawn 5–8). */
  slots?: number;
  /** Number of focus areas, 1–6 (default drawn 1–6). */
  focusAreas?: number;
  tight?: boolean;
  startDay?: string;
  /** Working days in the season calendar the visit is drawn from. */
  days?: number;
  councilIndex?: number;
  id?: string;
}

export function teamTemplate(rng: Rng, size: number): { role: TeamRole; count: number }[] {
  if (size <= 1) return [{ role: 'lead-member', count: 1 }];
  if (size === 2) return [{ role: 'lead-member', count: 1 }, { role: 'lead-officer', count: 1 }];
  if (size === 3)
    return [
      { role: 'lead-member', count: 1 },
      { role: 'member', count: 1 },
      { role: 'lead-officer', count: 1 },
    ];
  const members = size >= 7 ? 2 : 1;
  const other = size >= 6 && rng() < 0.5 ? 1 : 0;
  const officers = size - 2 - members - other;
  const slots: { role: TeamRole; count: number }[] = [
    { role: 'lead-member', count: 1 },
    { role: 'member', count: members },
    { role: 'lead-officer', count: 1 },
    { role: 'officer', count: officers },
  ];
  if (other) slots.push({ role: 'other', count: 1 });
  return slots.filter((s) => s.count > 0);
}

interface ChallengeCore {
  id: string;
  councilId: string;
  region: string;
  control: string;
  focus: Record<string, number>;
  slots: { role: TeamRole; count: number }[];
}

function genChallengeCore(rng: Rng, o: Omit<ChallengeOptions, 'seed'>, id: string): ChallengeCore {
  const council = COUNCILS[o.councilIndex ?? Math.floor(rng() * COUNCILS.length)]!;
  const control = weighted(rng, [
    ['CON', 32],
    ['LAB', 32],
    ['LD', 12],
    ['IND', 6],
    ['NOC', 18],
  ] as const);
  const nf = o.focusAreas ?? int(rng, 1, 6);
  const focus: Record<string, number> = {};
  for (const a of sample(rng, SKILL_AREAS, nf)) focus[a] = int(rng, 1, 5);
  const size = o.slots ?? int(rng, 5, 8);
  return { id, councilId: council.id, region: council.region, control, focus, slots: teamTemplate(rng, size) };
}

function genWindow(rng: Rng, calendar: readonly string[]): string[] {
  const len = int(rng, 3, 5);
  const start = int(rng, 0, calendar.length - len);
  return calendar.slice(start, start + len);
}

export function generateChallenge(opts: ChallengeOptions): MatchChallenge {
  const rng = mulberry32(opts.seed ^ 0x85ebca6b);
  const calendar = workingDays(opts.startDay ?? DEFAULT_START, opts.days ?? DEFAULT_SPAN);
  const core = genChallengeCore(rng, opts, opts.id ?? `ch-${opts.seed}`);
  return { ...core, days: genWindow(rng, calendar) };
}

export interface ProposeInputOptions {
  seed: number;
  peers: number;
  /** Team size 4–8 (default drawn 5–8). */
  slots?: number;
  /** 1–6 (default drawn). */
  focusAreas?: number;
  tight?: boolean;
  policy?: Partial<MatchPolicy>;
}

export interface GeneratedProposeInput {
  challenge: MatchChallenge;
  peers: MatchPeer[];
  policy: MatchPolicy;
}

export function generateProposeInput(opts: ProposeInputOptions): GeneratedProposeInput {
  const peers = generatePool({ seed: opts.seed, peers: opts.peers, tight: opts.tight });
  const challenge = generateChallenge({
    seed: opts.seed,
    slots: opts.slots,
    focusAreas: opts.focusAreas,
    tight: opts.tight,
    id: `ch-${opts.seed}`,
  });
  return { challenge, peers, policy: { ...DEFAULT_POLICY, ...opts.policy } };
}

export interface SeasonInputOptions {
  seed: number;
  peers: number;
  challenges: number;
  /** Windows per challenge (default 3). */
  windows?: number;
  tight?: boolean;
  policy?: Partial<MatchPolicy>;
}

export interface GeneratedSeasonInput {
  challenges: SeasonChallenge[];
  peers: MatchPeer[];
  policy: MatchPolicy;
}

export function generateSeasonInput(opts: SeasonInputOptions): GeneratedSeasonInput {
  const peers = generatePool({ seed: opts.seed, peers: opts.peers, tight: opts.tight });
  const rng = mulberry32(opts.seed ^ 0xc2b2ae35);
  const calendar = workingDays(DEFAULT_START, DEFAULT_SPAN);
  const nw = opts.windows ?? 3;
  const councils = sample(
    rng,
    COUNCILS.map((_, i) => i),
    Math.min(COUNCILS.length, opts.challenges),
  );
  const challenges: SeasonChallenge[] = [];
  for (let i = 0; i < opts.challenges; i++) {
    const core = genChallengeCore(rng, { councilIndex: councils[i % councils.length] }, `ch-${i + 1}`);
    const windows: string[][] = [];
    for (let w = 0; w < nw; w++) windows.push(genWindow(rng, calendar));
    challenges.push({ ...core, windows });
  }
  return { challenges, peers, policy: { ...DEFAULT_POLICY, ...opts.policy } };
}
