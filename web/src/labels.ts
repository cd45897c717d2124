import {
  CHALLENGE_KIND_NAMES,
  FOCUS_AREA_NAMES,
  GROUP_NAMES,
  type ChallengeKind,
  type ChallengeStatus,
  type FocusArea,
  type PoliticalGroup,
  type UserRole,
} from '../../shared/domain/reference.js';

/** 'organisational-and-place-leadership' → 'Organisational and place leadership' */
export function sentence(slug: string): string {
  const s = slug.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const kindName = (k: string) => CHALLENGE_KIND_NAMES[k as ChallengeKind] ?? sentence(k);
export const focusAreaName = (f: string) => FOCUS_AREA_NAMES[f as FocusArea] ?? sentence(f);
export const groupName = (g: string) => GROUP_NAMES[g as PoliticalGroup] ?? g;

const STATUS_NAMES: Record<ChallengeStatus, string> = {
  requested: 'Requested',
  scoping: 'Scoping',
  'team-proposed': 'Team proposed',
  'team-confirmed': 'Team confirmed',
  'on-site': 'On site',
  'report-issued': 'Report issued',
  'check-in': 'Check-in',
  'progress-review': 'Progress review',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
};
export const statusName = (s: string) => STATUS_NAMES[s as ChallengeStatus] ?? sentence(s);

export const ROLE_TITLES: Record<UserRole, { plural: string; singular: string; blurb: string }> = {
  council: { plural: 'Council officers', singular: 'Council officer', blurb: 'Request a peer challenge for your council and follow its progress.' },
  adviser: { plural: 'Advisers', singular: 'Adviser', blurb: "See and manage the requests of your region's councils." },
  peer: { plural: 'Peers', singular: 'Peer', blurb: 'Councillors and officers who take part in peer challenge teams.' },
  'group-office': { plural: 'Group offices', singular: 'Group office', blurb: 'Approve the member peers of your political group.' },
};

/** The order in which roles are shown, and which home page a user with several roles gets first. */
export const ROLE_ORDER: UserRole[] = ['council', 'adviser', 'peer', 'group-office'];

const ROLE_NAMES: Record<string, string> = {
  'lead-member': 'Lead member peer',
  member: 'Member peer',
  'lead-officer': 'Lead officer peer',
  officer: 'Officer peer',
  other: 'Other peer',
};
/** 'lead-member' → 'Lead member peer' */
export const roleName = (r: string) => ROLE_NAMES[r] ?? sentence(r);

const INVITATION_STATUS_NAMES: Record<string, string> = {
  invited: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
};
export const invitationStatusName = (s: string) => INVITATION_STATUS_NAMES[s] ?? sentence(s);
