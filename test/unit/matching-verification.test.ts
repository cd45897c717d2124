/**
 * Independent verification of the team-matching solver (shared/matching) against
 * shared/domain/matching.md:
 *  - an exact MIP (HiGHS) on ~200 generated instances from 5 to 2,500 peers,
 *  - a brute-force enumerator on the tiny ones,
 *  - an independent checker on every solver output,
 *  - hand-built edge cases, fast-check properties, k-best, and planSeason vs a season MIP.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { proposeTeam, planSeason } from '../../shared/matching/index.js';
import { generateProposeInput, generateSeasonInput } from '../../shared/matching/generator.js';
import {
  checkSeason,
  checkTeam,
  peerRuleViolations,
  scoreTeam,
  subsetSeasonPeers,
  type CkPeer,
  type CkPolicy,
  type CkProposeInput,
  type CkSeasonInput,
  type CkSeasonOutput,
  type CkTeamMember,
} from '../support/matching-checker.js';
import { bruteForce } from '../support/matching-brute.js';
import { infeasibleRuleMip, perChallengeOptimaMip, solveProposeMip, solveSeasonMip } from '../support/matching-mip.js';
import { mulberry32 } from '../../shared/domain/random.js';

// ---------------------------------------------------------------------------
// Adapter: the solver's API seen through the spec's JSON shapes
// ---------------------------------------------------------------------------

interface Proposal {
  status: 'optimal' | 'infeasible';
  score?: number;
  team?: CkTeamMember[];
  rule?: number | null;
  slot?: string | null;
  reason?: string;
}

type ProposeOpts = { k?: number; pins?: (string | { peerId: string; slot?: string })[]; exclude?: string[] };

/** Calls the solver with the spec JSON; pins are peer ids (any slot). */
async function propose(input: CkProposeInput, opts: ProposeOpts = {}): Promise<Proposal> {
  const o: Record<string, unknown> = {};
  if (opts.k !== undefined) o.k = opts.k;
  if (opts.pins) o.pins = opts.pins.map((p) => (typeof p === 'string' ? { peerId: p } : p));
  if (opts.exclude) o.exclude = opts.exclude;
  const out = (await (proposeTeam as (i: unknown, o?: unknown) => unknown)(input, o)) as Proposal;
  return out;
}

/** k-best: the best team followed by the solver's alternatives, best first. */
async function proposeK(input: CkProposeInput, k: number): Promise<{ score: number; team: CkTeamMember[] }[]> {
  const out = (await (proposeTeam as (i: unknown, o?: unknown) => unknown)(input, { k })) as Record<string, unknown>;
  if (out.status !== 'optimal') return [];
  const best = { score: out.score as number, team: out.team as CkTeamMember[] };
  const alts = (out.alternatives ?? []) as { score: number; team: CkTeamMember[] }[];
  const key = (t: CkTeamMember[]) =>
    t
      .map((m) => `${m.slot}:${m.peerId}`)
      .sort()
      .join(',');
  // Accept either convention: alternatives listing the best team first, or only the runners-up.
  if (alts.length > 0 && key(alts[0]!.team) === key(best.team)) return alts;
  return [best, ...alts];
}

async function season(input: CkSeasonInput): Promise<CkSeasonOutput> {
  return (await (planSeason as (i: unknown) => unknown)(input)) as CkSeasonOutput;
}

function genPropose(seed: number, peers: number, slots: number, focusAreas: number, tight: boolean): CkProposeInput {
  return generateProposeInput({ seed, peers, slots, focusAreas, tight }) as unknown as CkProposeInput;
}

function genSeason(seed: number, peers: number, challenges: number, windows: number, tight: boolean): CkSeasonInput {
  return generateSeasonInput({ seed, peers, challenges, windows, tight }) as unknown as CkSeasonInput;
}

/**
 * A tiny instance that is often feasible: the generator's small pools are sparse (realistic
 * for 2,500 peers, mostly infeasible at 10), so draw a 200-peer pool and keep `n` peers —
 * mostly ones that pass the per-peer rules 2, 3, 4, 8 for a slot role (judged by the
 * checker, not the solver), plus a few others so the rules still bite.
 */
function genSubset(seed: number, n: number, slots: number, focusAreas: number, tight: boolean): CkProposeInput {
  const base = genPropose(seed, 200, slots, focusAreas, tight);
  const r = mulberry32(seed ^ 0x5bd1e995);
  const shuffle = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const roles = new Set(base.challenge.slots.map((x) => x.role));
  const good = shuffle(base.peers.filter((p) => p.roles.some((x) => roles.has(x)) && peerRuleViolations(base, p).length === 0));
  const bad = shuffle(base.peers.filter((p) => !good.includes(p)));
  const nBad = Math.min(bad.length, Math.max(1, Math.floor(n / 6)));
  // Seed each slot role with count + 1 candidates (lead members mostly of the controlling group).
  const chosen = new Set<CkPeer>();
  for (const slot of base.challenge.slots) {
    const want = slot.count + 1;
    const control = base.challenge.control;
    const fits = good.filter((p) => p.roles.includes(slot.role) && !chosen.has(p));
    const preferred = slot.role === 'lead-member' && control !== 'NOC' && r() < 0.8 ? fits.filter((p) => p.group === control) : fits;
    for (const p of [...preferred, ...fits].slice(0, want)) chosen.add(p);
  }
  for (const p of good) if (chosen.size < n - nBad) chosen.add(p);
  for (const p of bad) if (chosen.size < n) chosen.add(p);
  return { ...base, peers: shuffle([...chosen]).slice(0, n) };
}

/** Asserts a solver proposal is valid per the checker and reports its own score. */
function expectValid(input: CkProposeInput, out: Proposal, label = ''): void {
  expect(out.status, label).toBe('optimal');
  const team = out.team ?? [];
  const violations = checkTeam(input, team);
  expect(violations, `${label} violations`).toEqual([]);
  expect(out.score, `${label} reported vs recomputed score`).toBe(scoreTeam(input, team));
}


