import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateProposeInput,
  generateSeasonInput,
  mulberry32,
  planSeason,
  proposeTeam,
  proposeTeamInputSchema,
  type ProposeOptimal,
  type ProposeResult,
  type SolverChallenge,
  type SolverPeer,
} from '../../shared/matching/index.js';

// ---------------------------------------------------------------- helpers

const ROOT = join(import.meta.dirname, '..', '..');
const DAY = '2027-03-10';

function peer(id: string, o: Partial<SolverPeer> = {}): SolverPeer {
  return {
    id,
    kind: 'member',
    group: null,
    councilId: `C-${id}`,
    region: 'London',
    roles: ['member'],
    skills: {},
    busy: [],
    conflicts: [],
    load: 0,
    maxLoad: 3,
    ...o,
  };
}

function challenge(o: Partial<SolverChallenge> = {}): SolverChallenge {
  return {
    id: 'ch',
    councilId: 'HOME',
    region: 'South East',
    control: 'NOC',
    days: [DAY],
    focus: { finance: 1 },
    slots: [{ role: 'officer', count: 1 }],
    ...o,
  };
}

const NO_RULES = {
  leadMemberSameGroup: false,
  crossPartyMembers: false,
  onePerCouncil: false,
  excludeSameRegion: false,
  loadPenalty: 1,
};

function optimal(r: ProposeResult): ProposeOptimal {
  if (r.status !== 'optimal') throw new Error(`expected optimal, got ${JSON.stringify(r)}`);
  return r;
}

function teamKey(team: readonly { slot: string; peerId: string }[]): string {
  return team
    .map((t) => `${t.slot}:${t.peerId}`)
    .sort()
    .join('|');
}

interface Pol {
  leadMemberSameGroup: boolean;
  crossPartyMembers: boolean;
  onePerCouncil: boolean;
  excludeSameRegion: boolean;
  loadPenalty: number;
}

/** Every feasible team by enumeration (tiny instances), best first. */
function brute(
  ch: SolverChallenge,
  peers: SolverPeer[],
  pol: Pol,
  ignore: number[] = [],
  pins: { peerId: string; slot?: string }[] = [],
  exclude: string[] = [],
): { score: number; key: string }[] {
  const places: string[] = [];
  for (const s of ch.slots) for (let i = 0; i < s.count; i++) places.push(s.role);
  places.sort();
  const ig = (r: number) => ignore.includes(r);
  const ok = (p: SolverPeer, role: string) =>
    p.roles.includes(role) &&
    !exclude.includes(p.id) &&
    (ig(2) || !(p.busy ?? []).some((d) => ch.days.includes(d))) &&
    (ig(3) || (p.councilId !== ch.councilId && !(p.conflicts ?? []).includes(ch.councilId))) &&
    (ig(4) || p.load < p.maxLoad) &&
    (ig(5) || !pol.leadMemberSameGroup || ch.control === 'NOC' || role !== 'lead-member' || p.group === ch.control) &&
    (ig(8) || !pol.excludeSameRegion || p.region !== ch.region);
  const out: { score: number; key: string }[] = [];
  const team: [string, SolverPeer][] = [];
  const rec = (i: number, from: number): void => {
    if (i === places.length) {
      const cs = team.map((t) => t[1].councilId).filter((c) => c !== null);
      if (!ig(7) && pol.onePerCouncil && new Set(cs).size !== cs.length) return;
      const lm = team.filter((t) => t[0] === 'lead-member' || t[0] === 'member');
      if (!ig(6) && pol.crossPartyMembers && lm.length >= 2) {
        if (new Set(lm.map((t) => t[1].group).filter((g) => g !== null)).size < 2) return;
      }
      for (const pin of pins) if (!team.some((t) => t[1].id === pin.peerId && (!pin.slot || t[0] === pin.slot))) return;
      let score = 0;
      for (const [f, w] of Object.entries(ch.focus)) {
        let m = 0;
        for (const t of team) {
          const s = t[1].skills[f] ?? 0;
          m = Math.max(m, s);
          score += s;
        }
        score += 10 * w * m;
      }
      for (const t of team) score -= pol.loadPenalty * t[1].load;
      out.push({ score, key: teamKey(team.map((t) => ({ slot: t[0], peerId: t[1].id }))) });
      return;
    }
    const role = places[i]!;
    const start = i > 0 && places[i - 1] === role ? from : 0;
    for (let j = start; j < peers.length; j++) {
      const p = peers[j]!;
      if (team.some((t) => t[1] === p) || !ok(p, role)) continue;
      team.push([role, p]);
      rec(i + 1, j + 1);
      team.pop();
    }
  };
  rec(0, 0);
  return out.sort((a, b) => b.score - a.score);
}

