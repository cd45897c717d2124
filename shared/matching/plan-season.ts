/**
 * Season planning (shared/domain/matching.md §2).
 *
 * 1. Every (challenge, window) is solved alone with the exact solver; the best window score per
 *    challenge, summed, is the upper bound.
 * 2. Greedy: challenges in order of scarcity (fewest feasible windows, then biggest team), each
 *    placed in its best window given the peers already booked (booked on an overlapping day, or
 *    at maxLoad counting the season's assignments). A window whose alone-optimal team uses no
 *    booked peer keeps that team without re-solving (adding bookings only removes options).
 * 3. Repair: an unscheduled challenge is tried again after ejecting one booked challenge that
 *    holds a peer it could use; kept only if the ejected one can be placed again.
 * 4. Improvement: coordinate ascent — each challenge below its alone bound is taken out and
 *    re-solved over all its windows; repeated while anything improves (bounded passes / time).
 * 5. Small seasons (≤ 10 schedulable challenges): branch and bound over (window, team) among each
 *    challenge's k-best teams (k widened while time allows), seeded with the heuristic plan.
 * 6. Large neighbourhood search until the budget: a challenge below its bound and the challenges
 *    holding peers of its alone-optimal team are re-inserted; kept only if (count, score) improves.
 * Scores use each peer's input load (§2).
 */
import {
  buildPool,
  diagnose,
  prepareChallenge,
  resolvePolicy,
  R5,
  ROLE_NAMES,
  solveCore,
  type CoreSolution,
  type Pool,
  type Prepared,
  type SolverChallenge,
  type SolverPeer,
} from './propose-team.js';
import type { MatchPolicy, MatchPolicyInput, PlanEntry, SeasonResult, TeamPlace } from './types.js';
import { mulberry32 } from '../domain/random.js';

export interface SeasonChallengeInput extends Omit<SolverChallenge, 'days'> {
  windows: readonly (readonly string[])[];
}

export interface SeasonInput {
  challenges: readonly SeasonChallengeInput[];
  peers: readonly SolverPeer[];
  policy?: MatchPolicyInput | Partial<MatchPolicy>;
}

export interface PlanSeasonOptions {
  /** Maximum improvement passes (default 4). */
  improvePasses?: number;
  /** Greedy starts (different orders), at most (default 12); new starts stop at half the budget. */
  starts?: number;
  /** Soft time budget for repair and improvement, in ms (default 7500). */
  timeBudgetMs?: number;
}

interface Assignment {
  window: number;
  sol: CoreSolution;
}

