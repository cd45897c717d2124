import { describe, expect, it } from 'vitest';
import { calendarToken, verifyCalendarToken } from '../../shared/auth/calendar-token.js';
import { calendarIcs } from '../../shared/domain/calendar.js';
import type { Invitation } from '../../shared/domain/invitation.js';
import { acceptedMessage, declinedMessage, expiredMessages, invitationMessage, mailboxOf } from '../../shared/domain/notifications.js';

const inv: Invitation = {
  challengeId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
  peerId: 'peer-042',
  role: 'lead-officer',
  status: 'invited',
  councilName: 'Mid Sussex District Council',
  kind: 'corporate',
  focusAreas: ['finance'],
  days: ['2027-03-09', '2027-03-10', '2027-03-11'],
  invitedAt: '2027-01-01T10:00:00.000Z',
  expiresOn: '2027-01-11',
};

describe('message builders', () => {
  it('address the peer, or the region’s advisers, with the facts they need', () => {
    expect(invitationMessage(inv).recipient).toEqual({ kind: 'peer', id: 'peer-042' });
    expect(invitationMessage(inv).text).toContain('2027-03-09 to 2027-03-11');
    expect(invitationMessage(inv).text).toContain('by 2027-01-11');
    expect(acceptedMessage(inv, 'South East').recipient).toEqual({ kind: 'region', id: 'South East' });
    expect(declinedMessage(inv, 'South East', 'away').text).toContain('Reason given: away');
    expect(expiredMessages(inv, 'South East').map((m) => mailboxOf(m.recipient))).toEqual(['PEER#peer-042', 'REGION#South East']);
    expect(expiredMessages(inv, undefined).map((m) => m.recipient.kind)).toEqual(['peer']);
  });
});

describe('calendar feed tokens', () => {
  const secret = 'a-test-secret-of-enough-length';
  it('round-trip, and reject another secret, a changed subject or junk', () => {
    const t = calendarToken({ kind: 'peer', id: 'peer-042' }, secret);
    expect(verifyCalendarToken(t, secret)).toEqual({ kind: 'peer', id: 'peer-042' });
    expect(verifyCalendarToken(t, `${secret}x`)).toBeUndefined();
    const [, mac] = t.split('.');
    expect(verifyCalendarToken(`${Buffer.from('peer:peer-043').toString('base64url')}.${mac}`, secret)).toBeUndefined();
    expect(verifyCalendarToken('junk', secret)).toBeUndefined();
    expect(verifyCalendarToken('a.b.c', secret)).toBeUndefined();
  });
});

describe('calendarIcs', () => {
  it('has one all-day event per on-site day', () => {
    const ics = calendarIcs('x', [{ challengeId: inv.challengeId, councilName: inv.councilName, kind: 'corporate', days: inv.days }]);
    expect([...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1])).toEqual(['20270309', '20270310', '20270311']);
    expect(ics).toContain('DTEND;VALUE=DATE:20270310');
  });
});
