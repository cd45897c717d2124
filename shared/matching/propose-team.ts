/**
 * Exact team proposal for one challenge (shared/domain/matching.md §1).
 *
 * Method: branch and bound over the team's places.
 *  1. Rules 2, 3, 4, 8 (and rule 5 for lead-member places) are per-peer filters, applied up front.
 *  2. Per role, peers are reduced by dominance: peer p is dropped when peers that are at least as
 *     good in every focus skill AND in (depth − loadPenalty·load), that are compatible for rule 6
 *     (same group, or p has no group), come from at least T + k − 1 distinct "council classes"
 *     (T = team size, k = number of teams asked for; a council class is a council under rule 7,
 *     otherwise the peer itself). The other T − 1 team members can block at most T − 1 classes, so
 *     any team using p can swap p for a kept dominator and score no less (k distinct ways) — the
 *     top-k scores are unchanged. Dominators are counted among kept peers only, processing peers
 *     in a linear extension of the dominance order.
 *  3. Depth-first search over places (roles ordered by scarcity, places of one role filled by an
 *     increasing candidate index so each team is met once). Rules 1, 6, 7 are checked incrementally.
 *  4. Bound: the exact optimum of the relaxation that drops rules 1, 6, 7 for the remaining places:
 *     with current best levels cov, it is max over partitions of the focus areas among the remaining
 *     places of Σ_place max_candidate [value + Σ_{f in its part} 10·w_f·(skill_f − cov_f)+],
 *     computed by a subset DP (3^F per place) and memoised by (depth, cov) — cov has 4^F states.
 *     Candidates are tried in order of their static potential, which also gives an early break.
 */
import type { TeamRole } from '../domain/reference.js';
import { diffParts, scoreParts, type ScorablePeer } from './score.js';
import {
  DEFAULT_POLICY,
  TEAM_ROLES,
  type Alternative,
  type MatchPolicy,
  type MatchPolicyInput,
  type ProposeInfeasible,
  type ProposeResult,
  type TeamPlace,
  type WhyEntry,
} from './types.js';

// ---------------------------------------------------------------- shapes accepted

/** A peer as the solver reads it (busy/conflicts may be omitted). */
export interface SolverPeer {
  id: string;
  kind?: string;
  group: string | null;
  councilId: string | null;
  region?: string | null;
  roles: readonly string[];
  skills: Readonly<Record<string, number | undefined>>;
  busy?: readonly string[];
  conflicts?: readonly string[];
  load: number;
  maxLoad: number;
}

export interface SolverChallenge {
  id: string;
  councilId: string;
  region?: string | null;
  control: string;
  days: readonly string[];
  focus: Readonly<Record<string, number>>;
  slots: readonly { role: string; count: number }[];
}

export interface SolverInput {
  challenge: SolverChallenge;
  peers: readonly SolverPeer[];
  policy?: MatchPolicyInput | Partial<MatchPolicy>;
}

export interface ProposeTeamOptions {
  /** Number of best distinct teams to return (1 + alternatives). Default 1. */
  k?: number;
  /** Peers that must be in the team, optionally in a given slot role. */
  pins?: readonly { peerId: string; slot?: TeamRole | string }[];
  /** Peers that must not be in the team. */
  exclude?: readonly string[];
}

// ---------------------------------------------------------------- constants

export const NROLES = 5;
const LM = 0;
const MEM = 1;
export const ROLE_INDEX: Readonly<Record<string, number>> = {
  'lead-member': 0,
  member: 1,
  'lead-officer': 2,
  officer: 3,
  other: 4,
};
export const ROLE_NAMES: readonly TeamRole[] = TEAM_ROLES;

export const R2 = 1 << 2;
export const R3 = 1 << 3;
export const R4 = 1 << 4;
export const R5 = 1 << 5;
export const R6 = 1 << 6;
export const R7 = 1 << 7;
export const R8 = 1 << 8;

export function resolvePolicy(p: MatchPolicyInput | Partial<MatchPolicy> | undefined): MatchPolicy {
  return {
    leadMemberSameGroup: p?.leadMemberSameGroup ?? DEFAULT_POLICY.leadMemberSameGroup,
    crossPartyMembers: p?.crossPartyMembers ?? DEFAULT_POLICY.crossPartyMembers,
    onePerCouncil: p?.onePerCouncil ?? DEFAULT_POLICY.onePerCouncil,
    excludeSameRegion: p?.excludeSameRegion ?? DEFAULT_POLICY.excludeSameRegion,
    loadPenalty: p?.loadPenalty ?? DEFAULT_POLICY.loadPenalty,
  };
}

// ---------------------------------------------------------------- pool

/** Peers turned into integer arrays; built once per input (a season shares one). */
export interface Pool {
  n: number;
  peers: readonly SolverPeer[];
  ids: string[];
  /** Built on first use: see idIndexOf. */
  idIndex: Map<string, number> | null;
  groupIdx: Int32Array;
  groupNames: string[];
  groupIndex: Map<string, number>;
  councilIdx: Int32Array;
  councilIndex: Map<string, number>;
  regionIdx: Int32Array;
  regionIndex: Map<string, number>;
  roleMask: Uint8Array;
  load: Int32Array;
  maxLoad: Int32Array;
  areaIndex: Map<string, number>;
  A: number;
  /** n × A skill levels. */
  skills: Uint8Array;
  dayIndex: Map<string, number>;
  dayNames: string[];
  busyStart: Int32Array;
  busyDays: Int32Array;
  conflictStart: Int32Array;
  conflictCouncils: Int32Array;
}

function intern(map: Map<string, number>, names: string[] | null, key: string): number {
  let i = map.get(key);
  if (i === undefined) {
    i = map.size;
    map.set(key, i);
    names?.push(key);
  }
  return i;
}

/** Restricts a pool to what one challenge can use (proposeTeam builds a pool per call). */
export interface PoolScope {
  /** Only busy days in this set are kept. */
  days?: ReadonlySet<string>;
  /** Only these skill areas are kept (in this order). */
  focus?: readonly string[];
  /** Only conflicts with this council are kept. */
  council?: string;
  /** Only this region is interned (others map to −1); null: no region is interned. */
  region?: string | null;
  /**
   * Roles of the challenge's slots (bit mask). Given (with `council`, and `region` when rule 8
   * applies), skills are left at 0 for peers that can never be in a team of relax-0 solves.
   */
  onlyRoles?: number;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}

/** Pool.idIndex, built on first use. */
export function idIndexOf(pool: Pool): Map<string, number> {
  if (pool.idIndex) return pool.idIndex;
  const m = new Map<string, number>();
  for (let i = 0; i < pool.n; i++) if (!m.has(pool.ids[i]!)) m.set(pool.ids[i]!, i);
  pool.idIndex = m;
  return m;
}

/**
 * `scope`, when given, limits the pool to what a single challenge can use: busy days of its days,
 * its focus areas, conflicts with its council and its region. In a one-challenge call most of
 * the interning was otherwise spent on data that cannot matter.
 */
