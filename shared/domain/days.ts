import { isBankHoliday } from './bank-holidays.js';

/**
 * Calendar dates are plain ISO strings (YYYY-MM-DD) in UTC: no time zones, no clocks.
 * Pure and without zod, so the web front end uses the very same rules.
 */

/** The string names a day that exists (2027-02-30 does not). */
export function isRealCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function isValidIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealCalendarDate(s);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function isWeekend(day: string): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** A weekday that is not a bank holiday in England: the only days peers go on site. */
export function isWorkingDay(day: string): boolean {
  return !isWeekend(day) && !isBankHoliday(day);
}

export function nextWorkingDay(day: string): string {
  let d = addDays(day, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Financial years run April to March; "2026/27" starts on 1 April 2026. */
export function financialYear(day: string): string {
  const y = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
