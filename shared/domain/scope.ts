import { z } from 'zod';
import { addDays, isoDate, isWeekend, isWorkingDay, nextWorkingDay } from './dates.js';
import { FOCUS_AREAS, TEAM_ROLES, type TeamRole } from './reference.js';
import { MAX_TEAM, ON_SITE_DAYS, TEAM_TEMPLATES, type Slot } from './policy.js';

export { MAX_TEAM, ON_SITE_DAYS, TEAM_TEMPLATES, type Slot };

/**
 * What the adviser and the council agree in scoping: the team template, the weight of each
 * focus area, the on-site days, the feedback presentation and when the report is due.
 */
export const slotSchema = z.strictObject({ role: z.enum(TEAM_ROLES), count: z.number().int().min(1).max(4) });

export const scopeSchema = z
  .strictObject({
    slots: z
      .array(slotSchema)
      .min(1, 'a team has at least one slot')
      .refine((s) => s.reduce((n, x) => n + x.count, 0) <= MAX_TEAM, `a team has at most ${MAX_TEAM} peers`)
      .refine((s) => new Set(s.map((x) => x.role)).size === s.length, 'list each role once, with its count'),
    focus: z
      .partialRecord(z.enum(FOCUS_AREAS), z.number().int().min(1).max(5))
      .refine((f) => Object.keys(f).length <= 6, 'at most 6 focus areas'),
    days: z.array(isoDate).min(ON_SITE_DAYS.min, `on-site is at least ${ON_SITE_DAYS.min} working days`).max(ON_SITE_DAYS.max, `on-site is at most ${ON_SITE_DAYS.max} working days`),
    presentationDay: isoDate,
    reportDue: isoDate,
  })
  .superRefine((s, ctx) => {
    if (!s.days.every((d) => isoDate.safeParse(d).success)) return;
    s.days.forEach((d, i) => {
      if (!isWorkingDay(d)) ctx.addIssue({ code: 'custom', path: ['days', i], message: `${d} is ${isWeekend(d) ? 'a weekend' : 'a bank holiday in England'}, not a working day` });
      else if (i > 0 && d !== nextWorkingDay(s.days[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['days', i], message: 'on-site days must be consecutive working days' });
    });
    const last = s.days[s.days.length - 1]!;
    if (s.presentationDay < s.days[0]! || s.presentationDay > addDays(last, 28))
      ctx.addIssue({ code: 'custom', path: ['presentationDay'], message: 'the feedback presentation is on site or within four weeks of the last on-site day' });
    if (s.reportDue <= last) ctx.addIssue({ code: 'custom', path: ['reportDue'], message: 'the report is due after the on-site days' });
  });
export type Scope = z.infer<typeof scopeSchema>;

export class ScopeRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScopeRuleError';
  }
}

/** On-site days cannot start today or in the past. */
export function checkScopeDates(scope: Scope, today: string): void {
  if (scope.days[0]! <= today) throw new ScopeRuleError('days.0', `on-site days must start after today (${today})`);
}

/** Places of a template, one per peer: [{slot:'lead-member'}, {slot:'officer'}, {slot:'officer'}]. */
export function places(slots: Slot[]): TeamRole[] {
  return slots.flatMap((s) => Array.from({ length: s.count }, () => s.role));
}