export function buildPool(peers: readonly SolverPeer[], scope?: PoolScope): Pool {
  const n = peers.length;
  const days = scope?.days;
  const onlyRoles = scope?.focus && scope.council !== undefined ? scope.onlyRoles : undefined;
  // a few days: comparing strings beats hashing them
  const dayList = days && days.size <= 8 ? [...days] : null;
  const ids: string[] = new Array<string>(n);
  const groupIdx = new Int32Array(n);
  const groupNames: string[] = [];
  const groupIndex = new Map<string, number>();
  const councilIdx = new Int32Array(n);
  const councilIndex = new Map<string, number>();
  const regionIdx = new Int32Array(n);
  const regionIndex = new Map<string, number>();
  const roleMask = new Uint8Array(n);
  const load = new Int32Array(n);
  const maxLoad = new Int32Array(n);
  const areaIndex = new Map<string, number>();
  const dayIndex = new Map<string, number>();
  const dayNames: string[] = [];
  let busyTotal = 0;
  let conflictTotal = 0;
  const focus = scope?.focus;
  if (focus) {
    for (const a of focus) intern(areaIndex, null, a);
    // few busy days / conflicts survive the scope: start small and grow
    busyTotal = n;
    conflictTotal = n;
  } else {
    for (let i = 0; i < n; i++) {
      const p = peers[i]!;
      for (const a in p.skills) intern(areaIndex, null, a);
      busyTotal += p.busy?.length ?? 0;
      conflictTotal += p.conflicts?.length ?? 0;
    }
  }
  const A = areaIndex.size;
  const areaNames = [...areaIndex.keys()];
  const skills = new Uint8Array(n * A);
  const busyStart = new Int32Array(n + 1);
  let busyDays = new Int32Array(busyTotal);
  const conflictStart = new Int32Array(n + 1);
  let conflictCouncils = new Int32Array(conflictTotal);
  const oneCouncil = scope?.council;
  const oneCouncilIdx = oneCouncil === undefined ? -1 : intern(councilIndex, null, oneCouncil);
  const scopedRegion = scope !== undefined && scope.region !== undefined;
  const oneRegion = scope?.region ?? null;
  if (scopedRegion && oneRegion !== null) intern(regionIndex, null, oneRegion);
  // consecutive peers often share a group / council: skip the map lookup then
  let lastGroup: string | null = null;
  let lastGroupIdx = -1;
  let lastCouncil: string | null = null;
  let lastCouncilIdx = -1;
  let bj = 0;
  let cj = 0;
  for (let i = 0; i < n; i++) {
    const p = peers[i]!;
    ids[i] = p.id;
    const g = p.group;
    if (g == null) groupIdx[i] = -1;
    else if (g === lastGroup) groupIdx[i] = lastGroupIdx;
    else {
      lastGroup = g;
      groupIdx[i] = lastGroupIdx = intern(groupIndex, groupNames, g);
    }
    const c = p.councilId;
    if (c == null) councilIdx[i] = -1;
    else if (c === lastCouncil) councilIdx[i] = lastCouncilIdx;
    else {
      lastCouncil = c;
      councilIdx[i] = lastCouncilIdx = intern(councilIndex, null, c);
    }
    if (scopedRegion) regionIdx[i] = oneRegion !== null && p.region === oneRegion ? 0 : -1;
    else regionIdx[i] = p.region == null ? -1 : intern(regionIndex, null, p.region);
    let mask = 0;
    for (const r of p.roles) {
      const ri = ROLE_INDEX[r];
      if (ri !== undefined) mask |= 1 << ri;
    }
    roleMask[i] = mask;
    load[i] = p.load;
    maxLoad[i] = p.maxLoad;
    busyStart[i] = bj;
    const busy = p.busy;
    if (busy) {
      if (dayList) {
        for (const d of busy) {
          for (let x = 0; x < dayList.length; x++) {
            if (d === dayList[x]) {
              if (bj === busyDays.length) busyDays = grow(busyDays);
              busyDays[bj++] = intern(dayIndex, dayNames, d);
              break;
            }
          }
        }
      } else {
        for (const d of busy) {
          if (days && !days.has(d)) continue;
          if (bj === busyDays.length) busyDays = grow(busyDays);
          busyDays[bj++] = intern(dayIndex, dayNames, d);
        }
      }
    }
    conflictStart[i] = cj;
    const conf = p.conflicts;
    if (conf) {
      if (oneCouncil !== undefined) {
        for (const x of conf) {
          if (x !== oneCouncil) continue;
          if (cj === conflictCouncils.length) conflictCouncils = grow(conflictCouncils);
          conflictCouncils[cj++] = oneCouncilIdx;
        }
      } else {
        for (const x of conf) {
          if (cj === conflictCouncils.length) conflictCouncils = grow(conflictCouncils);
          conflictCouncils[cj++] = intern(councilIndex, null, x);
        }
      }
    }
    const sk = p.skills;
    // scoped: skills are read only for peers eligible under rules 2, 3, 4, 8 (relaxed solves are
    // feasibility-only and read no skills), so the others are skipped
    if (
      onlyRoles !== undefined &&
      ((mask & onlyRoles) === 0 ||
        load[i]! >= maxLoad[i]! ||
        (days !== undefined && bj > busyStart[i]!) ||
        cj > conflictStart[i]! ||
        (oneCouncil !== undefined && c === oneCouncil) ||
        (scopedRegion && regionIdx[i] === 0))
    ) {
      // left at 0
    } else if (focus) {
      for (const k in sk) {
        for (let a = 0; a < A; a++) {
          if (k !== areaNames[a]) continue;
          const lv = sk[k];
          // levels are 1–3 by the schema; clamp so the solver's base-4 state codes stay valid
          if (lv !== undefined) skills[i * A + a] = Math.max(0, Math.min(3, Math.floor(lv)));
          break;
        }
      }
    } else {
      for (const a in sk) {
        const lv = sk[a];
        if (lv === undefined) continue;
        skills[i * A + areaIndex.get(a)!] = Math.max(0, Math.min(3, Math.floor(lv)));
      }
    }
  }
  busyStart[n] = bj;
  conflictStart[n] = cj;
  return {
    n,
    peers,
    ids,
    idIndex: null,
    groupIdx,
    groupNames,
    groupIndex,
    councilIdx,
    councilIndex,
    regionIdx,
    regionIndex,
    roleMask,
    load,
    maxLoad,
    areaIndex,
    A,
    skills,
    dayIndex,
    dayNames,
    busyStart,
    busyDays,
    conflictStart,
    conflictCouncils,
  };
}

// ---------------------------------------------------------------- challenge

export interface Prepared {
  challenge: SolverChallenge;
  policy: MatchPolicy;
  F: number;
  focusNames: string[];
  weights: Int32Array;
  areaIdx: Int32Array;
  councilIdx: number;
  regionIdx: number;
  /** −1: no overall control (rule 5 off); −2: a group no peer belongs to. */
  controlIdx: number;
  days: readonly string[];
  dayIdx: Int32Array;
  roleCounts: Int32Array;
  /** Roles in the order they first appear in `slots` (output order). */
  slotOrder: number[];
  /** Per-peer failed rules among 2, 3, 4, 8, plus bit 5 = "not of the controlling group". */
  fails: Uint16Array;
}

