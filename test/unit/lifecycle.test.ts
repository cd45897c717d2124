import { describe, expect, it } from 'vitest';
import type { Challenge } from '../../shared/domain/challenge.js';
import { allowedTransitions, changeStatus, FINAL_STATUSES, IllegalTransitionError, TRANSITIONS } from '../../shared/domain/lifecycle.js';
import { CHALLENGE_STATUSES } from '../../shared/domain/reference.js';

const challenge = (status: Challenge['status']): Challenge => ({
  id: '01JD000000000000000000000A',
  councilId: 'E07000228',
  councilName: 'Mid Sussex District Council',
  region: 'South East',
  kind: 'corporate',
  focusAreas: ['finance'],
  windows: [['2027-03-09', '2027-03-10', '2027-03-11']],
  contact: { name: 'A Officer', email: 'a.officer@example.gov.uk' },
  notes: '',
  status,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
});

describe('the life of a challenge', () => {
  it('walks from request to closed through every main stage, by the adviser', () => {
    const path = ['scoping', 'team-proposed', 'team-confirmed', 'on-site', 'report-issued', 'check-in', 'progress-review', 'closed'] as const;
    let c = challenge('requested');
    for (const to of path) c = changeStatus(c, to, { id: 'adv', role: 'adviser' }, 'next', new Date('2026-11-02T10:00:00Z')).challenge;
    expect(c.status).toBe('closed');
  });

  it('records who moved it, when, from what, to what and why', () => {
    const { challenge: next, audit } = changeStatus(challenge('requested'), 'scoping', { id: 'adv-1', role: 'adviser' }, 'call booked', new Date('2026-11-02T10:00:00Z'));
    expect(next.updatedAt).toBe('2026-11-02T10:00:00.000Z');
    expect(audit).toEqual({ at: '2026-11-02T10:00:00.000Z', by: 'adv-1', byRole: 'adviser', from: 'requested', to: 'scoping', why: 'call booked' });
  });

  it('refuses an illegal step and says what is allowed instead', () => {
    try {
      changeStatus(challenge('requested'), 'on-site', { id: 'adv', role: 'adviser' }, '', new Date());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect((e as IllegalTransitionError).allowed).toEqual(['scoping', 'cancelled']);
      expect((e as Error).message).toMatch(/requested cannot move to on-site; allowed: scoping, cancelled/);
    }
  });

  it('lets the council withdraw before on-site but not move its own challenge on', () => {
    expect(allowedTransitions('team-confirmed', 'council')).toEqual(['withdrawn']);
    expect(allowedTransitions('on-site', 'council')).toEqual([]);
    expect(() => changeStatus(challenge('requested'), 'scoping', { id: 'c', role: 'council' }, '', new Date())).toThrow(IllegalTransitionError);
  });

  it('ends for good in closed, withdrawn and cancelled; every other status has a way on', () => {
    for (const s of CHALLENGE_STATUSES) {
      const out = TRANSITIONS.filter((t) => t.from === s);
      expect(out.length === 0, s).toBe(FINAL_STATUSES.includes(s));
    }
  });
});
