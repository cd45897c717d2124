import type { DemoUser } from '../../shared/domain/user.js';
import { addDays, nextWorkingDay, isWorkingDay } from '../../shared/domain/dates.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A thin fetch wrapper for tests: JSON in, JSON out, with an optional bearer token. */
export function apiClient(baseUrl: string) {
  async function call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    } else if (options.raw !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    call,
    async signIn(user: DemoUser): Promise<string> {
      const r = await call<{ token: string }>('POST', '/local/sign-in', { body: { user: user.id } });
      if (r.status !== 200) throw new Error(`sign-in failed: ${r.status}`);
      return r.body.token;
    },
  };
}

/** A window of `length` consecutive working days starting on the first working day on or after `from`. */
export function workingWindow(from: string, length = 3): string[] {
  let day = from;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  const days = [day];
  while (days.length < length) days.push(nextWorkingDay(days[days.length - 1]!));
  return days;
}

export function futureWindow(weeksAhead: number, length = 3): string[] {
  return workingWindow(addDays(new Date().toISOString().slice(0, 10), weeksAhead * 7), length);
}

export function validRequest(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'corporate',
    focusAreas: ['finance', 'housing'],
    windows: [futureWindow(6), futureWindow(10, 4)],
    contact: { name: 'Alex Example', email: 'alex@council.example.org', phone: '01234 567890' },
    notes: 'We would like the team to look at our medium-term financial plan.',
    ...overrides,
  };
}