export function prepareChallenge(
  pool: Pool,
  challenge: SolverChallenge,
  policy: MatchPolicy,
  days: readonly string[] = challenge.days,
): Prepared {
  const focusNames = Object.keys(challenge.focus);
  const F = focusNames.length;
  const weights = new Int32Array(F);
  const areaIdx = new Int32Array(F);
  focusNames.forEach((f, i) => {
    weights[i] = challenge.focus[f]!;
    areaIdx[i] = pool.areaIndex.get(f) ?? -1;
  });
  const roleCounts = new Int32Array(NROLES);
  const slotOrder: number[] = [];
  for (const s of challenge.slots) {
    const r = ROLE_INDEX[s.role];
    if (r === undefined) throw new Error(`unknown slot role ${s.role}`);
    roleCounts[r]! += s.count;
    if (!slotOrder.includes(r)) slotOrder.push(r);
  }
  const councilIdx = pool.councilIndex.get(challenge.councilId) ?? -2;
  const regionIdx = challenge.region == null ? -3 : (pool.regionIndex.get(challenge.region) ?? -2);
  const controlIdx = challenge.control === 'NOC' ? -1 : (pool.groupIndex.get(challenge.control) ?? -2);
  const dayIdx = new Int32Array(days.length);
  days.forEach((d, i) => (dayIdx[i] = pool.dayIndex.get(d) ?? -1));
  const fails = computeFails(pool, councilIdx, regionIdx, controlIdx, dayIdx, policy);
  return {
    challenge,
    policy,
    F,
    focusNames,
    weights,
    areaIdx,
    councilIdx,
    regionIdx,
    controlIdx,
    days,
    dayIdx,
    roleCounts,
    slotOrder,
    fails,
  };
}

function computeFails(
  pool: Pool,
  councilIdx: number,
  regionIdx: number,
  controlIdx: number,
  dayIdx: Int32Array,
  policy: MatchPolicy,
): Uint16Array {
  const n = pool.n;
  const fails = new Uint16Array(n);
  const mark = new Uint8Array(pool.dayNames.length);
  for (const d of dayIdx) if (d >= 0) mark[d] = 1;
  const { busyStart, busyDays, conflictStart, conflictCouncils } = pool;
  const rule5 = policy.leadMemberSameGroup && controlIdx !== -1;
  const rule8 = policy.excludeSameRegion && regionIdx >= 0;
  for (let p = 0; p < n; p++) {
    let f = 0;
    for (let j = busyStart[p]!, e = busyStart[p + 1]!; j < e; j++) {
      if (mark[busyDays[j]!]) {
        f |= R2;
        break;
      }
    }
    if (councilIdx >= 0) {
      if (pool.councilIdx[p] === councilIdx) f |= R3;
      else {
        for (let j = conflictStart[p]!, e = conflictStart[p + 1]!; j < e; j++) {
          if (conflictCouncils[j] === councilIdx) {
            f |= R3;
            break;
          }
        }
      }
    }
    if (pool.load[p]! >= pool.maxLoad[p]!) f |= R4;
    if (rule8 && pool.regionIdx[p] === regionIdx) f |= R8;
    if (rule5 && pool.groupIdx[p] !== controlIdx) f |= R5;
    fails[p] = f;
  }
  return fails;
}

// ---------------------------------------------------------------- core search

export interface CorePin {
  peer: number;
  /** Role index, or −1 for any role the peer may take. */
  role: number;
}

export interface CoreRequest {
  k: number;
  /** Bitmask of relaxed rules (1 << rule). */
  relax: number;
  feasibilityOnly: boolean;
  pins: readonly CorePin[];
  /** Peers that may not be used at all (exclusions, season bookings). */
  excluded: Uint8Array | null;
  /** Override the challenge's role counts (used to locate the failing slot). */
  roleCounts?: Int32Array;
  /** Only teams scoring strictly above this are wanted (may return none). Default −∞. */
  floor?: number;
}

export interface CoreSolution {
  score: number;
  peers: number[];
  roles: number[];
}

interface RoleList {
  m: number;
  peer: Int32Array;
  val: Float64Array;
  pot: Float64Array;
  skill: Uint8Array;
  council: Int32Array;
  group: Int32Array;
  u: number;
  uSkill: Uint8Array;
  uVal: Float64Array;
}

const EMPTY_LIST: RoleList = {
  m: 0,
  peer: new Int32Array(0),
  val: new Float64Array(0),
  pot: new Float64Array(0),
  skill: new Uint8Array(0),
  council: new Int32Array(0),
  group: new Int32Array(0),
  u: 0,
  uSkill: new Uint8Array(0),
  uVal: new Float64Array(0),
};

/** Eligibility of a peer for a role under the relaxation mask. */
export function eligible(pool: Pool, prep: Prepared, p: number, role: number, relax: number): boolean {
  if (!(pool.roleMask[p]! & (1 << role))) return false;
  const f = prep.fails[p]! & ~relax;
  return role === LM ? f === 0 : (f & ~R5) === 0;
}

