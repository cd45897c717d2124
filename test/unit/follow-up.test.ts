import { describe, expect, it } from 'vitest';
import {
  actionPlanSchema,
  addMonths,
  checkActionPlan,
  checkReport,
  FollowUpRuleError,
  followUpState,
  followUpsFor,
  publicationSchema,
  rag,
  reportSchema,
} from '../../shared/domain/follow-up.js';

describe('follow-up due dates', () => {
  it('adds calendar months and clamps to the end of a shorter month', () => {
    expect(addMonths('2027-03-11', 6)).toBe('2027-09-11');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
  });

  it('a corporate challenge: check-in six months after on-site, progress review 9–12 months', () => {
    const [checkIn, review] = followUpsFor('c1', 'corporate', '2027-03-11');
    expect(checkIn).toMatchObject({ kind: 'check-in', dueOn: '2027-09-11', status: 'open' });
    expect(review).toMatchObject({ kind: 'progress-review', notBefore: '2027-12-11', dueOn: '2028-03-11' });
  });

  it('is a policy per kind: children’s safeguarding checks in after four months', () => {
    expect(followUpsFor('c2', 'childrens-safeguarding', '2027-03-11')[0]!.dueOn).toBe('2027-07-11');
  });

  it('is upcoming, due within 30 days, overdue once the date passes, and done when done', () => {
    const f = { dueOn: '2027-09-11', status: 'open' as const };
    expect(followUpState(f, '2027-08-01')).toBe('upcoming');
    expect(followUpState(f, '2027-08-12')).toBe('due');
    expect(followUpState(f, '2027-09-11')).toBe('due');
    expect(followUpState(f, '2027-09-12')).toBe('overdue');
    expect(followUpState({ ...f, status: 'done' }, '2028-01-01')).toBe('done');
  });
});

describe('reports and action plans', () => {
  const report = reportSchema.parse({
    feedbackPresentedOn: '2027-03-11',
    issuedOn: '2027-04-20',
    recommendations: [
      { text: 'Refresh the medium-term financial strategy', theme: 'financial-planning-and-management' },
      { text: 'Communicate the council plan to residents', theme: 'communications' },
    ],
  });

  it('a report comes after on-site and not in the future', () => {
    expect(() => checkReport(report, ['2027-03-09', '2027-03-10', '2027-03-11'], '2027-05-01')).not.toThrow();
    expect(() => checkReport({ ...report, issuedOn: '2027-03-10' }, ['2027-03-09', '2027-03-10', '2027-03-11'], '2027-05-01')).toThrow(/after the last on-site day/);
    expect(() => checkReport(report, ['2027-03-09', '2027-03-10', '2027-03-11'], '2027-04-01')).toThrow(FollowUpRuleError);
  });

  it('every recommendation has a core element or focus area as its theme', () => {
    const r = reportSchema.safeParse({ ...report, recommendations: [{ text: 'Do better', theme: 'vibes' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['recommendations', 0, 'theme']);
  });

  it('an action belongs to a recommendation that exists', () => {
    const plan = actionPlanSchema.parse({ actions: [{ recommendation: 2, action: 'Publish the plan', owner: 'Head of comms', dueOn: '2027-06-30', status: 'on-track' }] });
    try {
      checkActionPlan(plan, report.recommendations.length);
      expect.unreachable();
    } catch (e) {
      expect((e as FollowUpRuleError).field).toBe('actions.0.recommendation');
    }
  });

  it('shows action status as red, amber or green', () => {
    expect([rag('off-track'), rag('at-risk'), rag('on-track'), rag('done'), rag('not-started')]).toEqual(['red', 'amber', 'green', 'green', 'grey']);
  });

  it('publication links must be https', () => {
    expect(publicationSchema.safeParse({ reportPublished: true, actionPlanPublished: false, link: 'http://example.gov.uk/report' }).success).toBe(false);
    expect(publicationSchema.safeParse({ reportPublished: true, reportPublishedOn: '2027-05-01', actionPlanPublished: false, link: 'https://example.gov.uk/report' }).success).toBe(true);
  });
});
