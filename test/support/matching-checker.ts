/**
 * Independent checker for the team-matching problem, written only from
 * shared/domain/matching.md. It deliberately imports nothing from the solver
 * (shared/matching/*): its own types, its own policy defaults, its own score.
 *
 *  - checkTeam(input, team)      → every violated hard rule (1–8), with a message
 *  - scoreTeam(input, team)      → the integer score of §1
 *  - checkSeason(input, output)  → §2 rules, recomputed scores and (optionally) bound
 */
import { mulberry32 } from '../../shared/domain/random.js';

// ---------------------------------------------------------------------------
// Types (structural copies of the JSON in matching.md)
// ---------------------------------------------------------------------------

export interface CkSlot {
  role: string;
  count: number;
}

export interface CkPeer {
  id: string;
  kind?: string;
  group: string | null;
  councilId: string | null;
  region?: string | null;
  roles: readonly string[];
  skills: Readonly<Record<string, number>>;
  busy: readonly string[];
  conflicts: readonly string[];
  load: number;
  maxLoad: number;
}

export interface CkPolicy {
  leadMemberSameGroup?: boolean;
  crossPartyMembers?: boolean;
  onePerCouncil?: boolean;
  excludeSameRegion?: boolean;
  loadPenalty?: number;
}

export interface CkChallenge {
  id: string;
  councilId: string;
  region?: string | null;
  control: string;
  days: readonly string[];
  focus: Readonly<Record<string, number>>;
  slots: readonly CkSlot[];
}

export interface CkProposeInput {
  challenge: CkChallenge;
  peers: readonly CkPeer[];
  policy?: CkPolicy;
}

export interface CkSeasonChallenge extends Omit<CkChallenge, 'days'> {
  windows: readonly (readonly string[])[];
}

export interface CkSeasonInput {
  challenges: readonly CkSeasonChallenge[];
  peers: readonly CkPeer[];
  policy?: CkPolicy;
}

export interface CkTeamMember {
  slot: string;
  peerId: string;
}

export interface CkPlanEntry {
  challengeId: string;
  window: number | null;
  team?: readonly CkTeamMember[];
  score?: number;
  reason?: string;
}

export interface CkSeasonOutput {
  plan: readonly CkPlanEntry[];
  upperBound: number;
  ratio: number;
}

export interface Violation {
  /** 1–8 for §1 rules; 'season' for cross-challenge rules of §2; 'output' for malformed output. */
  rule: number | 'season' | 'output';
  message: string;
}

export interface FullPolicy {
  leadMemberSameGroup: boolean;
  crossPartyMembers: boolean;
  onePerCouncil: boolean;
  excludeSameRegion: boolean;
  loadPenalty: number;
}

/** The defaults printed in matching.md §1 ("Missing policy fields take the defaults shown"). */
export const CHECKER_POLICY_DEFAULTS: Readonly<FullPolicy> = Object.freeze({
  leadMemberSameGroup: true,
  crossPartyMembers: true,
  onePerCouncil: true,
  excludeSameRegion: false,
  loadPenalty: 1,
});

export function fullPolicy(policy: CkPolicy | undefined): FullPolicy {
  const p = policy ?? {};
  return {
    leadMemberSameGroup: p.leadMemberSameGroup ?? CHECKER_POLICY_DEFAULTS.leadMemberSameGroup,
    crossPartyMembers: p.crossPartyMembers ?? CHECKER_POLICY_DEFAULTS.crossPartyMembers,
    onePerCouncil: p.onePerCouncil ?? CHECKER_POLICY_DEFAULTS.onePerCouncil,
    excludeSameRegion: p.excludeSameRegion ?? CHECKER_POLICY_DEFAULTS.excludeSameRegion,
    loadPenalty: p.loadPenalty ?? CHECKER_POLICY_DEFAULTS.loadPenalty,
  };
}

export const MEMBER_ROLES: readonly string[] = ['lead-member', 'member'];

export interface CheckOptions {
  /** Rules (2–8) to ignore, e.g. to ask "would relaxing rule r alone make a team possible?". */
  ignoreRules?: readonly number[];
}

// ---------------------------------------------------------------------------
// Per-peer rules (2, 3, 4, 5-for-lead-member, 8): shared with the brute force
// ---------------------------------------------------------------------------

