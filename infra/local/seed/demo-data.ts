import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { challengeSchema, type Challenge } from '../../../shared/domain/challenge.js';
import { councilSchema, type Council } from '../../../shared/domain/council.js';
import { addDays, isWorkingDay, nextWorkingDay, todayIso } from '../../../shared/domain/dates.js';
import { peerSchema, type Peer } from '../../../shared/domain/peer.js';
import {
  FOCUS_AREAS,
  GROUP_NAMES,
  POLITICAL_GROUPS,
  type ChallengeKind,
  type ChallengeStatus,
  type FocusArea,
  type PoliticalGroup,
  type Region,
  type TeamRole,
} from '../../../shared/domain/reference.js';
import type { DemoUser } from '../../../shared/domain/user.js';
import { COUNCILS, hasOwnCouncillors } from './councils.js';
import { buildAfterVisit, type DemoAfterVisit } from './follow-up-data.js';
import { prng, type Prng } from './prng.js';

export interface DemoData {
  councils: Council[];
  peers: Peer[];
  users: DemoUser[];
  challenges: Challenge[];
  /** Reports, follow-ups, council records and outcomes of the challenges past their report. */
  afterVisit: DemoAfterVisit[];
}

/** Fixed seeds: the shape of the demo never changes; only dates move with `today`. */
const PEER_SEED = 20_110_401;
const CHALLENGE_SEED = 20_120_401;

export const PEER_COUNT = 300;
const KIND_COUNTS = { member: 165, officer: 114, other: 21 } as const; // 55% / 38% / 7%
const GROUP_COUNTS: Record<PoliticalGroup, number> = { CON: 58, LAB: 56, LD: 30, IND: 21 };
const LEAD_MEMBER_SHARE = 0.2;
const LEAD_OFFICER_SHARE = 0.25;
const PENDING_COUNT = 30; // 10%

const FIRST_NAMES = [
  'Aisha', 'Alan', 'Alison', 'Amara', 'Andrew', 'Angela', 'Anil', 'Bethan', 'Catherine', 'Chloe',
  'Christopher', 'Claire', 'Colin', 'Daniel', 'David', 'Deborah', 'Dylan', 'Eleanor', 'Emma', 'Fatima',
  'Fiona', 'Gareth', 'Gemma', 'Graham', 'Hannah', 'Harjit', 'Helen', 'Ian', 'Imran', 'Jacqueline',
  'James', 'Jane', 'Jennifer', 'Joanne', 'John', 'Jonathan', 'Julie', 'Karen', 'Kevin', 'Lakshmi',
  'Laura', 'Lesley', 'Louise', 'Mark', 'Martin', 'Mohammed', 'Nadia', 'Naomi', 'Neil', 'Nicola',
  'Oliver', 'Owen', 'Patrick', 'Paul', 'Philippa', 'Priya', 'Rachel', 'Rebecca', 'Rhys', 'Richard',
  'Robert', 'Ruth', 'Samuel', 'Sandra', 'Sarah', 'Shabana', 'Simon', 'Siobhan', 'Stephen', 'Susan',
  'Tariq', 'Thomas', 'Tracey', 'Victoria', 'William', 'Yvonne',
] as const;

const LAST_NAMES = [
  'Ahmed', 'Akhtar', 'Allen', 'Anderson', 'Atkinson', 'Bailey', 'Baker', 'Banerjee', 'Barnes', 'Bell',
  'Bennett', 'Bradley', 'Brown', 'Burgess', 'Campbell', 'Carter', 'Chapman', 'Chaudhry', 'Clarke', 'Collins',
  'Cooper', 'Cox', 'Davies', 'Dawson', 'Dixon', 'Doyle', 'Edwards', 'Ellis', 'Evans', 'Fletcher',
  'Foster', 'Gallagher', 'Gill', 'Graham', 'Green', 'Griffiths', 'Hall', 'Harris', 'Harrison', 'Hill',
  'Holmes', 'Hughes', 'Hussain', 'Jackson', 'James', 'Jenkins', 'Johnson', 'Jones', 'Kaur', 'Kelly',
  'Khan', 'King', 'Lewis', 'Lloyd', 'Marshall', 'Martin', 'Mason', 'Matthews', 'Mitchell', 'Moore',
  'Morgan', 'Morris', 'Murphy', 'Nelson', 'Okafor', 'Owen', 'Palmer', 'Parker', 'Patel', 'Pearson',
  'Phillips', 'Powell', 'Price', 'Pritchard', 'Quinn', 'Rahman', 'Reid', 'Richards', 'Roberts', 'Robinson',
  'Rogers', 'Russell', 'Scott', 'Shah', 'Sharma', 'Shaw', 'Simpson', 'Singh', 'Smith', 'Stevens',
  'Sutton', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Ward', 'Watson', 'Webb', 'White',
  'Williams', 'Wilson', 'Wood', 'Wright', 'Young',
] as const;

