import { z } from 'zod';
import { isoDate } from './dates.js';
import type { Peer } from './peer.js';
import { skillLevel } from './peer.js';
import { FOCUS_AREAS, POLITICAL_GROUPS, TEAM_ROLES, type PoliticalGroup, type TeamRole } from './reference.js';
import type { Caller } from './user.js';
import { LEAD_ROLES, ROLES_BY_KIND } from './policy.js';

export { LEAD_ROLES, ROLES_BY_KIND };

/**
 * The peer pool's rules: what a peer may change about themselves, and who accredits whom.
 * Member peers are accredited by their group office, which also accredits lead member peers;
 * an adviser approves officer and other peers and accredits lead officers.
 */

/** Body of PUT /api/peers/me. The kind of peer is fixed at sign-up. */
export const profileUpdateSchema = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(120),
  title: z.string().trim().max(200).default(''),
  group: z.enum(POLITICAL_GROUPS).nullable(),
  councilId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a council id').nullable(),
  roles: z
    .array(z.enum(TEAM_ROLES))
    .min(1, 'choose at least one role')
    .refine((r) => new Set(r).size === r.length, 'roles must not repeat'),
  skills: z.partialRecord(z.enum(FOCUS_AREAS), skillLevel),
  blackouts: z
    .array(isoDate)
    .max(366, 'at most 366 blackout dates')
    .refine((d) => new Set(d).size === d.length, 'blackout dates must not repeat'),
  maxLoad: z.number().int().min(0).max(12),
  conflicts: z.array(z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a council id')).max(50),
});
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

/** Body of POST /api/peers/me: joining the pool. The kind is chosen once, here. */
export const signUpSchema = profileUpdateSchema.extend({
  kind: z.enum(['member', 'officer', 'other']),
  email: z.email('must be an email address').max(254),
});
export type SignUp = z.infer<typeof signUpSchema>;

/**
 * A user who signed up without a peer record gets one whose id derives from their sign-in
 * subject, so the profile is found again from any later token.
 */
export function signUpPeerId(sub: string): string {
  return `u-${sub.replace(/[^A-Za-z0-9-]/g, '').slice(0, 38)}`;
}

export class PoolRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PoolRuleError';
  }
}

/**
 * A peer's edit of their own profile. Lead roles they are not yet accredited for become
 * requests; a member peer who changes political group goes back to their new group office.
 */
export function applyProfileUpdate(peer: Peer, update: ProfileUpdate): Peer {
  const allowed = ROLES_BY_KIND[peer.kind];
  update.roles.forEach((r, i) => {
    if (!allowed.includes(r)) throw new PoolRuleError(`roles.${i}`, `a ${peer.kind} peer cannot take the role ${r}; choose from ${allowed.join(', ')}`);
  });
  if (peer.kind === 'member' && !update.group) throw new PoolRuleError('group', 'a member peer belongs to a political group');
  if (peer.kind !== 'member' && update.group) throw new PoolRuleError('group', `a ${peer.kind} peer has no political group`);
  if (update.councilId && update.conflicts.includes(update.councilId))
    throw new PoolRuleError('conflicts', 'your own council is never matched to you; no need to declare it');

  const groupChanged = peer.kind === 'member' && update.group !== peer.group;
  const keptAccreditation = groupChanged ? [] : peer.roles;
  const roles = update.roles.filter((r) => !LEAD_ROLES.includes(r) || keptAccreditation.includes(r));
  const requestedRoles = update.roles.filter((r) => !roles.includes(r));
  // A peer who asks only for a lead role still needs a role they can be matched for meanwhile.
  if (roles.length === 0) roles.push(peer.kind === 'member' ? 'member' : peer.kind === 'officer' ? 'officer' : 'other');
  return {
    ...peer,
    name: update.name,
    title: update.title,
    group: update.group,
    councilId: update.councilId,
    roles,
    requestedRoles,
    skills: update.skills,
    blackouts: [...update.blackouts].sort(),
    maxLoad: update.maxLoad,
    conflicts: update.conflicts,
    status: groupChanged ? 'pending' : peer.status,
  };
}