interface Case {
  name: string;
  seed: number;
  peers: number;
  slots: number;
  focusAreas: number;
  tight: boolean;
  brute: boolean;
  /** Tiny instance drawn as a subset of a 200-peer pool (see genSubset). */
  subset: boolean;
  /** Policy overrides on top of the generator's policy. */
  policy: CkPolicy;
}

/** Policy variants cycled through the generated instances. */
const POLICY_VARIANTS: CkPolicy[] = [
  {},
  { loadPenalty: 0 },
  { loadPenalty: 3 },
  { excludeSameRegion: true },
  { crossPartyMembers: false, onePerCouncil: false },
  { leadMemberSameGroup: false, loadPenalty: 2 },
];

function makeCases(): Case[] {
  const r = mulberry32(20270309);
  const between = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const cases: Case[] = [];
  const add = (cls: string, n: number, peers: [number, number], slots: [number, number], brute: boolean, subset = false) => {
    for (let i = 0; i < n; i++) {
      const c = {
        seed: 1000 * cases.length + 7,
        peers: between(...peers),
        slots: between(...slots),
        focusAreas: between(1, 6),
        tight: i % 2 === 1,
        brute,
        subset,
        policy: POLICY_VARIANTS[Math.floor(r() * POLICY_VARIANTS.length)]!,
      };
      cases.push({ ...c, name: `${cls} #${i} seed=${c.seed} peers=${c.peers} slots=${c.slots} focus=${c.focusAreas}${c.tight ? ' tight' : ''}${Object.keys(c.policy).length ? ` ${JSON.stringify(c.policy)}` : ''}` });
    }
  };
  add('tiny', 30, [5, 12], [2, 4], true);
  add('tiny-subset', 50, [6, 12], [2, 4], true, true);
  add('small', 40, [30, 150], [4, 8], false);
  add('medium', 60, [100, 500], [4, 8], false);
  add('large', 20, [1000, 2500], [5, 8], false);
  return cases;
}

const CASES = makeCases();
const stats = { optimal: 0, infeasible: 0, brute: 0, bruteFeasible: 0, rule: 0 };

// ---------------------------------------------------------------------------
// 1. Random instances: solver == HiGHS (== brute force on tiny), checker passes
// ---------------------------------------------------------------------------

describe('proposeTeam vs HiGHS on generated instances', () => {
  for (const cls of ['tiny', 'tiny-subset', 'small', 'medium', 'large']) {
    const list = CASES.filter((c) => c.name.startsWith(`${cls} #`));
    it.each(list)(`$name`, async (c) => {
      const generated = c.subset
        ? genSubset(c.seed, c.peers, c.slots, c.focusAreas, c.tight)
        : genPropose(c.seed, c.peers, c.slots, c.focusAreas, c.tight);
      const input: CkProposeInput = { ...generated, policy: { ...generated.policy, ...c.policy } };
      const out = await propose(input);
      const mip = await solveProposeMip(input);
      expect(out.status, 'feasibility agrees with HiGHS').toBe(mip.status);
      if (mip.status === 'optimal') {
        stats.optimal++;
        expectValid(input, out, c.name);
        expect(out.score, 'score equals the HiGHS optimum').toBe(mip.score);
      } else {
        stats.infeasible++;
        // The reported `rule`: lowest rule 2–8 whose relaxation alone makes a team possible.
        const rule = await infeasibleRuleMip(input);
        expect(out.rule ?? null, 'infeasible rule').toBe(rule);
        stats.rule++;
        if (out.slot != null) expect(input.challenge.slots.map((s) => s.role)).toContain(out.slot);
      }
      if (c.brute) {
        const b = bruteForce(input);
        expect(b.status).toBe(mip.status);
        expect(b.score).toBe(mip.score);
        if (b.status === 'infeasible') expect(b.rule ?? null).toBe(out.rule ?? null);
        else stats.bruteFeasible++;
        stats.brute++;
      }
    }, cls === 'large' ? 60_000 : 20_000);
  }

  it('covers both feasible and infeasible instances', () => {
    // Runs after the instance tests in this file (sequential by default).
    expect(stats.optimal + stats.infeasible).toBe(CASES.length);
    expect(stats.optimal).toBeGreaterThan(CASES.length * 0.4);
    expect(stats.infeasible).toBeGreaterThan(10);
    expect(stats.bruteFeasible).toBeGreaterThan(20);
    console.log(`generated instances: ${stats.optimal} feasible, ${stats.infeasible} infeasible (rule checked on all), ${stats.brute} brute-forced (${stats.bruteFeasible} feasible)`);
  });
});

// ---------------------------------------------------------------------------
// 2. Hand-built edge cases from matching.md
// ---------------------------------------------------------------------------

let peerSeq = 0;
function peer(o: Partial<CkPeer> & Pick<CkPeer, 'roles'>): CkPeer {
  peerSeq++;
  return {
    id: o.id ?? `e-${peerSeq}`,
    kind: o.kind ?? (o.roles.some((r) => r.includes('member')) ? 'member' : 'officer'),
    group: o.group === undefined ? null : o.group,
    councilId: o.councilId === undefined ? `C${peerSeq}` : o.councilId,
    region: o.region ?? 'North West',
    roles: o.roles,
    skills: o.skills ?? {},
    busy: o.busy ?? [],
    conflicts: o.conflicts ?? [],
    load: o.load ?? 0,
    maxLoad: o.maxLoad ?? 3,
  };
}

