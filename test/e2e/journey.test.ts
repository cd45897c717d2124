import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { addDays } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { TEAM_TEMPLATES } from '../../shared/domain/scope.js';
import type { DemoUser } from '../../shared/domain/user.js';
import { apiClient, futureWindow, validRequest } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

/**
 * The whole journey in the browser: a council requests; its region's adviser scopes it, gets a
 * proposal, swaps a person, invites; the peers answer (one declines, the adviser invites the best
 * replacement); the council sees the confirmed team and dates. Others see none of it. axe on every page.
 */

const SHOTS = 'test-results/screenshots';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];
const TOKEN_KEY = 'peer-challenge.token'; // as web/src/session.ts stores it

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let who: ReturnType<typeof demoUsers>;
let api: ReturnType<typeof apiClient>;
const pool = new Map<string, Peer>();
const pageErrors: string[] = [];
let challengeId = '';
let councilName = '';
const days = futureWindow(7, 3);
let invitedIds: string[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: true });
  who = demoUsers(platform.users);
  api = apiClient(platform.url);
  for (const kind of ['member', 'officer'] as const) for (const p of await approvedPeers(platform.tableName, kind)) pool.set(p.id, p);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // 400/404/409 answers are part of this journey; the browser logs them as failed resources.
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
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/journey-${name}.png`, fullPage: true });
const waitForH1 = (text: string | RegExp) => page.locator('main h1', { hasText: text }).waitFor();
const mainText = async () => (await page.locator('main').textContent()) ?? '';

/** Signs in as anyone by putting a token where the app keeps it, then opens `hash`. */
async function as(user: DemoUser, hash: string): Promise<void> {
  const token = await platform.issuer.sign(user);
  await page.goto(`${platform.url}/#/`);
  await page.evaluate(([k, t]) => sessionStorage.setItem(k!, t!), [TOKEN_KEY, token]);
  await page.goto(`${platform.url}/${hash}`);
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.locator('main h1').waitFor();
}
const peerAs = (id: string) => peerUser(pool.get(id)!);

