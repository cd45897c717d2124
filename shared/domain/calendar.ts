import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { addDays } from './dates.js';
import type { ChallengeStatus } from './reference.js';

/** On-site days go into calendars once the team is confirmed, and stay while the team is on site. */
export const CALENDAR_STATUSES: readonly ChallengeStatus[] = ['team-confirmed', 'on-site'];

export interface CalendarEntry {
  challengeId: string;
  councilName: string;
  kind: string;
  days: readonly string[];
  /** The peer's role, on a peer's own calendar. */
  role?: string;
}

const dateArray = (d: string): DateArray => {
  const [y, m, day] = d.split('-').map(Number);
  return [y!, m!, day!];
};

/**
 * An iCalendar document with one all-day event per on-site day (pure). UIDs are stable per
 * (challenge, day), so a subscribed calendar updates rather than duplicates.
 */
export function calendarIcs(name: string, entries: readonly CalendarEntry[]): string {
  const events: EventAttributes[] = entries.flatMap((e) =>
    e.days.map(
      (day, i): EventAttributes => ({
        uid: `${e.challengeId}-${day}@peer-challenge`,
        title: `Peer challenge: ${e.councilName} (day ${i + 1} of ${e.days.length})`,
        description: `${e.kind} peer challenge at ${e.councilName}${e.role ? `; you are ${e.role.replace('-', ' ')}` : ''}.`,
        start: dateArray(day),
        startInputType: 'utc',
        end: dateArray(addDays(day, 1)),
        endInputType: 'utc',
        busyStatus: 'BUSY',
        productId: 'peer-challenge',
      }),
    ),
  );
  const { error, value } = createEvents(events, { productId: 'peer-challenge', calName: name });
  if (error || !value) throw error ?? new Error('calendar could not be built');
  return value;
}