function propInput(
  peers: CkPeer[],
  ch: Partial<CkProposeInput['challenge']> = {},
  policy?: CkProposeInput['policy'],
): CkProposeInput {
  return {
    challenge: {
      id: 'ch-edge',
      councilId: 'E07000111',
      region: 'South East',
      control: 'CON',
      days: ['2027-03-09', '2027-03-10', '2027-03-11'],
      focus: { finance: 3, governance: 2 },
      slots: [
        { role: 'lead-member', count: 1 },
        { role: 'member', count: 1 },
      ],
      ...ch,
    },
    peers,
    ...(policy ? { policy } : {}),
  };
}

/** Solver, brute force and HiGHS all agree; returns the solver's proposal. */
async function agreeAll(input: CkProposeInput): Promise<Proposal> {
  const out = await propose(input);
  const b = bruteForce(input);
  const m = await solveProposeMip(input);
  expect(b.status).toBe(m.status);
  expect(b.score).toBe(m.score);
  expect(out.status).toBe(b.status);
  if (b.status === 'optimal') {
    expectValid(input, out);
    expect(out.score).toBe(b.score);
  } else {
    expect(out.rule ?? null).toBe(b.rule ?? null);
  }
  return out;
}

const ids = (out: Proposal) => (out.team ?? []).map((m) => m.peerId).sort();

describe('edge cases from matching.md', () => {
  it('rule 6: a null group counts for no group', async () => {
    const lead = peer({ id: 'lead', roles: ['lead-member'], group: 'CON', skills: { finance: 1 } });
    const star = peer({ id: 'star', roles: ['member'], group: null, kind: 'other', skills: { finance: 3, governance: 3 } });
    const lab = peer({ id: 'lab', roles: ['member'], group: 'LAB', skills: { governance: 1 } });
    const out = await agreeAll(propInput([lead, star, lab]));
    expect(ids(out)).toEqual(['lab', 'lead']);
    // Only the null-group member left: infeasible, and relaxing rule 6 alone fixes it.
    const out2 = await agreeAll(propInput([lead, star]));
    expect(out2.status).toBe('infeasible');
    expect(out2.rule).toBe(6);
  });

  it('rule 6: IND is a group like any other', async () => {
    const lead = peer({ id: 'lead', roles: ['lead-member'], group: 'CON' });
    const ind = peer({ id: 'ind', roles: ['member'], group: 'IND', skills: { finance: 2 } });
    const con = peer({ id: 'con2', roles: ['member'], group: 'CON', skills: { finance: 3 } });
    const out = await agreeAll(propInput([lead, ind, con]));
    expect(ids(out)).toEqual(['ind', 'lead']);
  });

  it('rule 6 does not apply with fewer than two member places', async () => {
    const lead = peer({ id: 'lead', roles: ['lead-member'], group: 'CON' });
    const off = peer({ id: 'off', roles: ['officer'], skills: { finance: 1 } });
    const out = await agreeAll(propInput([lead, off], { slots: [{ role: 'lead-member', count: 1 }, { role: 'officer', count: 1 }] }));
    expect(out.status).toBe('optimal');
  });

  it('rule 7: a null councilId is never shared', async () => {
    const lead = peer({ id: 'lead', roles: ['lead-member'], group: 'CON', councilId: null });
    const m1 = peer({ id: 'm1', roles: ['member'], group: 'LAB', councilId: null, skills: { finance: 3 } });
    const o1 = peer({ id: 'o1', roles: ['officer'], councilId: null, skills: { governance: 3 } });
    const o2 = peer({ id: 'o2', roles: ['officer'], councilId: 'SAME', skills: { governance: 2 } });
    const o3 = peer({ id: 'o3', roles: ['officer'], councilId: 'SAME', skills: { governance: 2 } });
    const slots = [
      { role: 'lead-member', count: 1 },
      { role: 'member', count: 1 },
      { role: 'officer', count: 2 },
    ];
    const out = await agreeAll(propInput([lead, m1, o1, o2, o3], { slots }));
    expect(ids(out)).toContain('o1');
    expect(ids(out).filter((i) => i === 'o2' || i === 'o3')).toHaveLength(1);
    // Without the null-council officer, the two SAME officers cannot both serve.
    const out2 = await agreeAll(propInput([lead, m1, o2, o3], { slots }));
    expect(out2.status).toBe('infeasible');
    expect(out2.rule).toBe(7);
    // ...unless onePerCouncil is off.
    const out3 = await agreeAll(propInput([lead, m1, o2, o3], { slots }, { onePerCouncil: false }));
    expect(out3.status).toBe('optimal');
  });

  it('a role listed twice in slots adds up', async () => {
    const ps = [1, 2, 3].map((i) => peer({ id: `o${i}`, roles: ['officer'], skills: { finance: i } }));
    const input = propInput(ps, { slots: [{ role: 'officer', count: 1 }, { role: 'officer', count: 1 }] });
    const out = await agreeAll(input);
    expect(out.team).toHaveLength(2);
    expect(ids(out)).toEqual(['o2', 'o3']);
    // 10·(3·3 + 2·0) + depth 3 + 2 − 0 load = 95
    expect(out.score).toBe(95);
  });

  it('loadPenalty 0 and 3 change the choice exactly as the formula says', async () => {
    const busyExpert = peer({ id: 'busy', roles: ['officer'], skills: { finance: 3 }, load: 2, maxLoad: 5 });
    const fresh = peer({ id: 'fresh', roles: ['officer'], skills: { finance: 2, governance: 1 }, load: 0 });
    const slots = [{ role: 'officer', count: 1 }];
    const focus = { finance: 1, governance: 1 };
    // busy: 10·3 + 3 − lp·2 ; fresh: 10·(2+1) + 3 − 0 = 33
    const out0 = await agreeAll(propInput([busyExpert, fresh], { slots, focus }, { loadPenalty: 0 }));
    expect(out0.score).toBe(33);
    const out3 = await agreeAll(propInput([busyExpert, fresh], { slots, focus }, { loadPenalty: 3 }));
    expect(ids(out3)).toEqual(['fresh']);
    expect(out3.score).toBe(33);
    const focus2 = { finance: 2, governance: 1 };
    // busy: 60 + 3 − lp·2 ; fresh: 10·(4+1) + 3 = 53
    const a = await agreeAll(propInput([busyExpert, fresh], { slots, focus: focus2 }, { loadPenalty: 0 }));
    expect(ids(a)).toEqual(['busy']);
    expect(a.score).toBe(63);
    const b = await agreeAll(propInput([busyExpert, fresh], { slots, focus: focus2 }, { loadPenalty: 3 }));
    expect(b.score).toBe(57);
  });

  it('rule 5: a NOC council takes a lead member from any group; otherwise the controlling group', async () => {
    const labLead = peer({ id: 'lablead', roles: ['lead-member'], group: 'LAB', skills: { finance: 3 } });
    const conLead = peer({ id: 'conlead', roles: ['lead-member'], group: 'CON', skills: { finance: 1 } });
    const ld = peer({ id: 'ld', roles: ['member'], group: 'LD' });
    const noc = await agreeAll(propInput([labLead, conLead, ld], { control: 'NOC' }));
    expect(noc.team?.find((m) => m.slot === 'lead-member')?.peerId).toBe('lablead');
    const con = await agreeAll(propInput([labLead, conLead, ld], { control: 'CON' }));
    expect(con.team?.find((m) => m.slot === 'lead-member')?.peerId).toBe('conlead');
    const grn = await agreeAll(propInput([labLead, conLead, ld], { control: 'GRN' }));
    expect(grn.status).toBe('infeasible');
    expect(grn.rule).toBe(5);
    expect(grn.slot).toBe('lead-member');
    const off = await agreeAll(propInput([labLead, conLead, ld], { control: 'GRN' }, { leadMemberSameGroup: false }));
    expect(off.status).toBe('optimal');
  });

  it('rule 8: excludeSameRegion', async () => {
    const near = peer({ id: 'near', roles: ['officer'], region: 'South East', skills: { finance: 3 } });
    const far = peer({ id: 'far', roles: ['officer'], region: 'North East', skills: { finance: 1 } });
    const slots = [{ role: 'officer', count: 1 }];
    const on = await agreeAll(propInput([near, far], { slots }, { excludeSameRegion: true }));
    expect(ids(on)).toEqual(['far']);
    const offP = await agreeAll(propInput([near, far], { slots }, { excludeSameRegion: false }));
    expect(ids(offP)).toEqual(['near']);
    const dflt = await agreeAll(propInput([near, far], { slots }));
    expect(ids(dflt)).toEqual(['near']);
    const only = await agreeAll(propInput([near], { slots }, { excludeSameRegion: true }));
    expect(only.rule).toBe(8);
  });

  it('rules 2, 3, 4: busy, own council / conflict, full load', async () => {
    const slots = [{ role: 'officer', count: 1 }];
    const busy = peer({ id: 'busy', roles: ['officer'], busy: ['2027-03-10'] });
    expect((await agreeAll(propInput([busy], { slots }))).rule).toBe(2);
    const own = peer({ id: 'own', roles: ['officer'], councilId: 'E07000111' });
    expect((await agreeAll(propInput([own], { slots }))).rule).toBe(3);
    const conflicted = peer({ id: 'cf', roles: ['officer'], conflicts: ['E07000111'] });
    expect((await agreeAll(propInput([conflicted], { slots }))).rule).toBe(3);
    const full = peer({ id: 'full', roles: ['officer'], load: 3, maxLoad: 3 });
    expect((await agreeAll(propInput([full], { slots }))).rule).toBe(4);
    // Two different single-rule blockers: no single relaxation helps.
    const both = peer({ id: 'both', roles: ['officer'], busy: ['2027-03-09'], load: 3, maxLoad: 3 });
    expect((await agreeAll(propInput([both], { slots }))).rule).toBeNull();
  });

  it('missing policy takes the defaults', async () => {
    const lead = peer({ id: 'lead', roles: ['lead-member'], group: 'CON', load: 2, skills: { finance: 2 } });
    const m = peer({ id: 'm', roles: ['member'], group: 'LAB', load: 1, skills: { governance: 1 } });
    const out = await agreeAll(propInput([lead, m]));
    // 10·(3·2 + 2·1) + 3 − 1·3 = 80
    expect(out.score).toBe(80);
  });
});