export function planSeason(input: SeasonInput, options: PlanSeasonOptions = {}): SeasonResult {
  const t0 = performance.now();
  const budget = options.timeBudgetMs ?? 7500;
  const maxPasses = options.improvePasses ?? (input.challenges.length > 40 ? 1 : 4);
  const maxStarts = options.starts ?? 12;
  const policy = resolvePolicy(input.policy);
  const pool = buildPool(input.peers);
  const n = pool.n;
  const C = input.challenges.length;

  const preps: Prepared[][] = input.challenges.map((ch) =>
    ch.windows.map((days) => prepareChallenge(pool, { ...ch, days }, policy, days)),
  );
  // 1. alone
  const alone: (CoreSolution | null)[][] = preps.map((ws) =>
    ws.map((prep) => solveCore(pool, prep, { k: 1, relax: 0, feasibilityOnly: false, pins: [], excluded: null })[0] ?? null),
  );
  const bestAlone = alone.map((ws) => ws.reduce((m, s) => (s && s.score > m ? s.score : m), -Infinity));
  let upperBound = 0;
  for (const b of bestAlone) if (b > -Infinity) upperBound += b;

  // booking state
  const assigned = new Int32Array(n);
  const booked: (Set<string> | undefined)[] = new Array(n);
  const plan: (Assignment | null)[] = new Array<Assignment | null>(C).fill(null);

  const book = (c: number, a: Assignment, sign: 1 | -1): void => {
    const days = input.challenges[c]!.windows[a.window]!;
    for (const p of a.sol.peers) {
      assigned[p]! += sign;
      let set = booked[p];
      if (!set) set = booked[p] = new Set();
      for (const d of days) {
        if (sign > 0) set.add(d);
        else set.delete(d);
      }
    }
  };

  const blockedFor = (c: number, w: number): Uint8Array => {
    const days = input.challenges[c]!.windows[w]!;
    const blocked = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      if (assigned[p] === 0) continue;
      if (pool.load[p]! + assigned[p]! >= pool.maxLoad[p]!) {
        blocked[p] = 1;
        continue;
      }
      const set = booked[p]!;
      for (const d of days) {
        if (set.has(d)) {
          blocked[p] = 1;
          break;
        }
      }
    }
    return blocked;
  };

  /** Best assignment for c given current bookings (c itself must not be booked). */
  const bestFor = (c: number, floor: number, hint?: Assignment | null): Assignment | null => {
    const ws = preps[c]!;
    const order = ws.map((_, w) => w).filter((w) => alone[c]![w] !== null);
    order.sort((a, b) => alone[c]![b]!.score - alone[c]![a]!.score || a - b);
    let best: Assignment | null = null;
    let bestScore = floor;
    for (const w of order) {
      const a = alone[c]![w]!;
      // the alone optimum bounds this window: nothing better to find here or after
      if (a.score <= bestScore) break;
      const blocked = blockedFor(c, w);
      let sol: CoreSolution | undefined;
      if (a.peers.every((p) => !blocked[p])) sol = a;
      else {
        // a known team still free in this window (the one held before a re-insertion) seeds the
        // search's threshold: only better teams are searched for, and it is the fallback
        const known = hint && hint.window === w && hint.sol.score > bestScore && hint.sol.peers.every((p) => !blocked[p]) ? hint.sol : null;
        const fl = known ? known.score : bestScore;
        sol = solveCore(pool, ws[w]!, { k: 1, relax: 0, feasibilityOnly: false, pins: [], excluded: blocked, floor: fl })[0] ?? known ?? undefined;
      }
      if (sol && sol.score > bestScore) {
        best = { window: w, sol };
        bestScore = sol.score;
      }
    }
    return best;
  };

  // 2. greedy in order of scarcity
  const feasibleWindows = alone.map((ws) => ws.filter((s) => s !== null).length);
  const size = preps.map((ws) => (ws[0] ? ws[0].roleCounts.reduce((a, b) => a + b, 0) : 0));
  const order = [...Array(C).keys()].filter((c) => feasibleWindows[c]! > 0);
  order.sort((a, b) => feasibleWindows[a]! - feasibleWindows[b]! || size[b]! - size[a]! || bestAlone[b]! - bestAlone[a]! || a - b);
  const greedy = (seq: readonly number[]): void => {
    for (const c of seq) {
      const a = bestFor(c, -Infinity);
      if (a) {
        plan[c] = a;
        book(c, a, 1);
      }
    }
  };

  const overBudget = (): boolean => performance.now() - t0 > budget;

  // 3. repair: unscheduled but feasible alone
  const repair = (): boolean => {
    let gained = false;
    for (const c of order) {
      if (plan[c] || overBudget()) continue;
      // candidates to eject: booked challenges holding a peer that c could use in some window
      const holders = new Map<number, number>();
      for (let w = 0; w < preps[c]!.length; w++) {
        if (!alone[c]![w]) continue;
        const blocked = blockedFor(c, w);
        const prep = preps[c]![w]!;
        for (let e = 0; e < C; e++) {
          const a = plan[e];
          if (!a) continue;
          let hits = 0;
          for (const p of a.sol.peers) if (blocked[p] && (prep.fails[p]! & ~R5) === 0) hits++;
          if (hits) holders.set(e, (holders.get(e) ?? 0) + hits);
        }
      }
      const cands = [...holders.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 12);
      for (const [e] of cands) {
        if (overBudget()) break;
        const old = plan[e]!;
        book(e, old, -1);
        plan[e] = null;
        const ac = bestFor(c, -Infinity);
        if (ac) {
          book(c, ac, 1);
          const ae = bestFor(e, -Infinity);
          if (ae) {
            plan[c] = ac;
            plan[e] = ae;
            book(e, ae, 1);
            gained = true;
            break;
          }
          if (ac.sol.score > old.sol.score) {
            // same count, better score: c takes e's place
            plan[c] = ac;
            gained = true;
            break;
          }
          book(c, ac, -1);
        }
        plan[e] = old;
        book(e, old, 1);
      }
    }
    return gained;
  };

  // 4. improvement
  const improve = (): void => {
    for (let pass = 0; pass < maxPasses && !overBudget(); pass++) {
      let improved = repair();
      for (const c of order) {
        if (overBudget()) break;
        const cur = plan[c];
        if (cur && cur.sol.score >= bestAlone[c]!) continue;
        if (cur) book(c, cur, -1);
        const a = bestFor(c, cur ? cur.sol.score : -Infinity);
        if (a && (!cur || a.sol.score > cur.sol.score)) {
          plan[c] = a;
          book(c, a, 1);
          improved = true;
        } else if (cur) book(c, cur, 1);
      }
      if (!improved) break;
    }
  };

  // multi-start: the scarcity order, then the score order, then seeded shuffles, while time allows
  let bestPlan: (Assignment | null)[] | null = null;
  let bestKey = [-1, -Infinity];
  const rng = mulberry32(0x5eed + C);
  const startBudget = budget / 2;
  for (let start = 0; start < maxStarts; start++) {
    if (start > 0 && (performance.now() - t0 > startBudget || (bestKey[0] === order.length && start > 0))) break;
    let seq = order;
    if (start === 1) seq = [...order].sort((a, b) => bestAlone[b]! - bestAlone[a]! || a - b);
    else if (start > 1) {
      seq = [...order];
      for (let i = seq.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [seq[i], seq[j]] = [seq[j]!, seq[i]!];
      }
    }
    assigned.fill(0);
    booked.fill(undefined);
    plan.fill(null);
    greedy(seq);
    improve();
    let cnt = 0;
    let tot = 0;
    for (const a of plan) {
      if (a) {
        cnt++;
        tot += a.sol.score;
      }
    }
    if (cnt > bestKey[0]! || (cnt === bestKey[0] && tot > bestKey[1]!)) {
      bestKey = [cnt, tot];
      bestPlan = [...plan];
    }
  }
  // restore the best plan's bookings (for the reasons below)
  assigned.fill(0);
  booked.fill(undefined);
  plan.fill(null);
  (bestPlan ?? []).forEach((a, c) => {
    if (a) {
      plan[c] = a;
      book(c, a, 1);
    }
  });

  const planKey = (): [number, number] => {
    let cnt = 0;
    let tot = 0;
    for (const a of plan) {
      if (a) {
        cnt++;
        tot += a.sol.score;
      }
    }
    return [cnt, tot];
  };
  const EPS = 1e-9;

  // 5. small seasons: branch and bound over (window, team) among each challenge's k-best teams,
  //    plus the exact best team given the bookings above it, seeded with the heuristic plan.
  if (order.length > 0 && order.length <= 10 && !overBudget()) {
    const tBB = performance.now();
    let K = order.length <= 6 ? 20 : 12;
    const bbDeadline = Math.min(t0 + budget, performance.now() + 2500);
    let cands: (CoreSolution[] | null)[][] = preps.map((ws, c) =>
      ws.map((prep, w) => (alone[c]![w] ? solveCore(pool, prep, { k: K, relax: 0, feasibilityOnly: false, pins: [], excluded: null }) : null)),
    );
    const L = order.length;
    const suf = new Float64Array(L + 1);
    for (let i = L - 1; i >= 0; i--) suf[i] = suf[i + 1]! + Math.max(0, bestAlone[order[i]!]!);
    let [bestCnt, bestTot] = planKey();
    let bestBB: (Assignment | null)[] = [...plan];
    // start from an empty booking state
    for (let c = 0; c < C; c++) {
      const a = plan[c];
      if (a) book(c, a, -1);
      plan[c] = null;
    }
    let nodes = 0;
    let stop = false;
    const sameTeam = (x: CoreSolution, y: CoreSolution): boolean =>
      x.peers.length === y.peers.length && x.peers.every((p, i) => p === y.peers[i] && x.roles[i] === y.roles[i]);
    const dfs = (i: number, cnt: number, tot: number): void => {
      if (stop) return;
      if ((++nodes & 255) === 0 && performance.now() > bbDeadline) {
        stop = true;
        return;
      }
      const rem = L - i;
      if (cnt + rem < bestCnt) return;
      if (cnt + rem === bestCnt && tot + suf[i]! <= bestTot + EPS) return;
      if (i === L) {
        if (cnt > bestCnt || (cnt === bestCnt && tot > bestTot + EPS)) {
          bestCnt = cnt;
          bestTot = tot;
          bestBB = [...plan];
        }
        return;
      }
      const c = order[i]!;
      const opts: Assignment[] = [];
      for (let w = 0; w < preps[c]!.length; w++) {
        const list = cands[c]![w];
        if (!list || list.length === 0) continue;
        const blocked = blockedFor(c, w);
        let first: CoreSolution | null = null;
        for (const s of list) {
          if (s.peers.every((p) => !blocked[p])) {
            if (!first) first = s;
            opts.push({ window: w, sol: s });
          }
        }
        if (list.length >= K && (!first || first !== list[0])) {
          const ex = solveCore(pool, preps[c]![w]!, { k: 1, relax: 0, feasibilityOnly: false, pins: [], excluded: blocked })[0];
          if (ex && (!first || (ex.score > first.score + EPS && !sameTeam(ex, first)))) opts.push({ window: w, sol: ex });
        }
      }
      opts.sort((a, b) => b.sol.score - a.sol.score || a.window - b.window);
      for (const a of opts) {
        plan[c] = a;
        book(c, a, 1);
        dfs(i + 1, cnt + 1, tot + a.sol.score);
        book(c, a, -1);
        plan[c] = null;
        if (stop) return;
      }
      dfs(i + 1, cnt, tot);
    };
    dfs(0, 0, 0);
    // finished quickly: widen the k-best lists and search again (the incumbent carries over)
    while (!stop && K < 160 && performance.now() < bbDeadline - 4 * (performance.now() - tBB)) {
      K *= 2;
      const KK = K;
      cands = preps.map((ws, c) =>
        ws.map((prep, w) => (alone[c]![w] ? solveCore(pool, prep, { k: KK, relax: 0, feasibilityOnly: false, pins: [], excluded: null }) : null)),
      );
      dfs(0, 0, 0);
    }
    bestBB.forEach((a, c) => {
      if (a) {
        plan[c] = a;
        book(c, a, 1);
      }
    });
  }

  // 6. large neighbourhood search: take out a challenge below its alone bound together with a few
  //    challenges holding peers of its alone-optimal teams, re-insert them greedily (random order,
  //    the target first or last); keep the change only if (count, score) of the group improves.
  if (order.length > 1 && !overBudget()) {
    const rng2 = mulberry32(0xbeef + C);
    const holdersOf = (c: number): number[] => {
      const want = new Set<number>();
      for (const s of alone[c]!) if (s) for (const p of s.peers) want.add(p);
      const out: number[] = [];
      for (let e = 0; e < C; e++) {
        if (e === c) continue;
        const a = plan[e];
        if (a && a.sol.peers.some((p) => want.has(p))) out.push(e);
      }
      return out;
    };
    /** Challenges holding the peers that block target's alone-optimal team in a random feasible window. */
    const blockersOf = (c: number): number[] | null => {
      const ws = alone[c]!.map((s, w) => (s ? w : -1)).filter((w) => w >= 0);
      if (ws.length === 0) return null;
      const w = ws[Math.floor(rng2() * ws.length)]!;
      const cur = plan[c];
      if (cur) book(c, cur, -1);
      const blocked = blockedFor(c, w);
      if (cur) book(c, cur, 1);
      const bad = alone[c]![w]!.peers.filter((p) => blocked[p]);
      if (bad.length === 0) return null;
      const out: number[] = [];
      for (let e = 0; e < C; e++) {
        if (e === c) continue;
        const a = plan[e];
        if (a && a.sol.peers.some((p) => bad.includes(p))) out.push(e);
      }
      return out;
    };
    let stall = 0;
    const lnsBudget = budget * 1.1;
    let [curCnt, curTot] = planKey();
    let [snapCnt, snapTot] = [curCnt, curTot];
    let snap: (Assignment | null)[] = [...plan];
    const maxStall = Math.max(60, 6 * order.length);
    while (performance.now() - t0 < lnsBudget && stall < maxStall) {
      // pick a target: weighted by its gap to the alone bound (unscheduled counts its whole bound)
      let totalGap = 0;
      const gaps = order.map((c) => {
        const g = bestAlone[c]! - (plan[c] ? plan[c]!.sol.score : -bestAlone[c]!);
        const v = g > EPS ? g : 0;
        totalGap += v;
        return v;
      });
      if (totalGap <= EPS) break;
      let r = rng2() * totalGap;
      let target = order[order.length - 1]!;
      for (let i = 0; i < order.length; i++) {
        r -= gaps[i]!;
        if (r <= 0 && gaps[i]! > 0) {
          target = order[i]!;
          break;
        }
      }
      let group: number[];
      const focused = rng2() < 0.6 ? blockersOf(target) : null;
      let forceFirst = false;
      if (focused && focused.length > 0 && focused.length <= 4) {
        group = [target, ...focused];
        forceFirst = true;
      } else {
        const hs = holdersOf(target);
        for (let i = hs.length - 1; i > 0; i--) {
          const j = Math.floor(rng2() * (i + 1));
          [hs[i], hs[j]] = [hs[j]!, hs[i]!];
        }
        group = [target, ...hs.slice(0, 1 + Math.floor(rng2() * 2))];
      }
      const old = group.map((c) => plan[c]);
      let oldCnt = 0;
      let oldTot = 0;
      group.forEach((c, i) => {
        const a = old[i];
        if (a) {
          oldCnt++;
          oldTot += a.sol.score;
          book(c, a, -1);
        }
        plan[c] = null;
      });
      const seq = [...group];
      for (let i = seq.length - 1; i > 0; i--) {
        const j = Math.floor(rng2() * (i + 1));
        [seq[i], seq[j]] = [seq[j]!, seq[i]!];
      }
      if (forceFirst || rng2() < 0.6) {
        seq.splice(seq.indexOf(target), 1);
        seq.unshift(target);
      }
      let newCnt = 0;
      let newTot = 0;
      for (const c of seq) {
        const a = bestFor(c, -Infinity, old[group.indexOf(c)]);
        if (a) {
          plan[c] = a;
          book(c, a, 1);
          newCnt++;
          newTot += a.sol.score;
        }
      }
      // Only non-worsening changes are kept: the count never drops, and the score never falls.
      const better = newCnt > oldCnt || (newCnt === oldCnt && newTot > oldTot + EPS);
      // equal (count, score) with a different plan is kept too: it moves along plateaus
      const sideways = !better && newCnt === oldCnt && newTot >= oldTot - EPS;
      if (better || sideways) {
        stall = better ? 0 : stall + 1;
        curCnt += newCnt - oldCnt;
        curTot += newTot - oldTot;
        if (curCnt > snapCnt || (curCnt === snapCnt && curTot > snapTot + EPS)) {
          snapCnt = curCnt;
          snapTot = curTot;
          snap = [...plan];
        }
      } else {
        for (const c of group) {
          const a = plan[c];
          if (a) book(c, a, -1);
          plan[c] = null;
        }
        group.forEach((c, i) => {
          const a = old[i];
          if (a) {
            plan[c] = a;
            book(c, a, 1);
          }
        });
        stall++;
      }
    }
    assigned.fill(0);
    booked.fill(undefined);
    plan.fill(null);
    snap.forEach((a, c) => {
      if (a) {
        plan[c] = a;
        book(c, a, 1);
      }
    });
  }

  // output
  let totalScore = 0;
  let scheduled = 0;
  const entries: PlanEntry[] = input.challenges.map((ch, c) => {
    const a = plan[c];
    if (a) {
      scheduled++;
      totalScore += a.sol.score;
      return { challengeId: ch.id, window: a.window, team: teamOf(pool, preps[c]![a.window]!, a.sol), score: a.sol.score };
    }
    return { challengeId: ch.id, window: null, reason: unscheduledReason(pool, preps[c]!, alone[c]!, blockedFor, c) };
  });
  return {
    plan: entries,
    upperBound,
    ratio: upperBound > 0 ? totalScore / upperBound : 1,
    totalScore,
    scheduled,
    unscheduled: C - scheduled,
    schedulableAlone: order.length,
  };
}