/** Rules 2, 3, 4 and 8 for one peer (independent of the slot it fills). Returns violations. */
export function peerRuleViolations(input: CkProposeInput, peer: CkPeer, opts: CheckOptions = {}): Violation[] {
  const ignore = new Set(opts.ignoreRules ?? []);
  const ch = input.challenge;
  const pol = fullPolicy(input.policy);
  const out: Violation[] = [];
  if (!ignore.has(2)) {
    const busy = new Set(peer.busy);
    const clash = ch.days.filter((d) => busy.has(d));
    if (clash.length > 0) out.push({ rule: 2, message: `${peer.id} is busy on ${clash.join(', ')}` });
  }
  if (!ignore.has(3)) {
    if (peer.councilId !== null && peer.councilId === ch.councilId) {
      out.push({ rule: 3, message: `${peer.id} is from the challenged council ${ch.councilId}` });
    }
    if (peer.conflicts.includes(ch.councilId)) {
      out.push({ rule: 3, message: `${peer.id} declared a conflict with ${ch.councilId}` });
    }
  }
  if (!ignore.has(4) && !(peer.load < peer.maxLoad)) {
    out.push({ rule: 4, message: `${peer.id} has load ${peer.load} ≥ maxLoad ${peer.maxLoad}` });
  }
  if (!ignore.has(8) && pol.excludeSameRegion && peer.region != null && peer.region === ch.region) {
    out.push({ rule: 8, message: `${peer.id} is from the challenge region ${String(ch.region)}` });
  }
  return out;
}

/** Rule 5 for one peer placed in a lead-member slot. */
export function leadMemberViolation(input: CkProposeInput, peer: CkPeer, opts: CheckOptions = {}): Violation | null {
  const ignore = new Set(opts.ignoreRules ?? []);
  const pol = fullPolicy(input.policy);
  if (ignore.has(5) || !pol.leadMemberSameGroup) return null;
  const control = input.challenge.control;
  if (control === 'NOC') return null;
  if (peer.group !== control) {
    return { rule: 5, message: `lead-member ${peer.id} has group ${String(peer.group)}, control is ${control}` };
  }
  return null;
}

// ---------------------------------------------------------------------------
// checkTeam / scoreTeam
// ---------------------------------------------------------------------------

export function slotDemand(ch: Pick<CkChallenge, 'slots'>): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of ch.slots) m.set(s.role, (m.get(s.role) ?? 0) + s.count);
  return m;
}

/** Every hard rule the team breaks, with a message. Empty list = valid team. */
export function checkTeam(input: CkProposeInput, team: readonly CkTeamMember[], opts: CheckOptions = {}): Violation[] {
  const ignore = new Set(opts.ignoreRules ?? []);
  const ch = input.challenge;
  const pol = fullPolicy(input.policy);
  const byId = new Map<string, CkPeer>();
  for (const p of input.peers) byId.set(p.id, p);
  const out: Violation[] = [];

  // Rule 1: slot counts, roles, each peer at most once, peer exists.
  const demand = slotDemand(ch);
  const filled = new Map<string, number>();
  const seen = new Set<string>();
  const members: { slot: string; peer: CkPeer }[] = [];
  for (const m of team) {
    filled.set(m.slot, (filled.get(m.slot) ?? 0) + 1);
    if (seen.has(m.peerId)) out.push({ rule: 1, message: `${m.peerId} fills more than one slot` });
    seen.add(m.peerId);
    const peer = byId.get(m.peerId);
    if (!peer) {
      out.push({ rule: 1, message: `unknown peer ${m.peerId}` });
      continue;
    }
    if (!peer.roles.includes(m.slot)) out.push({ rule: 1, message: `${peer.id} cannot fill role ${m.slot}` });
    members.push({ slot: m.slot, peer });
  }
  for (const [role, need] of demand) {
    const got = filled.get(role) ?? 0;
    if (got !== need) out.push({ rule: 1, message: `slot ${role}: ${got} filled, ${need} required` });
  }
  for (const [role, got] of filled) {
    if (!demand.has(role)) out.push({ rule: 1, message: `slot ${role} (${got}) is not asked for by the challenge` });
  }

  // Rules 2, 3, 4, 8 per peer; 5 per lead-member.
  const distinct = new Map<string, { slot: string; peer: CkPeer }>();
  for (const m of members) if (!distinct.has(m.peer.id)) distinct.set(m.peer.id, m);
  for (const m of distinct.values()) out.push(...peerRuleViolations(input, m.peer, opts));
  for (const m of members) {
    if (m.slot === 'lead-member') {
      const v = leadMemberViolation(input, m.peer, opts);
      if (v) out.push(v);
    }
  }

  // Rule 6: cross-party members.
  if (!ignore.has(6) && pol.crossPartyMembers) {
    const memberSlots = (demand.get('lead-member') ?? 0) + (demand.get('member') ?? 0);
    if (memberSlots >= 2) {
      const groups = new Set<string>();
      for (const m of members) {
        if (MEMBER_ROLES.includes(m.slot) && m.peer.group !== null && m.peer.group !== undefined) groups.add(m.peer.group);
      }
      if (groups.size < 2) {
        out.push({ rule: 6, message: `member slots hold ${groups.size} distinct group(s) [${[...groups].join(', ')}], need ≥ 2` });
      }
    }
  }

  // Rule 7: one per council (null councilId never shared).
  if (!ignore.has(7) && pol.onePerCouncil) {
    const councils = new Map<string, string>();
    for (const m of distinct.values()) {
      const c = m.peer.councilId;
      if (c === null || c === undefined) continue;
      const prev = councils.get(c);
      if (prev !== undefined) out.push({ rule: 7, message: `${prev} and ${m.peer.id} share council ${c}` });
      else councils.set(c, m.peer.id);
    }
  }
  return out;
}

