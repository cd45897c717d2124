/**
 * The team-matching problem of shared/domain/matching.md written as a MIP and
 * solved exactly with HiGHS (npm `highs`, WebAssembly, CPLEX LP format).
 * Independent of the solver: it uses only the checker's types and per-peer rules.
 *
 * §1 model (one challenge):
 *   x[p,r] ∈ {0,1}  peer p fills a place of role r — only for pairs eligible
 *                   under rules 2, 3, 4, 8 and (for lead-member) rule 5.
 *   Σ_p x[p,r] = count_r                    (rule 1, roles listed twice add up)
 *   Σ_r x[p,r] ≤ 1                          (rule 1, one slot per peer)
 *   u[f,p] ≤ Σ_r x[p,r],  Σ_p u[f,p] ≤ 1    (p is the expert credited for focus f)
 *   g[G] ≤ Σ_{p∈G, r∈{lead-member,member}} x[p,r],  Σ_G g[G] ≥ 2   (rule 6)
 *   Σ_{p: councilId = c} Σ_r x[p,r] ≤ 1     (rule 7, non-null councils)
 *   max Σ_f 10·w_f·skill_p(f)·u[f,p] + Σ x[p,r]·(depth_p − loadPenalty·load_p)
 * u and g may be continuous in [0,1]: for any integral x the LP over u picks the
 * best credited skill per focus (a vertex), and Σ g ≥ 2 with g[G] ≤ min(1, n_G),
 * n_G integral, forces two groups with n_G ≥ 1. So the optimum is the exact one.
 */
import highsLoader from 'highs';
import {
  fullPolicy,
  leadMemberViolation,
  peerRuleViolations,
  scoreTeam,
  challengeInWindow,
  slotDemand,
  MEMBER_ROLES,
  type CkPeer,
  type CkProposeInput,
  type CkSeasonInput,
  type CkTeamMember,
  type CkPlanEntry,
} from './matching-checker.js';

type HighsInstance = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<HighsInstance> | null = null;

/** Lazily loads (once) the HiGHS WebAssembly runtime. */
export function getHighs(): Promise<HighsInstance> {
  if (!highsPromise) highsPromise = highsLoader();
  return highsPromise;
}

/** Objective is an integer: an absolute gap below 1 proves optimality. */
const SOLVE_OPTIONS = {
  output_flag: false,
  mip_rel_gap: 0,
  mip_abs_gap: 0.5,
  time_limit: 600,
} as const;

export interface MipOptions {
  /** Rules (2–8) to relax, e.g. to compute the infeasibility `rule`. */
  ignoreRules?: readonly number[];
  /** Peer ids that must be on the team (any slot), or { peerId, slot } for a given slot. */
  pins?: readonly (string | { peerId: string; slot?: string })[];
  /** Peer ids that may not be on the team. */
  exclude?: readonly string[];
}

export interface MipResult {
  status: 'optimal' | 'infeasible';
  score?: number;
  team?: CkTeamMember[];
  /** Wall time spent building the LP text and solving it. */
  ms: number;
  vars: number;
  rows: number;
  /** Why the model was infeasible before calling HiGHS (trivial counting), if so. */
  trivial?: string;
}

/** Accumulates `coef name` terms into lines of moderate length. */
class Expr {
  private parts: string[] = [];
  private n = 0;
  add(coef: number, name: string): void {
    if (coef === 0 && this.n > 0) return;
    const sign = coef < 0 ? '-' : '+';
    const abs = Math.abs(coef);
    this.parts.push(`${this.n % 12 === 0 && this.n > 0 ? '\n   ' : ' '}${sign} ${abs === 1 ? '' : `${abs} `}${name}`);
    this.n += 1;
  }
  get size(): number {
    return this.n;
  }
  toString(): string {
    return this.parts.join('');
  }
}

function fmtRow(name: string, e: Expr, op: '<=' | '>=' | '=', rhs: number): string {
  return ` ${name}:${e.toString()} ${op} ${rhs}`;
}

function depthOf(peer: CkPeer, focus: Readonly<Record<string, number>>): number {
  let d = 0;
  for (const f of Object.keys(focus)) d += peer.skills[f] ?? 0;
  return d;
}