function bruteRule(ch: SolverChallenge, peers: SolverPeer[], pol: Pol): number | null {
  for (const r of [2, 3, 4, 5, 6, 7, 8]) if (brute(ch, peers, pol, [r]).length > 0) return r;
  return null;
}

// ---------------------------------------------------------------- the worked example

describe('proposeTeam: example', () => {
  it('solves examples/match/propose.json (hand-computed 197) and agrees with enumeration', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'examples/match/propose.json'), 'utf8'));
    const input = proposeTeamInputSchema.parse(raw);
    const r = optimal(proposeTeam(input));
    // coverage 10·(3·3 + 2·3 + 1·3) = 180, depth 19, load 2
    expect(r.score).toBe(197);
    expect(r.parts).toMatchObject({ coverage: 180, depth: 19, load: 2 });
    const all = brute(input.challenge, input.peers, input.policy);
    expect(all[0]!.score).toBe(197);
    expect(all.map((t) => t.key)).toContain(teamKey(r.team));
    const why = r.why.find((w) => w.peerId === 'p-2')!;
    expect(why.covers).toEqual(['finance', 'economic-growth']);
    expect(why.notes).toContain('best expert on finance (level 3)');
  });

  it('the matching.md input with its single peer is infeasible', () => {
    const r = proposeTeam({
      challenge: challenge({
        councilId: 'E07000111',
        control: 'CON',
        days: ['2027-03-09', '2027-03-10', '2027-03-11'],
        focus: { finance: 3, governance: 2, 'economic-growth': 1 },
        slots: [
          { role: 'lead-member', count: 1 },
          { role: 'member', count: 1 },
          { role: 'lead-officer', count: 1 },
          { role: 'officer', count: 2 },
        ],
      }),
      peers: [
        peer('p-1', {
          group: 'LAB',
          councilId: 'E08000025',
          roles: ['lead-member', 'member'],
          skills: { finance: 2, governance: 3 },
          busy: ['2027-03-10'],
          conflicts: ['E07000112'],
          load: 1,
        }),
      ],
    });
    expect(r.status).toBe('infeasible');
  });
});

// ---------------------------------------------------------------- hard rules