describe('the independent checker itself', () => {
  const lead = peer({ id: 'L', roles: ['lead-member'], group: 'CON', councilId: 'X' });
  const mem = peer({ id: 'M', roles: ['member', 'officer'], group: 'CON', councilId: 'X', busy: ['2027-03-09'], load: 3, maxLoad: 3, region: 'South East' });
  const input = propInput([lead, mem], {}, { excludeSameRegion: true });
  it('flags every broken rule', () => {
    const v = checkTeam(input, [
      { slot: 'lead-member', peerId: 'L' },
      { slot: 'member', peerId: 'M' },
    ]);
    expect(new Set(v.map((x) => x.rule))).toEqual(new Set([2, 4, 6, 7, 8]));
    const v1 = checkTeam({ ...input, challenge: { ...input.challenge, control: 'LAB' } }, [{ slot: 'lead-member', peerId: 'M' }]);
    expect(v1.map((x) => x.rule)).toContain(1);
    expect(v1.map((x) => x.rule)).toContain(5);
  });
});

// ---------------------------------------------------------------------------
// 3. Properties (fast-check)
// ---------------------------------------------------------------------------

const smallInstance = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  /** subset: ≤ 14 peers drawn from a 200-peer pool; pool: a loose generated pool of 40–160 peers. */
  subset: fc.boolean(),
  peers: fc.integer({ min: 8, max: 14 }),
  slots: fc.integer({ min: 3, max: 6 }),
  focusAreas: fc.integer({ min: 1, max: 6 }),
  tight: fc.boolean(),
});
type SmallArgs = { seed: number; subset: boolean; peers: number; slots: number; focusAreas: number; tight: boolean };
const gen1 = (a: SmallArgs) =>
  a.subset ? genSubset(a.seed, a.peers, a.slots, a.focusAreas, a.tight) : genPropose(a.seed, a.peers * 12, a.slots, a.focusAreas, false);