function buildRoleList(
  pool: Pool,
  prep: Prepared,
  role: number,
  elig: number[],
  need: number,
  groupCompat: boolean,
  rule7: boolean,
  feasibilityOnly: boolean,
  stampArr: Int32Array,
  stampRef: { v: number },
  places: number,
): RoleList {
  const m0 = elig.length;
  if (m0 === 0) return EMPTY_LIST;
  const F = feasibilityOnly ? 0 : prep.F;
  const A = pool.A;
  const lp = prep.policy.loadPenalty;
  const s = new Uint8Array(m0 * F);
  const val = new Float64Array(m0);
  const pot = new Float64Array(m0);
  const sum = new Int32Array(m0);
  const code3 = new Int32Array(m0);
  const swar = F <= 10;
  let G = 0;
  for (let f = 0; f < F; f++) G |= 4 << (3 * f);
  for (let i = 0; i < m0; i++) {
    const p = elig[i]!;
    let sm = 0;
    let cov = 0;
    let c3 = 0;
    for (let f = 0; f < F; f++) {
      const a = prep.areaIdx[f]!;
      const lv = a >= 0 ? pool.skills[p * A + a]! : 0;
      s[i * F + f] = lv;
      sm += lv;
      cov += 10 * prep.weights[f]! * lv;
      if (swar) c3 |= lv << (3 * f);
    }
    sum[i] = sm;
    code3[i] = c3;
    val[i] = feasibilityOnly ? 0 : sm - lp * pool.load[p]!;
    pot[i] = val[i]! + cov;
  }
  const order = Array.from({ length: m0 }, (_, i) => i);
  order.sort((a, b) => sum[b]! - sum[a]! || val[b]! - val[a]! || elig[a]! - elig[b]!);
  const kept = new Int32Array(m0);
  let kc = 0;
  const group = pool.groupIdx;
  const council = pool.councilIdx;
  for (let oi = 0; oi < m0; oi++) {
    const i = order[oi]!;
    const pi = elig[i]!;
    const gi = group[pi]!;
    const vi = val[i]!;
    const ci = code3[i]!;
    let cls = 0;
    const stamp = ++stampRef.v;
    for (let j = 0; j < kc; j++) {
      const q = kept[j]!;
      if (val[q]! < vi) continue;
      const pq = elig[q]!;
      if (groupCompat && gi >= 0 && group[pq] !== gi) continue;
      if (swar) {
        if ((((code3[q]! | G) - ci) & G) !== G) continue;
      } else {
        let ok = true;
        for (let f = 0; f < F; f++) {
          if (s[q * F + f]! < s[i * F + f]!) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
      }
      const c = council[pq]!;
      if (!rule7 || c < 0) cls++;
      else if (stampArr[c] !== stamp) {
        stampArr[c] = stamp;
        cls++;
      }
      if (cls >= need) break;
    }
    if (cls < need) kept[kc++] = i;
  }
  const ks = Array.from(kept.subarray(0, kc));
  ks.sort((a, b) => pot[b]! - pot[a]! || val[b]! - val[a]! || elig[a]! - elig[b]!);
  const FF = prep.F;
  const out: RoleList = {
    m: kc,
    peer: new Int32Array(kc),
    val: new Float64Array(kc),
    pot: new Float64Array(kc),
    skill: new Uint8Array(kc * FF),
    council: new Int32Array(kc),
    group: new Int32Array(kc),
    u: 0,
    uSkill: new Uint8Array(0),
    uVal: new Float64Array(0),
  };
  for (let j = 0; j < kc; j++) {
    const i = ks[j]!;
    const p = elig[i]!;
    out.peer[j] = p;
    out.val[j] = val[i]!;
    out.pot[j] = pot[i]!;
    out.council[j] = council[p]!;
    out.group[j] = group[p]!;
    if (!feasibilityOnly) for (let f = 0; f < FF; f++) out.skill[j * FF + f] = s[i * F + f]!;
  }
  if (!feasibilityOnly) buildItems(out, FF, places, swar ? G : -1);
  return out;
}

/**
 * Items of the relaxation bound for a role with `m` places: candidates that are not dominated
 * (skills ≥ everywhere and value ≥) by m kept candidates. Any choice of m distinct candidates
 * using a dropped one can swap it for a free dominator, so the bound over items is unchanged.
 */
function buildItems(L: RoleList, F: number, m: number, G: number): void {
  const n = L.m;
  const sum = new Int32Array(n);
  const code3 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let sm = 0;
    let c = 0;
    for (let f = 0; f < F; f++) {
      const lv = L.skill[i * F + f]!;
      sm += lv;
      if (G >= 0) c |= lv << (3 * f);
    }
    sum[i] = sm;
    code3[i] = c;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => sum[b]! - sum[a]! || L.val[b]! - L.val[a]! || a - b);
  const kept: number[] = [];
  for (const i of order) {
    let cnt = 0;
    for (const q of kept) {
      if (L.val[q]! < L.val[i]!) continue;
      if (G >= 0) {
        if ((((code3[q]! | G) - code3[i]!) & G) !== G) continue;
      } else {
        let ok = true;
        for (let f = 0; f < F; f++) {
          if (L.skill[q * F + f]! < L.skill[i * F + f]!) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
      }
      if (++cnt >= m) break;
    }
    if (cnt < m) kept.push(i);
  }
  L.u = kept.length;
  L.uSkill = new Uint8Array(kept.length * F);
  L.uVal = new Float64Array(kept.length);
  kept.forEach((i, j) => {
    for (let f = 0; f < F; f++) L.uSkill[j * F + f] = L.skill[i * F + f]!;
    L.uVal[j] = L.val[i]!;
  });
}

/**
 * Solve one challenge exactly. Returns up to k best distinct teams, best first
 * (feasibilityOnly: at most one team, any feasible one).
 */
export function solveCore(pool: Pool, prep: Prepared, req: CoreRequest): CoreSolution[] {
  const { k, relax, feasibilityOnly } = req;
  const floor = feasibilityOnly ? -Infinity : (req.floor ?? -Infinity);
  const counts = req.roleCounts ?? prep.roleCounts;
  const policy = prep.policy;
  const T = counts.reduce((a, b) => a + b, 0);
  const rule6 = policy.crossPartyMembers && counts[LM]! + counts[MEM]! >= 2 && !(relax & R6);
  const rule7 = policy.onePerCouncil && !(relax & R7);
  const F = feasibilityOnly ? 0 : prep.F;
  const n = pool.n;
  const excluded = req.excluded;

  // pins: validate and enumerate role combinations
  const pinned = new Uint8Array(n);
  const pinPeers: number[] = [];
  const pinRoleOptions: number[][] = [];
  for (const pin of req.pins) {
    if (pinned[pin.peer]) return [];
    pinned[pin.peer] = 1;
    pinPeers.push(pin.peer);
    const opts: number[] = [];
    for (let r = 0; r < NROLES; r++) {
      if (pin.role >= 0 && pin.role !== r) continue;
      if (counts[r]! > 0 && eligible(pool, prep, pin.peer, r, relax)) opts.push(r);
    }
    if (opts.length === 0) return [];
    pinRoleOptions.push(opts);
    if (excluded && excluded[pin.peer]) return [];
  }
  if (pinPeers.length > T) return [];

  // candidate lists per role
  const stampArr = new Int32Array(pool.councilIndex.size + 1);
  const stampRef = { v: 0 };
  const need = T + (feasibilityOnly ? 1 : k) - 1;
  const lists: RoleList[] = [];
  for (let r = 0; r < NROLES; r++) {
    if (counts[r]! <= 0) {
      lists.push(EMPTY_LIST);
      continue;
    }
    const elig: number[] = [];
    const bit = 1 << r;
    const failMask = r === LM ? 0xffff : ~R5;
    const { roleMask } = pool;
    const fails = prep.fails;
    for (let p = 0; p < n; p++) {
      if (!(roleMask[p]! & bit)) continue;
      if (fails[p]! & ~relax & failMask) continue;
      if (pinned[p] || (excluded && excluded[p])) continue;
      elig.push(p);
    }
    const groupCompat = rule6 && (r === LM || r === MEM);
    lists.push(buildRoleList(pool, prep, r, elig, need, groupCompat, rule7, feasibilityOnly, stampArr, stampRef, counts[r]!));
  }

  const heap: CoreSolution[] = [];
  const kk = feasibilityOnly ? 1 : k;

  // shared scratch
  const used = new Uint8Array(n);
  const councilCnt = new Uint8Array(pool.councilIndex.size + 1);
  const groupCnt = new Int32Array(pool.groupNames.length + 1);
  const NS = F <= 8 ? 1 << F : 0;
  const dpA = new Float64Array(NS);
  const dpB = new Float64Array(NS);
  const sums = new Float64Array(NS);
  const delta = new Float64Array(Math.max(F, 1));
  const covTmp = new Uint8Array(Math.max(F, 1));

  // candidates of a role sorted by their gain at a given coverage state (memoised)
  const ordMemo: Map<number, { idx: Int32Array; gain: Float64Array }>[] = [];
  for (let r = 0; r < NROLES; r++) ordMemo.push(new Map());
  const orderFor = (r: number, code: number, cov: Uint8Array): { idx: Int32Array; gain: Float64Array } => {
    const memo = ordMemo[r]!;
    const hit = memo.get(code);
    if (hit) return hit;
    const L = lists[r]!;
    const m = L.m;
    const g = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let x = L.val[i]!;
      for (let f = 0; f < F; f++) {
        const dl = L.skill[i * F + f]! - cov[f]!;
        if (dl > 0) x += 10 * prep.weights[f]! * dl;
      }
      g[i] = x;
    }
    const idx = new Int32Array(m);
    for (let i = 0; i < m; i++) idx[i] = i;
    idx.sort((a, b) => g[b]! - g[a]! || a - b);
    const gain = new Float64Array(m);
    for (let t = 0; t < m; t++) gain[t] = g[idx[t]!]!;
    const out = { idx, gain };
    if (memo.size < 20000) memo.set(code, out);
    return out;
  };

  const combos: number[][] = [[]];
  for (const opts of pinRoleOptions) {
    const next: number[][] = [];
    for (const c of combos) for (const r of opts) next.push([...c, r]);
    combos.length = 0;
    combos.push(...next);
  }

  for (const combo of combos) {
    // remaining counts
    const rem = Int32Array.from(counts);
    let ok = true;
    for (const r of combo) {
      rem[r]!--;
      if (rem[r]! < 0) ok = false;
    }
    if (!ok) continue;
    // rule 7 among pins
    used.fill(0);
    councilCnt.fill(0);
    groupCnt.fill(0);
    let distinct = 0;
    let baseVal = 0;
    const cov0 = new Uint8Array(Math.max(F, 1));
    for (let i = 0; i < pinPeers.length; i++) {
      const p = pinPeers[i]!;
      const r = combo[i]!;
      used[p] = 1;
      const c = pool.councilIdx[p]!;
      if (rule7 && c >= 0) {
        if (councilCnt[c]) ok = false;
        councilCnt[c] = 1;
      }
      if (r === LM || r === MEM) {
        const g = pool.groupIdx[p]!;
        if (g >= 0 && groupCnt[g]!++ === 0) distinct++;
      }
      if (!feasibilityOnly) {
        let sm = 0;
        for (let f = 0; f < F; f++) {
          const a = prep.areaIdx[f]!;
          const lv = a >= 0 ? pool.skills[p * pool.A + a]! : 0;
          sm += lv;
          if (lv > cov0[f]!) {
            baseVal += 10 * prep.weights[f]! * (lv - cov0[f]!);
            cov0[f] = lv;
          }
        }
        baseVal += sm - policy.loadPenalty * pool.load[p]!;
      }
    }
    if (!ok) continue;

    // positions: roles by scarcity
    const roleOrder: number[] = [];
    for (let r = 0; r < NROLES; r++) if (rem[r]! > 0) roleOrder.push(r);
    let impossible = false;
    for (const r of roleOrder) if (lists[r]!.m < rem[r]!) impossible = true;
    if (impossible) continue;
    roleOrder.sort((a, b) => lists[a]!.m / rem[a]! - lists[b]!.m / rem[b]! || a - b);
    const pos: number[] = [];
    for (const r of roleOrder) for (let c = 0; c < rem[r]!; c++) pos.push(r);
    const D = pos.length;
    const remLMM = new Int32Array(D + 1);
    for (let d = D - 1; d >= 0; d--) remLMM[d] = remLMM[d + 1]! + (pos[d] === LM || pos[d] === MEM ? 1 : 0);

    // relaxation memo
    const pow4 = F <= 6 ? 1 << (2 * F) : 0;
    const memoArr = pow4 ? new Float64Array((D + 1) * pow4).fill(NaN) : null;
    const memoMap: Map<number, number>[] = [];
    const hMemo: Map<number, Float64Array>[] = [];
    for (let r = 0; r < NROLES; r++) hMemo.push(new Map());
    if (!memoArr) for (let d = 0; d <= D; d++) memoMap.push(new Map());

    // number of places of pos[d]'s role from d onwards (inclusive)
    const sameAfter = new Int32Array(D + 1);
    for (let d = D - 1; d >= 0; d--) sameAfter[d] = d + 1 < D && pos[d + 1] === pos[d] ? sameAfter[d + 1]! + 1 : 1;

    /**
     * h[U] = best Σ (value + owned coverage gain) of m distinct candidates of role r owning
     * disjoint subsets of U (0/1 knapsack over items, by number chosen and owned areas).
     */
    let GB = 0;
    for (let f = 0; f < F; f++) GB |= 4 << (3 * f);
    // scratch for roleBound, sized for the largest role
    let maxU = 0;
    let maxM = 0;
    for (const r of roleOrder) {
      maxU = Math.max(maxU, lists[r]!.u);
      maxM = Math.max(maxM, rem[r]!);
    }
    const layersBuf = new Float64Array((maxM + 1) * NS);
    const dcodeBuf = new Int32Array(maxU);
    const dsumBuf = new Int32Array(maxU);
    const ordBuf = new Int32Array(maxU);
    const keysBuf = new Float64Array(maxU);
    const roleBound = (r: number, m: number, code: number, cov: Uint8Array): Float64Array => {
      const key = code * 16 + m;
      const memo = hMemo[r]!;
      const hit = memo.get(key);
      if (hit) return hit;
      const L = lists[r]!;
      const layers = layersBuf;
      layers.fill(-Infinity, NS, (m + 1) * NS);
      layers.fill(0, 0, NS);
      // Items dominated at this coverage (gain ≥ in every area and value ≥) by m kept items
      // cannot change the bound (swap argument as in buildItems): drop them before the DP.
      const u = L.u;
      const dcode = dcodeBuf;
      const dsum = dsumBuf;
      const ordI = ordBuf;
      const keys = u < 4096 ? keysBuf.subarray(0, u) : null;
      let typed = keys !== null;
      for (let v = 0; v < u; v++) {
        let c3 = 0;
        let sm = 0;
        for (let f = 0; f < F; f++) {
          const dl = L.uSkill[v * F + f]! - cov[f]!;
          if (dl > 0) {
            c3 |= dl << (3 * f);
            sm += dl;
          }
        }
        dcode[v] = c3;
        dsum[v] = sm;
        ordI[v] = v;
        if (typed) {
          const iv = L.uVal[v]!;
          if (Number.isInteger(iv) && iv > -1048576 && iv < 1048576 && sm < 65536) {
            // descending (dsum, value): ascending key, read from the end
            keys![v] = (sm * 2097152 + (iv + 1048576)) * 4096 + (4095 - v);
          } else typed = false;
        }
      }
      if (typed) {
        keys!.sort();
        for (let t = 0; t < u; t++) ordI[t] = 4095 - (keys![u - 1 - t]! % 4096);
      } else ordI.subarray(0, u).sort((a, b) => dsum[b]! - dsum[a]! || L.uVal[b]! - L.uVal[a]! || a - b);
      const keptI: number[] = [];
      for (let t = 0; t < u; t++) {
        const i = ordI[t]!;
        const ci = dcode[i]!;
        const vi = L.uVal[i]!;
        let cnt = 0;
        for (let j = 0; j < keptI.length; j++) {
          const q = keptI[j]!;
          if (L.uVal[q]! < vi) continue;
          if ((((dcode[q]! | GB) - ci) & GB) !== GB) continue;
          if (++cnt >= m) break;
        }
        if (cnt < m) keptI.push(i);
      }
      for (let t = 0; t < keptI.length; t++) {
        const v = keptI[t]!;
        let supp = 0;
        for (let f = 0; f < F; f++) {
          const dl = L.uSkill[v * F + f]! - cov[f]!;
          if (dl > 0) {
            supp |= 1 << f;
            delta[f] = 10 * prep.weights[f]! * dl;
          }
        }
        const iv = L.uVal[v]!;
        // gains of the submasks of supp
        sums[0] = iv;
        for (let S = (0 - supp) & supp; S !== 0; S = (S - supp) & supp) {
          const low = S & -S;
          sums[S] = sums[S ^ low]! + delta[31 - Math.clz32(low)]!;
        }
        const top = Math.min(m, t + 1);
        for (let j = top; j >= 1; j--) {
          const po = (j - 1) * NS;
          const co = j * NS;
          for (let U = 0; U < NS; U++) {
            const a = U & supp;
            let best = layers[co + U]!;
            let S = a;
            for (;;) {
              const x = layers[po + (U ^ S)]! + sums[S]!;
              if (x > best) best = x;
              if (S === 0) break;
              S = (S - 1) & a;
            }
            layers[co + U] = best;
          }
        }
      }
      const h = layers.slice(m * NS, (m + 1) * NS);
      memo.set(key, h);
      return h;
    };

    const relaxBound = (d: number, code: number, cov: Uint8Array): number => {
      if (d >= D) return 0;
      let cached: number | undefined;
      if (memoArr) {
        cached = memoArr[d * pow4 + code]!;
        if (!Number.isNaN(cached)) return cached;
      } else {
        cached = memoMap[d]!.get(code);
        if (cached !== undefined) return cached;
      }
      let result: number;
      if (NS > 0) {
        // roles among the remaining places, each with its number of places
        let acc: Float64Array | null = null;
        let q = d;
        while (q < D) {
          const r = pos[q]!;
          const m = q === d ? sameAfter[d]! : rem[r]!;
          q += m;
          const h = roleBound(r, m, code, cov);
          if (acc === null) {
            acc = dpA;
            acc.set(h);
          } else {
            const nxt: Float64Array = acc === dpA ? dpB : dpA;
            for (let U = 0; U < NS; U++) {
              let best = -Infinity;
              let S = U;
              for (;;) {
                const v = acc[U ^ S]! + h[S]!;
                if (v > best) best = v;
                if (S === 0) break;
                S = (S - 1) & U;
              }
              nxt[U] = best;
            }
            acc = nxt;
          }
        }
        result = acc ? acc[NS - 1]! : 0;
      } else {
        // many focus areas: per role, the m best single-place gains
        result = 0;
        let q = d;
        while (q < D) {
          const r = pos[q]!;
          const m = q === d ? sameAfter[d]! : rem[r]!;
          q += m;
          const L = lists[r]!;
          const gains: number[] = [];
          for (let v = 0; v < L.u; v++) {
            let x = L.uVal[v]!;
            for (let f = 0; f < F; f++) {
              const dl = L.uSkill[v * F + f]! - cov[f]!;
              if (dl > 0) x += 10 * prep.weights[f]! * dl;
            }
            gains.push(x);
          }
          if (gains.length < m) {
            result = -Infinity;
            break;
          }
          gains.sort((a, b) => b - a);
          for (let j = 0; j < m; j++) result += gains[j]!;
        }
      }
      if (memoArr) memoArr[d * pow4 + code] = result;
      else memoMap[d]!.set(code, result);
      return result;
    };

    const covStack = new Uint8Array((D + 1) * Math.max(F, 1));
    covStack.set(cov0.subarray(0, F), 0);
    const codeStack = new Float64Array(D + 1);
    let code0 = 0;
    for (let f = F - 1; f >= 0; f--) code0 = code0 * 4 + Math.min(cov0[f]!, 3);
    codeStack[0] = code0;
    const chosenIdx = new Int32Array(D);
    const chosenPeer = new Int32Array(D);
    let found = false;
    const pow4f = new Float64Array(Math.max(F, 1));
    for (let f = 0; f < F; f++) pow4f[f] = 4 ** f;

    const record = (val: number): void => {
      if (val <= floor) return;
      const peers: number[] = [...pinPeers];
      const roles: number[] = [...combo];
      for (let d = 0; d < D; d++) {
        peers.push(chosenPeer[d]!);
        roles.push(pos[d]!);
      }
      const sol: CoreSolution = { score: val, peers, roles };
      let i = heap.length;
      while (i > 0 && heap[i - 1]!.score < val) i--;
      if (i >= kk) return;
      heap.splice(i, 0, sol);
      if (heap.length > kk) heap.pop();
    };

    const dfs = (d: number, cur: number): void => {
      if (d === D) {
        if (rule6 && distinct < 2) return;
        record(cur);
        if (feasibilityOnly) found = true;
        return;
      }
      const r = pos[d]!;
      const L = lists[r]!;
      const start = d > 0 && pos[d - 1] === r ? chosenIdx[d - 1]! + 1 : 0;
      const cb = d * F;
      const nb = cb + F;
      const code = codeStack[d]!;
      const last = d === D - 1;
      const isLMM = r === LM || r === MEM;
      const remAfter = remLMM[d + 1]!;
      const prune = !feasibilityOnly;
      let relaxNext = 0;
      let ord: Int32Array | null = null;
      let ordGain: Float64Array | null = null;
      if (prune) {
        for (let f = 0; f < F; f++) covTmp[f] = covStack[cb + f]!;
        if (!last) relaxNext = relaxBound(d + 1, code, covTmp);
        const o = orderFor(r, code, covTmp);
        ord = o.idx;
        ordGain = o.gain;
      }
      // leave room for the places of this role still to come
      const end = L.m - (sameAfter[d]! - 1);
      for (let t = ord ? 0 : start, tEnd = ord ? L.m : end; t < tEnd; t++) {
        // a floor acts as a threshold from the start: only teams scoring above it are wanted
        const full = heap.length >= kk || floor > -Infinity;
        const thr = heap.length >= kk ? Math.max(heap[kk - 1]!.score, floor) : floor;
        // candidates come by decreasing gain: nothing after this one can beat the threshold
        if (ordGain && full && cur + ordGain[t]! + relaxNext <= thr) break;
        const i = ord ? ord[t]! : t;
        if (i < start || i >= end) continue;
        const p = L.peer[i]!;
        if (used[p]) continue;
        const c = L.council[i]!;
        if (rule7 && c >= 0 && councilCnt[c]) continue;
        const g = L.group[i]!;
        let addDistinct = 0;
        if (rule6 && isLMM) {
          if (g >= 0 && groupCnt[g] === 0) addDistinct = 1;
          if (distinct + addDistinct + remAfter < 2) continue;
        }
        let gain = L.val[i]!;
        let ncode = code;
        for (let f = 0; f < F; f++) {
          const lv = L.skill[i * F + f]!;
          const cv = covStack[cb + f]!;
          if (lv > cv) {
            gain += 10 * prep.weights[f]! * (lv - cv);
            ncode += (lv - cv) * pow4f[f]!;
            covStack[nb + f] = lv;
          } else covStack[nb + f] = cv;
        }
        const child = cur + gain;
        if (prune && full) {
          let ub = child;
          if (!last) {
            for (let f = 0; f < F; f++) covTmp[f] = covStack[nb + f]!;
            ub += relaxBound(d + 1, ncode, covTmp);
          }
          if (ub <= thr) continue;
        }
        used[p] = 1;
        if (rule7 && c >= 0) councilCnt[c] = 1;
        if (rule6 && isLMM && g >= 0) {
          groupCnt[g]!++;
          distinct += addDistinct;
        }
        chosenIdx[d] = i;
        chosenPeer[d] = p;
        codeStack[d + 1] = ncode;
        dfs(d + 1, child);
        used[p] = 0;
        if (rule7 && c >= 0) councilCnt[c] = 0;
        if (rule6 && isLMM && g >= 0) {
          groupCnt[g]!--;
          distinct -= addDistinct;
        }
        if (found) return;
      }
    };

    dfs(0, baseVal);
    if (feasibilityOnly && heap.length > 0) break;
  }
  return heap;
}

