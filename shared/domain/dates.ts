import { z } from 'zod';
import { isRealCalendarDate } from './days.js';

export * from './days.js';

/** An ISO date (YYYY-MM-DD) that exists, as a schema for request bodies. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isRealCalendarDate, 'is not a real calendar date');