const FC = { numRuns: 50, seed: 424242 };
/** Feasible runs per property, so that a property cannot pass vacuously. */
const feasibleRuns: Record<string, number> = {};
const countFeasible = (name: string) => (feasibleRuns[name] = (feasibleRuns[name] ?? 0) + 1);
const runsOf = (name: string) => feasibleRuns[name] ?? 0;

describe('properties', () => {
  it('pinning members of the optimal team keeps the optimum; pinning others never raises it', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance, fc.integer({ min: 0, max: 1000 }), async (a, pick) => {
        const input = gen1(a);
        const best = await propose(input);
        if (best.status !== 'optimal') return;
        countFeasible('pin');
        const members = (best.team ?? []).map((m) => m.peerId);
        // All of them.
        const all = await propose(input, { pins: members });
        expectValid(input, all, 'pin all');
        expect(all.score).toBe(best.score);
        // All of them, each in the slot it holds.
        const slotted = await propose(input, { pins: best.team ?? [] });
        expectValid(input, slotted, 'pin all with slots');
        expect(slotted.score).toBe(best.score);
        // One member pinned to a different slot role it can fill: exact optimum under that pin.
        const first = best.team?.[pick % (best.team?.length ?? 1)];
        const firstPeer = input.peers.find((p) => p.id === first?.peerId);
        const otherRole = firstPeer?.roles.find((r) => r !== first?.slot && input.challenge.slots.some((x) => x.role === r));
        if (first && otherRole) {
          const moved = await propose(input, { pins: [{ peerId: first.peerId, slot: otherRole }] });
          const m = await solveProposeMip(input, { pins: [{ peerId: first.peerId, slot: otherRole }] });
          expect(moved.status).toBe(m.status);
          if (moved.status === 'optimal') {
            expectValid(input, moved, 'pin to another slot');
            expect(moved.team).toContainEqual({ slot: otherRole, peerId: first.peerId });
            expect(moved.score).toBe(m.score);
          }
        }
        // A subset of them: the optimal team still satisfies the pins.
        const subset = members.filter((_, i) => (pick >> i) & 1);
        const sub = await propose(input, { pins: subset });
        expectValid(input, sub, 'pin subset');
        expect(sub.score).toBe(best.score);
        // Someone else: never above the optimum, and they are on the team.
        const others = input.peers.filter((p) => !members.includes(p.id));
        const other = others[pick % Math.max(1, others.length)];
        if (other) {
          const o = await propose(input, { pins: [other.id] });
          const m = await solveProposeMip(input, { pins: [other.id] });
          expect(o.status).toBe(m.status);
          if (o.status === 'optimal') {
            expectValid(input, o, 'pin other');
            expect(o.team?.map((t) => t.peerId)).toContain(other.id);
            expect(o.score!).toBeLessThanOrEqual(best.score!);
            expect(o.score).toBe(m.score);
          }
        }
      }),
      FC,
    );
    expect(runsOf('pin'), 'feasible runs').toBeGreaterThanOrEqual(20);
  }, 120_000);

  it('excluding a non-member of the optimal team never changes the score; excluding a member never raises it', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance, fc.integer({ min: 0, max: 1000 }), async (a, pick) => {
        const input = gen1(a);
        const best = await propose(input);
        if (best.status !== 'optimal') return;
        countFeasible('exclude');
        const members = (best.team ?? []).map((m) => m.peerId);
        const others = input.peers.filter((p) => !members.includes(p.id));
        const other = others[pick % Math.max(1, others.length)];
        if (other) {
          const o = await propose(input, { exclude: [other.id] });
          expectValid(input, o, 'exclude other');
          expect(o.score).toBe(best.score);
        }
        const member = members[pick % members.length];
        if (member) {
          const o = await propose(input, { exclude: [member] });
          const m = await solveProposeMip(input, { exclude: [member] });
          expect(o.status).toBe(m.status);
          if (o.status === 'optimal') {
            expectValid(input, o, 'exclude member');
            expect(o.team?.map((t) => t.peerId)).not.toContain(member);
            expect(o.score!).toBeLessThanOrEqual(best.score!);
            expect(o.score).toBe(m.score);
          }
        }
      }),
      FC,
    );
    expect(runsOf('exclude'), 'feasible runs').toBeGreaterThanOrEqual(20);
  }, 120_000);

  it('adding a peer never lowers the score', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), async (a, pick, tweak) => {
        const input = gen1(a);
        const before = await propose(input);
        const template = input.peers[pick % input.peers.length]!;
        const donor = input.peers[tweak % input.peers.length]!;
        const added: CkPeer = {
          ...template,
          id: `added-${pick}-${tweak}`,
          skills: tweak % 2 ? donor.skills : template.skills,
          councilId: tweak % 3 === 0 ? null : donor.councilId,
          load: Math.min(template.load, donor.load),
        };
        const bigger: CkProposeInput = { ...input, peers: [...input.peers, added] };
        const after = await propose(bigger);
        if (before.status === 'optimal') {
          countFeasible('add');
          expectValid(bigger, after, 'after adding');
          expect(after.score!).toBeGreaterThanOrEqual(before.score!);
        }
        const m = await solveProposeMip(bigger);
        expect(after.status).toBe(m.status);
        if (m.status === 'optimal') expect(after.score).toBe(m.score);
      }),
      FC,
    );
    expect(runsOf('add'), 'feasible runs').toBeGreaterThanOrEqual(20);
  }, 120_000);

  it('k-best: non-increasing, first is the optimum, all distinct, all valid', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance, fc.integer({ min: 2, max: 6 }), async (a, k) => {
        const input = gen1(a);
        const best = await propose(input);
        const list = await proposeK(input, k);
        if (best.status !== 'optimal') {
          expect(list).toEqual([]);
          return;
        }
        countFeasible('kbest');
        expect(list.length).toBeGreaterThanOrEqual(1);
        expect(list.length).toBeLessThanOrEqual(k);
        expect(list[0]!.score).toBe(best.score);
        const keys = new Set<string>();
        for (let i = 0; i < list.length; i++) {
          const t = list[i]!;
          if (i > 0) expect(t.score).toBeLessThanOrEqual(list[i - 1]!.score);
          expect(checkTeam(input, t.team)).toEqual([]);
          expect(t.score).toBe(scoreTeam(input, t.team));
          keys.add(
            t.team
              .map((m) => `${m.slot}:${m.peerId}`)
              .sort()
              .join(','),
          );
        }
        expect(keys.size, 'k-best teams are distinct').toBe(list.length);
      }),
      FC,
    );
    expect(runsOf('kbest'), 'feasible runs').toBeGreaterThanOrEqual(20);
  }, 120_000);

  it('k-best on tiny instances: scores are the true top-k (brute force)', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const input = genSubset(seed * 31, 8 + (seed % 5), 2 + (seed % 3), 1 + (seed % 4), seed % 2 === 0);
      const b = bruteForce(input);
      if (b.status !== 'optimal') continue;
      const k = 5;
      const list = await proposeK(input, k);
      const want = b.all.slice(0, k).map((t) => t.score);
      expect(
        list.map((t) => t.score),
        `seed ${seed * 31}`,
      ).toEqual(want.slice(0, list.length));
      expect(list.length).toBe(Math.min(k, b.all.length));
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  }, 60_000);
});