// ---------------------------------------------------------------- public API

const ROLE_WORDS: Record<TeamRole, string> = {
  'lead-member': 'lead member',
  member: 'member',
  'lead-officer': 'lead officer',
  officer: 'officer',
  other: 'other',
};

function orderTeam(prep: Prepared, sol: CoreSolution, pool: Pool): { slot: TeamRole; peer: number }[] {
  const out: { slot: TeamRole; peer: number }[] = [];
  for (const r of prep.slotOrder) {
    const ps: number[] = [];
    sol.roles.forEach((rr, i) => {
      if (rr === r) ps.push(sol.peers[i]!);
    });
    ps.sort((a, b) => (pool.ids[a]! < pool.ids[b]! ? -1 : pool.ids[a]! > pool.ids[b]! ? 1 : a - b));
    for (const p of ps) out.push({ slot: ROLE_NAMES[r]!, peer: p });
  }
  return out;
}

function toScorable(pool: Pool, p: number): ScorablePeer {
  const peer = pool.peers[p]!;
  return { id: peer.id, skills: peer.skills, load: peer.load };
}

function buildWhy(
  pool: Pool,
  prep: Prepared,
  team: { slot: TeamRole; peer: number }[],
  pinnedSet: Set<number>,
): WhyEntry[] {
  const focus = prep.focusNames;
  const best: Record<string, number> = {};
  const holders: Record<string, number> = {};
  for (const f of focus) {
    let m = 0;
    let h = 0;
    for (const t of team) {
      const s = pool.peers[t.peer]!.skills[f] ?? 0;
      if (s > m) {
        m = s;
        h = 1;
      } else if (s === m && s > 0) h++;
    }
    best[f] = m;
    holders[f] = h;
  }
  let maxLoad = 0;
  let loadHolders = 0;
  for (const t of team) {
    const l = pool.peers[t.peer]!.load;
    if (l > maxLoad) {
      maxLoad = l;
      loadHolders = 1;
    } else if (l === maxLoad) loadHolders++;
  }
  return team.map((t) => {
    const peer = pool.peers[t.peer]!;
    const covers = focus.filter((f) => (peer.skills[f] ?? 0) > 0);
    const notes: string[] = [];
    if (pinnedSet.has(t.peer)) notes.push('pinned');
    for (const f of focus) {
      const s = peer.skills[f] ?? 0;
      if (s > 0 && s === best[f]) {
        notes.push(holders[f] === 1 ? `best expert on ${f} (level ${s})` : `joint best on ${f} (level ${s})`);
      }
    }
    if (t.slot === 'lead-member' && prep.controlIdx !== -1 && prep.policy.leadMemberSameGroup && peer.group) {
      notes.push(`from the controlling group ${peer.group}`);
    }
    if (peer.load > 0 && peer.load === maxLoad && team.length > 1) {
      notes.push(
        loadHolders === 1
          ? `highest load on the team (${peer.load} of ${peer.maxLoad})`
          : `joint highest load on the team (${peer.load} of ${peer.maxLoad})`,
      );
    }
    if (covers.length === 0) notes.push(`fills a ${ROLE_WORDS[t.slot]} place without a focus skill`);
    return { peerId: peer.id, covers, notes: notes.join('; ') };
  });
}

