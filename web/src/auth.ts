import { api, call, type Me } from './api.js';
import { clearToken, getToken, setToken } from './session.js';
import type { UserRole } from '../../shared/domain/reference.js';

/** What /config.json says about sign-in: the local stand-in, or Cognito's hosted UI. */
export type WebConfig =
  | { auth: 'local' }
  | { auth: 'cognito'; region: string; userPoolId: string; clientId: string; domain: string; redirectUri?: string };

/** A demo user as GET /local/users lists them. */
export interface DemoUserSummary {
  id: string;
  name: string;
  roles: UserRole[];
  description: string;
  councilId?: string;
  peerId?: string;
  region?: string;
  group?: string;
}

export async function loadConfig(): Promise<WebConfig> {
  const res = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`could not load /config.json (${res.status})`);
  const config = (await res.json()) as Partial<WebConfig>;
  if (config.auth === 'cognito') return config as WebConfig;
  return { auth: 'local' };
}

let me: Promise<Me> | null = null;
let meToken: string | null = null;

/** The signed-in user (GET /api/me, asked once per token), or null when signed out. */
export function currentUser(): Promise<Me> | null {
  const token = getToken();
  if (!token) return null;
  if (!me || meToken !== token) {
    meToken = token;
    me = api.me();
    me.catch(() => {
      if (meToken === token) me = null;
    });
  }
  return me;
}

export function isSignedIn(): boolean {
  return getToken() !== null;
}

// --- Local sign-in (demo users) ---

export function localUsers(): Promise<DemoUserSummary[]> {
  return call<DemoUserSummary[]>('GET', '/local/users', { anonymous: true });
}

export async function signInLocal(userId: string): Promise<void> {
  const { token } = await call<{ token: string }>('POST', '/local/sign-in', { body: { user: userId }, anonymous: true });
  setToken(token);
  me = null;
}

// --- Cognito hosted UI (authorization code with PKCE) ---

const PKCE_KEY = 'peer-challenge.pkce';

function cognitoBase(config: Extract<WebConfig, { auth: 'cognito' }>): string {
  const domain = config.domain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `https://${domain.includes('.') ? domain : `${domain}.auth.${config.region}.amazoncognito.com`}`;
}

function redirectUri(config: Extract<WebConfig, { auth: 'cognito' }>): string {
  return config.redirectUri ?? `${location.origin}/`;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function startCognitoSignIn(config: Extract<WebConfig, { auth: 'cognito' }>): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(config),
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${cognitoBase(config)}/oauth2/authorize?${q}`);
}

/**
 * On return from the hosted UI (?code=…&state=…), swaps the code for tokens and keeps the
 * ID token (the API verifies ID tokens). Returns the hash to go to, or null when this was no callback.
 */
export async function completeCognitoSignIn(config: WebConfig): Promise<string | null> {
  if (config.auth !== 'cognito') return null;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (error) throw new Error(`Sign-in failed: ${params.get('error_description') ?? error}`);
  if (!saved || saved.state !== params.get('state')) throw new Error('Sign-in failed: the answer from the sign-in page did not match this browser session. Try again.');
  const res = await fetch(`${cognitoBase(config)}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: code!, redirect_uri: redirectUri(config), code_verifier: saved.verifier }),
  });
  if (!res.ok) throw new Error(`Sign-in failed: the token exchange answered ${res.status}.`);
  const tokens = (await res.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('Sign-in failed: no ID token came back.');
  setToken(tokens.id_token);
  me = null;
  return saved.returnTo || '#/';
}

export function signOut(config: WebConfig): void {
  clearToken();
  me = null;
  meToken = null;
  if (config.auth === 'cognito') {
    const q = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri(config) });
    location.assign(`${cognitoBase(config)}/logout?${q}`);
  }
}