/** Minimal planSeason quality counter-example (see the test that uses it). Busy days outside Mar–Apr trimmed. */
const MIN_SEASON_CASE: CkSeasonInput = {"challenges": [{"id": "ch-1", "councilId": "E06001800", "region": "North East", "control": "LAB", "focus": {"equality-diversity-inclusion": 4}, "slots": [{"role": "lead-member", "count": 1}, {"role": "member", "count": 2}, {"role": "lead-officer", "count": 1}, {"role": "officer", "count": 3}, {"role": "other", "count": 1}], "windows": [["2027-04-09", "2027-04-12", "2027-04-13", "2027-04-14", "2027-04-15"]]}, {"id": "ch-5", "councilId": "E07002730", "region": "East Midlands", "control": "LAB", "focus": {"housing": 3, "efficiency": 5, "adult-social-care": 2, "communications": 4, "partnership-working": 4}, "slots": [{"role": "lead-member", "count": 1}, {"role": "member", "count": 2}, {"role": "lead-officer", "count": 1}, {"role": "officer", "count": 3}, {"role": "other", "count": 1}], "windows": [["2027-03-17", "2027-03-18", "2027-03-19"], ["2027-04-06", "2027-04-07", "2027-04-08", "2027-04-09"]]}], "peers": [{"id": "p-1", "kind": "officer", "group": null, "councilId": "E09003150", "region": "East of England", "roles": ["lead-officer", "officer"], "skills": {"efficiency": 1, "transformation": 1, "communications": 3, "adult-social-care": 3, "housing": 1}, "busy": ["2027-03-03", "2027-03-10", "2027-03-15", "2027-04-26"], "conflicts": [], "load": 3, "maxLoad": 4}, {"id": "p-3", "kind": "member", "group": "LAB", "councilId": "E08001100", "region": "North East", "roles": ["lead-member", "member"], "skills": {"housing": 3, "governance": 2, "finance": 2, "adult-social-care": 2, "efficiency": 3}, "busy": ["2027-03-15", "2027-03-16", "2027-03-30", "2027-04-01", "2027-04-02"], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-4", "kind": "member", "group": "LD", "councilId": "E08000340", "region": "West Midlands", "roles": ["member"], "skills": {"housing": 1}, "busy": ["2027-03-12", "2027-04-08", "2027-04-19"], "conflicts": ["E08001260"], "load": 1, "maxLoad": 2}, {"id": "p-9", "kind": "member", "group": "CON", "councilId": "E08002980", "region": "South West", "roles": ["member"], "skills": {"finance": 2, "homelessness": 2, "governance": 1}, "busy": ["2027-03-10", "2027-03-17"], "conflicts": [], "load": 3, "maxLoad": 4}, {"id": "p-11", "kind": "member", "group": "CON", "councilId": "E08002020", "region": "Yorkshire and the Humber", "roles": ["member"], "skills": {"equality-diversity-inclusion": 1, "finance": 2, "communications": 2, "childrens-services": 3}, "busy": ["2027-02-26", "2027-05-14"], "conflicts": [], "load": 0, "maxLoad": 4}, {"id": "p-19", "kind": "officer", "group": null, "councilId": "E07000850", "region": "East of England", "roles": ["officer"], "skills": {"finance": 1}, "busy": ["2027-03-31"], "conflicts": [], "load": 1, "maxLoad": 4}, {"id": "p-20", "kind": "officer", "group": null, "councilId": "E06000320", "region": "Yorkshire and the Humber", "roles": ["officer"], "skills": {"governance": 2, "housing": 3}, "busy": ["2027-05-12"], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-28", "kind": "officer", "group": null, "councilId": "E09000270", "region": "South East", "roles": ["officer"], "skills": {"health-and-wellbeing": 2}, "busy": ["2027-03-10", "2027-03-26", "2027-04-26"], "conflicts": ["E09002110"], "load": 2, "maxLoad": 4}, {"id": "p-29", "kind": "other", "group": null, "councilId": "W06000290", "region": "Wales", "roles": ["other"], "skills": {"transformation": 2, "partnership-working": 3, "economic-growth": 3}, "busy": ["2027-03-12", "2027-03-23"], "conflicts": ["E08002180"], "load": 0, "maxLoad": 1}], "policy": {"leadMemberSameGroup": true, "crossPartyMembers": true, "onePerCouncil": true, "excludeSameRegion": false, "loadPenalty": 1}};