describe('proposeTeam: hard rules', () => {
  it('rule 1: roles must match, and a peer fills one place', () => {
    const peers = [
      peer('a', { roles: ['lead-member', 'member'], skills: { finance: 3 } }),
      peer('b', { roles: ['member'], skills: { finance: 1 } }),
      peer('c', { kind: 'officer', roles: ['officer'], skills: { finance: 3 } }),
    ];
    const ch = challenge({ slots: [{ role: 'lead-member', count: 1 }, { role: 'member', count: 1 }] });
    const r = optimal(proposeTeam({ challenge: ch, peers, policy: NO_RULES }));
    expect(teamKey(r.team)).toBe('lead-member:a|member:b');
    expect(r.score).toBe(30 + 4);
  });

  it('rule 2: a busy peer is left out', () => {
    const peers = [peer('a', { roles: ['officer'], skills: { finance: 3 }, busy: [DAY] }), peer('b', { roles: ['officer'], skills: { finance: 2 } })];
    const r = optimal(proposeTeam({ challenge: challenge(), peers }));
    expect(r.team).toEqual([{ slot: 'officer', peerId: 'b' }]);
    expect(r.score).toBe(22);
  });

  it('rule 3: own council and declared conflicts are left out', () => {
    const peers = [
      peer('a', { roles: ['officer'], skills: { finance: 3 }, councilId: 'HOME' }),
      peer('b', { roles: ['officer'], skills: { finance: 3 }, conflicts: ['HOME'] }),
      peer('c', { roles: ['officer'], skills: { finance: 1 } }),
    ];
    const r = optimal(proposeTeam({ challenge: challenge(), peers }));
    expect(r.team[0]!.peerId).toBe('c');
    expect(r.score).toBe(11);
  });

  it('rule 4: a peer at maxLoad is left out; load is penalised', () => {
    const peers = [
      peer('a', { roles: ['officer'], skills: { finance: 3 }, load: 3, maxLoad: 3 }),
      peer('b', { roles: ['officer'], skills: { finance: 2 }, load: 1, maxLoad: 2 }),
    ];
    expect(optimal(proposeTeam({ challenge: challenge(), peers })).score).toBe(21);
    expect(optimal(proposeTeam({ challenge: challenge(), peers, policy: { loadPenalty: 5 } })).score).toBe(17);
  });

  it('rule 5: the lead member comes from the controlling group (unless NOC or policy off)', () => {
    const peers = [
      peer('a', { group: 'CON', roles: ['lead-member'], skills: { finance: 3 } }),
      peer('b', { group: 'LAB', roles: ['lead-member'], skills: { finance: 1 } }),
    ];
    const slots = [{ role: 'lead-member', count: 1 }];
    expect(optimal(proposeTeam({ challenge: challenge({ control: 'LAB', slots }), peers })).team[0]!.peerId).toBe('b');
    expect(optimal(proposeTeam({ challenge: challenge({ control: 'NOC', slots }), peers })).team[0]!.peerId).toBe('a');
    expect(
      optimal(proposeTeam({ challenge: challenge({ control: 'LAB', slots }), peers, policy: { leadMemberSameGroup: false } }))
        .team[0]!.peerId,
    ).toBe('a');
  });

  it('rule 6: lead member + members need two groups; a null group counts for none', () => {
    const peers = [
      peer('a', { group: 'CON', roles: ['lead-member', 'member'], skills: { finance: 3 } }),
      peer('b', { group: 'CON', roles: ['member'], skills: { finance: 3 } }),
      peer('c', { group: null, roles: ['member'], skills: { finance: 2 } }),
      peer('d', { group: 'LAB', roles: ['member'], skills: { finance: 1 } }),
    ];
    const ch = challenge({ slots: [{ role: 'lead-member', count: 1 }, { role: 'member', count: 1 }] });
    const r = optimal(proposeTeam({ challenge: ch, peers }));
    expect(teamKey(r.team)).toBe('lead-member:a|member:d');
    expect(r.score).toBe(34);
    expect(optimal(proposeTeam({ challenge: ch, peers, policy: { crossPartyMembers: false } })).score).toBe(36);
    // a single member-type place: no cross-party requirement
    const one = challenge({ slots: [{ role: 'lead-member', count: 1 }, { role: 'officer', count: 0 }] });
    expect(optimal(proposeTeam({ challenge: one, peers })).team[0]!.peerId).toBe('a');
  });

  it('rule 7: no two team members from one council; null councils never clash', () => {
    const peers = [
      peer('a', { roles: ['officer'], skills: { finance: 3 }, councilId: 'X' }),
      peer('b', { roles: ['officer'], skills: { finance: 3 }, councilId: 'X' }),
      peer('c', { roles: ['officer'], skills: { finance: 1 }, councilId: null }),
      peer('d', { roles: ['officer'], skills: { finance: 1 }, councilId: null }),
    ];
    const ch = challenge({ slots: [{ role: 'officer', count: 2 }] });
    const r = optimal(proposeTeam({ challenge: ch, peers }));
    expect(r.score).toBe(34);
    expect(r.team.filter((t) => t.peerId === 'a' || t.peerId === 'b')).toHaveLength(1);
    expect(optimal(proposeTeam({ challenge: ch, peers, policy: { onePerCouncil: false } })).score).toBe(36);
    const nulls = optimal(proposeTeam({ challenge: ch, peers: [peers[2]!, peers[3]!] }));
    expect(teamKey(nulls.team)).toBe('officer:c|officer:d');
  });

  it('rule 8: excludeSameRegion leaves out peers from the challenge region', () => {
    const peers = [
      peer('a', { roles: ['officer'], skills: { finance: 3 }, region: 'South East' }),
      peer('b', { roles: ['officer'], skills: { finance: 1 }, region: 'London' }),
    ];
    expect(optimal(proposeTeam({ challenge: challenge(), peers, policy: { excludeSameRegion: true } })).score).toBe(11);
    expect(optimal(proposeTeam({ challenge: challenge(), peers })).score).toBe(33);
  });

  it('a role listed twice adds up', () => {
    const peers = ['a', 'b', 'c'].map((id, i) => peer(id, { roles: ['officer'], skills: { finance: i + 1 } }));
    const ch = challenge({ slots: [{ role: 'officer', count: 1 }, { role: 'officer', count: 1 }] });
    const r = optimal(proposeTeam({ challenge: ch, peers }));
    expect(r.team).toHaveLength(2);
    expect(r.score).toBe(30 + 5);
  });
});