function partsOf(pool: Pool, prep: Prepared, team: { slot: TeamRole; peer: number }[]) {
  return scoreParts(
    prep.challenge.focus,
    team.map((t) => toScorable(pool, t.peer)),
    prep.policy.loadPenalty,
  );
}

function places(pool: Pool, team: { slot: TeamRole; peer: number }[]): TeamPlace[] {
  return team.map((t) => ({ slot: t.slot, peerId: pool.ids[t.peer]! }));
}

/**
 * The best team for one challenge (matching.md §1), exact.
 * `options.k` > 1 adds the next best distinct teams as `alternatives`.
 */
export function proposeTeam(input: SolverInput, options: ProposeTeamOptions = {}): ProposeResult {
  const policy = resolvePolicy(input.policy);
  const ch = input.challenge;
  const pool = buildPool(input.peers, {
    days: new Set(ch.days),
    focus: Object.keys(ch.focus),
    council: ch.councilId,
    region: policy.excludeSameRegion ? (ch.region ?? null) : null,
    onlyRoles: ch.slots.reduce((m, sl) => (sl.count > 0 && ROLE_INDEX[sl.role] !== undefined ? m | (1 << ROLE_INDEX[sl.role]!) : m), 0),
  });
  const prep = prepareChallenge(pool, input.challenge, policy);
  return proposeWithPool(pool, prep, options);
}