/**
 * Joining the pool: everyone starts pending, waiting for their group office (member peers)
 * or an adviser; lead roles are asked for, not given.
 */
export function newPeer(id: string, body: SignUp): Peer {
  const blank: Peer = {
    id,
    name: body.name,
    email: body.email,
    kind: body.kind,
    group: null,
    councilId: null,
    title: '',
    roles: [body.kind === 'member' ? 'member' : body.kind === 'officer' ? 'officer' : 'other'],
    requestedRoles: [],
    skills: {},
    blackouts: [],
    maxLoad: 0,
    conflicts: [],
    status: 'pending',
  };
  const { kind: _k, email: _e, ...update } = body;
  // The same rules as an edit: roles of the kind, a group for members only, lead roles requested.
  return { ...applyProfileUpdate({ ...blank, group: body.kind === 'member' ? body.group : null }, update), status: 'pending' };
}

/** Who approves what: the group office of a member peer's group, or an adviser. */
export type Approver = { kind: 'group-office'; group: PoliticalGroup } | { kind: 'adviser' };

export function approverOf(caller: Caller): Approver | undefined {
  if (caller.roles.includes('group-office') && caller.group) return { kind: 'group-office', group: caller.group };
  if (caller.roles.includes('adviser')) return { kind: 'adviser' };
  return undefined;
}

/** The approval queue a peer is waiting in, if any (one peer waits for one approver). */
export function approvalQueue(peer: Pick<Peer, 'kind' | 'group' | 'status' | 'requestedRoles'>): string | undefined {
  const waiting = peer.status === 'pending' || peer.requestedRoles.length > 0;
  if (!waiting) return undefined;
  return peer.kind === 'member' ? `GROUP#${peer.group}` : 'ADVISER';
}

export function queueOf(approver: Approver): string {
  return approver.kind === 'group-office' ? `GROUP#${approver.group}` : 'ADVISER';
}

export const approvalSchema = z.strictObject({
  /** Accredit the peer for the pool (pending → approved). */
  approve: z.boolean(),
  /** Requested lead roles to accredit; the others stay requested. */
  accreditRoles: z.array(z.enum(['lead-member', 'lead-officer'])).default([]),
  /** Requested lead roles to turn down. */
  declineRoles: z.array(z.enum(['lead-member', 'lead-officer'])).default([]),
});
export type Approval = z.infer<typeof approvalSchema>;

export class ApprovalForbidden extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApprovalForbidden';
  }
}

/** Applies an approver's decision; refuses anything outside the approver's remit. */
export function approve(peer: Peer, approver: Approver, decision: Approval): Peer {
  const inRemit = peer.kind === 'member' ? approver.kind === 'group-office' && approver.group === peer.group : approver.kind === 'adviser';
  if (!inRemit)
    throw new ApprovalForbidden(
      peer.kind === 'member' ? `member peers of group ${peer.group} are accredited by their group office` : 'officer and other peers are approved by an adviser',
    );
  for (const [field, list] of [['accreditRoles', decision.accreditRoles], ['declineRoles', decision.declineRoles]] as const)
    for (const [i, r] of list.entries())
      if (!peer.requestedRoles.includes(r)) throw new PoolRuleError(`${field}.${i}`, `the peer has not asked for the role ${r}`);
  const both = decision.accreditRoles.filter((r) => decision.declineRoles.includes(r));
  if (both.length > 0) throw new PoolRuleError('declineRoles', `${both[0]} cannot be both accredited and declined`);
  const decided = [...decision.accreditRoles, ...decision.declineRoles];
  return {
    ...peer,
    status: decision.approve ? 'approved' : peer.status,
    roles: [...peer.roles, ...decision.accreditRoles],
    requestedRoles: peer.requestedRoles.filter((r) => !(decided as readonly string[]).includes(r)),
  };
}