// ---------------------------------------------------------------- infeasible

describe('proposeTeam: infeasible', () => {
  const lmSlots = [{ role: 'lead-member', count: 1 }];
  it('rule 5 when no lead member of the controlling group exists', () => {
    const peers = [peer('a', { group: 'CON', roles: ['lead-member'] })];
    const r = proposeTeam({ challenge: challenge({ control: 'LAB', slots: lmSlots }), peers });
    expect(r).toMatchObject({ status: 'infeasible', rule: 5, slot: 'lead-member' });
    if (r.status === 'infeasible') expect(r.reason).toMatch(/lead member.*LAB/);
  });

  it('rule 2 (the lowest) when the only one is busy, naming the day', () => {
    const peers = [peer('a', { group: 'LAB', roles: ['lead-member'], busy: [DAY] }), peer('b', { group: 'CON', roles: ['lead-member'] })];
    const r = proposeTeam({ challenge: challenge({ control: 'LAB', slots: lmSlots }), peers });
    expect(r).toMatchObject({ status: 'infeasible', rule: 2, slot: 'lead-member' });
    if (r.status === 'infeasible') expect(r.reason).toBe(`no free lead member peer from group LAB on ${DAY}`);
  });

  it('rule null when no single relaxation helps', () => {
    const r = proposeTeam({ challenge: challenge({ slots: [{ role: 'officer', count: 1 }] }), peers: [peer('a')] });
    expect(r).toMatchObject({ status: 'infeasible', rule: null, slot: 'officer' });
  });

  it('rule 6 and the member slot when every member is of one group', () => {
    const peers = [
      peer('a', { group: 'CON', roles: ['lead-member'] }),
      peer('b', { group: 'CON', roles: ['member'] }),
      peer('c', { group: null, roles: ['member'] }),
    ];
    const ch = challenge({ control: 'CON', slots: [{ role: 'lead-member', count: 1 }, { role: 'member', count: 1 }] });
    expect(proposeTeam({ challenge: ch, peers })).toMatchObject({ status: 'infeasible', rule: 6, slot: 'member' });
  });

  it('rule 7 when the officers all come from one council', () => {
    const peers = [peer('a', { roles: ['officer'], councilId: 'X' }), peer('b', { roles: ['officer'], councilId: 'X' })];
    const r = proposeTeam({ challenge: challenge({ slots: [{ role: 'officer', count: 2 }] }), peers });
    expect(r).toMatchObject({ status: 'infeasible', rule: 7, slot: 'officer' });
  });

  it('rule 3 / 4 / 8 are found as the lowest single fix', () => {
    const ch = challenge();
    expect(proposeTeam({ challenge: ch, peers: [peer('a', { roles: ['officer'], conflicts: ['HOME'] })] })).toMatchObject({ rule: 3 });
    expect(proposeTeam({ challenge: ch, peers: [peer('a', { roles: ['officer'], load: 2, maxLoad: 2 })] })).toMatchObject({ rule: 4 });
    expect(
      proposeTeam({ challenge: ch, peers: [peer('a', { roles: ['officer'], region: 'South East' })], policy: { excludeSameRegion: true } }),
    ).toMatchObject({ rule: 8 });
  });
});