interface ProposeModel {
  lp: string | null;
  trivial?: string;
  vars: number;
  rows: number;
  /** column name → [peer index, role] */
  xCols: Map<string, [number, string]>;
}

export function buildProposeLp(input: CkProposeInput, opts: MipOptions = {}): ProposeModel {
  const ch = input.challenge;
  const pol = fullPolicy(input.policy);
  const ignore = new Set(opts.ignoreRules ?? []);
  const demand = [...slotDemand(ch)].filter(([, n]) => n > 0);
  const roles = demand.map(([r]) => r);
  const excluded = new Set(opts.exclude ?? []);
  const pins = (opts.pins ?? []).map((p) => (typeof p === 'string' ? { peerId: p } : p));
  const pinned = new Map<string, string | undefined>();
  for (const p of pins) pinned.set(p.peerId, p.slot);
  const focus = Object.entries(ch.focus);
  const lp = pol.loadPenalty;

  // Eligible (peer, role) pairs.
  const eligible: { i: number; roles: number[] }[] = [];
  const eligibleCount = new Array<number>(roles.length).fill(0);
  input.peers.forEach((peer, i) => {
    if (excluded.has(peer.id)) return;
    if (peerRuleViolations(input, peer, { ignoreRules: opts.ignoreRules }).length > 0) return;
    const rs: number[] = [];
    roles.forEach((role, ri) => {
      if (!peer.roles.includes(role)) return;
      if (role === 'lead-member' && leadMemberViolation(input, peer, { ignoreRules: opts.ignoreRules })) return;
      const pinSlot = pinned.get(peer.id);
      if (pinSlot !== undefined && pinSlot !== role) return;
      rs.push(ri);
      eligibleCount[ri]! += 1;
    });
    if (rs.length > 0) eligible.push({ i, roles: rs });
  });
  const xCols = new Map<string, [number, string]>();
  const empty = (trivial: string): ProposeModel => ({ lp: null, trivial, vars: 0, rows: 0, xCols });

  for (let ri = 0; ri < roles.length; ri++) {
    if (eligibleCount[ri]! < demand[ri]![1]) return empty(`role ${roles[ri]}: ${eligibleCount[ri]} eligible < ${demand[ri]![1]}`);
  }
  const eligibleIds = new Set(eligible.map((e) => input.peers[e.i]!.id));
  for (const p of pins) if (!eligibleIds.has(p.peerId)) return empty(`pinned peer ${p.peerId} is not eligible`);

  const obj = new Expr();
  const rows: string[] = [];
  const binaries: string[] = [];
  const bounds: string[] = [];
  const xName = (i: number, ri: number) => `x${i}_${ri}`;

  const roleRows = roles.map(() => new Expr());
  const memberOfGroup = new Map<string, Expr>();
  const councilRows = new Map<string, Expr>();
  const memberSlots = demand.filter(([r]) => MEMBER_ROLES.includes(r)).reduce((a, [, n]) => a + n, 0);
  const needCross = !ignore.has(6) && pol.crossPartyMembers && memberSlots >= 2;

  for (const { i, roles: rs } of eligible) {
    const peer = input.peers[i]!;
    const c = depthOf(peer, ch.focus) - lp * peer.load;
    const peerRow = new Expr();
    for (const ri of rs) {
      const name = xName(i, ri);
      xCols.set(name, [i, roles[ri]!]);
      binaries.push(name);
      obj.add(c, name);
      roleRows[ri]!.add(1, name);
      peerRow.add(1, name);
      if (needCross && MEMBER_ROLES.includes(roles[ri]!) && peer.group !== null && peer.group !== undefined) {
        let e = memberOfGroup.get(peer.group);
        if (!e) memberOfGroup.set(peer.group, (e = new Expr()));
        e.add(-1, name);
      }
      if (!ignore.has(7) && pol.onePerCouncil && peer.councilId !== null && peer.councilId !== undefined) {
        let e = councilRows.get(peer.councilId);
        if (!e) councilRows.set(peer.councilId, (e = new Expr()));
        e.add(1, name);
      }
    }
    if (pinned.has(peer.id)) rows.push(fmtRow(`pin${i}`, peerRow, '=', 1));
    else if (rs.length > 1) rows.push(fmtRow(`one${i}`, peerRow, '<=', 1));
    // Coverage credit variables.
    focus.forEach(([f, w], fi) => {
      const s = peer.skills[f] ?? 0;
      if (s <= 0) return;
      const u = `u${fi}_${i}`;
      obj.add(10 * w * s, u);
      bounds.push(` 0 <= ${u} <= 1`);
      const link = new Expr();
      link.add(1, u);
      for (const ri of rs) link.add(-1, xName(i, ri));
      rows.push(fmtRow(`lk${fi}_${i}`, link, '<=', 0));
    });
  }
  // Σ_p u[f,p] ≤ 1
  focus.forEach((_, fi) => {
    const e = new Expr();
    for (const { i } of eligible) {
      const peer = input.peers[i]!;
      if ((peer.skills[focus[fi]![0]] ?? 0) > 0) e.add(1, `u${fi}_${i}`);
    }
    if (e.size > 1) rows.push(fmtRow(`cov${fi}`, e, '<=', 1));
  });
  roles.forEach((_, ri) => rows.push(fmtRow(`role${ri}`, roleRows[ri]!, '=', demand[ri]![1])));
  if (needCross) {
    if (memberOfGroup.size < 2) return empty(`rule 6: only ${memberOfGroup.size} group(s) among eligible members`);
    const sum = new Expr();
    let gi = 0;
    for (const e of memberOfGroup.values()) {
      const g = `g${gi}`;
      bounds.push(` 0 <= ${g} <= 1`);
      e.add(1, g);
      rows.push(fmtRow(`grp${gi}`, e, '<=', 0));
      sum.add(1, g);
      gi++;
    }
    rows.push(fmtRow('cross', sum, '>=', 2));
  }
  let ci = 0;
  for (const e of councilRows.values()) {
    if (e.size > 1) rows.push(fmtRow(`cncl${ci}`, e, '<=', 1));
    ci++;
  }
  if (obj.size === 0) obj.add(0, binaries[0] ?? 'dummy');
  const text = [
    'Maximize',
    ` obj:${obj.toString()}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    'Binary',
    ...binaries.map((b) => ` ${b}`),
    'End',
    '',
  ].join('\n');
  return { lp: text, vars: binaries.length + bounds.length, rows: rows.length, xCols };
}

/** Exact optimum of one §1 instance (optionally with pins / exclusions / relaxed rules). */
export async function solveProposeMip(input: CkProposeInput, opts: MipOptions = {}): Promise<MipResult> {
  const highs = await getHighs();
  const t0 = performance.now();
  const model = buildProposeLp(input, opts);
  if (model.lp === null) {
    return { status: 'infeasible', ms: performance.now() - t0, vars: 0, rows: 0, trivial: model.trivial };
  }
  const sol = highs.solve(model.lp, SOLVE_OPTIONS);
  const ms = performance.now() - t0;
  if (sol.Status === 'Infeasible') return { status: 'infeasible', ms, vars: model.vars, rows: model.rows };
  if (sol.Status !== 'Optimal') throw new Error(`HiGHS returned ${sol.Status}`);
  const team: CkTeamMember[] = [];
  for (const [name, [i, role]] of model.xCols) {
    const col = sol.Columns[name];
    if (col && 'Primal' in col && (col.Primal as number) > 0.5) team.push({ slot: role, peerId: input.peers[i]!.id });
  }
  const score = Math.round(sol.ObjectiveValue);
  const recomputed = scoreTeam(input, team);
  if (recomputed !== score) throw new Error(`MIP objective ${sol.ObjectiveValue} but its team scores ${recomputed}`);
  return { status: 'optimal', score, team, ms, vars: model.vars, rows: model.rows };
}

/** The §1 `rule` for an infeasible instance: lowest rule 2–8 whose relaxation alone makes a team possible. */
export async function infeasibleRuleMip(input: CkProposeInput): Promise<number | null> {
  for (const r of [2, 3, 4, 5, 6, 7, 8]) {
    const res = await solveProposeMip(input, { ignoreRules: [r] });
    if (res.status === 'optimal') return r;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Seasons (small: ≤ 8 challenges, ≤ 60 peers)
// ---------------------------------------------------------------------------

export interface SeasonMipResult {
  scheduled: number;
  score: number;
  plan: CkPlanEntry[];
  ms: number;
}

/**
 * Exact lexicographic optimum of a small season: first the number of challenges
 * scheduled, then the sum of scores. Solved in two phases (max Σ s; then fix it
 * and max score) rather than with a big-M weight, to keep the numerics clean.
 */
export async function solveSeasonMip(input: CkSeasonInput): Promise<SeasonMipResult> {
  const highs = await getHighs();
  const t0 = performance.now();
  const pol = fullPolicy(input.policy);
  const obj = new Expr();
  const schedObj = new Expr();
  const rows: string[] = [];
  const binaries: string[] = [];
  const bounds: string[] = [];
  const xCols = new Map<string, [number, number, number, string]>(); // c, w, peer, role
  const perPeerLoad = new Map<number, Expr>();
  const perPeerDay = new Map<string, Expr>(); // `${p}|${day}`
  let rowId = 0;
  const row = (e: Expr, op: '<=' | '>=' | '=', rhs: number) => rows.push(fmtRow(`r${rowId++}`, e, op, rhs));

  input.challenges.forEach((c, ci) => {
    const chooseOne = new Expr();
    const perPeerInCh = new Map<number, Expr>();
    c.windows.forEach((days, wi) => {
      const one = challengeInWindow(input, c, wi);
      const demand = [...slotDemand(one.challenge)].filter(([, n]) => n > 0);
      const roles = demand.map(([r]) => r);
      const s = `s${ci}_${wi}`;
      binaries.push(s);
      chooseOne.add(1, s);
      schedObj.add(1, s);
      const roleRows = roles.map(() => new Expr());
      const groupRows = new Map<string, Expr>();
      const councilRows = new Map<string, Expr>();
      const focus = Object.entries(one.challenge.focus);
      const covRows = focus.map(() => new Expr());
      const memberSlots = demand.filter(([r]) => MEMBER_ROLES.includes(r)).reduce((a, [, n]) => a + n, 0);
      const needCross = pol.crossPartyMembers && memberSlots >= 2;
      input.peers.forEach((peer, pi) => {
        if (peerRuleViolations(one, peer).length > 0) return;
        const rs: number[] = [];
        roles.forEach((role, ri) => {
          if (!peer.roles.includes(role)) return;
          if (role === 'lead-member' && leadMemberViolation(one, peer)) return;
          rs.push(ri);
        });
        if (rs.length === 0) return;
        const cst = depthOf(peer, one.challenge.focus) - pol.loadPenalty * peer.load;
        let inCh = perPeerInCh.get(pi);
        if (!inCh) perPeerInCh.set(pi, (inCh = new Expr()));
        let ld = perPeerLoad.get(pi);
        if (!ld) perPeerLoad.set(pi, (ld = new Expr()));
        const xs: string[] = [];
        for (const ri of rs) {
          const x = `x${ci}_${wi}_${pi}_${ri}`;
          xs.push(x);
          xCols.set(x, [ci, wi, pi, roles[ri]!]);
          binaries.push(x);
          obj.add(cst, x);
          roleRows[ri]!.add(1, x);
          inCh.add(1, x);
          ld.add(1, x);
          for (const d of days) {
            const key = `${pi}|${d}`;
            let e = perPeerDay.get(key);
            if (!e) perPeerDay.set(key, (e = new Expr()));
            e.add(1, x);
          }
          if (needCross && MEMBER_ROLES.includes(roles[ri]!) && peer.group !== null && peer.group !== undefined) {
            let e = groupRows.get(peer.group);
            if (!e) groupRows.set(peer.group, (e = new Expr()));
            e.add(-1, x);
          }
          if (pol.onePerCouncil && peer.councilId !== null && peer.councilId !== undefined) {
            let e = councilRows.get(peer.councilId);
            if (!e) councilRows.set(peer.councilId, (e = new Expr()));
            e.add(1, x);
          }
        }
        focus.forEach(([f, w], fi) => {
          const sk = peer.skills[f] ?? 0;
          if (sk <= 0) return;
          const u = `u${ci}_${wi}_${fi}_${pi}`;
          obj.add(10 * w * sk, u);
          bounds.push(` 0 <= ${u} <= 1`);
          const link = new Expr();
          link.add(1, u);
          for (const x of xs) link.add(-1, x);
          row(link, '<=', 0);
          covRows[fi]!.add(1, u);
        });
      });
      roleRows.forEach((e, ri) => {
        e.add(-demand[ri]![1], s);
        row(e, '=', 0);
      });
      covRows.forEach((e) => {
        if (e.size === 0) return;
        e.add(-1, s);
        row(e, '<=', 0);
      });
      if (needCross) {
        const sum = new Expr();
        let gi = 0;
        for (const e of groupRows.values()) {
          const g = `g${ci}_${wi}_${gi++}`;
          bounds.push(` 0 <= ${g} <= 1`);
          e.add(1, g);
          row(e, '<=', 0);
          sum.add(1, g);
        }
        sum.add(-2, s);
        row(sum, '>=', 0);
      }
      for (const e of councilRows.values()) if (e.size > 1) row(e, '<=', 1);
    });
    row(chooseOne, '<=', 1);
    for (const e of perPeerInCh.values()) if (e.size > 1) row(e, '<=', 1);
  });
  for (const e of perPeerDay.values()) if (e.size > 1) row(e, '<=', 1);
  for (const [pi, e] of perPeerLoad) {
    const p = input.peers[pi]!;
    row(e, '<=', Math.max(0, p.maxLoad - p.load));
  }
  const tail = ['Bounds', ...bounds, 'Binary', ...binaries.map((b) => ` ${b}`), 'End', ''];

  // Phase 1: max number scheduled.
  const lp1 = ['Maximize', ` obj:${schedObj.toString()}`, 'Subject To', ...rows, ...tail].join('\n');
  const sol1 = highs.solve(lp1, SOLVE_OPTIONS);
  if (sol1.Status !== 'Optimal') throw new Error(`season MIP phase 1: ${sol1.Status}`);
  const scheduled = Math.round(sol1.ObjectiveValue);
  // Phase 2: fix it, max score.
  const fix = new Expr();
  for (const b of binaries) if (b.startsWith('s')) fix.add(1, b);
  if (obj.size === 0) obj.add(0, binaries[0]!);
  const lp2 = ['Maximize', ` obj:${obj.toString()}`, 'Subject To', ...rows, fmtRow('fixsched', fix, '=', scheduled), ...tail].join('\n');
  const sol2 = highs.solve(lp2, SOLVE_OPTIONS);
  if (sol2.Status !== 'Optimal') throw new Error(`season MIP phase 2: ${sol2.Status}`);
  const score = scheduled === 0 ? 0 : Math.round(sol2.ObjectiveValue);

  const teams = new Map<string, { w: number; team: CkTeamMember[] }>();
  for (const [name, [ci, wi, pi, role]] of xCols) {
    const col = sol2.Columns[name];
    if (!col || !('Primal' in col) || (col.Primal as number) <= 0.5) continue;
    const key = `${ci}`;
    let t = teams.get(key);
    if (!t) teams.set(key, (t = { w: wi, team: [] }));
    t.team.push({ slot: role, peerId: input.peers[pi]!.id });
  }
  const plan: CkPlanEntry[] = input.challenges.map((c, ci) => {
    let w: number | null = null;
    c.windows.forEach((_, wi) => {
      const col = sol2.Columns[`s${ci}_${wi}`];
      if (col && 'Primal' in col && (col.Primal as number) > 0.5) w = wi;
    });
    if (w === null) return { challengeId: c.id, window: null, reason: 'not scheduled by the MIP' };
    const team = teams.get(`${ci}`)?.team ?? [];
    return { challengeId: c.id, window: w, team, score: scoreTeam(challengeInWindow(input, c, w), team) };
  });
  return { scheduled, score, plan, ms: performance.now() - t0 };
}

/** Best single-challenge score over its windows, each solved alone (null if none feasible). */
export async function perChallengeOptimaMip(input: CkSeasonInput): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (const c of input.challenges) {
    let best: number | null = null;
    for (let w = 0; w < c.windows.length; w++) {
      const r = await solveProposeMip(challengeInWindow(input, c, w));
      if (r.status === 'optimal' && (best === null || r.score! > best)) best = r.score!;
    }
    out.push(best);
  }
  return out;
}
