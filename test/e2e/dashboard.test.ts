import { mkdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import axe from 'axe-core';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { buildDemoData } from '../../infra/local/seed/demo-data.js';
import { bucketOf, monthsOfFinancialYear } from '../../shared/domain/pipeline.js';
import { financialYear, todayIso } from '../../shared/domain/dates.js';
import { apiClient } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';

/**
 * The advisers' dashboard in Chromium, as the South East adviser: every section's chart total
 * (read back from the uPlot instance into data-total) equals its table's total equals the API's;
 * the pipeline equals a recount of the seed; CSV downloads hold the table's rows; filters live in
 * the URL and change the figures; axe finds nothing serious.
 */

const SHOTS = 'test-results/screenshots';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];
const REGION = 'South East';
const FY = financialYear(todayIso());

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: ReturnType<typeof apiClient>;
let token: string;
const pageErrors: string[] = [];
const axeReport: Record<string, string[]> = {};
let followUpsLive = false;
/** Two follow-ups, out of date order (the page sorts them). */
const stubItems = () => [
  { challengeId: stubIds[0], councilName: 'Later Council', kind: 'progress-review', dueOn: '2099-01-31', state: 'due' },
  { challengeId: stubIds[1], councilName: 'Earlier Council', kind: 'check-in', dueOn: '2020-01-31', state: 'overdue' },
];
let stubIds: string[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: true });
  const who = demoUsers(platform.users);
  const adviser = who.adviserOf(REGION)!;
  expect(adviser, 'the seed has a South East adviser').toBeTruthy();
  api = apiClient(platform.url);
  token = await api.signIn(adviser);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) pageErrors.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  // GET /api/follow-ups is being added alongside this page: when the API lists it and answers, use
  // it; otherwise stand in for it in the browser (the page's behaviour is what is tested here).
  const listed = !!(await api.call('GET', '/api/openapi.json', {})).body.paths?.['/api/follow-ups']?.get;
  followUpsLive = listed && (await api.call('GET', '/api/follow-ups', { token })).status === 200;
  if (!followUpsLive) {
    const seeded = buildDemoData().challenges.filter((c) => c.region === REGION);
    stubIds = [seeded[0]!.id, seeded[1]!.id];
    await page.route('**/api/openapi.json', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.paths['/api/follow-ups'] = { get: { summary: 'stub' } };
      await route.fulfill({ response: res, json: body });
    });
    await page.route('**/api/follow-ups*', (route) =>
      route.fulfill({
        json: { items: stubItems() },
      }),
    );
  }
  await page.goto(platform.url);
  await page.locator('main h1', { hasText: 'Sign in to peer challenge' }).waitFor();
  await page.click(`button[data-user="${adviser.id}"]`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}, 180_000);

afterAll(async () => {
  if (Object.keys(axeReport).length) console.log('axe violations (all impacts):', JSON.stringify(axeReport, null, 2));
  await context?.close();
  await browser?.close();
  await platform?.stop();
}, 120_000);

async function get(path: string) {
  const r = await api.call('GET', path, { token });
  expect(r.status, path).toBe(200);
  return r.body;
}

async function audit(name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
  axeReport[name] = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s)`);
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${name}`).toEqual([]);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/dashboard-${name}.png`, fullPage: true });
}

/** Waits for the dashboard for these filters to be on screen. */
async function dashboardFor(region: string, years?: number): Promise<void> {
  await page.locator(`.dashboard[data-region="${region}"]${years ? `[data-years="${years}"]` : ''}`).waitFor();
  await page.locator('main[aria-busy="false"]').waitFor();
}

const attrTotal = async (selector: string) => {
  const v = await page.locator(selector).first().getAttribute('data-total');
  expect(v, `${selector} has data-total`).not.toBeNull();
  return Number(v);
};
const chartTotal = (id: string) => attrTotal(`.chart[data-chart="${id}"]`);
const tableTotal = (id: string) => attrTotal(`table#${id}`);
/** The table's visible total row, last cell (the "Total" column), or the sum of a column. */
async function footTotal(id: string, column = -1): Promise<number> {
  const cells = await page.locator(`table#${id} tfoot td`).allTextContents();
  return Number(cells.at(column));
}
const bodyRows = (id: string) => page.locator(`table#${id} tbody tr`).count();

