import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { addDays } from '../../shared/domain/dates.js';
import type { DemoUser } from '../../shared/domain/user.js';
import { apiClient, futureWindow, validRequest, workingWindow } from '../support/api-client.js';
import { peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

/**
 * After the visit, in the browser: the adviser records the report; the council sees it, records
 * publication and an action plan (RAG in words); the adviser records the check-in; the council
 * sees the follow-ups' states; the adviser books the progress review and records outcomes
 * (closed); the council answers the survey; another council sees nothing. axe on every page.
 */

const SHOTS = 'test-results/screenshots';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];
const TOKEN_KEY = 'peer-challenge.token'; // as web/src/session.ts stores it

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let who: ReturnType<typeof demoUsers>;
let adviserUser: DemoUser;
const pageErrors: string[] = [];
let id = '';
let teamPeers: { peerId: string; name: string }[] = [];
const today = new Date().toISOString().slice(0, 10);
const pastDays = workingWindow(addDays(today, -40), 3);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: true });
  who = demoUsers(platform.users);
  adviserUser = who.adviserOf(who.council.region!)!;
  const api = apiClient(platform.url);
  const council = await api.signIn(who.council);
  const adviser = await api.signIn(adviserUser);

  // A challenge with an accepted team, on site, its days then moved into the past (as the API test does).
  const created = await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [futureWindow(9, 3)] }) });
  expect(created.status).toBe(201);
  id = created.body.id;
  expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } })).status).toBe(200);
  const days = created.body.windows[0];
  const scope = { slots: [{ role: 'member', count: 1 }, { role: 'officer', count: 1 }], focus: { finance: 3, governance: 2 }, days, presentationDay: days[2], reportDue: addDays(days[2], 21) };
  expect((await api.call('PUT', `/api/challenges/${id}/scope`, { token: adviser, body: scope })).status).toBe(200);
  const proposal = await api.call('POST', `/api/challenges/${id}/proposal`, { token: adviser, body: {} });
  expect(proposal.body.status, JSON.stringify(proposal.body)).toBe('optimal');
  const team: { slot: string; peerId: string; name: string }[] = proposal.body.team;
  teamPeers = team;
  expect((await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team: team.map((m) => ({ role: m.slot, peerId: m.peerId })) } })).status).toBe(201);
  for (const m of team) expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: await platform.issuer.sign(peerUser({ id: m.peerId, name: m.name })) })).status).toBe(200);
  expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'on-site', why: 'team arrived' } })).status).toBe(200);
  await documentClient().send(
    new UpdateCommand({
      TableName: platform.tableName,
      Key: { PK: `CHALLENGE#${id}`, SK: 'CHALLENGE' },
      UpdateExpression: 'SET windows = :w, #scope.#days = :d, #scope.presentationDay = :p',
      ExpressionAttributeNames: { '#scope': 'scope', '#days': 'days' },
      ExpressionAttributeValues: { ':w': [pastDays], ':d': pastDays, ':p': pastDays[2] },
    }),
  );

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|404|409)/.test(m.text())) pageErrors.push(m.text());
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
}, 120_000);

async function audit(name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${name}`).toEqual([]);
}
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/follow-up-${name}.png`, fullPage: true });
const status = () => page.locator('main p strong.tag').first().textContent();

async function as(user: DemoUser, hash: string): Promise<void> {
  const token = await platform.issuer.sign(user);
  await page.goto(`${platform.url}/#/`);
  await page.evaluate(([k, t]) => sessionStorage.setItem(k!, t!), [TOKEN_KEY, token]);
  await page.goto(`${platform.url}/${hash}`);
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.locator('main h1').waitFor();
}
const manage = () => as(adviserUser, `#/challenges/${id}/manage`);
const detail = (user: DemoUser = who.council) => as(user, `#/challenges/${id}`);
const flashed = (text: RegExp) => page.locator('.notice--success', { hasText: text }).waitFor();

