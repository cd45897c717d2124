import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDemoData, FUTURE_STAGES, PAST_STAGES } from '../../infra/local/seed/demo-data.js';
import { challengeSchema, windowSchema } from '../../shared/domain/challenge.js';
import { councilSchema } from '../../shared/domain/council.js';
import { actionPlanSchema, checkReport, followUpsFor, followUpState, lastOnSiteDay, onSiteDays, outcomesSchema, reportSchema } from '../../shared/domain/follow-up.js';
import { peerSchema } from '../../shared/domain/peer.js';
import { COUNCIL_TYPES, POLITICAL_GROUPS, REGIONS, USER_ROLES } from '../../shared/domain/reference.js';
import { demoUsers } from '../support/users.js';

const TODAY = '2026-03-10';
const data = buildDemoData({ today: TODAY });
const councilById = new Map(data.councils.map((c) => [c.id, c]));
const peerById = new Map(data.peers.map((p) => [p.id, p]));

const unique = (xs: string[]) => new Set(xs).size === xs.length;

describe('demo councils', () => {
  it('are real councils of every type and region, with unique ids', () => {
    expect(data.councils.length).toBeGreaterThanOrEqual(40);
    expect(unique(data.councils.map((c) => c.id))).toBe(true);
    expect(unique(data.councils.map((c) => c.name))).toBe(true);
    for (const type of COUNCIL_TYPES) expect(data.councils.some((c) => c.type === type), type).toBe(true);
    for (const region of REGIONS) expect(data.councils.some((c) => c.region === region), region).toBe(true);
    expect(data.councils.filter((c) => c.region === 'South East').length).toBeGreaterThanOrEqual(4);
    expect(data.councils.filter((c) => c.region === 'North West').length).toBeGreaterThanOrEqual(4);
  });

  it('use ONS codes (or a national park slug) that match their type', () => {
    const prefix: Record<string, RegExp> = {
      county: /^E10\d{6}$/,
      district: /^E07\d{6}$/,
      city: /^E0[67]\d{6}$/,
      unitary: /^E06\d{6}$/,
      'metropolitan borough': /^E08\d{6}$/,
      'London borough': /^E09\d{6}$/,
      'fire and rescue authority': /^E31\d{6}$/,
      'combined authority': /^E47\d{6}$/,
      Welsh: /^W06\d{6}$/,
      'national park': /^np-[a-z-]+$/,
    };
    for (const c of data.councils) expect(c.id, c.name).toMatch(prefix[c.type]!);
  });

  it('pass the council schema; the first is in the South East', () => {
    for (const c of data.councils) expect(councilSchema.parse(c)).toEqual(c);
    expect(data.councils[0]!.region).toBe('South East');
    expect(data.councils.some((c) => c.lastCorporateChallenge !== null)).toBe(true);
  });
});

describe('demo peers', () => {
  it('are 300, valid, with unique ids, names and emails', () => {
    expect(data.peers).toHaveLength(300);
    for (const p of data.peers) expect(peerSchema.parse(p), p.id).toEqual(p);
    expect(unique(data.peers.map((p) => p.id))).toBe(true);
    expect(unique(data.peers.map((p) => p.name))).toBe(true);
    expect(unique(data.peers.map((p) => p.email))).toBe(true);
    for (const p of data.peers) expect(p.email).toMatch(/@example\.(gov\.uk|org)$/);
  });

  it('have the expected mix of kinds and groups', () => {
    const share = (kind: string) => data.peers.filter((p) => p.kind === kind).length / data.peers.length;
    expect(share('member')).toBeCloseTo(0.55, 1);
    expect(share('officer')).toBeCloseTo(0.38, 1);
    expect(share('other')).toBeGreaterThan(0.03);
    expect(share('other')).toBeLessThan(0.11);
    for (const g of POLITICAL_GROUPS) expect(data.peers.filter((p) => p.group === g).length, g).toBeGreaterThanOrEqual(10);
    const approved = data.peers.filter((p) => p.status === 'approved').length / data.peers.length;
    expect(approved).toBeGreaterThan(0.85);
    expect(approved).toBeLessThan(0.95);
  });

  it('are consistent with their kind', () => {
    for (const p of data.peers) {
      if (p.kind === 'member') {
        expect(p.group, p.id).not.toBeNull();
        expect(p.roles).toContain('member');
        expect(p.roles.every((r) => r === 'member' || r === 'lead-member')).toBe(true);
      } else expect(p.group, p.id).toBeNull();
      if (p.kind === 'officer') expect(p.roles.every((r) => r === 'officer' || r === 'lead-officer')).toBe(true);
      if (p.kind === 'other') {
        expect(p.councilId).toBeNull();
        expect(p.roles).toEqual(['other']);
        expect(p.title).not.toBe('');
      } else expect(councilById.has(p.councilId!), p.id).toBe(true);
      const skills = Object.keys(p.skills).length;
      expect(skills).toBeGreaterThanOrEqual(1);
      expect(skills).toBeLessThanOrEqual(5);
      expect(p.maxLoad).toBeGreaterThanOrEqual(1);
      expect(p.maxLoad).toBeLessThanOrEqual(6);
      expect(p.blackouts.length).toBeLessThanOrEqual(8);
      for (const d of p.blackouts) {
        expect(d > TODAY).toBe(true);
        expect(d <= '2027-03-10').toBe(true);
      }
      expect(p.conflicts.length).toBeLessThanOrEqual(2);
      for (const c of p.conflicts) {
        expect(councilById.has(c)).toBe(true);
        expect(c).not.toBe(p.councilId);
      }
    }
    expect(data.peers.some((p) => p.roles.includes('lead-member'))).toBe(true);
    expect(data.peers.some((p) => p.roles.includes('lead-officer'))).toBe(true);
  });
});

