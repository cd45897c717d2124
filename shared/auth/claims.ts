import { POLITICAL_GROUPS, REGIONS, USER_ROLES, type PoliticalGroup, type Region, type UserRole } from '../domain/reference.js';
import type { Caller } from '../domain/user.js';

/**
 * The claims of a Cognito ID token that the platform reads. Local tokens carry the very
 * same shape, so one mapping serves both.
 */
export interface IdTokenClaims {
  sub: string;
  name?: string;
  token_use?: string;
  'cognito:groups'?: string[];
  'custom:councilId'?: string;
  'custom:peerId'?: string;
  'custom:region'?: string;
  'custom:group'?: string;
}

export function callerFromClaims(claims: IdTokenClaims): Caller {
  const roles = (claims['cognito:groups'] ?? []).filter((g): g is UserRole => (USER_ROLES as readonly string[]).includes(g));
  const region = claims['custom:region'];
  const group = claims['custom:group'];
  return {
    sub: claims.sub,
    name: claims.name ?? '',
    roles,
    ...(claims['custom:councilId'] ? { councilId: claims['custom:councilId'] } : {}),
    ...(claims['custom:peerId'] ? { peerId: claims['custom:peerId'] } : {}),
    ...(region && (REGIONS as readonly string[]).includes(region) ? { region: region as Region } : {}),
    ...(group && (POLITICAL_GROUPS as readonly string[]).includes(group) ? { group: group as PoliticalGroup } : {}),
  };
}

export function claimsFromCaller(caller: Caller): IdTokenClaims {
  return {
    sub: caller.sub,
    name: caller.name,
    token_use: 'id',
    'cognito:groups': caller.roles,
    ...(caller.councilId ? { 'custom:councilId': caller.councilId } : {}),
    ...(caller.peerId ? { 'custom:peerId': caller.peerId } : {}),
    ...(caller.region ? { 'custom:region': caller.region } : {}),
    ...(caller.group ? { 'custom:group': caller.group } : {}),
  };
}
