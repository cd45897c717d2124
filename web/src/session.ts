/** The signed-in session: the ID token, kept in sessionStorage so it ends with the tab. */
const KEY = 'peer-challenge.token';

export function getToken(): string | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  if (isExpired(token)) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return token;
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** Reads `exp` from a JWT without verifying it (the API verifies); a token we cannot read counts as expired. */
function isExpired(token: string): boolean {
  try {
    const payload = token.split('.')[1];
    if (!payload) return true;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' && json.exp * 1000 <= Date.now();
  } catch {
    return true;
  }
}
