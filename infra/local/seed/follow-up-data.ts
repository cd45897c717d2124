import type { Challenge } from '../../../shared/domain/challenge.js';
import { addDays } from '../../../shared/domain/dates.js';
import { ACTION_STATUSES, followUpsFor, IMPACT_KINDS, lastOnSiteDay, type Theme } from '../../../shared/domain/follow-up.js';
import type { FollowUpRecord, StoredReport } from '../../../shared/data/follow-up-repository.js';
import { CORE_ELEMENTS } from '../../../shared/domain/reference.js';
import { prng } from './prng.js';

/**
 * After the visit, for the seeded challenges past their report: the report and its
 * recommendations, the follow-ups the report starts (by the same rule the API uses), the
 * council's publication record and action plan, and outcomes for closed ones. Pure data;
 * seed-table.ts turns it into items with the follow-up repository's own item builders.
 */
export interface DemoAfterVisit {
  challengeId: string;
  report: StoredReport;
  followUps: FollowUpRecord[];
  publication?: Record<string, unknown>;
  actionPlan?: { actions: { recommendation: number; action: string; owner: string; dueOn: string; status: string }[]; updatedAt: string; updatedBy: string };
  outcomes?: { impacts: { kind: string; evidence: string }[]; recordedAt: string; recordedBy: string };
}

const AFTER_SEED = 20_130_401;
export const AFTER_REPORT_STAGES = ['report-issued', 'check-in', 'progress-review', 'closed'] as const;

/** Plausible recommendation wording per theme (core elements and the common focus areas). */
const TEXT: Partial<Record<Theme, string>> = {
  'local-priorities-and-outcomes': 'Set out a small number of clear priorities in the council plan and report progress against them publicly.',
  'organisational-and-place-leadership': 'Strengthen place leadership with partners through a shared vision for the area and a joint delivery board.',
  'governance-and-culture': 'Review the constitution and the scheme of delegation so that decisions are taken at the right level and on time.',
  'financial-planning-and-management': 'Close the medium-term budget gap with a savings programme owned by cabinet and tracked monthly.',
  'capacity-for-improvement': 'Build capacity for change: a programme office and a workforce plan for the skills the council will need.',
  finance: 'Rebuild reserves to a level that reflects the risks the council carries, and agree a reserves policy.',
  governance: 'Give the audit committee an independent member and a work programme focused on the highest risks.',
  transformation: 'Bring the transformation projects into one programme with clear benefits, owners and milestones.',
  efficiency: 'Review the cost of back-office services against similar councils and set targets for savings.',
  'community-engagement': 'Involve residents earlier in decisions that affect them, with a consistent approach to consultation.',
  'economic-growth': 'Agree an economic strategy with partners that links skills, transport and town centre regeneration.',
  'partnership-working': 'Formalise partnership arrangements with the NHS and the voluntary sector around shared outcomes.',
  housing: 'Set out a housing delivery plan with a pipeline of sites and the council’s own role in delivering homes.',
  homelessness: 'Reduce the use of temporary accommodation through earlier prevention work with partners.',
  'climate-and-environment': 'Turn the climate emergency declaration into a costed action plan with annual progress reports.',
  'childrens-services': 'Improve the stability of the children’s social work workforce and reduce reliance on agency staff.',
  'adult-social-care': 'Strengthen market shaping for adult social care with a clear commissioning strategy and provider engagement.',
  planning: 'Reduce the backlog of planning applications and publish performance against national targets.',
  communications: 'Develop a communications strategy that tells residents what the council is doing and why.',
  'equality-diversity-inclusion': 'Embed equality impact assessments in decision making and report on workforce diversity.',
  devolution: 'Set out the council’s priorities for devolution and how it will work with neighbouring authorities.',
};

const OWNERS = ['Chief executive', 'Director of finance (s151 officer)', 'Monitoring officer', 'Leader of the council', 'Director of place', 'Head of communications', 'Cabinet member for resources'];

const EVIDENCE: Record<(typeof IMPACT_KINDS)[number], string> = {
  'self-awareness': 'The leadership team used the report to agree an honest view of strengths and weaknesses, reflected in the new council plan.',
  'external-reputation': 'Partners and the external auditor have noted the improvement; the report and action plan were published.',
  'behaviour-change': 'Cabinet and the senior team now meet monthly on the programme; scrutiny reviews progress each quarter.',
  'organisational-change': 'A programme office was set up and the senior management structure was reviewed.',
  'service-transformation': 'The services named in the report have redesigned their front door and reduced waiting times.',
};