describe('the advisers’ dashboard in the browser', () => {
  it('is in the adviser’s navigation and renders every section with its definition', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await dashboardFor(REGION);
    expect(await page.locator('main h1').textContent()).toContain('Dashboard');
    expect(page.url()).toContain('#/dashboard');
    for (const id of ['pipeline', 'take-up', 'pool', 'themes']) {
      const section = page.locator(`section[data-section="${id}"]`);
      expect(await section.count(), id).toBe(1);
      expect(await section.locator('.notice--error').count(), `${id} loaded`).toBe(0);
      expect((await section.locator('p.definition').textContent())?.length ?? 0, `${id} definition`).toBeGreaterThan(40);
      expect(await section.locator('.dash-total').count(), `${id} total`).toBe(1);
    }
    // uPlot drew onto canvases, each inside a labelled image with its table.
    const charts = page.locator('.chart[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    for (const chart of await charts.all()) {
      expect(await chart.getAttribute('aria-label')).toMatch(/chart .*Total \d+/);
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
      expect(await page.locator(`table#${await chart.getAttribute('data-chart')}`).count()).toBe(1);
    }
    await shot('mine');
    await page.screenshot({ path: `${SHOTS}/dashboard-top.png` });
    for (const id of ['pipeline', 'take-up', 'pool', 'themes']) await page.locator(`section[data-section="${id}"]`).screenshot({ path: `${SHOTS}/dashboard-section-${id}.png` });
    await page.locator('.chart-block', { has: page.locator('[data-chart="pool-skills"]') }).screenshot({ path: `${SHOTS}/dashboard-chart-pool-skills.png` });
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('pipeline: chart total = table total = API total = a recount of the seed', async () => {
    const body = await get(`/api/dashboard/pipeline?fy=${encodeURIComponent(FY)}&region=${encodeURIComponent(REGION)}`);
    const { from, to } = monthsOfFinancialYear(FY);
    const recount = buildDemoData()
      .challenges.filter((c) => c.region === REGION)
      .map(bucketOf)
      .filter((b) => b.month >= from && b.month <= to).length;
    expect(body.total).toBe(recount);
    expect(recount, 'the seed has South East challenges this year').toBeGreaterThan(0);
    expect(await chartTotal('pipeline-months')).toBe(body.total);
    expect(await tableTotal('pipeline-months')).toBe(body.total);
    expect(await footTotal('pipeline-months')).toBe(body.total);
    expect(await tableTotal('pipeline-status-kind')).toBe(body.total);
    expect(await footTotal('pipeline-status-kind')).toBe(body.total);
    expect(await attrTotal('section[data-section="pipeline"]')).toBe(body.total);
    expect(await bodyRows('pipeline-months')).toBe(12);
    for (const phase of ['in-discussion', 'booked', 'delivered'])
      expect(Number(await page.locator(`section[data-section="pipeline"] [data-stat="${phase}"] dd`).textContent()), phase).toBe(body.byPhase[phase]);
  });

  it('take-up, pool and themes: chart total = table total = API total', async () => {
    const takeUp = await get(`/api/dashboard/take-up?years=5&region=${encodeURIComponent(REGION)}`);
    expect(await attrTotal('section[data-section="take-up"]')).toBe(takeUp.total);
    if (takeUp.byType.length) expect(await chartTotal('take-up-type')).toBe(takeUp.total);
    for (const id of ['take-up-type', 'take-up-region', 'take-up-control', 'take-up-councils']) expect(await tableTotal(id), id).toBe(takeUp.total);
    expect(await bodyRows('take-up-councils')).toBe(takeUp.total);

    const pool = await get(`/api/dashboard/pool?fy=${encodeURIComponent(FY)}`);
    expect(pool.total.peers).toBeGreaterThan(0);
    expect(await attrTotal('section[data-section="pool"]')).toBe(pool.total.peers);
    for (const id of ['pool-group', 'pool-load']) {
      expect(await chartTotal(id), id).toBe(pool.total.peers);
      expect(await tableTotal(id), id).toBe(pool.total.peers);
    }
    for (const id of ['pool-kind', 'pool-region']) expect(await tableTotal(id), id).toBe(pool.total.peers);
    expect(await footTotal('pool-group', -1)).toBe(pool.total.peerDays);
    const skills = pool.skills.reduce((n: number, s: { supply: number; demand: number }) => n + s.supply + s.demand, 0);
    expect(await chartTotal('pool-skills')).toBe(skills);
    expect(await tableTotal('pool-skills')).toBe(skills);
    // Shortfalls are highlighted, and named in words (not by colour alone).
    const shortfalls = pool.skills.filter((s: { shortfall: boolean }) => s.shortfall).length;
    expect(await page.locator('table#pool-skills tbody tr.row--alert').count()).toBe(shortfalls);
    expect(await page.locator('table#pool-skills tbody tr', { hasText: 'Shortfall' }).count()).toBe(shortfalls);

    const themes = await get(`/api/dashboard/themes?fy=${encodeURIComponent(FY)}`);
    expect(await attrTotal('section[data-section="themes"]')).toBe(themes.totals.challengeFocusAreas);
    if (themes.challenges.length) expect(await chartTotal('themes-challenges')).toBe(themes.totals.challengeFocusAreas);
    expect(await tableTotal('themes-challenges')).toBe(themes.totals.challengeFocusAreas);
    expect(await tableTotal('themes-recommendations')).toBe(themes.totals.recommendations);
    if (themes.recommendations.length) expect(await chartTotal('themes-recommendations')).toBe(themes.totals.recommendations);
  });

  it('lists follow-ups due and overdue by date, each linking to its challenge', async () => {
    const section = page.locator('section[data-section="follow-ups"]');
    expect(await section.count()).toBe(1);
    await section.screenshot({ path: `${SHOTS}/dashboard-section-follow-ups.png` });
    expect(await section.locator('.notice--error').count()).toBe(0);
    const links = section.locator('tbody a[href^="#/challenges/"]');
    const rows = await bodyRows('follow-ups-table');
    expect(await links.count()).toBe(rows);
    expect(await attrTotal('section[data-section="follow-ups"]')).toBe(rows);
    let stub: ((route: Route) => Promise<void>) | null = null;
    if (followUpsLive) {
      const body = await get('/api/follow-ups');
      expect(rows).toBe(body.items.length);
      // Then the sorting and the links, on answers with rows in them.
      const seeded = buildDemoData().challenges.filter((c) => c.region === REGION);
      stubIds = [seeded[0]!.id, seeded[1]!.id];
      stub = (route: Route) => route.fulfill({ json: { items: stubItems() } });
      await page.route('**/api/follow-ups*', stub);
      await page.reload();
      await dashboardFor(REGION);
    }
    expect(await links.allTextContents()).toEqual(['Earlier Council', 'Later Council']);
    expect(await section.locator('tbody tr.row--alert').count()).toBe(1);
    await links.first().click();
    await page.waitForURL(new RegExp(`#/challenges/${stubIds[1]}$`));
    await page.goBack();
    await dashboardFor(REGION);
    if (stub) {
      await page.unroute('**/api/follow-ups*', stub);
      await page.reload();
      await dashboardFor(REGION);
    }
  });

  it('leaves the follow-ups out when the API does not list them', async () => {
    const without = async (route: Route) => {
      const res = await route.fetch();
      const body = await res.json();
      delete body.paths['/api/follow-ups'];
      await route.fulfill({ response: res, json: body });
    };
    await page.route('**/api/openapi.json', without);
    await page.reload();
    await dashboardFor(REGION);
    expect(await page.locator('section[data-section="pipeline"]').count()).toBe(1);
    expect(await page.locator('section[data-section="follow-ups"]').count()).toBe(0);
    await page.unroute('**/api/openapi.json', without);
    await page.reload();
    await dashboardFor(REGION);
    await page.locator('section[data-section="follow-ups"]').waitFor();
  });

  it('downloads each table as CSV with the table’s rows', async () => {
    const fySlug = FY.replace('/', '-');
    const [pipeline] = await Promise.all([page.waitForEvent('download'), page.click('button[data-csv="pipeline-months"]')]);
    expect(pipeline.suggestedFilename()).toBe(`pipeline-${fySlug}-south-east.csv`);
    const pipelineCsv = (await readFile((await pipeline.path())!, 'utf8')).replace(/^\ufeff/, '');
    const lines = pipelineCsv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Month,In discussion,Booked,Delivered,Ended (withdrawn or cancelled),Total');
    expect(lines.length - 1).toBe(await bodyRows('pipeline-months'));
    const csvTotal = lines.slice(1).reduce((n, l) => n + Number(l.split(',').at(-1)), 0);
    expect(csvTotal).toBe(await tableTotal('pipeline-months'));

    const [councils] = await Promise.all([page.waitForEvent('download'), page.click('button[data-csv="take-up-councils"]')]);
    expect(councils.suggestedFilename()).toBe('take-up-5-years-south-east-councils.csv');
    const text = (await readFile((await councils.path())!, 'utf8')).replace(/^\ufeff/, '');
    // RFC 4180 records end in CRLF; quoted fields may hold commas but not (here) line breaks.
    const records = text.split('\r\n').filter(Boolean);
    expect(records.length - 1).toBe(await bodyRows('take-up-councils'));
    expect(records.length - 1).toBeGreaterThan(0);
  });

  it('keeps the filters in the URL, and all regions count at least as many as one', async () => {
    const mine = {
      pipeline: await attrTotal('section[data-section="pipeline"]'),
      takeUp: await attrTotal('section[data-section="take-up"]'),
    };
    await page.selectOption('#dash-region', 'all');
    await page.selectOption('#dash-years', '10');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await dashboardFor('all', 10);
    expect(decodeURIComponent(page.url())).toContain(`#/dashboard?fy=${FY}&region=all&years=10`);
    const all = {
      pipeline: await attrTotal('section[data-section="pipeline"]'),
      takeUp: await attrTotal('section[data-section="take-up"]'),
    };
    const api = await get(`/api/dashboard/pipeline?fy=${encodeURIComponent(FY)}&region=all`);
    expect(all.pipeline).toBe(api.total);
    expect(await chartTotal('pipeline-months')).toBe(api.total);
    expect(await tableTotal('pipeline-months')).toBe(api.total);
    expect(all.pipeline).toBeGreaterThanOrEqual(mine.pipeline);
    const takeUpAll10 = await get('/api/dashboard/take-up?years=10&region=all');
    expect(all.takeUp).toBe(takeUpAll10.total);
    expect(await chartTotal('take-up-type')).toBe(takeUpAll10.total);
    expect(takeUpAll10.total).toBeGreaterThanOrEqual(mine.takeUp);
    await shot('all');
    await audit('dashboard, all regions');

    // The URL alone restores the view: a fresh load of it shows the same filters.
    await page.reload();
    await dashboardFor('all', 10);
    expect(await page.locator('#dash-region').inputValue()).toBe('all');
    expect(await page.locator('#dash-years').inputValue()).toBe('10');

    // Back to the adviser's own region and an earlier year: the URL and the figures follow.
    const earlier = `${Number(FY.slice(0, 4)) - 1}/${String(Number(FY.slice(5)) - 1).padStart(2, '0')}`;
    await page.selectOption('#dash-region', 'mine');
    await page.selectOption('#dash-fy', earlier);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator(`.dashboard[data-region="${REGION}"][data-fy="${earlier}"]`).waitFor();
    expect(decodeURIComponent(page.url())).toContain(`fy=${earlier}&region=mine`);
    const before = await get(`/api/dashboard/pipeline?fy=${encodeURIComponent(earlier)}&region=${encodeURIComponent(REGION)}`);
    expect(await chartTotal('pipeline-months')).toBe(before.total);
    expect(await tableTotal('pipeline-months')).toBe(before.total);
    await audit('dashboard, own region');
    await shot('earlier-year');
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
