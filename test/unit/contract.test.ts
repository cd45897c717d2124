import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT } from '../../shared/api/contract.js';
import { ROUTES } from '../../infra/routes.js';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the API contract', () => {
  it('names exactly the routes that are deployed and served locally', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('marks as public exactly the routes without an authorizer', () => {
    for (const r of ROUTES) expect((CONTRACT as Record<string, { roles: unknown }>)[`${r.method} ${r.path}`]!.roles === 'public', r.path).toBe(!r.auth);
  });

  it('keeps the route names other clients rely on', () => {
    expect(Object.keys(CONTRACT)).toEqual(expect.arrayContaining(['POST /api/challenges', 'GET /api/challenges', 'GET /api/challenges/{id}']));
  });
});

describe('no request path scans the table', () => {
  it('neither functions/ nor shared/ use Scan', () => {
    const offenders = [...sourceFiles(join(ROOT, 'functions')), ...sourceFiles(join(ROOT, 'shared'))].filter((f) =>
      /\bScan(Command)?\b/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
