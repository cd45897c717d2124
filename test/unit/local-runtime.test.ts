import { describe, expect, it } from 'vitest';
import { compileRoutes, matchRoute } from '../../infra/local/lambda-adapter.js';
import { ROUTES } from '../../infra/routes.js';
import { createTableInput, TABLE } from '../../shared/data/table-definition.js';
import { callerFromClaims, claimsFromCaller } from '../../shared/auth/claims.js';

describe('local route matching', () => {
  const compiled = compileRoutes(ROUTES);
  it('matches templates and decodes path parameters', () => {
    const m = matchRoute(compiled, 'GET', '/api/challenges/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(m?.route.path).toBe('/api/challenges/{id}');
    expect(m?.pathParameters).toEqual({ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(matchRoute(compiled, 'GET', '/api/challenges')?.route.path).toBe('/api/challenges');
  });
  it('does not match another method or a longer path', () => {
    expect(matchRoute(compiled, 'DELETE', '/api/challenges')).toBeUndefined();
    expect(matchRoute(compiled, 'GET', '/api/challenges/a/b')).toBeUndefined();
  });
});

describe('the table definition', () => {
  it('declares every key attribute once and an index per GSI', () => {
    const input = createTableInput('t');
    const names = input.AttributeDefinitions.map((a) => a.AttributeName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']));
    expect(input.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(TABLE.globalSecondaryIndexes.map((i) => i.indexName));
    expect(input.StreamSpecification.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
  });
});

describe('token claims', () => {
  it('round-trip a caller through Cognito-shaped claims', () => {
    const caller = { sub: 's', name: 'N', roles: ['adviser' as const], region: 'London' as const };
    expect(callerFromClaims(claimsFromCaller(caller))).toEqual(caller);
  });
  it('ignore groups and regions the platform does not know', () => {
    const c = callerFromClaims({ sub: 's', 'cognito:groups': ['admin', 'peer'], 'custom:region': 'Atlantis' });
    expect(c.roles).toEqual(['peer']);
    expect(c.region).toBeUndefined();
  });
});