describe('demo challenges', () => {
  it('are valid, with ULID ids, for known councils', () => {
    expect(data.challenges.length).toBeGreaterThanOrEqual(25);
    expect(unique(data.challenges.map((c) => c.id))).toBe(true);
    for (const c of data.challenges) {
      expect(challengeSchema.parse(c)).toEqual(c);
      expect(z.ulid().safeParse(c.id).success, c.id).toBe(true);
      const council = councilById.get(c.councilId)!;
      expect(council).toBeDefined();
      expect(c.councilName).toBe(council.name);
      expect(c.region).toBe(council.region);
      expect(c.windows.length).toBeGreaterThanOrEqual(1);
      expect(c.windows.length).toBeLessThanOrEqual(4);
      for (const w of c.windows) expect(windowSchema.safeParse(w).success, `${c.id} ${w.join(',')}`).toBe(true);
      expect(c.createdAt < TODAY).toBe(true);
      expect(c.updatedAt < TODAY).toBe(true);
      expect(c.createdAt <= c.updatedAt).toBe(true);
      expect(c.contact.email).toMatch(/@example\./);
    }
  });

  it('sort by creation time: ids follow createdAt', () => {
    const byId = [...data.challenges].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => c.createdAt);
    expect(byId).toEqual([...byId].sort());
  });

  it('span the life of a challenge, several kinds and regions', () => {
    const statuses = new Set(data.challenges.map((c) => c.status));
    for (const s of ['requested', 'scoping', 'team-proposed', 'team-confirmed', 'on-site', 'report-issued', 'check-in', 'closed', 'withdrawn'])
      expect(statuses.has(s as never), s).toBe(true);
    expect(new Set(data.challenges.map((c) => c.kind)).size).toBeGreaterThanOrEqual(5);
    expect(data.challenges.filter((c) => c.region === 'South East').length).toBeGreaterThanOrEqual(5);
    expect(data.challenges.filter((c) => c.region === 'North West').length).toBeGreaterThanOrEqual(2);
    expect(data.challenges.filter((c) => c.councilId === data.councils[0]!.id).length).toBeGreaterThanOrEqual(3);
  });

  it('have future windows before on-site work and past ones after', () => {
    for (const c of data.challenges) {
      if (FUTURE_STAGES.includes(c.status)) for (const w of c.windows) expect(w[0]! > TODAY, `${c.status} ${w[0]}`).toBe(true);
      if (PAST_STAGES.includes(c.status)) for (const w of c.windows) expect(w[0]! < TODAY, `${c.status} ${w[0]}`).toBe(true);
      if (PAST_STAGES.includes(c.status) && c.status !== 'on-site')
        for (const w of c.windows) expect(w.at(-1)! < TODAY, `${c.status} ${w.at(-1)}`).toBe(true);
    }
  });
});