export function proposeWithPool(pool: Pool, prep: Prepared, options: ProposeTeamOptions = {}): ProposeResult {
  const k = Math.max(1, Math.floor(options.k ?? 1));
  const pins: CorePin[] = [];
  const pinnedSet = new Set<number>();
  for (const pin of options.pins ?? []) {
    const p = idIndexOf(pool).get(pin.peerId);
    const role = pin.slot === undefined ? -1 : (ROLE_INDEX[pin.slot] ?? -1);
    const slot: TeamRole = pin.slot !== undefined && ROLE_INDEX[pin.slot] !== undefined ? (pin.slot as TeamRole) : firstSlot(prep);
    if (p === undefined) {
      return { status: 'infeasible', reason: `pinned peer ${pin.peerId} is not in the pool`, rule: null, slot };
    }
    if (pinnedSet.has(p)) {
      const prev = pins.find((x) => x.peer === p)!;
      if (role >= 0 && prev.role >= 0 && prev.role !== role) {
        return { status: 'infeasible', reason: `peer ${pin.peerId} is pinned to two different slots`, rule: null, slot };
      }
      if (role >= 0) prev.role = role;
      continue;
    }
    pinnedSet.add(p);
    pins.push({ peer: p, role });
  }
  let excluded: Uint8Array | null = null;
  for (const id of options.exclude ?? []) {
    const p = idIndexOf(pool).get(id);
    if (p === undefined) continue;
    excluded ??= new Uint8Array(pool.n);
    excluded[p] = 1;
  }
  for (const pin of pins) {
    if (excluded?.[pin.peer]) {
      return {
        status: 'infeasible',
        reason: `peer ${pool.ids[pin.peer]} is both pinned and excluded`,
        rule: null,
        slot: pin.role >= 0 ? ROLE_NAMES[pin.role]! : firstSlot(prep),
      };
    }
  }
  const sols = solveCore(pool, prep, { k, relax: 0, feasibilityOnly: false, pins, excluded });
  if (sols.length === 0) return diagnose(pool, prep, pins, excluded);
  const best = sols[0]!;
  const team = orderTeam(prep, best, pool);
  const parts = partsOf(pool, prep, team);
  if (parts.score !== best.score) {
    throw new Error(`matching: internal score mismatch (${parts.score} vs ${best.score})`);
  }
  const teamPlaces = places(pool, team);
  const result: ProposeResult = {
    status: 'optimal',
    score: best.score,
    team: teamPlaces,
    why: buildWhy(pool, prep, team, pinnedSet),
    parts,
  };
  if (sols.length > 1) {
    result.alternatives = sols.slice(1).map((s): Alternative => {
      const t = orderTeam(prep, s, pool);
      const pp = partsOf(pool, prep, t);
      const tp = places(pool, t);
      return { score: s.score, team: tp, diff: diffParts(pp, parts, tp, teamPlaces, prep.policy.loadPenalty) };
    });
  }
  if (pins.length > 0 || excluded) {
    const free = solveCore(pool, prep, { k: 1, relax: 0, feasibilityOnly: false, pins: [], excluded: null });
    const f0 = free[0];
    if (f0) {
      const ft = orderTeam(prep, f0, pool);
      const fp = partsOf(pool, prep, ft);
      const d = diffParts(parts, fp, teamPlaces, places(pool, ft), prep.policy.loadPenalty);
      result.versusUnconstrained = { ...d, unconstrainedScore: fp.score };
    } else result.versusUnconstrained = null;
  }
  return result;
}

