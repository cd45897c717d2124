import { z } from 'zod';
import { addDays } from './dates.js';
import { CHALLENGE_KINDS, FOCUS_AREAS, TEAM_ROLES, type TeamRole } from './reference.js';
import type { Challenge } from './challenge.js';
import { places, type Scope } from './scope.js';

/**
 * An invitation of one peer to one challenge, in one role. Accepting it books the peer's
 * on-site days; declining, expiry, withdrawal and cancellation end it.
 */
export const INVITATION_STATUSES = ['invited', 'accepted', 'declined', 'expired', 'withdrawn', 'cancelled'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Invitations lapse if not answered within this many days (policy). */
export const INVITATION_EXPIRY_DAYS = 10;

export const invitationSchema = z.object({
  challengeId: z.string(),
  peerId: z.string(),
  role: z.enum(TEAM_ROLES),
  status: z.enum(INVITATION_STATUSES),
  /** What the peer needs to decide: whose challenge, when, what about. */
  councilName: z.string(),
  kind: z.enum(CHALLENGE_KINDS),
  focusAreas: z.array(z.enum(FOCUS_AREAS)),
  days: z.array(z.string()),
  invitedAt: z.string(),
  /** Last day on which it can be accepted. */
  expiresOn: z.string(),
  respondedAt: z.string().optional(),
  reason: z.string().optional(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const teamSchema = z
  .array(z.strictObject({ role: z.enum(TEAM_ROLES), peerId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a peer id') }))
  .min(1, 'invite at least one peer')
  .max(8)
  .refine((t) => new Set(t.map((m) => m.peerId)).size === t.length, 'a peer can fill only one place');

export const inviteBodySchema = z.strictObject({ team: teamSchema });
export const declineBodySchema = z.strictObject({ reason: z.string().trim().min(1, 'say why, so the adviser can find a replacement').max(1000) });

export class TeamRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TeamRuleError';
  }
}

/**
 * The places still open once the invitations that are invited or accepted are counted:
 * an adviser may invite only into open places.
 */
export function openPlaces(scope: Scope, current: Pick<Invitation, 'role' | 'status'>[]): TeamRole[] {
  const open = places(scope.slots);
  for (const inv of current) {
    if (inv.status !== 'invited' && inv.status !== 'accepted') continue;
    const i = open.indexOf(inv.role);
    if (i >= 0) open.splice(i, 1);
  }
  return open;
}

export function newInvitations(
  challenge: Challenge,
  team: { role: TeamRole; peerId: string }[],
  current: Invitation[],
  now: Date,
): Invitation[] {
  const scope = challenge.scope;
  if (!scope) throw new TeamRuleError('team', 'agree the scope (slots and on-site days) before inviting peers');
  const open = openPlaces(scope, current);
  const active = new Set(current.filter((i) => i.status === 'invited' || i.status === 'accepted').map((i) => i.peerId));
  const today = now.toISOString().slice(0, 10);
  return team.map((m, i) => {
    if (active.has(m.peerId)) throw new TeamRuleError(`team.${i}.peerId`, `${m.peerId} is already invited to this challenge`);
    const at = open.indexOf(m.role);
    if (at < 0) throw new TeamRuleError(`team.${i}.role`, `no open ${m.role} place; open places: ${open.join(', ') || 'none'}`);
    open.splice(at, 1);
    return {
      challengeId: challenge.id,
      peerId: m.peerId,
      role: m.role,
      status: 'invited' as const,
      councilName: challenge.councilName,
      kind: challenge.kind,
      focusAreas: Object.keys(scope.focus) as Invitation['focusAreas'],
      days: scope.days,
      invitedAt: now.toISOString(),
      expiresOn: addDays(today, INVITATION_EXPIRY_DAYS),
    };
  });
}

/** Every place of the template is held by an accepted invitation. */
export function teamComplete(scope: Scope, invitations: Pick<Invitation, 'role' | 'status'>[]): boolean {
  return openPlaces(scope, invitations.filter((i) => i.status === 'accepted')).length === 0;
}
