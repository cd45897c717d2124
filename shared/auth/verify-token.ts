import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller } from '../domain/user.js';
import { callerFromClaims, type IdTokenClaims } from './claims.js';

export interface TokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

export class InvalidTokenError extends Error {}

/**
 * The one path every token takes, locally and on AWS: signature against the issuer's
 * JWKS, issuer, audience, expiry, and that it is an ID token. Only configuration differs.
 */
export function tokenVerifier(config: TokenVerifierConfig): (token: string) => Promise<Caller> {
  // jose caches the key set and refetches on an unknown `kid`, so key rotation just works.
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: 10 * 60_000 });
  return async (token) => {
    try {
      const { payload } = await jwtVerify<IdTokenClaims>(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
      });
      if (payload.token_use !== 'id') throw new InvalidTokenError('not an ID token');
      if (!payload.sub) throw new InvalidTokenError('token has no subject');
      return callerFromClaims(payload);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw e;
      if (e instanceof errors.JOSEError) throw new InvalidTokenError(e.code);
      throw e;
    }
  };
}