const at = (day: string) => `${day}T10:00:00.000Z`;
const min = (a: string, b: string) => (a < b ? a : b);

export function buildAfterVisit(challenges: readonly Challenge[], today: string): DemoAfterVisit[] {
  const rng = prng(AFTER_SEED);
  const out: DemoAfterVisit[] = [];
  for (const c of challenges) {
    if (!(AFTER_REPORT_STAGES as readonly string[]).includes(c.status)) continue;
    const first = c.windows[0]![0]!;
    const last = lastOnSiteDay(c);
    // Themes: the challenge's own focus areas first, then core elements; 2 to 5 recommendations.
    const pool: Theme[] = [...(c.focusAreas as Theme[]), ...rng.shuffle(CORE_ELEMENTS)];
    const themes = pool.slice(0, rng.int(2, 5));
    const issuedOn = min(addDays(last, rng.int(14, 28)), addDays(today, -1));
    const report: StoredReport = {
      challengeId: c.id,
      feedbackPresentedOn: last < first ? first : last,
      issuedOn,
      recommendations: themes.map((theme) => ({ text: TEXT[theme] ?? 'Agree a plan for this area with clear owners and milestones.', theme })),
      version: 1,
      recordedAt: at(issuedOn),
      recordedBy: 'demo-seed',
    };
    const [checkIn, review] = followUpsFor(c.id, c.kind, last).map(
      (f): FollowUpRecord => ({ ...f, councilId: c.councilId, councilName: c.councilName, region: c.region, challengeKind: c.kind }),
    ) as [FollowUpRecord, FollowUpRecord];
    if (c.status !== 'report-issued') {
      // Held around when it was due, never in the future, and after the report.
      const heldOn = min(checkIn.dueOn, addDays(today, -rng.int(2, 20)));
      const held = heldOn > issuedOn ? heldOn : addDays(issuedOn, 1);
      Object.assign(checkIn, { status: 'done', doneOn: held, heldOn: held, notes: 'Check-in held with the chief executive and leader; progress reviewed against each recommendation.' });
    }
    if (c.status === 'closed') {
      const doneOn = min(review.dueOn, addDays(today, -rng.int(5, 60)));
      Object.assign(review, { status: 'done', doneOn: doneOn > (checkIn.doneOn ?? issuedOn) ? doneOn : addDays(checkIn.doneOn ?? issuedOn, 1) });
    }
    const published = rng.int(0, 3) > 0;
    const pubOn = addDays(issuedOn, rng.int(7, 40));
    const entry: DemoAfterVisit = {
      challengeId: c.id,
      report,
      followUps: [checkIn, review],
      publication:
        published && pubOn < today
          ? { reportPublished: true, reportPublishedOn: pubOn, actionPlanPublished: true, actionPlanPublishedOn: pubOn, link: `https://www.example.gov.uk/${c.councilId.toLowerCase()}/peer-challenge`, updatedAt: at(pubOn), updatedBy: 'demo-seed' }
          : { reportPublished: false, actionPlanPublished: false, updatedAt: at(issuedOn), updatedBy: 'demo-seed' },
      actionPlan: {
        actions: report.recommendations.map((_, i) => ({
          recommendation: i,
          action: `Agree and deliver the steps for recommendation ${i + 1}, reporting to cabinet.`,
          owner: rng.pick(OWNERS),
          dueOn: addDays(issuedOn, rng.int(60, 300)),
          status: c.status === 'closed' ? 'done' : rng.pick(ACTION_STATUSES),
        })),
        updatedAt: at(min(addDays(issuedOn, 10), addDays(today, -1))),
        updatedBy: 'demo-seed',
      },
    };
    if (c.status === 'closed') {
      const kinds = rng.sample(IMPACT_KINDS, rng.int(2, 4));
      entry.outcomes = { impacts: kinds.map((kind) => ({ kind, evidence: EVIDENCE[kind] })), recordedAt: at(review.doneOn!), recordedBy: 'demo-seed' };
    }
    out.push(entry);
  }
  return out;
}