function teamOf(pool: Pool, prep: Prepared, sol: CoreSolution): TeamPlace[] {
  const out: TeamPlace[] = [];
  for (const r of prep.slotOrder) {
    const ids: string[] = [];
    sol.roles.forEach((rr, i) => {
      if (rr === r) ids.push(pool.ids[sol.peers[i]!]!);
    });
    ids.sort();
    for (const id of ids) out.push({ slot: ROLE_NAMES[r]!, peerId: id });
  }
  return out;
}

function unscheduledReason(
  pool: Pool,
  preps: Prepared[],
  alone: (CoreSolution | null)[],
  blockedFor: (c: number, w: number) => Uint8Array,
  c: number,
): string {
  if (preps.length === 0) return 'the challenge offers no window';
  if (alone.every((s) => s === null)) {
    const parts = preps.map((prep, w) => `window ${w}: ${diagnose(pool, prep, [], null).reason}`);
    return `no window can be staffed even before other challenges are planned (${parts.join('; ')})`;
  }
  const parts = preps.map((prep, w) => {
    if (!alone[w]) return `window ${w}: ${diagnose(pool, prep, [], null).reason}`;
    return `window ${w}: ${diagnose(pool, prep, [], blockedFor(c, w)).reason} once peers booked on other challenges are left out`;
  });
  return `every window clashes with peers booked on other challenges (${parts.join('; ')})`;
}