function firstSlot(prep: Prepared): TeamRole {
  for (const r of prep.slotOrder) if (prep.roleCounts[r]! > 0) return ROLE_NAMES[r]!;
  return ROLE_NAMES[prep.slotOrder[0] ?? 0]!;
}

// ---------------------------------------------------------------- infeasibility

function feasible(
  pool: Pool,
  prep: Prepared,
  relax: number,
  pins: readonly CorePin[],
  excluded: Uint8Array | null,
  roleCounts?: Int32Array,
): boolean {
  return solveCore(pool, prep, { k: 1, relax, feasibilityOnly: true, pins, excluded, roleCounts }).length > 0;
}

/** Which rules can bind for this challenge and policy. */
function ruleMatters(prep: Prepared, rule: number): boolean {
  const p = prep.policy;
  switch (rule) {
    case 5:
      return p.leadMemberSameGroup && prep.controlIdx !== -1 && prep.roleCounts[LM]! > 0;
    case 6:
      return p.crossPartyMembers && prep.roleCounts[LM]! + prep.roleCounts[MEM]! >= 2;
    case 7:
      return p.onePerCouncil;
    case 8:
      return p.excludeSameRegion;
    default:
      return true;
  }
}

export function diagnose(
  pool: Pool,
  prep: Prepared,
  pins: readonly CorePin[],
  excluded: Uint8Array | null,
): ProposeInfeasible {
  let rule: ProposeInfeasible['rule'] = null;
  for (const r of [2, 3, 4, 5, 6, 7, 8] as const) {
    if (!ruleMatters(prep, r)) continue;
    if (feasible(pool, prep, 1 << r, pins, excluded)) {
      rule = r;
      break;
    }
  }
  // the failing slot: smallest prefix of roles (canonical order) that cannot be filled
  let slotRole = -1;
  const prefix = new Int32Array(NROLES);
  for (let r = 0; r < NROLES; r++) {
    if (prep.roleCounts[r]! <= 0) continue;
    prefix[r] = prep.roleCounts[r]!;
    if (!feasible(pool, prep, 0, [], excluded, prefix)) {
      slotRole = r;
      break;
    }
  }
  const pinProblem = slotRole < 0 && pins.length > 0;
  if (slotRole < 0) {
    const pr = pins.find((p) => p.role >= 0);
    slotRole = pr ? pr.role : (ROLE_INDEX[firstSlot(prep)] ?? 0);
  }
  const reason = pinProblem
    ? pinReason(pool, prep, pins, rule)
    : roleReason(pool, prep, slotRole, rule, excluded);
  return { status: 'infeasible', reason, rule, slot: ROLE_NAMES[slotRole]! };
}

function pinReason(pool: Pool, prep: Prepared, pins: readonly CorePin[], rule: number | null): string {
  const names = pins.map((p) => pool.ids[p.peer]).join(', ');
  for (const pin of pins) {
    const f = prep.fails[pin.peer]!;
    const id = pool.ids[pin.peer];
    if (f & R2) return `pinned peer ${id} is not free on ${busyDayOf(pool, prep, pin.peer) ?? 'a challenge day'}`;
    if (f & R3) return `pinned peer ${id} is from or has a conflict with council ${prep.challenge.councilId}`;
    if (f & R4) return `pinned peer ${id} has reached their maximum load`;
    if (f & R8 && prep.policy.excludeSameRegion) return `pinned peer ${id} is from the ${prep.challenge.region} region`;
  }
  const ruleText = rule === null ? '' : ` (rule ${rule})`;
  return `no team containing the pinned peers ${names} satisfies the rules${ruleText}`;
}

function busyDayOf(pool: Pool, prep: Prepared, p: number): string | undefined {
  const set = new Set(prep.dayIdx);
  for (let j = pool.busyStart[p]!; j < pool.busyStart[p + 1]!; j++) {
    if (set.has(pool.busyDays[j]!)) return pool.dayNames[pool.busyDays[j]!];
  }
  return undefined;
}

function roleReason(pool: Pool, prep: Prepared, r: number, rule: number | null, excluded: Uint8Array | null): string {
  const role = ROLE_NAMES[r]!;
  const words = ROLE_WORDS[role];
  const need = prep.roleCounts[r]!;
  const control = prep.challenge.control;
  const grp = r === LM && prep.policy.leadMemberSameGroup && prep.controlIdx !== -1 ? ` from group ${control}` : '';
  const places = need === 1 ? 'the place' : `all ${need} places`;
  // peers of this role (and group) that pass every other rule
  let avail = 0;
  const busyCount = new Map<number, number>();
  for (let p = 0; p < pool.n; p++) {
    if (excluded?.[p]) continue;
    if (!(pool.roleMask[p]! & (1 << r))) continue;
    const f = prep.fails[p]! & (r === LM ? 0xffff : ~R5);
    if (f === 0) avail++;
    if (f === R2) {
      const set = new Set(prep.dayIdx);
      for (let j = pool.busyStart[p]!; j < pool.busyStart[p + 1]!; j++) {
        const d = pool.busyDays[j]!;
        if (set.has(d)) busyCount.set(d, (busyCount.get(d) ?? 0) + 1);
      }
    }
  }
  let day: string | undefined;
  let dayMax = 0;
  for (const [d, c] of busyCount) {
    if (c > dayMax) {
      dayMax = c;
      day = pool.dayNames[d];
    }
  }
  const onDay = day ? ` on ${day}` : '';
  const few = avail === 0 ? `no free ${words} peer${grp}` : `only ${avail} free ${words} peer${avail === 1 ? '' : 's'}${grp} for ${need} places`;
  switch (rule) {
    case 2:
      return avail < need
        ? `${few}${onDay}`
        : `the free ${words} peers${grp}${onDay} cannot fill ${places} together with the rest of the team`;
    case 3:
      return `${avail < need ? few : `the ${words} places cannot be filled`}: the other ${words} peers${grp} are from council ${prep.challenge.councilId} or have declared a conflict with it`;
    case 4:
      return `${avail < need ? few : `the ${words} places cannot be filled`}: the other ${words} peers${grp} have reached their maximum load`;
    case 5:
      return avail < need
        ? `no free ${words} peer from group ${control} (the controlling group)${need > 1 ? ` for ${need} places` : ''}`
        : `the ${words} peers from group ${control} cannot fill ${places} together with the rest of the team`;
    case 6:
      return 'the lead member and member places cannot be filled from two different political groups';
    case 7:
      return `the ${words} places cannot be filled without two team members from the same council`;
    case 8:
      return `${avail < need ? few : `the ${words} places cannot be filled`}: the other ${words} peers${grp} are from the ${prep.challenge.region} region`;
    default:
      return avail < need
        ? `${few}${onDay}; relaxing any single rule would not be enough`
        : `no team fills ${places} for ${words}${grp} while keeping every rule; relaxing any single rule would not be enough`;
  }
}