// ---------------------------------------------------------------- k best, pins, exclude

function tinyInstance(seed: number): { ch: SolverChallenge; peers: SolverPeer[]; pol: Pol } {
  const rng = mulberry32(seed);
  const ri = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const ROLES = ['lead-member', 'member', 'lead-officer', 'officer', 'other'];
  const AREAS = ['finance', 'governance', 'housing', 'planning'];
  const groups = ['CON', 'LAB', 'LD', null];
  const councils = ['X', 'Y', 'Z', 'W', 'V', 'U', null];
  const peers: SolverPeer[] = [];
  const np = ri(4, 11);
  for (let i = 0; i < np; i++) {
    const roles = ROLES.filter(() => rng() < 0.55);
    if (!roles.length) roles.push(ROLES[ri(0, 4)]!);
    const skills: Record<string, number> = {};
    for (const a of AREAS) if (rng() < 0.4) skills[a] = ri(1, 3);
    const maxLoad = ri(1, 3);
    peers.push(
      peer(`p${i}`, {
        group: groups[ri(0, 3)]!,
        councilId: councils[ri(0, 6)]!,
        region: rng() < 0.3 ? 'South East' : 'London',
        roles,
        skills,
        busy: rng() < 0.1 ? [DAY] : [],
        conflicts: rng() < 0.1 ? ['HOME'] : [],
        load: ri(0, maxLoad),
        maxLoad,
      }),
    );
  }
  const focus: Record<string, number> = {};
  for (const a of AREAS.slice(0, ri(1, 4))) focus[a] = ri(1, 5);
  const slots = Array.from({ length: ri(1, 4) }, () => ({ role: ROLES[ri(0, 4)]!, count: 1 }));
  const ch = challenge({ control: ['CON', 'LAB', 'NOC', 'NOC'][ri(0, 3)]!, focus, slots });
  const pol = {
    leadMemberSameGroup: rng() < 0.8,
    crossPartyMembers: rng() < 0.8,
    onePerCouncil: rng() < 0.8,
    excludeSameRegion: rng() < 0.3,
    loadPenalty: ri(0, 3),
  };
  return { ch, peers, pol };
}

