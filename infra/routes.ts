/**
 * Every HTTP route of the API and the Lambda function (route group) that serves it.
 * The CDK API stack and the local runtime both read this list.
 */
export type FunctionName = 'health' | 'challenges' | 'councils' | 'peers' | 'teams' | 'dashboard' | 'pool' | 'mailbox' | 'calendar' | 'followups';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway v2 route path, with {param} placeholders. */
  path: string;
  fn: FunctionName;
  /** false only for routes a signed-out client must reach. */
  auth: boolean;
}

export const ROUTES: RouteDefinition[] = [
  { method: 'GET', path: '/api/health', fn: 'health', auth: false },
  { method: 'GET', path: '/api/openapi.json', fn: 'health', auth: false },
  { method: 'GET', path: '/api/me', fn: 'councils', auth: true },
  { method: 'GET', path: '/api/councils', fn: 'councils', auth: true },
  { method: 'GET', path: '/api/councils/{id}', fn: 'councils', auth: true },
  { method: 'PUT', path: '/api/councils/{id}/control', fn: 'councils', auth: true },
  { method: 'GET', path: '/api/pipeline', fn: 'challenges', auth: true },
  { method: 'GET', path: '/api/pool.csv', fn: 'pool', auth: true },
  { method: 'POST', path: '/api/pool/import', fn: 'pool', auth: true },
  { method: 'POST', path: '/api/challenges', fn: 'challenges', auth: true },
  { method: 'GET', path: '/api/challenges', fn: 'challenges', auth: true },
  { method: 'GET', path: '/api/challenges/{id}', fn: 'challenges', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/status', fn: 'challenges', auth: true },
  { method: 'GET', path: '/api/challenges/{id}/audit', fn: 'challenges', auth: true },
  { method: 'GET', path: '/api/peers/me', fn: 'peers', auth: true },
  { method: 'POST', path: '/api/peers/me', fn: 'peers', auth: true },
  { method: 'PUT', path: '/api/peers/me', fn: 'peers', auth: true },
  { method: 'GET', path: '/api/approvals', fn: 'peers', auth: true },
  { method: 'GET', path: '/api/group/peers', fn: 'peers', auth: true },
  { method: 'POST', path: '/api/peers/{id}/approval', fn: 'peers', auth: true },
  { method: 'PUT', path: '/api/challenges/{id}/scope', fn: 'teams', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/proposal', fn: 'teams', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/invitations', fn: 'teams', auth: true },
  { method: 'GET', path: '/api/challenges/{id}/team', fn: 'teams', auth: true },
  { method: 'GET', path: '/api/invitations', fn: 'teams', auth: true },
  { method: 'POST', path: '/api/invitations/{id}/accept', fn: 'teams', auth: true },
  { method: 'POST', path: '/api/invitations/{id}/decline', fn: 'teams', auth: true },
  { method: 'POST', path: '/api/invitations/{id}/withdraw', fn: 'teams', auth: true },
  { method: 'GET', path: '/api/mailbox', fn: 'mailbox', auth: true },
  { method: 'GET', path: '/api/calendar.ics', fn: 'calendar', auth: true },
  { method: 'GET', path: '/api/calendar/feed-url', fn: 'calendar', auth: true },
  // The subscription feed: calendar apps send no token, so the URL's HMAC token is the credential.
  { method: 'GET', path: '/api/calendar/feed/{file}', fn: 'calendar', auth: false },
  { method: 'GET', path: '/api/dashboard/pipeline', fn: 'dashboard', auth: true },
  { method: 'GET', path: '/api/dashboard/take-up', fn: 'dashboard', auth: true },
  { method: 'GET', path: '/api/dashboard/pool', fn: 'dashboard', auth: true },
  { method: 'GET', path: '/api/dashboard/themes', fn: 'dashboard', auth: true },
  { method: 'PUT', path: '/api/challenges/{id}/report', fn: 'followups', auth: true },
  { method: 'GET', path: '/api/challenges/{id}/follow-up', fn: 'followups', auth: true },
  { method: 'PUT', path: '/api/challenges/{id}/publication', fn: 'followups', auth: true },
  { method: 'PUT', path: '/api/challenges/{id}/action-plan', fn: 'followups', auth: true },
  { method: 'PUT', path: '/api/challenges/{id}/position-statement', fn: 'followups', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/check-in', fn: 'followups', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/progress-review', fn: 'followups', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/outcomes', fn: 'followups', auth: true },
  { method: 'POST', path: '/api/challenges/{id}/survey', fn: 'followups', auth: true },
  { method: 'GET', path: '/api/challenges/{id}/surveys', fn: 'followups', auth: true },
  { method: 'GET', path: '/api/peers/{id}/feedback', fn: 'followups', auth: true },
  { method: 'GET', path: '/api/follow-ups', fn: 'followups', auth: true },
];

/** Source entry of each function, relative to the repository root. */
export const FUNCTION_ENTRIES: Record<FunctionName, string> = {
  health: 'functions/health/handler.ts',
  challenges: 'functions/challenges/handler.ts',
  councils: 'functions/councils/handler.ts',
  peers: 'functions/peers/handler.ts',
  teams: 'functions/teams/handler.ts',
  dashboard: 'functions/dashboard/handler.ts',
  mailbox: 'functions/mailbox/handler.ts',
  calendar: 'functions/calendar/handler.ts',
  pool: 'functions/pool/handler.ts',
  followups: 'functions/followups/handler.ts',
};

/**
 * Which table actions each function needs (least privilege).
 * 'read' = GetItem/Query/BatchGetItem, 'write' = PutItem/UpdateItem/DeleteItem/TransactWriteItems/ConditionCheck.
 */
export const FUNCTION_TABLE_ACCESS: Record<FunctionName, 'read' | 'readwrite'> = {
  health: 'read',
  challenges: 'readwrite',
  councils: 'readwrite',
  peers: 'readwrite',
  teams: 'readwrite',
  dashboard: 'read',
  mailbox: 'read',
  calendar: 'read',
  pool: 'readwrite',
  followups: 'readwrite',
};

/** Functions that need longer than the default 10 s (seconds; API Gateway waits at most 30 s). */
export const FUNCTION_TIMEOUT_SECONDS: Partial<Record<FunctionName, number>> = {
  // A 10,000-row pool import: validation plus ~1,350 BatchWriteItem calls (about 16 s locally).
  pool: 29,
};
