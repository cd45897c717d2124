import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { apiClient, futureWindow } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';
import type { DemoUser } from '../../shared/domain/user.js';

/**
 * The browser journey of a council's request: sign in as a demo user, request a peer challenge,
 * see it; another council cannot; the region's adviser can. Also checks error display and runs
 * axe-core on each page (no serious or critical violations).
 */

const SHOTS = 'test-results/screenshots';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let who: ReturnType<typeof demoUsers>;
let councilName: string;
let challengeId = '';
const pageErrors: string[] = [];
const postKeys: (string | undefined)[] = [];
const axeReport: Record<string, string[]> = {};

const window1 = futureWindow(3, 4); // four working days, at least three weeks ahead

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: true });
  who = demoUsers(platform.users);
  const api = apiClient(platform.url);
  const me = await api.call('GET', '/api/me', { token: await api.signIn(who.council) });
  councilName = me.body.council.name;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  // The page's Content-Security-Policy forbids inline scripts; axe is injected as one.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/challenges') postKeys.push(r.headers()['idempotency-key']);
  });
  page.on('console', (m) => {
    // 400/404 answers are expected in this journey; the browser logs them as failed resources.
    if (m.type() === 'error' && !/status of (400|404)/.test(m.text())) pageErrors.push(m.text());
  });
}, 120_000);

afterAll(async () => {
  if (Object.keys(axeReport).length) console.log('axe violations (all impacts) by page:', JSON.stringify(axeReport, null, 2));
  await context?.close();
  await browser?.close();
  await platform?.stop();
}, 120_000);

async function audit(name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
  axeReport[name] = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s)`);
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${name}`).toEqual([]);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function h1(): Promise<string> {
  const el = page.locator('main h1');
  await el.waitFor();
  return (await el.textContent())?.trim() ?? '';
}

async function waitForH1(text: string | RegExp): Promise<void> {
  await page.locator('main h1', { hasText: text }).waitFor();
}