const MEMBER_TITLES = [
  'Leader of the Council',
  'Deputy Leader',
  'Cabinet Member for Finance',
  'Cabinet Member for Housing',
  "Cabinet Member for Children's Services",
  'Cabinet Member for Adult Social Care',
  'Cabinet Member for Planning',
  'Chair of Overview and Scrutiny',
  'Leader of the Opposition',
  'Councillor',
  'Councillor',
] as const;

/** Officer titles, each with the skill the post brings. */
const OFFICER_POSTS: readonly (readonly [title: string, skill: FocusArea])[] = [
  ['Director of Finance', 'finance'],
  ['Section 151 Officer', 'finance'],
  ["Director of Children's Services", 'childrens-services'],
  ['Director of Adult Social Services', 'adult-social-care'],
  ['Director of Place', 'economic-growth'],
  ['Head of Planning', 'planning'],
  ['Monitoring Officer', 'governance'],
  ['Director of Housing', 'housing'],
  ['Head of Communications', 'communications'],
  ['Director of Public Health', 'health-and-wellbeing'],
  ['Head of Procurement', 'commissioning-and-procurement'],
  ['Head of Equality and Inclusion', 'equality-diversity-inclusion'],
  ['Director of Transformation', 'transformation'],
  ['Head of Climate Change', 'climate-and-environment'],
  ['Director of Communities', 'community-engagement'],
];
const SPECIAL_POSTS: Partial<Record<Council['type'], readonly (readonly [string, FocusArea])[]>> = {
  'fire and rescue authority': [
    ['Chief Fire Officer', 'governance'],
    ['Deputy Chief Fire Officer', 'efficiency'],
  ],
  'combined authority': [
    ['Director of Economy', 'economic-growth'],
    ['Head of Devolution', 'devolution'],
  ],
  'national park': [
    ['Director of Conservation and Planning', 'planning'],
    ['Head of Climate and Nature Recovery', 'climate-and-environment'],
  ],
};

const ORGANISATIONS: readonly (readonly [string, FocusArea])[] = [
  ['Federation of Small Businesses', 'economic-growth'],
  ['Citizens Advice', 'community-engagement'],
  ['NHS Confederation', 'health-and-wellbeing'],
  ['Chartered Institute of Public Finance and Accountancy', 'finance'],
  ['Royal Town Planning Institute', 'planning'],
  ['Business in the Community', 'partnership-working'],
  ['Shelter', 'homelessness'],
  ['Age UK', 'adult-social-care'],
  ["Barnardo's", 'childrens-services'],
  ['Centre for Governance and Scrutiny', 'governance'],
  ['National Housing Federation', 'housing'],
  ['Local Trust', 'community-engagement'],
];

/** ISO date of the working day n working days before `day`. */
function workingDaysBefore(day: string, n: number): string {
  let d = day;
  for (let i = 0; i < n; ) {
    d = addDays(d, -1);
    if (isWorkingDay(d)) i++;
  }
  return d;
}

/** `days` consecutive working days, from `start` or the next working day after it. */
function windowFrom(start: string, days: number): string[] {
  let d = isWorkingDay(start) ? start : nextWorkingDay(start);
  const out = [d];
  while (out.length < days) {
    d = nextWorkingDay(d);
    out.push(d);
  }
  return out;
}

function slugName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
}

