import { z } from 'zod';
import { CONTROL, COUNCIL_TYPES, REGIONS } from './reference.js';

export const councilSchema = z.object({
  /** ONS code where one exists (e.g. E07000111), else a stable slug. */
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(COUNCIL_TYPES),
  region: z.enum(REGIONS),
  control: z.enum(CONTROL),
  /** Last delivered corporate or finance peer challenge (on-site end), for take-up reports. */
  lastCorporateChallenge: z.string().nullable().default(null),
});
export type Council = z.infer<typeof councilSchema>;
