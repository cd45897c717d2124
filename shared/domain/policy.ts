import type { ChallengeKind, PeerKind, TeamRole } from './reference.js';

/**
 * Policy constants of the domain, without zod: the schemas in scope.ts and peer-pool.ts use
 * them, and so does the web front end, which must not pull zod into the browser bundle.
 */

/** On-site work normally lasts 3 to 5 working days (policy). */
export const ON_SITE_DAYS = { min: 3, max: 5 } as const;

export interface Slot {
  role: TeamRole;
  count: number;
}

/** Default team templates per kind (policy: an adviser may change the slots in scoping). */
export const TEAM_TEMPLATES: Record<ChallengeKind, Slot[]> = {
  corporate: [
    { role: 'lead-member', count: 1 },
    { role: 'member', count: 1 },
    { role: 'lead-officer', count: 1 },
    { role: 'officer', count: 2 },
  ],
  finance: [
    { role: 'member', count: 1 },
    { role: 'lead-officer', count: 1 },
    { role: 'officer', count: 1 },
  ],
  'childrens-safeguarding': [
    { role: 'member', count: 1 },
    { role: 'lead-officer', count: 1 },
    { role: 'officer', count: 2 },
  ],
  'adult-social-care': [
    { role: 'member', count: 1 },
    { role: 'lead-officer', count: 1 },
    { role: 'officer', count: 2 },
  ],
  planning: [
    { role: 'member', count: 1 },
    { role: 'officer', count: 2 },
  ],
  fire: [
    { role: 'member', count: 1 },
    { role: 'lead-officer', count: 1 },
    { role: 'officer', count: 2 },
  ],
  other: [
    { role: 'member', count: 1 },
    { role: 'officer', count: 2 },
  ],
};

export const MAX_TEAM = 8;

/** Roles each kind of peer may take at all. */
export const ROLES_BY_KIND: Record<PeerKind, readonly TeamRole[]> = {
  member: ['lead-member', 'member'],
  officer: ['lead-officer', 'officer'],
  other: ['other'],
};

/** Roles that need accreditation before a peer is matched for them. */
export const LEAD_ROLES: readonly TeamRole[] = ['lead-member', 'lead-officer'];