describe('proposeTeam: agrees with enumeration on tiny instances', () => {
  it('optimum, k best, rule numbers on 400 random instances', () => {
    let feasible = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { ch, peers, pol } = tinyInstance(seed);
      const k = 1 + (seed % 4);
      const all = brute(ch, peers, pol);
      const r = proposeTeam({ challenge: ch, peers, policy: pol }, { k });
      if (all.length === 0) {
        expect(r.status, `seed ${seed}`).toBe('infeasible');
        if (r.status === 'infeasible') expect(r.rule, `seed ${seed}`).toBe(bruteRule(ch, peers, pol));
        continue;
      }
      feasible++;
      const o = optimal(r);
      const got = [o.score, ...(o.alternatives ?? []).map((a) => a.score)];
      expect(got, `seed ${seed}`).toEqual(all.slice(0, k).map((t) => t.score));
      const keys = new Set(all.map((t) => t.key));
      const teams = [o.team, ...(o.alternatives ?? []).map((a) => a.team)].map(teamKey);
      for (const t of teams) expect(keys.has(t), `seed ${seed} ${t}`).toBe(true);
      expect(new Set(teams).size).toBe(teams.length);
    }
    expect(feasible).toBeGreaterThan(60);
  });

  it('pins and exclusions on random instances', () => {
    let checked = 0;
    for (let seed = 1000; seed < 1250; seed++) {
      const { ch, peers, pol } = tinyInstance(seed);
      const free = brute(ch, peers, pol);
      if (free.length === 0) continue;
      const rng = mulberry32(seed);
      const pin = { peerId: peers[Math.floor(rng() * peers.length)]!.id };
      const exclude = [peers[Math.floor(rng() * peers.length)]!.id].filter((x) => x !== pin.peerId);
      const all = brute(ch, peers, pol, [], [pin], exclude);
      const r = proposeTeam({ challenge: ch, peers, policy: pol }, { pins: [pin], exclude });
      if (all.length === 0) {
        expect(r.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      checked++;
      const o = optimal(r);
      expect(o.score, `seed ${seed}`).toBe(all[0]!.score);
      expect(o.team.some((t) => t.peerId === pin.peerId)).toBe(true);
      expect(o.team.some((t) => exclude.includes(t.peerId))).toBe(false);
      expect(o.versusUnconstrained).toBeTruthy();
      expect(o.versusUnconstrained!.scoreDelta).toBe(all[0]!.score - free[0]!.score);
      expect(o.versusUnconstrained!.unconstrainedScore).toBe(free[0]!.score);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('k best on the example are in descending order with score explanations', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'examples/match/propose.json'), 'utf8'));
    const input = proposeTeamInputSchema.parse(raw);
    const r = optimal(proposeTeam(input, { k: 5 }));
    const scores = [r.score, ...r.alternatives!.map((a) => a.score)];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores).toEqual(brute(input.challenge, input.peers, input.policy).slice(0, 5).map((t) => t.score));
    for (const a of r.alternatives!) {
      expect(a.diff.scoreDelta).toBe(a.score - r.score);
      expect(a.diff.coverageDelta + a.diff.depthDelta + a.diff.loadDelta).toBe(a.diff.scoreDelta);
    }
  });

  it('a pinned peer with a slot goes to that slot; pinning an unknown peer is infeasible', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'examples/match/propose.json'), 'utf8'));
    const input = proposeTeamInputSchema.parse(raw);
    const r = optimal(proposeTeam(input, { pins: [{ peerId: 'p-13', slot: 'officer' }] }));
    expect(r.team).toContainEqual({ slot: 'officer', peerId: 'p-13' });
    expect(r.versusUnconstrained!.scoreDelta).toBeLessThanOrEqual(0);
    expect(proposeTeam(input, { pins: [{ peerId: 'nobody' }] }).status).toBe('infeasible');
  });
});

// ---------------------------------------------------------------- generated instances

describe('proposeTeam: generated instances', () => {
  it('is reproducible and returns teams that satisfy the rules', () => {
    const a = generateProposeInput({ seed: 7, peers: 300 });
    const b = generateProposeInput({ seed: 7, peers: 300 });
    expect(a).toEqual(b);
    const r = proposeTeam(a);
    expect(proposeTeam(b)).toEqual(r);
    if (r.status === 'optimal') {
      const ids = r.team.map((t) => t.peerId);
      expect(new Set(ids).size).toBe(ids.length);
      const byId = new Map(a.peers.map((p) => [p.id, p]));
      const councils = ids.map((id) => byId.get(id)!.councilId).filter((c) => c !== null);
      expect(new Set(councils).size).toBe(councils.length);
      for (const t of r.team) {
        const p = byId.get(t.peerId)!;
        expect(p.roles).toContain(t.slot);
        expect(p.busy.some((d) => a.challenge.days.includes(d))).toBe(false);
        expect(p.load).toBeLessThan(p.maxLoad);
      }
    }
  });
});

// ---------------------------------------------------------------- season

