import { z } from 'zod';
import { CHALLENGE_KINDS, CHALLENGE_STATUSES, FOCUS_AREAS, REGIONS } from './reference.js';
import { isoDate, isWeekend, isWorkingDay, nextWorkingDay } from './dates.js';

import { ON_SITE_DAYS, scopeSchema } from './scope.js';

export { ON_SITE_DAYS };

/** One on-site window the council would accept: consecutive working days, ISO dates. */
export const windowSchema = z
  .array(isoDate)
  .min(ON_SITE_DAYS.min, `a window is at least ${ON_SITE_DAYS.min} working days`)
  .max(ON_SITE_DAYS.max, `a window is at most ${ON_SITE_DAYS.max} working days`)
  .superRefine((days, ctx) => {
    // zod still runs this when a day failed its own check; such a window has already been reported.
    if (!days.every((d) => isoDate.safeParse(d).success)) return;
    days.forEach((d, i) => {
      if (!isWorkingDay(d))
        ctx.addIssue({ code: 'custom', message: `${d} is ${isWeekend(d) ? 'a weekend' : 'a bank holiday in England'}, not a working day`, path: [i] });
      else if (i > 0 && d !== nextWorkingDay(days[i - 1]!))
        ctx.addIssue({ code: 'custom', message: 'days of a window must be consecutive working days', path: [i] });
    });
  });

export const contactSchema = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(120),
  email: z.email('must be an email address').max(254),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[0-9 +()-]*$/, 'digits, spaces and + ( ) - only')
    .optional(),
});

/** Body of POST /api/challenges: a council's request, the first state of a challenge. */
export const challengeRequestSchema = z.strictObject({
  kind: z.enum(CHALLENGE_KINDS),
  focusAreas: z
    .array(z.enum(FOCUS_AREAS))
    .max(6, 'at most 6 focus areas')
    .refine((a) => new Set(a).size === a.length, 'focus areas must not repeat'),
  windows: z.array(windowSchema).min(1, 'give at least one preferred window').max(4, 'at most 4 windows'),
  contact: contactSchema,
  notes: z.string().max(4000).default(''),
});
export type ChallengeRequest = z.infer<typeof challengeRequestSchema>;

export const challengeSchema = z.object({
  id: z.string(),
  councilId: z.string(),
  councilName: z.string(),
  region: z.enum(REGIONS),
  kind: z.enum(CHALLENGE_KINDS),
  focusAreas: z.array(z.enum(FOCUS_AREAS)),
  windows: z.array(z.array(isoDate)),
  contact: contactSchema,
  notes: z.string(),
  status: z.enum(CHALLENGE_STATUSES),
  /** Agreed in scoping (see scope.ts); absent until then. */
  scope: scopeSchema.optional(),
  /** A progress review is booked as a challenge of its own, linked to the challenge it reviews. */
  reviewOf: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Challenge = z.infer<typeof challengeSchema>;

export class RequestRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRuleError';
  }
}

/**
 * A council's request becomes a challenge in status `requested`. Windows must start after
 * today: a council cannot ask for on-site days that have begun or passed.
 */
export function newChallenge(
  request: ChallengeRequest,
  council: { id: string; name: string; region: Challenge['region'] },
  id: string,
  now: Date,
): Challenge {
  const today = now.toISOString().slice(0, 10);
  request.windows.forEach((w, i) => {
    if (w[0]! <= today) throw new RequestRuleError(`windows.${i}.0`, `window ${i + 1} starts on ${w[0]}, which is not after today (${today})`);
  });
  const at = now.toISOString();
  return {
    id,
    councilId: council.id,
    councilName: council.name,
    region: council.region,
    kind: request.kind,
    focusAreas: request.focusAreas,
    windows: request.windows,
    contact: request.contact,
    notes: request.notes,
    status: 'requested',
    createdAt: at,
    updatedAt: at,
  };
}