/** A stable UUID-shaped subject derived from an id (like a Cognito `sub`). */
export function stableSub(id: string): string {
  const h = createHash('sha256').update(`peer-challenge-demo:${id}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID from a timestamp (10 chars) and 16 characters from the PRNG: deterministic, sortable by time. */
export function deterministicUlid(ms: number, rng: Prng): string {
  let t = Math.floor(ms);
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[rng.int(0, 31)]!;
  return time + rand;
}

function names(rng: Prng) {
  const used = new Set<string>();
  return (): { name: string; first: string; last: string } => {
    for (;;) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const name = `${first} ${last}`;
      if (used.has(name)) continue;
      used.add(name);
      return { name, first, last };
    }
  };
}

function skillSet(rng: Prng, required: FocusArea[], count: number): Peer['skills'] {
  const skills: Peer['skills'] = {};
  for (const s of required) skills[s] = 3;
  for (const s of rng.shuffle(FOCUS_AREAS)) {
    if (Object.keys(skills).length >= count) break;
    if (!(s in skills)) skills[s] = rng.pick([1, 2, 2, 3] as const);
  }
  return skills;
}

/** Exactly `n` true flags out of `total`, in shuffled order. */
function flags(rng: Prng, total: number, n: number): boolean[] {
  return rng.shuffle(Array.from({ length: total }, (_, i) => i < n));
}

function buildPeers(today: string): Peer[] {
  const rng = prng(PEER_SEED);
  const nextName = names(rng);
  const withCouncillors = COUNCILS.filter(hasOwnCouncillors);

  const kinds = rng.shuffle([
    ...Array<Peer['kind']>(KIND_COUNTS.member).fill('member'),
    ...Array<Peer['kind']>(KIND_COUNTS.officer).fill('officer'),
    ...Array<Peer['kind']>(KIND_COUNTS.other).fill('other'),
  ]);
  const groups = rng.shuffle(POLITICAL_GROUPS.flatMap((g) => Array<PoliticalGroup>(GROUP_COUNTS[g]).fill(g)));
  const leadMember = flags(rng, KIND_COUNTS.member, Math.round(KIND_COUNTS.member * LEAD_MEMBER_SHARE));
  const leadOfficer = flags(rng, KIND_COUNTS.officer, Math.round(KIND_COUNTS.officer * LEAD_OFFICER_SHARE));
  const pending = flags(rng, PEER_COUNT, PENDING_COUNT);
  let m = 0;
  let o = 0;

  return kinds.map((kind, i) => {
    const id = `peer-${String(i + 1).padStart(3, '0')}`;
    const person = nextName();
    let group: PoliticalGroup | null = null;
    let council: Council | null = null;
    let title: string;
    let roles: TeamRole[];
    let required: FocusArea[] = [];
    let domain = 'example.gov.uk';

    if (kind === 'member') {
      group = groups[m]!;
      const lead = leadMember[m]!;
      m++;
      council = rng.pick(withCouncillors);
      roles = lead ? ['member', 'lead-member'] : ['member'];
      title = lead ? rng.pick(['Leader of the Council', 'Deputy Leader', 'Leader of the Opposition'] as const) : rng.pick(MEMBER_TITLES);
    } else if (kind === 'officer') {
      const lead = leadOfficer[o]!;
      o++;
      council = rng.chance(0.85) ? rng.pick(withCouncillors) : rng.pick(COUNCILS);
      roles = lead ? ['officer', 'lead-officer'] : ['officer'];
      if (lead) {
        title = council.type === 'fire and rescue authority' ? 'Chief Fire Officer' : rng.pick(['Chief Executive', 'Chief Executive', 'Chief Executive', 'Deputy Chief Executive'] as const);
        required = [rng.pick(['governance', 'transformation', 'partnership-working'] as const)];
      } else {
        const [post, skill] = rng.pick(SPECIAL_POSTS[council.type] ?? OFFICER_POSTS);
        title = post;
        required = [skill];
      }
    } else {
      const [organisation, skill] = rng.pick(ORGANISATIONS);
      title = organisation;
      roles = ['other'];
      required = [skill];
      domain = 'example.org';
    }

    const skills = skillSet(rng, required, rng.int(Math.max(1, required.length), 5));

    const blackouts = [...new Set(Array.from({ length: rng.int(0, 8) }, () => {
      const d = addDays(today, rng.int(1, 365));
      return isWorkingDay(d) ? d : nextWorkingDay(d);
    }))].sort();

    const conflicts = new Set<string>();
    const conflictCount = rng.pick([0, 0, 0, 1, 1, 2] as const);
    while (conflicts.size < conflictCount) {
      const neighbours = council ? COUNCILS.filter((c) => c.region === council.region && c.id !== council.id) : [];
      const candidate = neighbours.length > 0 && rng.chance(0.5) ? rng.pick(neighbours) : rng.pick(COUNCILS);
      if (candidate.id !== council?.id) conflicts.add(candidate.id);
    }

    return peerSchema.parse({
      id,
      name: person.name,
      email: `${slugName(person.name)}@${domain}`,
      kind,
      group,
      councilId: council?.id ?? null,
      title,
      roles,
      skills,
      blackouts,
      maxLoad: rng.int(1, 6),
      conflicts: [...conflicts],
      status: pending[i]! ? 'pending' : 'approved',
    } satisfies z.input<typeof peerSchema>);
  });
}

type Plan = readonly [councilId: string, kind: ChallengeKind, status: ChallengeStatus];

/**
 * ~30 challenges across the life of a challenge. The first three are the first council's
 * (the first demo council user's), so its lists are never empty.
 */
const CHALLENGE_PLAN: readonly Plan[] = [
  ['E07000228', 'corporate', 'requested'],
  ['E07000228', 'finance', 'scoping'],
  ['E07000228', 'corporate', 'closed'],
  ['E10000032', 'childrens-safeguarding', 'team-proposed'],
  ['E06000043', 'corporate', 'report-issued'],
  ['E07000178', 'planning', 'requested'],
  ['E31000022', 'fire', 'team-confirmed'],
  ['np-south-downs', 'corporate', 'withdrawn'],
  ['E08000003', 'adult-social-care', 'scoping'],
  ['E08000007', 'corporate', 'on-site'],
  ['E10000017', 'childrens-safeguarding', 'check-in'],
  ['E47000001', 'other', 'requested'],
  ['E06000049', 'finance', 'team-confirmed'],
  ['E06000047', 'corporate', 'requested'],
  ['E08000021', 'finance', 'closed'],
  ['E08000035', 'corporate', 'team-proposed'],
  ['E08000019', 'corporate', 'check-in'],
  ['E06000014', 'adult-social-care', 'closed'],
  ['E10000024', 'corporate', 'report-issued'],
  ['E06000016', 'childrens-safeguarding', 'scoping'],
  ['E08000025', 'finance', 'progress-review'],
  ['E10000031', 'corporate', 'requested'],
  ['E10000020', 'adult-social-care', 'team-confirmed'],
  ['E07000240', 'corporate', 'scoping'],
  ['E09000007', 'corporate', 'check-in'],
  ['E09000021', 'planning', 'report-issued'],
  ['E06000023', 'corporate', 'team-proposed'],
  ['E31000047', 'fire', 'closed'],
  ['W06000015', 'corporate', 'scoping'],
  ['W06000023', 'finance', 'requested'],
];

/** Stages whose on-site days are still ahead: their windows are all after today. */
export const FUTURE_STAGES: readonly ChallengeStatus[] = ['requested', 'scoping', 'team-proposed', 'team-confirmed', 'withdrawn'];
/** Stages whose on-site work has begun or is done: their window started before today. */
export const PAST_STAGES: readonly ChallengeStatus[] = ['on-site', 'report-issued', 'check-in', 'progress-review', 'closed'];

const KIND_FOCUS: Record<ChallengeKind, FocusArea[]> = {
  corporate: [],
  finance: ['finance'],
  'childrens-safeguarding': ['childrens-services'],
  'adult-social-care': ['adult-social-care'],
  planning: ['planning'],
  fire: ['governance', 'efficiency'],
  other: ['equality-diversity-inclusion'],
};

const CORPORATE_EXTRAS: FocusArea[] = [
  'transformation',
  'efficiency',
  'community-engagement',
  'economic-growth',
  'partnership-working',
  'homelessness',
  'housing',
  'climate-and-environment',
  'devolution',
];

const NOTES: Record<ChallengeStatus, string> = {
  requested: 'New leadership team since the last elections; we would welcome an outside view before the budget round.',
  scoping: 'Scoping call held with the regional adviser; focus areas agreed in principle, dates to be confirmed.',
  'team-proposed': 'Team proposed by the adviser; the council is checking the names for conflicts of interest.',
  'team-confirmed': 'Team confirmed and dates booked. Document pack and interview timetable to follow.',
  'on-site': 'On site this week. Feedback presentation to the leader and chief executive on the final afternoon.',
  'report-issued': 'Report issued to the council. Action plan due to cabinet next month; publication agreed.',
  'check-in': 'Six-month check-in with the chief executive on progress against each recommendation.',
  'progress-review': 'Position statement received; members of the original team to revisit for the progress review.',
  closed: 'Closed. Report and action plan published; outcomes recorded (organisational change, external reputation).',
  withdrawn: 'Withdrawn by the council after a change of administration; may be requested again next year.',
  cancelled: 'Cancelled.',
};

function timestamp(day: string, rng: Prng): string {
  return `${day}T${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}.000Z`;
}

function buildChallenges(today: string, councils: readonly Council[]): Challenge[] {
  const rng = prng(CHALLENGE_SEED);
  const nextName = names(rng);
  const byId = new Map(councils.map((c) => [c.id, c]));

  return CHALLENGE_PLAN.map(([councilId, kind, status]) => {
    const council = byId.get(councilId);
    if (!council) throw new Error(`demo challenge for unknown council ${councilId}`);
    const length = rng.int(3, 5);
    let windows: string[][];
    let created: string;
    let updated: string;

    if (FUTURE_STAGES.includes(status)) {
      const count = status === 'requested' ? rng.int(1, 4) : status === 'scoping' || status === 'withdrawn' ? rng.int(1, 3) : 1;
      windows = [];
      let start = addDays(today, rng.int(21, 90));
      for (let w = 0; w < count; w++) {
        const win = windowFrom(start, length);
        windows.push(win);
        start = addDays(win[win.length - 1]!, rng.int(7, 35));
      }
      const age = { requested: rng.int(2, 30), scoping: rng.int(30, 90), 'team-proposed': rng.int(60, 150), 'team-confirmed': rng.int(90, 200) }[
        status as 'requested'
      ] ?? rng.int(40, 120);
      created = addDays(today, -age);
      updated = status === 'requested' ? created : addDays(today, -rng.int(1, Math.max(1, Math.floor(age / 2))));
    } else {
      const daysAgo = {
        'on-site': 0,
        'report-issued': rng.int(30, 70),
        'check-in': rng.int(170, 200),
        // Around a year on: the review is due or just overdue (policy: 9–12 months), so the demo's follow-up list has work in it.
        'progress-review': rng.int(345, 395),
        closed: rng.int(380, 900),
      }[status as 'closed'];
      const start = status === 'on-site' ? workingDaysBefore(today, rng.int(1, 2)) : workingDaysBefore(addDays(today, -daysAgo), 0);
      windows = [windowFrom(start, length)];
      created = addDays(windows[0]![0]!, -rng.int(90, 200));
      const end = windows[0]![windows[0]!.length - 1]!;
      updated = status === 'on-site' ? windows[0]![0]! : end < today ? addDays(end, rng.int(1, Math.max(1, Math.min(30, daysAgo - 7)))) : windows[0]![0]!;
      if (updated >= today) updated = addDays(today, -1);
    }

    const base = KIND_FOCUS[kind];
    const extras = rng.shuffle(kind === 'corporate' ? CORPORATE_EXTRAS : FOCUS_AREAS.filter((f) => !base.includes(f)));
    const focus = [...base, ...extras.slice(0, kind === 'corporate' ? rng.int(1, 3) : rng.int(0, 2))];

    const contact = nextName();
    const createdAt = timestamp(created, rng);
    let updatedAt = updated === created ? createdAt : timestamp(updated, rng);
    if (updatedAt < createdAt) updatedAt = createdAt;

    return challengeSchema.parse({
      id: deterministicUlid(Date.parse(createdAt), rng),
      councilId: council.id,
      councilName: council.name,
      region: council.region,
      kind,
      focusAreas: focus,
      windows,
      contact: { name: contact.name, email: `${slugName(contact.name)}@example.gov.uk`, phone: `01632 960${String(rng.int(0, 999)).padStart(3, '0')}` },
      notes: NOTES[status],
      status,
      createdAt,
      updatedAt,
    } satisfies z.input<typeof challengeSchema>);
  });
}

function buildUsers(councils: readonly Council[], peers: readonly Peer[]): DemoUser[] {
  const council = (id: string) => {
    const c = councils.find((x) => x.id === id);
    if (!c) throw new Error(`demo user for unknown council ${id}`);
    return c;
  };
  const councilUser = (id: string, councilId: string, name: string, office: string): DemoUser => {
    const c = council(councilId);
    return { id, sub: stableSub(id), name, description: `${office}, ${c.name}`, roles: ['council'], councilId: c.id, region: c.region };
  };
  const approved = (kind: Peer['kind']) => {
    const p = peers.find((x) => x.kind === kind && x.status === 'approved');
    if (!p) throw new Error(`no approved ${kind} peer in the demo data`);
    return p;
  };
  const member = approved('member');
  const officer = approved('officer');
  const peerUser = (id: string, p: Peer, what: string): DemoUser => ({
    id,
    sub: stableSub(id),
    name: p.name,
    description: `${what}: ${p.title}, ${p.councilId ? council(p.councilId).name : 'outside local government'}`,
    roles: ['peer'],
    peerId: p.id,
  });
  const adviser = (id: string, name: string, region: Region): DemoUser => ({
    id,
    sub: stableSub(id),
    name,
    description: `Principal adviser, ${region}`,
    roles: ['adviser'],
    region,
  });
  const groupOffice = (group: PoliticalGroup, name: string): DemoUser => {
    const id = `group-office-${group.toLowerCase()}`;
    return { id, sub: stableSub(id), name, description: `${GROUP_NAMES[group]} group office`, roles: ['group-office'], group };
  };

  return [
    councilUser('council-mid-sussex', 'E07000228', 'Sarah Whitfield', "Chief executive's office"),
    councilUser('council-manchester', 'E08000003', 'Daniel Okafor', "Chief executive's office"),
    councilUser('council-leeds', 'E08000035', 'Priya Sharma', 'Policy and performance team'),
    councilUser('council-camden', 'E09000007', 'Tom Gallagher', "Chief executive's office"),
    peerUser('peer-member', member, `${GROUP_NAMES[member.group ?? 'IND']} member peer`),
    peerUser('peer-officer', officer, 'Officer peer'),
    adviser('adviser-south-east', 'Helen Marsh', 'South East'),
    adviser('adviser-north-west', 'Gareth Lloyd', 'North West'),
    groupOffice('CON', 'Conservative Group Office'),
    groupOffice('LAB', 'Labour Group Office'),
    groupOffice('LD', 'Liberal Democrat Group Office'),
    groupOffice('IND', 'Independent Group Office'),
  ];
}

/**
 * The demo data set: real councils, 300 peers, ~30 challenges at every stage, and one demo
 * user per role. Deterministic for a given `today` (ISO date; default the real today): the
 * same people and challenges every time, with dates placed relative to `today`.
 */
export function buildDemoData(opts: { today?: string } = {}): DemoData {
  const today = opts.today ?? todayIso();
  const peers = buildPeers(today);
  const challenges = buildChallenges(today, COUNCILS);

  // A delivered corporate or finance challenge is the council's last one, if later than the record.
  const lastDelivered = new Map<string, string>();
  for (const c of challenges) {
    if ((c.kind === 'corporate' || c.kind === 'finance') && PAST_STAGES.includes(c.status) && c.status !== 'on-site') {
      const end = c.windows[0]?.at(-1);
      if (end && end > (lastDelivered.get(c.councilId) ?? '')) lastDelivered.set(c.councilId, end);
    }
  }
  const councils = COUNCILS.map((c) => {
    const last = lastDelivered.get(c.id);
    return councilSchema.parse({
      ...c,
      lastCorporateChallenge: last && last > (c.lastCorporateChallenge ?? '') ? last : c.lastCorporateChallenge,
    } satisfies z.input<typeof councilSchema>);
  });

  return { councils, peers, users: buildUsers(councils, peers), challenges, afterVisit: buildAfterVisit(challenges, today) };
}