describe('planSeason', () => {
  it('two challenges competing for one lead member on the same days: one is scheduled', () => {
    const peers = [
      peer('lm', { group: 'CON', roles: ['lead-member'], skills: { finance: 3 } }),
      peer('o1', { kind: 'officer', roles: ['officer'], skills: { finance: 1 } }),
      peer('o2', { kind: 'officer', roles: ['officer'], skills: { finance: 2 } }),
    ];
    const base = { region: 'London', control: 'NOC', focus: { finance: 1 }, slots: [{ role: 'lead-member', count: 1 }, { role: 'officer', count: 1 }] };
    const r = planSeason({
      challenges: [
        { ...base, id: 'c1', councilId: 'H1', windows: [[DAY]] },
        { ...base, id: 'c2', councilId: 'H2', windows: [[DAY]] },
      ],
      peers,
    });
    expect(r.scheduled).toBe(1);
    expect(r.unscheduled).toBe(1);
    const un = r.plan.find((e) => e.window === null)!;
    expect('reason' in un && un.reason).toMatch(/booked|clash/);
  });

  it('uses a second window, and respects maxLoad across the season', () => {
    const peers = [
      peer('lm', { group: 'CON', roles: ['lead-member'], skills: { finance: 3 }, load: 0, maxLoad: 3 }),
      peer('o1', { kind: 'officer', roles: ['officer'], skills: { finance: 1 }, load: 1, maxLoad: 2 }),
      peer('o2', { kind: 'officer', roles: ['officer'], skills: { finance: 2 }, load: 1, maxLoad: 2 }),
    ];
    const base = { region: 'London', control: 'NOC', focus: { finance: 1 }, slots: [{ role: 'lead-member', count: 1 }, { role: 'officer', count: 1 }] };
    const r = planSeason({
      challenges: [
        { ...base, id: 'c1', councilId: 'H1', windows: [[DAY], ['2027-03-11']] },
        { ...base, id: 'c2', councilId: 'H2', windows: [[DAY]] },
      ],
      peers,
    });
    expect(r.scheduled).toBe(2);
    const windows = r.plan.map((e) => e.window);
    expect(new Set(windows).size).toBe(2);
    const officers = r.plan.flatMap((e) => ('team' in e ? e.team.filter((t) => t.slot === 'officer').map((t) => t.peerId) : []));
    expect(new Set(officers).size).toBe(2); // each officer can give one more challenge
    // both: lm 30+3 plus officer; o2 → 2-1, o1 → 1-1
    expect(r.totalScore).toBe(33 + 1 + 33 + 0);
    expect(r.upperBound).toBe(34 + 34);
    expect(r.ratio).toBeCloseTo(67 / 68);
  });

  it('plans a generated season with no double booking and within the bound', () => {
    const input = generateSeasonInput({ seed: 3, peers: 400, challenges: 20, windows: 2 });
    const r = planSeason(input);
    expect(r.plan).toHaveLength(20);
    expect(r.totalScore).toBeLessThanOrEqual(r.upperBound);
    const byId = new Map(input.peers.map((p) => [p.id, p]));
    const days = new Map<string, Set<string>>();
    const count = new Map<string, number>();
    for (const e of r.plan) {
      if (e.window === null) continue;
      const ch = input.challenges.find((c) => c.id === e.challengeId)!;
      const w = ch.windows[e.window]!;
      const single = proposeTeam({ challenge: { ...ch, days: w }, peers: input.peers, policy: input.policy });
      expect(single.status).toBe('optimal');
      if (single.status === 'optimal') expect(e.score).toBeLessThanOrEqual(single.score);
      for (const t of e.team) {
        const set = days.get(t.peerId) ?? new Set();
        for (const d of w) {
          expect(set.has(d)).toBe(false);
          set.add(d);
        }
        days.set(t.peerId, set);
        count.set(t.peerId, (count.get(t.peerId) ?? 0) + 1);
      }
    }
    for (const [id, c] of count) expect(byId.get(id)!.load + c).toBeLessThanOrEqual(byId.get(id)!.maxLoad);
  });
});

// ---------------------------------------------------------------- CLI

describe('scripts/match.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'match-cli-'));
  const run = (file: string) =>
    spawnSync('npx', ['tsx', 'scripts/match.ts', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('prints an optimal team with elapsedMs (exit 0)', () => {
    const r = run('examples/match/propose.json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'optimal', score: 197 });
    expect(typeof out.elapsedMs).toBe('number');
  });

  it('infeasible is a normal result (exit 0); a season works too', () => {
    const r = run('examples/match/infeasible.json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'infeasible', slot: 'lead-member' });
    const s = run('examples/match/season.json');
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).plan).toHaveLength(3);
  });

  it('exit 2 for a missing file, bad JSON, and a schema failure naming the field', () => {
    expect(run(join(dir, 'missing.json')).status).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(run(bad).status).toBe(2);
    const input = JSON.parse(readFileSync(join(ROOT, 'examples/match/propose.json'), 'utf8'));
    input.peers[3].skills.finance = 7;
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify(input));
    const r = run(invalid);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('peers.3.skills.finance');
  });
});