async function signInAs(user: DemoUser): Promise<void> {
  await waitForH1('Sign in to peer challenge');
  await page.click(`button[data-user="${user.id}"]`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForH1('Sign in to peer challenge');
}

/** Fills the request form except what `skip` names. */
async function fillRequest(skip: { email?: boolean } = {}): Promise<void> {
  await page.selectOption('#f-kind', 'corporate');
  await page.check('#f-focusAreas-finance');
  await page.check('#f-focusAreas-housing');
  await page.fill('#f-windows-0-start', window1[0]!);
  await page.selectOption('#f-windows-0-days', '4');
  await page.fill('#f-contact-name', 'Alex Example');
  await page.fill('#f-contact-email', skip.email ? '' : 'alex@council.example.org');
  await page.fill('#f-contact-phone', '01234 567890');
  await page.fill('#f-notes', 'Please look at our medium-term financial plan. <b>not bold</b>');
}

describe('a council requests a peer challenge in the browser', () => {
  it('shows signed-out visitors the sign-in page, with the skip link first', async () => {
    await page.goto(platform.url);
    await waitForH1('Sign in to peer challenge');
    expect(await page.title()).toContain('Sign in');
    // Every role has its demo users, each with a button.
    for (const u of [who.council, who.otherCouncil, who.peer, who.groupOffice]) expect(await page.locator(`button[data-user="${u.id}"]`).count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await shot('01-sign-in');
    await audit('sign-in');
  });

  it('signs in the council officer, whose home page names their council', async () => {
    await signInAs(who.council);
    expect(await h1()).toContain(councilName);
    await page.getByRole('link', { name: 'Request a peer challenge' }).waitFor();
    await shot('02-council-home');
    await audit('council home');
  });

  it('shows an error summary naming the missing contact email', async () => {
    await page.getByRole('link', { name: 'Request a peer challenge' }).click();
    await waitForH1('Request a peer challenge');
    expect(await page.locator('#core-elements').isVisible()).toBe(true);
    await audit('request form');
    await shot('03-request-form');
    await fillRequest({ email: true });
    expect(await page.locator('#window-0-preview').textContent()).toContain('4 working days');
    await page.getByRole('button', { name: 'Send request' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Contact email address');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.title()).toMatch(/^Error: /);
    // Inline message next to the field, and the field is marked invalid.
    expect(await page.locator('[data-field="contact.email"] .field-error').textContent()).toMatch(/email/i);
    expect(await page.getAttribute('#f-contact-email', 'aria-invalid')).toBe('true');
    // Keyboard only: Tab to the summary's link, Enter takes focus to the field, without touching the route.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Contact email address');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-contact-email');
    expect(page.url()).not.toContain('#f-contact-email');
    await shot('04-request-form-errors');
    await audit('request form with errors');
  });

  it('sends the corrected request and shows its detail page', async () => {
    // Still keyboard only: type the address where the summary link left focus, Enter submits.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-contact-email');
    await page.keyboard.type('alex@council.example.org');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/challenges\/[0-9A-Z]{26}$/);
    challengeId = decodeURIComponent(page.url().split('#/challenges/')[1]!);
    await waitForH1('Corporate peer challenge');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Request sent');
    expect(main).toContain(councilName);
    expect(main).toContain('Requested');
    expect(main).toContain('Finance');
    expect(main).toContain('Housing');
    expect(main).toContain('4 working days');
    expect(main).toContain('alex@council.example.org');
    // Notes are shown as text, never as markup.
    expect(main).toContain('<b>not bold</b>');
    expect(await page.locator('main b').count()).toBe(0);
    await shot('05-challenge-detail');
    await audit('challenge detail');

    // What the API stored: the window expanded to consecutive working days.
    const api = apiClient(platform.url);
    const stored = await api.call('GET', `/api/challenges/${challengeId}`, { token: await api.signIn(who.council) });
    expect(stored.body.windows).toEqual([window1]);
    expect(stored.body.focusAreas).toEqual(['finance', 'housing']);

    // Each POST carried an Idempotency-Key; the corrected request got a new one.
    expect(postKeys).toHaveLength(2);
    for (const k of postKeys) expect(k).toMatch(/^[0-9a-f-]{36}$/);
    expect(postKeys[0]).not.toBe(postKeys[1]);
  });

  it("lists it on the council's home page", async () => {
    await page.getByRole('link', { name: /Back to your council/ }).click();
    await waitForH1(councilName);
    await page.locator(`a[href="#/challenges/${challengeId}"]`).waitFor();
    await shot('06-council-home-with-request');
  });

  it("hides it from another council's officer, even by its address", async () => {
    await signOut();
    await signInAs(who.otherCouncil);
    await page.locator('main h1').waitFor();
    expect(await h1()).not.toContain(councilName);
    expect(await page.locator(`a[href="#/challenges/${challengeId}"]`).count()).toBe(0);
    await page.goto(`${platform.url}/#/challenges/${challengeId}`);
    await waitForH1(/not found/i);
    await shot('07-other-council-not-found');
  });

  it("shows it to the adviser of the council's region", async () => {
    const adviser = who.adviserOf(who.council.region ?? '');
    expect(adviser, `an adviser for ${who.council.region}`).toBeDefined();
    await page.goto(`${platform.url}/#/`);
    await signOut();
    await signInAs(adviser!);
    await waitForH1(`Peer challenges in ${who.council.region}`);
    const link = page.locator(`a[href="#/challenges/${challengeId}"]`);
    expect(await link.textContent()).toBe(councilName);
    await shot('08-adviser-home');
    await audit('adviser home');
    await link.click();
    await waitForH1('Corporate peer challenge');
    expect(await page.locator('main').textContent()).toContain('alex@council.example.org');
  });

  it('gives peers and group offices their home pages', async () => {
    await signOut();
    await signInAs(who.peer);
    await page.getByRole('link', { name: 'Invitations' }).first().waitFor();
    expect(await page.locator('main .tiles a').count()).toBe(4);
    await signOut();
    await signInAs(who.groupOffice);
    await page.locator('main a[href="#/approvals"]').waitFor();
    await shot('09-group-office-home');
    await audit('group office home');
  });

  it('fits a small screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${platform.url}/#/`);
    await page.locator('main h1').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot('10-group-office-home-narrow');
    await signOut();
    await signInAs(who.council);
    await page.getByRole('link', { name: 'Request a peer challenge' }).click();
    await waitForH1('Request a peer challenge');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot('11-request-form-narrow');
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
