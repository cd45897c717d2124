/**
 * Reference data of the peer challenge domain (see ../shared/domain/peer-challenge.md).
 * Kept as `as const` tuples so zod enums, the web front end and the seed share one list.
 */

export const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
  'Wales',
] as const;
export type Region = (typeof REGIONS)[number];

export const COUNCIL_TYPES = [
  'county',
  'district',
  'unitary',
  'metropolitan borough',
  'London borough',
  'city',
  'fire and rescue authority',
  'combined authority',
  'Welsh',
  'national park',
] as const;
export type CouncilType = (typeof COUNCIL_TYPES)[number];

/** Political groups with an LGA group office. IND's office also looks after smaller parties. */
export const POLITICAL_GROUPS = ['CON', 'LAB', 'LD', 'IND'] as const;
export type PoliticalGroup = (typeof POLITICAL_GROUPS)[number];

export const GROUP_NAMES: Record<PoliticalGroup, string> = {
  CON: 'Conservative',
  LAB: 'Labour',
  LD: 'Liberal Democrat',
  IND: 'Independent',
};

/** A council is run by one group, or by no overall control. */
export const CONTROL = [...POLITICAL_GROUPS, 'NOC'] as const;
export type Control = (typeof CONTROL)[number];

export const CHALLENGE_KINDS = [
  'corporate',
  'finance',
  'childrens-safeguarding',
  'adult-social-care',
  'planning',
  'fire',
  'other',
] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];

export const CHALLENGE_KIND_NAMES: Record<ChallengeKind, string> = {
  corporate: 'Corporate peer challenge',
  finance: 'Finance peer review',
  'childrens-safeguarding': "Children's safeguarding",
  'adult-social-care': 'Adult social care',
  planning: 'Planning',
  fire: 'Fire and rescue',
  other: 'Other',
};

/** Every corporate peer challenge covers these five; focus areas come on top. */
export const CORE_ELEMENTS = [
  'local-priorities-and-outcomes',
  'organisational-and-place-leadership',
  'governance-and-culture',
  'financial-planning-and-management',
  'capacity-for-improvement',
] as const;

/** Focus areas and peer skills share one vocabulary, so matching can compare them. */
export const FOCUS_AREAS = [
  'finance',
  'governance',
  'transformation',
  'efficiency',
  'community-engagement',
  'economic-growth',
  'partnership-working',
  'homelessness',
  'housing',
  'childrens-services',
  'adult-social-care',
  'planning',
  'equality-diversity-inclusion',
  'health-and-wellbeing',
  'communications',
  'commissioning-and-procurement',
  'devolution',
  'climate-and-environment',
] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

export const FOCUS_AREA_NAMES: Record<FocusArea, string> = {
  finance: 'Finance',
  governance: 'Governance',
  transformation: 'Transformation',
  efficiency: 'Efficiency',
  'community-engagement': 'Localism and community engagement',
  'economic-growth': 'Economic growth',
  'partnership-working': 'Partnership working',
  homelessness: 'Homelessness',
  housing: 'Housing',
  'childrens-services': "Children's services",
  'adult-social-care': 'Adult social care',
  planning: 'Planning',
  'equality-diversity-inclusion': 'Equality, diversity and inclusion',
  'health-and-wellbeing': 'Health and wellbeing',
  communications: 'Communications',
  'commissioning-and-procurement': 'Commissioning and procurement',
  devolution: 'Devolution',
  'climate-and-environment': 'Climate and environment',
};

/** The life of a challenge, in order; withdrawn and cancelled end it early. */
export const CHALLENGE_STATUSES = [
  'requested',
  'scoping',
  'team-proposed',
  'team-confirmed',
  'on-site',
  'report-issued',
  'check-in',
  'progress-review',
  'closed',
  'withdrawn',
  'cancelled',
] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const PEER_KINDS = ['member', 'officer', 'other'] as const;
export type PeerKind = (typeof PEER_KINDS)[number];

export const TEAM_ROLES = ['lead-member', 'member', 'lead-officer', 'officer', 'other'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Cognito groups; the same names are used in local tokens. */
export const USER_ROLES = ['council', 'peer', 'adviser', 'group-office'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** How an action of a council's action plan stands (shown red/amber/green). */
export const ACTION_STATUSES = ['not-started', 'on-track', 'at-risk', 'off-track', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The five kinds of impact the LGA's evaluation found, recorded when a challenge closes. */
export const IMPACT_KINDS = ['self-awareness', 'external-reputation', 'behaviour-change', 'organisational-change', 'service-transformation'] as const;