/** Minimal planSeason counter-example on the number scheduled (see the test that uses it). */
const MIN_SEASON_COUNT_CASE: CkSeasonInput = {"challenges": [{"id": "ch-5", "councilId": "E06002480", "region": "South West", "control": "LAB", "focus": {"efficiency": 5, "planning": 5, "community-engagement": 5, "housing": 2}, "slots": [{"role": "lead-member", "count": 1}, {"role": "member", "count": 2}, {"role": "lead-officer", "count": 1}, {"role": "officer", "count": 3}], "windows": [["2027-06-04", "2027-06-07", "2027-06-08", "2027-06-09", "2027-06-10"]]}, {"id": "ch-6", "councilId": "E07001570", "region": "South East", "control": "CON", "focus": {"efficiency": 5, "planning": 3, "housing": 5, "equality-diversity-inclusion": 1, "childrens-services": 4, "partnership-working": 1}, "slots": [{"role": "lead-member", "count": 1}, {"role": "member", "count": 2}, {"role": "lead-officer", "count": 1}, {"role": "officer", "count": 4}], "windows": [["2027-06-07", "2027-06-08", "2027-06-09", "2027-06-10"]]}], "peers": [{"id": "p-263", "kind": "member", "group": "GRN", "councilId": "E09002470", "region": "South East", "roles": ["lead-member", "member"], "skills": {"community-engagement": 2, "economic-growth": 2}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-118", "kind": "officer", "group": null, "councilId": "E08001900", "region": "North East", "roles": ["officer"], "skills": {"adult-social-care": 1, "childrens-services": 3}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-299", "kind": "officer", "group": null, "councilId": "E06000640", "region": "West Midlands", "roles": ["officer"], "skills": {"adult-social-care": 2, "communications": 1}, "busy": ["2027-06-04"], "conflicts": [], "load": 1, "maxLoad": 3}, {"id": "p-285", "kind": "member", "group": "LD", "councilId": "E08002780", "region": "South West", "roles": ["member"], "skills": {"childrens-services": 2, "partnership-working": 1, "efficiency": 1}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 2}, {"id": "p-105", "kind": "officer", "group": null, "councilId": "E07000570", "region": "South East", "roles": ["officer"], "skills": {"economic-growth": 1, "communications": 2}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 3}, {"id": "p-358", "kind": "member", "group": "LAB", "councilId": "E06000160", "region": "London", "roles": ["member"], "skills": {"economic-growth": 1, "homelessness": 1, "health-and-wellbeing": 1}, "busy": [], "conflicts": [], "load": 2, "maxLoad": 3}, {"id": "p-112", "kind": "member", "group": "LD", "councilId": "E09002630", "region": "East Midlands", "roles": ["member"], "skills": {"health-and-wellbeing": 1}, "busy": [], "conflicts": [], "load": 1, "maxLoad": 2}, {"id": "p-254", "kind": "officer", "group": null, "councilId": "E08002980", "region": "South West", "roles": ["officer"], "skills": {"finance": 2, "transformation": 1}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-306", "kind": "officer", "group": null, "councilId": "E07000250", "region": "East of England", "roles": ["lead-officer", "officer"], "skills": {"transformation": 3, "planning": 1, "equality-diversity-inclusion": 3, "community-engagement": 3}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 3}, {"id": "p-179", "kind": "member", "group": "LAB", "councilId": "E06002200", "region": "North East", "roles": ["lead-member", "member"], "skills": {"economic-growth": 2, "community-engagement": 1}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-247", "kind": "officer", "group": null, "councilId": "E07000210", "region": "North West", "roles": ["officer"], "skills": {"governance": 2, "partnership-working": 3}, "busy": [], "conflicts": [], "load": 1, "maxLoad": 3}, {"id": "p-369", "kind": "member", "group": "CON", "councilId": "E07002570", "region": "South East", "roles": ["lead-member", "member"], "skills": {"adult-social-care": 1, "economic-growth": 2}, "busy": [], "conflicts": [], "load": 2, "maxLoad": 3}, {"id": "p-90", "kind": "officer", "group": null, "councilId": "E08000260", "region": "London", "roles": ["officer"], "skills": {"planning": 1, "housing": 3, "childrens-services": 1, "equality-diversity-inclusion": 1}, "busy": [], "conflicts": [], "load": 2, "maxLoad": 3}, {"id": "p-317", "kind": "officer", "group": null, "councilId": "E08001140", "region": "West Midlands", "roles": ["officer"], "skills": {"communications": 2, "homelessness": 3, "planning": 2}, "busy": [], "conflicts": [], "load": 0, "maxLoad": 1}, {"id": "p-111", "kind": "officer", "group": null, "councilId": "E09001230", "region": "East Midlands", "roles": ["lead-officer", "officer"], "skills": {"childrens-services": 1}, "busy": ["2027-06-04"], "conflicts": [], "load": 1, "maxLoad": 3}], "policy": {"leadMemberSameGroup": true, "crossPartyMembers": true, "onePerCouncil": true, "excludeSameRegion": false, "loadPenalty": 1}};

// ---------------------------------------------------------------------------
// 4. planSeason vs the season MIP
// ---------------------------------------------------------------------------

