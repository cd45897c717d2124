/**
 * Runtime configuration, read from the environment once per cold start.
 * The same variables are set by the CDK stack on AWS and by the local runtime.
 */
export interface AppConfig {
  tableName: string;
  /** Token issuer: Cognito's user pool URL on AWS, the local runtime's issuer locally. */
  authIssuer: string;
  /** Expected `aud` of ID tokens (the user pool client id). */
  authAudience: string;
  /** Where the issuer's public keys are; defaults to the OIDC location under the issuer. */
  authJwksUrl: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`missing environment variable ${name}`);
    return v;
  };
  const authIssuer = need('AUTH_ISSUER');
  return {
    tableName: need('TABLE_NAME'),
    authIssuer,
    authAudience: need('AUTH_AUDIENCE'),
    authJwksUrl: env.AUTH_JWKS_URL || `${authIssuer}/.well-known/jwks.json`,
  };
}