/** Recomputes the §1 score (always with the peers' input `load`). */
export function scoreTeam(input: CkProposeInput, team: readonly CkTeamMember[]): number {
  const ch = input.challenge;
  const pol = fullPolicy(input.policy);
  const byId = new Map<string, CkPeer>();
  for (const p of input.peers) byId.set(p.id, p);
  const peers: CkPeer[] = [];
  const seen = new Set<string>();
  for (const m of team) {
    const p = byId.get(m.peerId);
    if (!p) throw new Error(`scoreTeam: unknown peer ${m.peerId}`);
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    peers.push(p);
  }
  let coverage = 0;
  let depth = 0;
  for (const [f, w] of Object.entries(ch.focus)) {
    let best = 0;
    for (const p of peers) {
      const s = p.skills[f] ?? 0;
      if (s > best) best = s;
      depth += s;
    }
    coverage += w * best;
  }
  let load = 0;
  for (const p of peers) load += p.load;
  return 10 * coverage + depth - pol.loadPenalty * load;
}

// ---------------------------------------------------------------------------
// Seasons
// ---------------------------------------------------------------------------

/** The §1 input for one season challenge in one window. */
export function challengeInWindow(input: CkSeasonInput, c: CkSeasonChallenge, w: number): CkProposeInput {
  const { windows, ...rest } = c;
  const days = windows[w];
  if (!days) throw new Error(`challenge ${c.id} has no window ${w}`);
  return { challenge: { ...rest, days }, peers: input.peers, policy: input.policy };
}

export interface SeasonCheckOptions {
  /**
   * Per-challenge optima (best single-challenge score over its windows, solved
   * alone; null when no window is feasible), in the order of input.challenges.
   * When given, the upper bound is recomputed and compared.
   */
  perChallengeOptima?: readonly (number | null)[];
}

export interface SeasonCheckResult {
  violations: Violation[];
  scheduled: number;
  /** Sum of recomputed scores of the scheduled challenges. */
  total: number;
  /** Recomputed upper bound (only when perChallengeOptima was given). */
  upperBound?: number;
}

