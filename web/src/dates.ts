/** Calendar dates as ISO strings (YYYY-MM-DD), computed in UTC like the API does. */
import { addDays, isValidIsoDate, isWeekend, nextWorkingDay, todayIso } from '../../shared/domain/days.js';
import { isBankHoliday } from '../../shared/domain/bank-holidays.js';

export { addDays, isBankHoliday, isValidIsoDate, isWeekend, nextWorkingDay, todayIso };

/** `count` consecutive working days from `start` (which must itself be a working day). */
export function expandWindow(start: string, count: number): string[] {
  const days = [start];
  while (days.length < count) days.push(nextWorkingDay(days[days.length - 1]!));
  return days;
}

const parts = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Mon 12 Jan 2026"; `show` leaves out the month and year when a range already gives them. */
function format(day: string, show: { month: boolean; year: boolean } = { month: true, year: true }): string {
  const p = Object.fromEntries(parts.formatToParts(new Date(`${day}T00:00:00Z`)).map((x) => [x.type, x.value]));
  return [p.weekday, p.day, show.month ? p.month : null, show.year ? p.year : null].filter(Boolean).join(' ');
}

/** "Mon 12 Jan 2026" */
export function formatDate(day: string): string {
  return isValidIsoDate(day) ? format(day) : day;
}

/** "Mon 12 to Wed 14 Jan 2026 (3 working days)" */
export function formatWindow(days: readonly string[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return '';
  const n = `(${days.length} working day${days.length === 1 ? '' : 's'})`;
  if (!isValidIsoDate(first) || !isValidIsoDate(last)) return `${days.join(', ')} ${n}`;
  if (first === last) return `${format(first)} ${n}`;
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const sameMonth = sameYear && first.slice(5, 7) === last.slice(5, 7);
  return `${format(first, { month: !sameMonth, year: !sameYear })} to ${format(last)} ${n}`;
}

/** A timestamp as "12 Jan 2026". */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
}