describe('demo users', () => {
  it('cover every role with unique ids and subjects', () => {
    const roles = new Set(data.users.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual([...USER_ROLES].sort());
    expect(unique(data.users.map((u) => u.id))).toBe(true);
    expect(unique(data.users.map((u) => u.sub))).toBe(true);
    for (const u of data.users) {
      expect(u.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(u.name).not.toBe('');
      expect(u.description).not.toBe('');
    }
  });

  it('start with a South East council that has challenges, then one in the North West', () => {
    const councils = data.users.filter((u) => u.roles.includes('council'));
    expect(councils).toHaveLength(4);
    expect(new Set(councils.map((u) => u.councilId)).size).toBe(4);
    for (const u of councils) expect(councilById.get(u.councilId!)?.region).toBe(u.region);
    const first = councilById.get(councils[0]!.councilId!)!;
    expect(first.region).toBe('South East');
    expect(first.id).toBe(data.councils[0]!.id);
    expect(data.challenges.filter((c) => c.councilId === first.id).length).toBeGreaterThanOrEqual(3);
    expect(councilById.get(councils[1]!.councilId!)!.region).toBe('North West');
  });

  it('give peers real approved profiles, advisers a region, group offices a group', () => {
    const peers = data.users.filter((u) => u.roles.includes('peer'));
    expect(peers.map((u) => peerById.get(u.peerId!)?.kind).sort()).toEqual(['member', 'officer']);
    for (const u of peers) expect(peerById.get(u.peerId!)!.status).toBe('approved');
    const advisers = data.users.filter((u) => u.roles.includes('adviser'));
    expect(advisers.map((u) => u.region).sort()).toEqual(['North West', 'South East']);
    const offices = data.users.filter((u) => u.roles.includes('group-office'));
    expect(offices.map((u) => u.group).sort()).toEqual([...POLITICAL_GROUPS].sort());
  });

  it('suit the test helpers', () => {
    const who = demoUsers(data.users);
    expect(who.council.councilId).toBe(data.councils[0]!.id);
    expect(who.otherCouncil.councilId).not.toBe(who.council.councilId);
    expect(who.adviserOf(who.council.region!)).toBeDefined();
    expect(who.adviserNotOf(who.council.region!).region).not.toBe(who.council.region);
    expect(who.peer.peerId).toBeDefined();
    expect(who.groupOffice.group).toBeDefined();
  });
});

describe('determinism', () => {
  it('gives the same data for the same day', () => {
    expect(buildDemoData({ today: TODAY })).toEqual(data);
  });

  it('keeps people and challenges stable across days; only dates move', () => {
    const later = buildDemoData({ today: '2026-09-01' });
    expect(later.peers.map((p) => [p.id, p.name, p.kind, p.group])).toEqual(data.peers.map((p) => [p.id, p.name, p.kind, p.group]));
    expect(later.challenges.map((c) => [c.councilId, c.kind, c.status])).toEqual(data.challenges.map((c) => [c.councilId, c.kind, c.status]));
    expect(later.users).toEqual(data.users);
  });

  it('is valid on any day, including weekends and bank holidays', () => {
    for (const today of ['2025-12-25', '2026-04-03', '2026-05-30', '2027-01-01']) {
      const d = buildDemoData({ today });
      for (const c of d.challenges) {
        for (const w of c.windows) expect(windowSchema.safeParse(w).success).toBe(true);
        if (FUTURE_STAGES.includes(c.status)) expect(c.windows.every((w) => w[0]! > today)).toBe(true);
        expect(c.updatedAt < today).toBe(true);
      }
    }
  });

  it('defaults to the real today', () => {
    const d = buildDemoData();
    const today = new Date().toISOString().slice(0, 10);
    expect(d.challenges.every((c) => c.createdAt < today)).toBe(true);
  });
});

describe('demo follow-ups (after the visit)', () => {
  const after = (d: typeof data) => new Map(d.afterVisit.map((a) => [a.challengeId, a]));

  it('every challenge past its report has a valid report, 2–5 themed recommendations and both follow-ups by the policy', () => {
    for (const today of [TODAY, '2025-12-25', '2027-01-01']) {
      const d = buildDemoData({ today });
      const byId = after(d);
      for (const c of d.challenges) {
        const a = byId.get(c.id);
        if (!['report-issued', 'check-in', 'progress-review', 'closed'].includes(c.status)) {
          expect(a, `${c.status} ${c.id}`).toBeUndefined();
          continue;
        }
        expect(a, `${c.status} ${c.id}`).toBeDefined();
        expect(reportSchema.parse({ feedbackPresentedOn: a!.report.feedbackPresentedOn, issuedOn: a!.report.issuedOn, recommendations: a!.report.recommendations })).toBeTruthy();
        expect(() => checkReport(a!.report, onSiteDays(c), today)).not.toThrow();
        expect(a!.report.recommendations.length).toBeGreaterThanOrEqual(2);
        expect(a!.report.recommendations.length).toBeLessThanOrEqual(5);
        // The same rule as issuing a report through the API.
        expect(a!.followUps.map((f) => [f.kind, f.dueOn])).toEqual(followUpsFor(c.id, c.kind, lastOnSiteDay(c)).map((f) => [f.kind, f.dueOn]));
        const [checkIn, review] = a!.followUps;
        expect(checkIn!.status).toBe(c.status === 'report-issued' ? 'open' : 'done');
        expect(review!.status).toBe(c.status === 'closed' ? 'done' : 'open');
        for (const f of a!.followUps) if (f.doneOn) expect(f.doneOn <= today && f.doneOn > a!.report.issuedOn, `${f.kind} ${f.doneOn}`).toBe(true);
        expect(!!a!.outcomes).toBe(c.status === 'closed');
        if (a!.outcomes) expect(outcomesSchema.safeParse({ impacts: a!.outcomes.impacts }).success).toBe(true);
        expect(actionPlanSchema.safeParse({ actions: a!.actionPlan!.actions }).success).toBe(true);
        expect(a!.actionPlan!.actions.every((x) => x.recommendation < a!.report.recommendations.length)).toBe(true);
      }
    }
  });

  it('gives the advisers’ follow-up list open items, at least one due or overdue today', () => {
    for (const today of [TODAY, '2026-09-01', new Date().toISOString().slice(0, 10)]) {
      const open = buildDemoData({ today }).afterVisit.flatMap((a) => a.followUps).filter((f) => f.status === 'open');
      expect(open.length).toBeGreaterThanOrEqual(3);
      const states = open.map((f) => followUpState(f, today));
      expect(states.some((s) => s === 'due' || s === 'overdue'), `${today}: ${states.join(', ')}`).toBe(true);
    }
  });
});