describe('planSeason', () => {
  const gaps: { seed: number; heuristic: number; mip: number; scheduled: number; mipScheduled: number }[] = [];
  // Small seasons: ≤ 8 challenges, 40–60 peers kept from a 400-peer pool (see subsetSeasonPeers).
  const seasonCases = Array.from({ length: 14 }, (_, i) => ({
    seed: 5000 + 17 * i,
    peers: 40 + ((i * 7) % 21),
    challenges: 3 + (i % 6),
    windows: 1 + (i % 3),
    tight: i % 3 === 2,
  }));
  // The benchmark's small seasons (test/bench/matching.bench.ts), so both report on the same instances.
  for (let i = 0; i < 10; i++) {
    seasonCases.push({ seed: 8_000 + 13 * i, peers: 40 + ((i * 11) % 21), challenges: 4 + (i % 5), windows: 1 + (i % 3), tight: i % 3 === 2 });
  }
  it.each(seasonCases)('small season seed=$seed peers=$peers challenges=$challenges windows=$windows tight=$tight', async (c) => {
    const input = subsetSeasonPeers(genSeason(c.seed, 400, c.challenges, c.windows, c.tight), c.peers, c.seed);
    const out = await season(input);
    const optima = await perChallengeOptimaMip(input);
    const res = checkSeason(input, out, { perChallengeOptima: optima });
    expect(res.violations).toEqual([]);
    expect(res.upperBound).toBe(out.upperBound);
    const mip = await solveSeasonMip(input);
    // The MIP's own plan passes the checker (guards the reference model).
    const mipCheck = checkSeason(input, { plan: mip.plan, upperBound: res.upperBound!, ratio: 0 });
    expect(mipCheck.violations).toEqual([]);
    expect(mipCheck.total).toBe(mip.score);
    gaps.push({ seed: c.seed, heuristic: res.total, mip: mip.score, scheduled: res.scheduled, mipScheduled: mip.scheduled });
    expect(res.scheduled, 'scheduled count equals the MIP optimum').toBe(mip.scheduled);
    expect(res.total).toBeLessThanOrEqual(mip.score);
    expect(mip.score).toBeLessThanOrEqual(res.upperBound!);
    if (res.upperBound! > 0) expect(out.ratio).toBeCloseTo(res.total / res.upperBound!, 9);
  }, 60_000);

  it('medium season: checker passes, bound recomputed', async () => {
    const input = genSeason(777, 300, 30, 3, false);
    const out = await season(input);
    const optima = await perChallengeOptimaMip(input);
    const res = checkSeason(input, out, { perChallengeOptima: optima });
    expect(res.violations).toEqual([]);
    expect(out.plan).toHaveLength(input.challenges.length);
    // Every challenge that can be scheduled alone and is not scheduled must have a reason.
    for (const e of out.plan) if (e.window === null) expect(typeof e.reason).toBe('string');
  }, 120_000);

  // Minimal instance found by delta-debugging the bench's small season seed 8026 (41 peers, 6 challenges):
  // two challenges whose windows overlap on 7–10 June, 15 peers. Both can be scheduled with disjoint
  // teams (the MIP finds them; the checker accepts its plan), but planSeason schedules only ch-6 and
  // reports ch-5 as clashing — the first objective of matching.md §2 (number scheduled) is missed.
  it('schedules both challenges when both can be (minimal instance)', async () => {
    const input = MIN_SEASON_COUNT_CASE;
    const mip = await solveSeasonMip(input);
    expect(checkSeason(input, { plan: mip.plan, upperBound: 0, ratio: 0 }).violations).toEqual([]);
    expect(mip.scheduled).toBe(2);
    const out = await season(input);
    const res = checkSeason(input, out);
    expect(res.violations).toEqual([]);
    expect(res.scheduled, 'challenges scheduled vs the exact optimum').toBe(2);
  }, 30_000);

  // Minimal instance found by delta-debugging seed 5034 (34 peers, 5 challenges) against the season MIP.
  // Two challenges, nine peers: each challenge needs 8 of them, p-3 is the only LAB lead member and
  // has maxLoad 1, so only one challenge can be scheduled. ch-5 alone scores 558, ch-1 alone 34.
  // Objective (matching.md §2): first the number scheduled (1 either way), then the score → 558.
  it('keeps the higher-scoring challenge when only one of two can be scheduled (minimal instance)', async () => {
    const input = MIN_SEASON_CASE;
    const mip = await solveSeasonMip(input);
    expect(mip.scheduled).toBe(1);
    expect(mip.score).toBe(558);
    const out = await season(input);
    const res = checkSeason(input, out, { perChallengeOptima: await perChallengeOptimaMip(input) });
    expect(res.violations).toEqual([]);
    expect(res.scheduled).toBe(1);
    expect(res.total, 'planSeason total vs the exact optimum').toBe(558);
  }, 30_000);

  it('reports the score gap to the MIP on small seasons', () => {
    const same = gaps.filter((g) => g.scheduled === g.mipScheduled);
    const h = same.reduce((a, g) => a + g.heuristic, 0);
    const m = same.reduce((a, g) => a + g.mip, 0);
    const worst = same.reduce((w, g) => Math.min(w, g.mip > 0 ? g.heuristic / g.mip : 1), 1);
    const fewer = gaps.filter((g) => g.scheduled < g.mipScheduled).map((g) => `${g.seed} (${g.scheduled}/${g.mipScheduled})`);
    console.log(
      `planSeason vs season MIP on ${gaps.length} small seasons: scheduled fewer than the MIP on ${fewer.length} [${fewer.join(', ')}]; ` +
        `where the count matches (${same.length}), score ${h}/${m} = ${(m ? (100 * h) / m : 100).toFixed(2)}%, worst ${(100 * worst).toFixed(2)}%`,
    );
    expect(gaps.length).toBeGreaterThan(0);
  });
});
