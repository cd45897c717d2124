import { z } from 'zod';
import type { SolverInput, SolverPeer } from '../matching/propose-team.js';
import type { Challenge } from './challenge.js';
import type { Council } from './council.js';
import type { Invitation } from './invitation.js';
import type { Peer } from './peer.js';
import { TEAM_ROLES } from './reference.js';

/** Body of POST /api/challenges/{id}/proposal: an adviser's swaps on top of the live team. */
export const proposalBodySchema = z.strictObject({
  /** Peers to keep in the team (optionally in a given role). */
  pins: z.array(z.strictObject({ peerId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a peer id'), slot: z.enum(TEAM_ROLES).optional() })).max(8).default([]),
  /** Peers to leave out (e.g. the one being swapped). */
  exclude: z.array(z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a peer id')).max(200).default([]),
  /** How many teams to return, best first. */
  k: z.number().int().min(1).max(5).default(1),
});
export type ProposalBody = z.infer<typeof proposalBodySchema>;

/**
 * The matching input for a scoped challenge, from the live pool: approved peers only; a
 * peer is busy on their blackout days and on days already booked; their load is the
 * challenges they accepted this financial year. Peers who already hold a place are pinned
 * in it, and those who declined or withdrew are left out, so a re-solve after a decline
 * offers the best replacement that keeps the rest of the team.
 */
export function matchingInput(args: {
  challenge: Challenge;
  council: Pick<Council, 'id' | 'region' | 'control'>;
  pool: (Peer & Record<string, unknown>)[];
  regionOf: (councilId: string) => string | undefined;
  booked: Map<string, string[]>;
  loadOf: (peer: Peer & Record<string, unknown>) => number;
  invitations: Invitation[];
  body: ProposalBody;
  /** For a progress review (`reviewOf`): the invitations of the challenge it reviews. */
  originalTeam?: Invitation[];
}): { input: SolverInput; pins: { peerId: string; slot?: string }[]; exclude: string[]; invitedFirst: string[] } {
  const { challenge, council, pool, regionOf, booked, loadOf, invitations, body } = args;
  const scope = challenge.scope!;
  const days = new Set(scope.days);
  // An adviser may swap out someone who holds a place: exclusion wins over holding.
  const holding = invitations.filter((i) => (i.status === 'invited' || i.status === 'accepted') && !body.exclude.includes(i.peerId));
  const acceptedHere = new Set(holding.filter((i) => i.status === 'accepted').map((i) => i.peerId));
  const left = invitations.filter((i) => i.status === 'declined' || i.status === 'withdrawn' || i.status === 'expired').map((i) => i.peerId);
  const peers: SolverPeer[] = pool
    .filter((p) => p.status === 'approved')
    .map((p) => ({
      id: p.id,
      kind: p.kind,
      group: p.group,
      councilId: p.councilId,
      region: p.councilId ? (regionOf(p.councilId) ?? null) : null,
      roles: p.roles,
      skills: p.skills,
      // A peer booked on this very challenge is not busy for it.
      busy: [...p.blackouts.filter((d) => days.has(d)), ...(acceptedHere.has(p.id) ? [] : (booked.get(p.id) ?? []))],
      conflicts: p.conflicts,
      // Their load already counts this challenge; it must not count against it.
      load: Math.max(0, loadOf(p) - (acceptedHere.has(p.id) ? 1 : 0)),
      maxLoad: p.maxLoad,
    }));
  const pins = [...holding.map((i) => ({ peerId: i.peerId, slot: i.role as string })), ...body.pins.filter((p) => !holding.some((h) => h.peerId === p.peerId))];
  const invitedFirst = challenge.reviewOf ? originalTeamPins(args.originalTeam ?? [], peers, pins, left, body.exclude, scope.slots, council.id) : [];
  return {
    input: {
      challenge: { id: challenge.id, councilId: council.id, region: council.region, control: council.control, days: scope.days, focus: scope.focus as Record<string, number>, slots: scope.slots },
      peers,
    },
    pins: [...pins, ...invitedFirst.map((id) => ({ peerId: id, slot: args.originalTeam!.find((i) => i.peerId === id)!.role as string }))],
    exclude: [...new Set([...left, ...body.exclude])].filter((id) => !holding.some((h) => h.peerId === id)),
    invitedFirst,
  };
}

/**
 * A progress review invites the original team first: each peer who accepted a place on the
 * reviewed challenge is pinned in the same role when they are still eligible — approved,
 * free on every review day, under their yearly load, accredited for the role, without a conflict, not left out
 * (declined, withdrew, excluded by the adviser) — and the review's scope has a place in
 * that role not already taken. Everyone else is left to the solver.
 */
export function originalTeamPins(
  original: readonly Invitation[],
  peers: readonly SolverPeer[],
  pins: readonly { peerId: string; slot?: string }[],
  left: readonly string[],
  exclude: readonly string[],
  slots: readonly { role: string; count: number }[],
  councilId: string,
): string[] {
  const taken = new Map<string, number>();
  for (const p of pins) if (p.slot) taken.set(p.slot, (taken.get(p.slot) ?? 0) + 1);
  const out: string[] = [];
  for (const inv of original) {
    if (inv.status !== 'accepted') continue;
    if (pins.some((p) => p.peerId === inv.peerId) || left.includes(inv.peerId) || exclude.includes(inv.peerId)) continue;
    const peer = peers.find((p) => p.id === inv.peerId);
    if (!peer || (peer.busy ?? []).length > 0 || peer.councilId === councilId || (peer.conflicts ?? []).includes(councilId) || peer.load >= peer.maxLoad || !peer.roles.includes(inv.role)) continue;
    const room = (slots.find((s) => s.role === inv.role)?.count ?? 0) - (taken.get(inv.role) ?? 0);
    if (room <= 0) continue;
    taken.set(inv.role, (taken.get(inv.role) ?? 0) + 1);
    out.push(inv.peerId);
  }
  return out;
}
