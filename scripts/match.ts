/**
 * npm run match -- <file.json>
 * A file with `challenge` → proposeTeam (optional `options`: { k, pins, exclude });
 * with `challenges` → planSeason. Prints the result as JSON with `elapsedMs` (solver time).
 * Exit codes: 0 result (including "infeasible"), 2 unreadable file / bad JSON / invalid input.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { planSeason } from '../shared/matching/plan-season.js';
import { proposeTeam } from '../shared/matching/propose-team.js';
import { planSeasonInputSchema, proposeTeamInputSchema } from '../shared/matching/types.js';

function fail(message: string): never {
  process.stderr.write(`match: ${message}\n`);
  process.exit(2);
}

function issues(err: z.ZodError): string {
  return err.issues
    .slice(0, 10)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('\n');
}

const file = process.argv.slice(2).find((a) => a !== '--');
if (!file) fail('usage: npm run match -- <file.json>');
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  fail(`cannot read ${file}: ${(e as Error).message}`);
}
let json: unknown;
try {
  json = JSON.parse(text);
} catch (e) {
  fail(`${file} is not valid JSON: ${(e as Error).message}`);
}
if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('input must be a JSON object');

if ('challenge' in json) {
  const parsed = proposeTeamInputSchema.safeParse(json);
  if (!parsed.success) fail(`invalid input\n${issues(parsed.error)}`);
  const { options, ...input } = parsed.data;
  const t = performance.now();
  const result = proposeTeam(input, options ?? {});
  const elapsedMs = Math.round((performance.now() - t) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ ...result, elapsedMs }, null, 2)}\n`);
} else if ('challenges' in json) {
  const parsed = planSeasonInputSchema.safeParse(json);
  if (!parsed.success) fail(`invalid input\n${issues(parsed.error)}`);
  const t = performance.now();
  const result = planSeason(parsed.data);
  const elapsedMs = Math.round((performance.now() - t) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ ...result, elapsedMs }, null, 2)}\n`);
} else {
  fail('input must have `challenge` (one team) or `challenges` (a season)');
}