describe('the journey from request to confirmed team', () => {
  it('a council officer requests a peer challenge', async () => {
    await as(who.council, '#/request');
    await waitForH1('Request a peer challenge');
    await page.selectOption('#f-kind', 'planning');
    await page.check('#f-focusAreas-planning');
    await page.check('#f-focusAreas-housing');
    await page.fill('#f-windows-0-start', days[0]!);
    await page.fill('#f-contact-email', 'alex@council.example.org');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/#\/challenges\/[0-9A-Z]{26}$/);
    challengeId = decodeURIComponent(page.url().split('#/challenges/')[1]!);
    await page.locator('[data-testid="timeline"]').waitFor();
    councilName = (await page.locator('main h1 .caption').textContent()) ?? '';
    expect(councilName).not.toBe('');
    // The status timeline starts with the request.
    expect(await page.locator('[data-testid="timeline"] li').count()).toBe(1);
  });

  it('the adviser sees it on the pipeline board, by status with counts', async () => {
    await as(who.adviserOf(who.council.region!)!, '#/pipeline');
    const col = page.locator('[data-status="requested"]');
    await col.locator(`a[href="#/challenges/${challengeId}/manage"]`).waitFor();
    const count = Number(await col.locator('.board__count').getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(await col.locator('li').count());
    expect(count).toBeGreaterThan(0);
    await shot('01-pipeline');
    await audit('pipeline');
    await col.locator(`a[href="#/challenges/${challengeId}/manage"]`).click();
    await waitForH1(councilName);
  });

  it('a move the lifecycle does not allow names the allowed ones; then it moves to scoping', async () => {
    await page.selectOption('#f-to', 'on-site');
    await page.fill('#f-why', 'trying');
    await page.getByRole('button', { name: 'Move' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/allowed: scoping, cancelled/i);
    await shot('02-status-409');
    await audit('manage with 409');
    await page.selectOption('#f-to', 'scoping');
    await page.fill('#f-why', 'scoping call held');
    await page.getByRole('button', { name: 'Move' }).click();
    await page.locator('#scope-form').waitFor();
    expect(await mainText()).toContain('Moved to scoping');
  });

  it('the scoping form starts from the kind’s template and saves', async () => {
    for (const role of ['lead-member', 'member', 'lead-officer', 'officer', 'other']) {
      const want = TEAM_TEMPLATES.planning.find((s) => s.role === role)?.count ?? 0;
      expect(await page.inputValue(`#f-slots-${role}`), role).toBe(String(want));
    }
    expect(await page.inputValue('#f-focus-planning')).toBe('3');
    expect(await page.inputValue('#f-days-start')).toBe(days[0]);
    expect(await page.locator('#days-preview').textContent()).toContain('3 working days');
    await page.selectOption('#f-focus-planning', '5');
    await audit('scope form');
    await shot('03-scope-form');
    await page.getByRole('button', { name: 'Save scope' }).click();
    await page.locator('.notice--success', { hasText: 'Scope saved' }).waitFor();
    const c = await api.call('GET', `/api/challenges/${challengeId}`, { token: await platform.issuer.sign(who.adviserOf(who.council.region!)!) });
    expect(c.body.scope.days).toEqual(days);
    expect(c.body.scope.slots).toEqual(TEAM_TEMPLATES.planning);
    expect(c.body.scope.focus).toEqual({ planning: 5, housing: 3 });
    expect(c.body.scope.reportDue).toBe(addDays(days.at(-1)!, 21));
  });

  it('proposes a team with reasons, swaps one person, and invites the team', async () => {
    await page.click('#propose');
    const rows = page.locator('[data-testid="proposed-team"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    const before = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-peer')!));
    expect(await page.locator('[data-testid="proposed-team"] .why').first().textContent()).not.toBe('');
    const out = before[0]!;
    await page.click(`[data-swap="${out}"]`);
    await page.locator('[data-testid="score-diff"]').waitFor();
    const after = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-peer')!));
    expect(after).not.toContain(out);
    expect(after).toEqual(expect.arrayContaining(before.slice(1)));
    expect(await page.locator('[data-testid="score-diff"]').textContent()).toMatch(/best team without your changes/);
    await shot('04-proposal-swapped');
    await audit('proposal');
    await page.click('#invite-team');
    await page.locator('.notice--success', { hasText: 'Invited' }).waitFor();
    await page.locator('[data-testid="team"] tbody tr').first().waitFor();
    invitedIds = await page.locator('[data-testid="team"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-peer')!));
    expect(invitedIds.sort()).toEqual([...after].sort());
    expect(await mainText()).toContain('Team proposed');
  });

  it('a peer declines with a reason (a blank reason is refused first)', async () => {
    await as(peerAs(invitedIds[0]!), '#/invitations');
    const card = page.locator(`[data-invitation="${challengeId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(councilName);
    await shot('05-invitations');
    await audit('invitations');
    await card.getByRole('button', { name: /^Decline/ }).click();
    await card.locator('.error-summary').waitFor();
    expect(await card.locator('.field-error').textContent()).toMatch(/say why/i);
    await card.locator('textarea').fill('on leave that week');
    await card.getByRole('button', { name: /^Decline/ }).click();
    await page.locator('main', { hasText: 'You have declined' }).waitFor();
    expect(await page.locator('[data-testid="answered"]').textContent()).toContain('on leave that week');
  });

  it('the others accept; a clash with another booking is a 409 naming the day', async () => {
    // A second challenge on the same days, with the second peer invited to it by API.
    const adviser = await platform.issuer.sign(who.adviserOf(who.council.region!)!);
    const council = await platform.issuer.sign(who.council);
    const other = (await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) })).body.id as string;
    await api.call('POST', `/api/challenges/${other}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } });
    const clashPeer = pool.get(invitedIds[1]!)!;
    const role = clashPeer.roles.includes('officer') ? 'officer' : 'member';
    expect((await api.call('PUT', `/api/challenges/${other}/scope`, { token: adviser, body: { slots: [{ role, count: 1 }], focus: { finance: 3 }, days, presentationDay: days.at(-1), reportDue: addDays(days.at(-1)!, 21) } })).status).toBe(200);
    expect((await api.call('POST', `/api/challenges/${other}/invitations`, { token: adviser, body: { team: [{ role, peerId: clashPeer.id }] } })).status).toBe(201);

    for (const id of invitedIds.slice(1)) {
      await as(peerAs(id), '#/invitations');
      const card = page.locator(`[data-invitation="${challengeId}"]`);
      await card.getByRole('button', { name: /^Accept/ }).click();
      await page.locator('main', { hasText: 'You have joined the team' }).waitFor();
    }
    // The clash peer now tries the other challenge on the same days.
    await as(peerAs(clashPeer.id), '#/invitations');
    const clash = page.locator(`[data-invitation="${other}"]`);
    await clash.getByRole('button', { name: /^Accept/ }).click();
    const refusal = clash.locator('[data-testid="refusal"]');
    await refusal.waitFor();
    const dayName = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${days[0]}T00:00:00Z`)).replace(/,/g, '');
    expect(await refusal.textContent()).toContain(dayName);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('refusal');
    await shot('06-accept-clash');
    await audit('invitations with clash');
  });

  it('the adviser gets the best replacement, keeping the rest, and invites them', async () => {
    await as(who.adviserOf(who.council.region!)!, `#/challenges/${challengeId}/manage`);
    expect(await page.locator(`[data-testid="team"] tr[data-peer="${invitedIds[0]}"]`).textContent()).toContain('on leave that week');
    await page.getByRole('button', { name: 'Find the best replacement' }).click();
    const rows = page.locator('[data-testid="proposed-team"] tbody tr');
    await rows.first().waitFor();
    const now = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-peer')!));
    expect(now).toEqual(expect.arrayContaining(invitedIds.slice(1)));
    expect(now).not.toContain(invitedIds[0]);
    const replacement = now.find((id) => !invitedIds.includes(id))!;
    await shot('07-replacement');
    await page.getByRole('button', { name: 'Invite 1 new peer' }).click();
    await page.locator('.notice--success', { hasText: 'Invited' }).waitFor();
    await as(peerAs(replacement), '#/invitations');
    await page.locator(`[data-invitation="${challengeId}"]`).getByRole('button', { name: /^Accept/ }).click();
    await page.locator('main', { hasText: 'You have joined the team' }).waitFor();
    invitedIds.push(replacement);
  });

  it('the peer sees the booking in their calendar and challenges', async () => {
    await as(peerAs(invitedIds[1]!), `#/calendar/${days[0]!.slice(0, 7)}`);
    for (const d of days) expect(await page.locator(`td[data-day="${d}"]`).getAttribute('class')).toContain('cal__day--booked');
    await shot('08-calendar');
    await audit('calendar');
    // Their confirmed days as a calendar file, and a private address to subscribe to.
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="calendar-link"]').click();
    const ics = await (await download).path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p!, 'utf8')));
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`DTSTART;VALUE=DATE:${days[0]!.replaceAll('-', '')}`);
    await page.getByRole('button', { name: 'Show my calendar subscription address' }).click();
    const feed = await page.locator('#calendar-feed-url').inputValue();
    expect(feed).toMatch(/\/api\/calendar\/feed\/.+\.ics$/);
    expect((await fetch(feed)).status).toBe(200);
    await page.goto(`${platform.url}/#/my-challenges`);
    await page.locator('[data-testid="my-challenges"]', { hasText: councilName }).waitFor();
    await audit('my challenges');
  });

  it('a peer edits their profile and asks for a lead role', async () => {
    const member = [...pool.values()].find((p) => p.kind === 'member' && !p.roles.includes('lead-member') && p.requestedRoles.length === 0)!;
    await as(peerAs(member.id), '#/profile');
    await waitForH1('Your profile');
    await audit('profile');
    await page.fill('#f-maxLoad', '13');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('.error-summary', { hasText: 'Challenges a year' }).waitFor();
    await page.fill('#f-maxLoad', '4');
    await page.check('#f-roles-lead-member');
    await page.selectOption('#f-skills-finance', '3');
    await page.fill('#f-blackouts', days[1]!);
    await page.click('#add-blackout');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('main', { hasText: 'Your profile has been saved' }).waitFor();
    expect(await mainText()).toContain('asked for; waiting for accreditation');
    await shot('09-profile');
    const saved = (await api.call('GET', '/api/peers/me', { token: await platform.issuer.sign(peerAs(member.id)) })).body;
    expect(saved).toMatchObject({ maxLoad: 4, requestedRoles: ['lead-member'], blackouts: expect.arrayContaining([days[1]]) });
    expect(saved.skills.finance).toBe(3);

    // The group office sees the request and accredits the lead role.
    const office = platform.users.find((u) => u.roles.includes('group-office') && u.group === member.group)!;
    await as(office, '#/approvals');
    const card = page.locator(`[data-peer="${member.id}"]`);
    await page.locator('[data-testid="approvals"]').waitFor();
    while ((await card.count()) === 0 && (await page.getByRole('button', { name: 'Show more' }).count()) > 0) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await page.waitForTimeout(200);
    }
    await card.waitFor();
    await audit('approvals');
    await shot('10-approvals');
    await card.locator(`input[value="accredit"]`).check();
    await card.getByRole('button', { name: /^Save decision/ }).click();
    await card.waitFor({ state: 'detached' });
    const after = (await api.call('GET', '/api/peers/me', { token: await platform.issuer.sign(peerAs(member.id)) })).body;
    expect(after.roles).toContain('lead-member');
  });

  it('the council sees the confirmed team and its dates', async () => {
    await as(who.council, `#/challenges/${challengeId}`);
    const section = page.locator('[data-testid="team-and-dates"]');
    await section.waitFor();
    expect(await mainText()).toContain('Team confirmed');
    expect(await section.textContent()).toContain('3 of 3 places accepted');
    for (const id of invitedIds.slice(1)) expect(await section.textContent()).toContain(pool.get(id)!.name);
    expect(await section.textContent()).not.toContain(pool.get(invitedIds[0]!)!.name);
    expect(await page.locator('[data-testid="timeline"] li').count()).toBeGreaterThanOrEqual(4);
    const hasIcs = (await api.call('GET', '/api/openapi.json')).body.paths['/api/calendar.ics'] !== undefined;
    expect(await page.locator('[data-testid="calendar-link"]').count()).toBe(hasIcs ? 1 : 0);
    await shot('11-council-confirmed');
    await audit('council detail confirmed');
  });

  it("another council's officer and an uninvited peer see none of it", async () => {
    await as(who.otherCouncil, `#/challenges/${challengeId}`);
    await waitForH1(/not found/i);
    const outsider = [...pool.values()].find((p) => !invitedIds.includes(p.id))!;
    await as(peerAs(outsider.id), '#/invitations');
    expect(await page.locator(`[data-invitation="${challengeId}"]`).count()).toBe(0);
    const token = await platform.issuer.sign(peerAs(outsider.id));
    expect((await api.call('POST', `/api/invitations/${challengeId}/accept`, { token, headers: { 'idempotency-key': 'journey-outsider-1' } })).status).toBe(404);
  });

  it('fits a small screen and raised no script errors', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await as(peerAs(invitedIds[1]!), `#/calendar/${days[0]!.slice(0, 7)}`);
    await shot('12-calendar-narrow');
    expect(pageErrors).toEqual([]);
  });
});
