import type { z } from 'zod';
import { badRequest, type FieldError } from './errors.js';

/** zod issues as field errors whose `field` is a dotted path a client can map to a form field. */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
    // Unknown keys are reported once per key, each as a field of its own.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => ({ field: base ? `${base}.${k}` : k, message: 'is not a known field' }));
    return [{ field: base || (prefix ?? 'body'), message: issue.message }];
  });
}

/** Parses with the schema or throws a 400 whose message names each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, where === 'body' ? undefined : where);
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw badRequest(`invalid ${where}: ${summary}`, errors);
}