describe('after the visit, in the browser', () => {
  it('the adviser records the report (a missing theme is named first)', async () => {
    await manage();
    await page.locator('#report-form').waitFor();
    expect(await status()).toBe('On site');
    await page.fill('#f-report-issuedOn', today);
    await page.fill('#f-report-recommendations-0-text', 'Set out clear priorities in the council plan.');
    await page.getByRole('button', { name: 'Record the report' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Recommendation 1 theme: choose the core element or focus area/);
    expect(await page.locator('#f-report-recommendations-0-theme').getAttribute('aria-invalid')).toBe('true');
    await shot('01-report-error');
    await page.selectOption('#f-report-recommendations-0-theme', 'local-priorities-and-outcomes');
    await page.getByRole('button', { name: 'Add a recommendation' }).click();
    await page.fill('#f-report-recommendations-1-text', 'Rebuild reserves and agree a reserves policy.');
    await page.selectOption('#f-report-recommendations-1-theme', 'finance');
    await audit('report form');
    await page.getByRole('button', { name: 'Record the report' }).click();
    await flashed(/Report recorded/);
    expect(await status()).toBe('Report issued');
    const rows = page.locator('[data-testid="follow-ups"] tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-kind'), tr.getAttribute('data-state')]))).toEqual([
      ['check-in', 'upcoming'],
      ['progress-review', 'upcoming'],
    ]);
    await shot('02-adviser-report-issued');
    await audit('adviser after report');
  });

  it('the council sees the report, records publication and an action plan with RAG in words', async () => {
    await detail();
    await page.locator('[data-testid="recommendations"]').waitFor();
    expect(await page.locator('[data-testid="recommendations"] li').count()).toBe(2);
    expect(await page.locator('[data-testid="recommendations"]').textContent()).toMatch(/Theme: Finance/);
    await audit('council report');

    await page.locator('summary', { hasText: 'Record publication' }).click();
    await page.check('#f-pub-reportPublished-yes');
    await page.fill('#f-pub-link', 'http://example.org/report');
    await page.getByRole('button', { name: 'Save the publication record' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/date: say when it was published/);
    expect(text).toMatch(/Link: must be an https:\/\/ link/);
    await shot('03-publication-error');
    await page.fill('#f-pub-reportPublishedOn', today);
    await page.fill('#f-pub-link', 'https://www.example.gov.uk/peer-challenge');
    await page.getByRole('button', { name: 'Save the publication record' }).click();
    await flashed(/Publication record saved/);
    expect(await page.locator('[data-testid="publication"]').textContent()).toMatch(/Published/);

    // The action plan editor starts with one action per recommendation.
    await page.fill('#f-plan-actions-0-action', 'Refresh the council plan with five priorities');
    await page.fill('#f-plan-actions-0-owner', 'Chief executive');
    await page.fill('#f-plan-actions-0-dueOn', addDays(today, 90));
    await page.selectOption('#f-plan-actions-0-status', 'on-track');
    await page.fill('#f-plan-actions-1-action', 'Agree a reserves policy at budget council');
    await page.fill('#f-plan-actions-1-owner', 'Director of finance');
    await page.fill('#f-plan-actions-1-dueOn', addDays(today, 60));
    await page.selectOption('#f-plan-actions-1-status', 'off-track');
    await audit('action plan editor');
    await shot('04-action-plan-editor');
    await page.getByRole('button', { name: 'Save the action plan' }).click();
    await flashed(/Action plan saved/);
    const plan = page.locator('[data-testid="action-plan"]');
    expect(await plan.locator('tr[data-rag="red"]').textContent()).toMatch(/Off track \(red\)/);
    expect(await plan.locator('tr[data-rag="green"]').textContent()).toMatch(/On track \(green\)/);
    await shot('05-council-after-report');
    await audit('council after report');
  });

  it('the adviser sees the plan and records the check-in; the council sees the follow-ups move on', async () => {
    await manage();
    expect(await page.locator('[data-testid="action-plan"]').textContent()).toMatch(/Off track \(red\)/);
    await page.fill('#f-checkin-notes', 'Good progress on the plan; reserves still a worry.');
    await page.getByRole('button', { name: 'Record the check-in' }).click();
    await flashed(/Check-in recorded/);
    expect(await status()).toBe('Check-in');
    await page.locator('#review-form').waitFor();
    await audit('adviser check-in');

    await detail();
    const rows = page.locator('[data-testid="follow-ups"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-kind'), tr.getAttribute('data-state')]))).toEqual([
      ['check-in', 'done'],
      ['progress-review', 'upcoming'],
    ]);
    expect(await page.locator('[data-testid="follow-ups"] tr[data-kind="check-in"]').textContent()).toMatch(/Done.*Held/);
    await shot('06-council-follow-ups');
    await audit('council follow-ups');
  });

  it('the adviser books the progress review, then records outcomes: closed', async () => {
    await manage();
    await page.getByRole('button', { name: 'Book the progress review' }).click();
    await page.locator('.error-summary', { hasText: 'Window 1: enter the first day' }).waitFor();
    await page.fill('#f-review-windows-0-start', futureWindow(12, 3)[0]!);
    await page.getByRole('button', { name: 'Book the progress review' }).click();
    await flashed(/Progress review booked/);
    expect(await status()).toBe('Progress review');
    expect(await page.locator('[data-testid="follow-ups"] a', { hasText: 'Review booked' }).count()).toBe(1);
    await page.locator('#outcomes-form').waitFor();
    await audit('outcomes form');
    await page.check('#f-outcomes-kind-self-awareness');
    await page.check('#f-outcomes-kind-organisational-change');
    await page.fill('#f-outcomes-evidence-self-awareness', 'The leadership team agreed an honest view of its weaknesses.');
    await page.getByRole('button', { name: 'Record outcomes and close' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Organisational change evidence: say what shows this impact/);
    await page.fill('#f-outcomes-evidence-organisational-change', 'A programme office was set up.');
    await shot('07-outcomes');
    await page.getByRole('button', { name: 'Record outcomes and close' }).click();
    await flashed(/closed/);
    expect(await status()).toBe('Closed');
    expect(await page.locator('[data-testid="outcomes"]').textContent()).toMatch(/Self-awareness/);
    await shot('08-adviser-closed');
    await audit('adviser closed');
  });

  it('the council answers the survey once', async () => {
    await detail();
    await page.locator('#survey-form').waitFor();
    expect(await status()).toBe('Closed');
    await page.getByRole('button', { name: 'Send the survey' }).click();
    await page.locator('.error-summary', { hasText: 'Rating: choose a rating' }).waitFor();
    await page.check('#f-survey-rating-4');
    await page.fill('#f-survey-comment', 'Useful and well run.');
    await page.getByRole('button', { name: 'Send the survey' }).click();
    await page.locator('[data-testid="survey"] .notice--success', { hasText: 'Thank you' }).waitFor();
    await shot('09-council-survey');
    await audit('council survey');
    await detail();
    expect(await page.locator('[data-testid="survey"]').textContent()).toMatch(/You rated this peer challenge 4 out of 5/);
  });

  it('a peer of the team answers the survey from their challenges page', async () => {
    const peer = peerUser({ id: teamPeers[0]!.peerId, name: teamPeers[0]!.name });
    // The invitation keeps the days it was made for (the test moved only the challenge's into the past), so go straight there.
    await as(peer, `#/challenges/${id}/survey`);
    await page.locator('#survey-form').waitFor();
    await audit('peer survey');
    await page.check('#f-survey-rating-5');
    await page.getByRole('button', { name: 'Send the survey' }).click();
    await page.locator('.notice--success', { hasText: 'Thank you' }).waitFor();
    await shot('11-peer-survey');
    // The adviser sees both answers.
    await manage();
    expect(await page.locator('[data-testid="surveys"] li').count()).toBe(2);
  });

  it('the seeded closed challenge of the council shows its report, action plan and outcomes', async () => {
    const api = apiClient(platform.url);
    const token = await api.signIn(who.council);
    const list = (await api.call('GET', '/api/challenges?limit=100', { token })).body.items as { id: string; status: string }[];
    const closed = list.find((c) => c.status === 'closed' && c.id !== id);
    expect(closed).toBeDefined();
    await as(who.council, `#/challenges/${closed!.id}`);
    await page.locator('[data-testid="outcomes"]').waitFor();
    expect(await page.locator('[data-testid="recommendations"] li').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="follow-ups"] tbody tr[data-state="done"]').count()).toBe(2);
    await shot('12-seeded-closed');
    await audit('seeded closed');
  });

  it('a group office opens its peer feedback page', async () => {
    await as(who.groupOffice, '#/feedback');
    await page.locator('#f-feedback-peer').waitFor();
    await audit('group office feedback');
    await shot('13-group-office-feedback');
  });

  it('another council sees nothing: not found', async () => {
    await detail(who.otherCouncil);
    expect(await page.locator('main h1').textContent()).toMatch(/Peer challenge not found/);
    expect(await page.locator('[data-testid="after-visit"]').count()).toBe(0);
    await shot('10-other-council');
    await audit('other council');
    expect(pageErrors).toEqual([]);
  });
});
