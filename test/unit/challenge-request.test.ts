import { describe, expect, it } from 'vitest';
import { challengeRequestSchema, newChallenge, RequestRuleError } from '../../shared/domain/challenge.js';
import { addDays, financialYear, isoDate, nextWorkingDay } from '../../shared/domain/dates.js';
import { fieldErrors } from '../../shared/http/validation.js';
import { canSeeChallenge } from '../../shared/domain/access.js';

const request = {
  kind: 'finance',
  focusAreas: ['finance'],
  windows: [['2027-03-08', '2027-03-09', '2027-03-10']],
  contact: { name: 'Sam', email: 'sam@example.org' },
};

describe('dates', () => {
  it('accepts only real ISO dates', () => {
    expect(isoDate.safeParse('2027-02-28').success).toBe(true);
    expect(isoDate.safeParse('2027-02-29').success).toBe(false);
    expect(isoDate.safeParse('2028-02-29').success).toBe(true);
    expect(isoDate.safeParse('28/02/2027').success).toBe(false);
  });

  it('skips weekends to find the next working day', () => {
    expect(nextWorkingDay('2027-03-12')).toBe('2027-03-15'); // Friday → Monday
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
  });

  it('puts April to March in one financial year', () => {
    expect(financialYear('2026-04-01')).toBe('2026/27');
    expect(financialYear('2027-03-31')).toBe('2026/27');
    expect(financialYear('2000-01-15')).toBe('1999/00');
  });
});

describe('a challenge request', () => {
  it('parses a valid request and defaults the notes', () => {
    expect(challengeRequestSchema.parse(request).notes).toBe('');
  });

  it('accepts a window that runs over a weekend as consecutive working days', () => {
    expect(challengeRequestSchema.safeParse({ ...request, windows: [['2027-03-11', '2027-03-12', '2027-03-15']] }).success).toBe(true);
  });

  it('reports each problem against its field path', () => {
    const r = challengeRequestSchema.safeParse({ ...request, windows: [['2027-03-08', '2027-03-10', '2027-03-13']], extra: 1 });
    expect(r.success).toBe(false);
    const fields = fieldErrors(r.error!).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['extra', 'windows.0.1', 'windows.0.2']));
  });

  it('becomes a requested challenge of the caller’s council', () => {
    const c = newChallenge(challengeRequestSchema.parse(request), { id: 'E1', name: 'Somewhere Council', region: 'London' }, 'ID', new Date('2026-11-22T10:00:00Z'));
    expect(c).toMatchObject({ id: 'ID', councilId: 'E1', region: 'London', status: 'requested', notes: '' });
  });

  it('refuses a window that starts today or earlier, naming it', () => {
    const parsed = challengeRequestSchema.parse({ ...request, windows: [['2027-03-08', '2027-03-09', '2027-03-10'], ['2026-11-23', '2026-11-24', '2026-11-25']] });
    const make = () => newChallenge(parsed, { id: 'E1', name: 'X', region: 'London' }, 'ID', new Date('2026-11-23T09:00:00Z'));
    expect(make).toThrow(RequestRuleError);
    try {
      make();
    } catch (e) {
      expect((e as RequestRuleError).field).toBe('windows.1.0');
    }
  });
});

describe('who may see a challenge', () => {
  const challenge = { councilId: 'E1', region: 'London' as const };
  it('its council and its region’s advisers only', () => {
    expect(canSeeChallenge({ sub: 'a', name: '', roles: ['council'], councilId: 'E1' }, challenge)).toBe(true);
    expect(canSeeChallenge({ sub: 'b', name: '', roles: ['council'], councilId: 'E2' }, challenge)).toBe(false);
    expect(canSeeChallenge({ sub: 'c', name: '', roles: ['adviser'], region: 'London' }, challenge)).toBe(true);
    expect(canSeeChallenge({ sub: 'd', name: '', roles: ['adviser'], region: 'Wales' }, challenge)).toBe(false);
    expect(canSeeChallenge({ sub: 'e', name: '', roles: ['peer'], councilId: 'E1' }, challenge)).toBe(false);
  });
});
