/**
 * Policy constants the pages need, mirrored from shared/domain (scope.ts, peer-pool.ts) because
 * those modules build zod schemas at load time and would pull zod into the browser bundle.
 * test/e2e/journey.test.ts checks that the scoping form's template is the domain's.
 */
import type { ChallengeKind, PeerKind, TeamRole } from '../../shared/domain/reference.js';

export interface Slot {
  role: TeamRole;
  count: number;
}

/** Mirrors TEAM_TEMPLATES in shared/domain/scope.ts. */
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

/** Mirrors MAX_TEAM and ON_SITE_DAYS in shared/domain/scope.ts. */
export const MAX_TEAM = 8;
export const ON_SITE_DAYS = { min: 3, max: 5 } as const;

/** Mirrors ROLES_BY_KIND and LEAD_ROLES in shared/domain/peer-pool.ts. */
export const ROLES_BY_KIND: Record<PeerKind, readonly TeamRole[]> = {
  member: ['lead-member', 'member'],
  officer: ['lead-officer', 'officer'],
  other: ['other'],
};
export const LEAD_ROLES: readonly TeamRole[] = ['lead-member', 'lead-officer'];
