import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { claimsFromCaller } from '../../shared/auth/claims.js';
import type { DemoUser } from '../../shared/domain/user.js';

/** The audience of local tokens plays the part of Cognito's app client id. */
export const LOCAL_AUDIENCE = 'peer-challenge-local';
const TOKEN_HOURS = 8;

export interface LocalIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  /** Tests may override the expiry (seconds since epoch) or audience to check rejection paths. */
  sign(user: DemoUser, overrides?: { expiresAt?: number; audience?: string }): Promise<string>;
}

/**
 * A stand-in for Cognito: an RS256 key pair and an issuer URL. Tokens it signs have the
 * claims of a Cognito ID token and are verified by the handlers exactly as Cognito's are,
 * by fetching this issuer's JWKS. The key is kept in the data folder so sign-ins survive
 * restarts.
 */
export async function localIssuer(issuer: string, dataDir: string | null): Promise<LocalIssuer> {
  const keyFile = dataDir ? join(dataDir, 'local-signing-key.json') : undefined;
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: 'RS256', use: 'sig' };
    if (keyFile) {
      mkdirSync(dataDir!, { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'RS256');
  return {
    issuer,
    jwks: { keys: [publicJwk] },
    sign: (user, overrides = {}) =>
      new SignJWT({ ...claimsFromCaller(user) })
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid!, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(overrides.audience ?? LOCAL_AUDIENCE)
        .setSubject(user.sub)
        .setIssuedAt()
        .setExpirationTime(overrides.expiresAt ?? `${TOKEN_HOURS}h`)
        .sign(key),
  };
}