export function checkSeason(input: CkSeasonInput, output: CkSeasonOutput, opts: SeasonCheckOptions = {}): SeasonCheckResult {
  const violations: Violation[] = [];
  const chById = new Map<string, { c: CkSeasonChallenge; i: number }>();
  input.challenges.forEach((c, i) => chById.set(c.id, { c, i }));
  const peerById = new Map<string, CkPeer>();
  for (const p of input.peers) peerById.set(p.id, p);

  const seenCh = new Set<string>();
  /** peer id → day → challenge ids */
  const peerDays = new Map<string, Map<string, string>>();
  const newAssignments = new Map<string, number>();
  let scheduled = 0;
  let total = 0;

  for (const e of output.plan) {
    const found = chById.get(e.challengeId);
    if (!found) {
      violations.push({ rule: 'output', message: `plan entry for unknown challenge ${e.challengeId}` });
      continue;
    }
    if (seenCh.has(e.challengeId)) violations.push({ rule: 'output', message: `challenge ${e.challengeId} planned twice` });
    seenCh.add(e.challengeId);
    if (e.window === null) continue;
    const { c } = found;
    if (!Number.isInteger(e.window) || e.window < 0 || e.window >= c.windows.length) {
      violations.push({ rule: 'output', message: `challenge ${c.id}: window ${e.window} out of range` });
      continue;
    }
    const team = e.team ?? [];
    const one = challengeInWindow(input, c, e.window);
    for (const v of checkTeam(one, team)) violations.push({ rule: v.rule, message: `challenge ${c.id} window ${e.window}: ${v.message}` });
    let score: number;
    try {
      score = scoreTeam(one, team);
    } catch (err) {
      violations.push({ rule: 'output', message: `challenge ${c.id}: ${(err as Error).message}` });
      continue;
    }
    if (e.score !== score) violations.push({ rule: 'output', message: `challenge ${c.id}: reported score ${e.score}, recomputed ${score}` });
    scheduled += 1;
    total += score;
    const days = c.windows[e.window] ?? [];
    const teamPeers = new Set(team.map((m) => m.peerId));
    for (const pid of teamPeers) {
      newAssignments.set(pid, (newAssignments.get(pid) ?? 0) + 1);
      let dm = peerDays.get(pid);
      if (!dm) peerDays.set(pid, (dm = new Map()));
      for (const d of days) {
        const other = dm.get(d);
        if (other !== undefined && other !== c.id) {
          violations.push({ rule: 'season', message: `${pid} is on ${other} and ${c.id}, both on ${d}` });
        }
        dm.set(d, c.id);
      }
    }
  }
  for (const c of input.challenges) {
    if (!seenCh.has(c.id)) violations.push({ rule: 'output', message: `challenge ${c.id} has no plan entry` });
  }
  for (const [pid, n] of newAssignments) {
    const p = peerById.get(pid);
    if (p && p.load + n > p.maxLoad) {
      violations.push({ rule: 'season', message: `${pid}: load ${p.load} + ${n} new > maxLoad ${p.maxLoad}` });
    }
  }

  const result: SeasonCheckResult = { violations, scheduled, total };
  if (opts.perChallengeOptima) {
    let ub = 0;
    for (const o of opts.perChallengeOptima) if (o !== null) ub += o;
    result.upperBound = ub;
    if (output.upperBound !== ub) violations.push({ rule: 'output', message: `upperBound ${output.upperBound}, recomputed ${ub}` });
    if (ub > 0) {
      const ratio = total / ub;
      if (Math.abs(output.ratio - ratio) > 1e-6) violations.push({ rule: 'output', message: `ratio ${output.ratio}, recomputed ${ratio}` });
    }
    if (total > ub) violations.push({ rule: 'output', message: `total ${total} exceeds upper bound ${ub}` });
  }
  return result;
}

// ---------------------------------------------------------------------------
// Instance shaping for small exact comparisons (no solver code involved)
// ---------------------------------------------------------------------------


/**
 * Keeps `n` peers of a season input, drawn (seeded) from those that pass the per-peer
 * rules 2, 3, 4, 8 for a slot role of at least one challenge window. Generated pools of
 * ≤ 60 peers are mostly unschedulable; this gives small seasons where the choice matters.
 */
export function subsetSeasonPeers(input: CkSeasonInput, n: number, seed: number): CkSeasonInput {
  const r = mulberry32(seed ^ 0x27d4eb2f);
  const useful = input.peers.filter((p) =>
    input.challenges.some((c) =>
      c.windows.some((_, w) => {
        const one = challengeInWindow(input, c, w);
        return one.challenge.slots.some((s) => p.roles.includes(s.role)) && peerRuleViolations(one, p).length === 0;
      }),
    ),
  );
  for (let i = useful.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [useful[i], useful[j]] = [useful[j]!, useful[i]!];
  }
  return { ...input, peers: useful.slice(0, n) };
}
