import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { readThemes } from '../../shared/data/aggregates.js';
import { addDays, financialYear } from '../../shared/domain/dates.js';
import { addMonths } from '../../shared/domain/follow-up.js';
import type { DemoUser } from '../../shared/domain/user.js';
import { remindFollowUp, remindFollowUps } from '../../functions/jobs/daily.js';
import { FollowUpRepository } from '../../shared/data/follow-up-repository.js';
import { apiClient, futureWindow, validRequest, workingWindow } from '../support/api-client.js';
import { peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let council: string;
let otherCouncil: string;
let adviser: string;
let otherAdviser: string;
let who: ReturnType<typeof demoUsers>;
const today = new Date().toISOString().slice(0, 10);
const pastDays = workingWindow(addDays(today, -40), 3);
const last = pastDays[pastDays.length - 1]!;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  who = demoUsers(platform.users);
  council = await api.signIn(who.council);
  otherCouncil = await api.signIn(who.otherCouncil);
  adviser = await api.signIn(who.adviserOf(who.council.region!)!);
  otherAdviser = await api.signIn(who.adviserNotOf(who.council.region!));
});

afterAll(async () => {
  await platform?.stop();
});

const raw = async (PK: string, SK: string) => (await documentClient().send(new GetCommand({ TableName: platform.tableName, Key: { PK, SK }, ConsistentRead: true }))).Item;

/** Moves a challenge's on-site days into the past, as if the visit had happened (tests only). */
async function moveOnSiteToPast(id: string, withScope: boolean) {
  await documentClient().send(
    new UpdateCommand({
      TableName: platform.tableName,
      Key: { PK: `CHALLENGE#${id}`, SK: 'CHALLENGE' },
      UpdateExpression: withScope ? 'SET windows = :w, #scope.#days = :d' : 'SET windows = :w',
      ...(withScope ? { ExpressionAttributeNames: { '#scope': 'scope', '#days': 'days' } } : {}),
      ExpressionAttributeValues: { ':w': [pastDays], ...(withScope ? { ':d': pastDays } : {}) },
    }),
  );
}

const report = (themes: string[]) => ({
  feedbackPresentedOn: last,
  issuedOn: today,
  recommendations: themes.map((theme, i) => ({ text: `Recommendation number ${i + 1}`, theme })),
});

const themeCount = async (theme: string) => (await readThemes(platform.tableName, 'RECOMMENDATIONS', financialYear(today))).find((t) => t.theme === theme)?.count ?? 0;

describe('after the visit: report → follow-ups → check-in → progress review → outcomes → closed', () => {
  let id: string;
  let team: { slot: string; peerId: string; name: string }[] = [];
  const tokenOf = (t: { peerId: string; name: string }) => platform.issuer.sign(peerUser({ id: t.peerId, name: t.name }));

  it('gets a challenge with an accepted team on site', async () => {
    const created = await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [futureWindow(8, 3)] }) });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } })).status).toBe(200);
    const days = created.body.windows[0];
    const scope = { slots: [{ role: 'member', count: 1 }, { role: 'officer', count: 2 }], focus: { finance: 3, governance: 2 }, days, presentationDay: days[2], reportDue: addDays(days[2], 21) };
    expect((await api.call('PUT', `/api/challenges/${id}/scope`, { token: adviser, body: scope })).status).toBe(200);
    const proposal = await api.call('POST', `/api/challenges/${id}/proposal`, { token: adviser, body: {} });
    expect(proposal.body.status, JSON.stringify(proposal.body)).toBe('optimal');
    team = proposal.body.team;
    expect((await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team: team.map((m) => ({ role: m.slot, peerId: m.peerId })) } })).status).toBe(201);
    for (const m of team) expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: await tokenOf(m) })).status).toBe(200);
    expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'on-site', why: 'team arrived' } })).status).toBe(200);
    await moveOnSiteToPast(id, true);
  });

  it('issues the report: status, follow-ups, theme counts and the council’s last corporate challenge, in one go', async () => {
    const before = { gov: await themeCount('governance-and-culture'), fin: await themeCount('finance') };
    const body = report(['governance-and-culture', 'governance-and-culture', 'finance']);
    expect((await api.call('PUT', `/api/challenges/${id}/report`, { token: council, body })).status).toBe(403);
    expect((await api.call('PUT', `/api/challenges/${id}/report`, { token: otherAdviser, body })).status).toBe(404);
    const bad = await api.call('PUT', `/api/challenges/${id}/report`, { token: adviser, body: { ...body, issuedOn: addDays(today, 1) } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('issuedOn');

    const issued = await api.call('PUT', `/api/challenges/${id}/report`, { token: adviser, body, headers: { 'idempotency-key': `report-${id}` } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.version).toBe(1);
    expect((await api.call('GET', `/api/challenges/${id}`, { token: council })).body.status).toBe('report-issued');
    expect(await themeCount('governance-and-culture')).toBe(before.gov + 2);
    expect(await themeCount('finance')).toBe(before.fin + 1);

    // A replay with the key, and the same report again without it, count nothing twice.
    const replay = await api.call('PUT', `/api/challenges/${id}/report`, { token: adviser, body, headers: { 'idempotency-key': `report-${id}` } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const same = await api.call('PUT', `/api/challenges/${id}/report`, { token: adviser, body });
    expect([same.status, same.body.version]).toEqual([200, 1]);
    expect(await themeCount('governance-and-culture')).toBe(before.gov + 2);

    // A correction moves the counts by the difference only.
    const edited = await api.call('PUT', `/api/challenges/${id}/report`, { token: adviser, body: report(['governance-and-culture', 'finance', 'finance', 'housing']) });
    expect(edited.body.version).toBe(2);
    expect(await themeCount('governance-and-culture')).toBe(before.gov + 1);
    expect(await themeCount('finance')).toBe(before.fin + 2);

    const view = await api.call('GET', `/api/challenges/${id}/follow-up`, { token: council });
    expect(view.status).toBe(200);
    expect(view.body.followUps.map((f: { kind: string; dueOn: string; state: string }) => [f.kind, f.dueOn, f.state])).toEqual([
      ['check-in', addMonths(last, 6), 'upcoming'],
      ['progress-review', addMonths(last, 12), 'upcoming'],
    ]);
    expect(view.body.report.recommendations).toHaveLength(4);
    expect((await api.call('GET', `/api/challenges/${id}/follow-up`, { token: otherCouncil })).status).toBe(404);

    const councilItem = await raw(`COUNCIL#${who.council.councilId}`, 'COUNCIL');
    expect(councilItem?.lastCorporateChallenge).toBe(last);
    expect(councilItem?.GSI2SK).toBe(`${last}#${who.council.councilId}`);
    const open = await documentClient().send(
      new QueryCommand({ TableName: platform.tableName, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK = :sk', ExpressionAttributeValues: { ':pk': 'FOLLOWUP#OPEN', ':sk': `${addMonths(last, 6)}#${id}#check-in` } }),
    );
    expect(open.Items).toHaveLength(1);
  });

  it('the council records publication, action plan and position statement; the adviser reads them', async () => {
    expect((await api.call('PUT', `/api/challenges/${id}/publication`, { token: adviser, body: { reportPublished: false, actionPlanPublished: false } })).status).toBe(403);
    expect((await api.call('PUT', `/api/challenges/${id}/publication`, { token: otherCouncil, body: { reportPublished: false, actionPlanPublished: false } })).status).toBe(404);
    const undated = await api.call('PUT', `/api/challenges/${id}/publication`, { token: council, body: { reportPublished: true, actionPlanPublished: false } });
    expect(undated.status).toBe(400);
    expect(undated.body.errors[0].field).toBe('reportPublishedOn');
    const pub = { reportPublished: true, reportPublishedOn: today, actionPlanPublished: false, link: 'https://council.example.org/peer-challenge' };
    expect((await api.call('PUT', `/api/challenges/${id}/publication`, { token: council, body: pub })).status).toBe(200);

    const action = (recommendation: number, status: string) => ({ recommendation, action: 'Do the thing', owner: 'Chief executive', dueOn: addDays(today, 90), status });
    const outOfRange = await api.call('PUT', `/api/challenges/${id}/action-plan`, { token: council, body: { actions: [action(4, 'on-track')] } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.errors[0].field).toBe('actions.0.recommendation');
    expect((await api.call('PUT', `/api/challenges/${id}/action-plan`, { token: adviser, body: { actions: [] } })).status).toBe(403);
    const plan = await api.call('PUT', `/api/challenges/${id}/action-plan`, { token: council, body: { actions: [action(0, 'off-track'), action(1, 'at-risk'), action(2, 'done')] } });
    expect(plan.status).toBe(200);
    const ps = { progress: [{ recommendation: 0, summary: 'New governance framework agreed', evidence: ['https://council.example.org/cabinet'] }] };
    expect((await api.call('PUT', `/api/challenges/${id}/position-statement`, { token: council, body: ps })).status).toBe(200);

    const view = await api.call('GET', `/api/challenges/${id}/follow-up`, { token: adviser });
    expect(view.body.publication).toMatchObject({ reportPublished: true, reportPublishedOn: today });
    expect(view.body.actionPlan.actions.map((a: { rag: string }) => a.rag)).toEqual(['red', 'amber', 'green']);
    expect(view.body.positionStatement.progress[0].summary).toBe('New governance framework agreed');
    expect((await api.call('GET', `/api/challenges/${id}/follow-up`, { token: otherAdviser })).status).toBe(404);
  });

  it('surveys: one per respondent; each sees only what they may', async () => {
    const [a, b] = team.filter((m) => m.slot === 'officer');
    const member = team.find((m) => m.slot === 'member')!;
    expect((await api.call('POST', `/api/challenges/${id}/survey`, { token: council, body: { rating: 4, comment: 'Useful', peerFeedback: [{ aboutPeerId: a!.peerId, rating: 5 }] } })).status).toBe(400);
    expect((await api.call('POST', `/api/challenges/${id}/survey`, { token: council, body: { rating: 4, comment: 'Useful' } })).status).toBe(201);
    expect((await api.call('POST', `/api/challenges/${id}/survey`, { token: council, body: { rating: 5 } })).status).toBe(409);
    expect((await api.call('POST', `/api/challenges/${id}/survey`, { token: otherCouncil, body: { rating: 5 } })).status).toBe(404);
    const self = await api.call('POST', `/api/challenges/${id}/survey`, { token: await tokenOf(a!), body: { rating: 5, peerFeedback: [{ aboutPeerId: a!.peerId, rating: 5 }] } });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].field).toBe('peerFeedback.0.aboutPeerId');
    const fromA = await api.call('POST', `/api/challenges/${id}/survey`, {
      token: await tokenOf(a!),
      body: { rating: 5, comment: 'Well run', peerFeedback: [{ aboutPeerId: member.peerId, rating: 3, comment: 'Quiet in interviews' }, { aboutPeerId: b!.peerId, rating: 5 }] },
    });
    expect(fromA.status, JSON.stringify(fromA.body)).toBe(201);

    const asAdviser = await api.call('GET', `/api/challenges/${id}/surveys`, { token: adviser });
    expect(asAdviser.body.surveys).toHaveLength(2);
    expect(asAdviser.body.peerFeedback).toHaveLength(2);
    const asCouncil = await api.call('GET', `/api/challenges/${id}/surveys`, { token: council });
    expect(asCouncil.body.surveys.map((s: { respondent: { kind: string } }) => s.respondent.kind)).toEqual(['council']);
    expect(asCouncil.body.peerFeedback).toEqual([]);
    for (const p of [a!, b!, member]) {
      const asPeer = await api.call('GET', `/api/challenges/${id}/surveys`, { token: await tokenOf(p) });
      expect(asPeer.status).toBe(200);
      expect(asPeer.body.peerFeedback).toEqual([]);
      expect(asPeer.body.surveys).toHaveLength(p === a ? 1 : 0);
    }

    // The member peer's group office sees what was said about them (not by whom); another group sees nothing.
    const group = (await raw(`PEER#${member.peerId}`, 'PEER'))?.group as string;
    const office = (g: string) => platform.users.find((u: DemoUser) => u.roles.includes('group-office') && u.group === g)!;
    const ours = await api.signIn(office(group));
    const theirs = await api.signIn(office(group === 'CON' ? 'LAB' : 'CON'));
    const seen = await api.call('GET', `/api/challenges/${id}/surveys`, { token: ours });
    expect(seen.status).toBe(200);
    expect(seen.body.surveys).toEqual([]);
    expect(seen.body.peerFeedback).toEqual([expect.objectContaining({ aboutPeerId: member.peerId, rating: 3, comment: 'Quiet in interviews' })]);
    expect(seen.body.peerFeedback[0].fromPeerId).toBeUndefined();
    const other = await api.call('GET', `/api/challenges/${id}/surveys`, { token: theirs });
    expect(other.status === 404 || other.body.peerFeedback.length === 0).toBe(true);

    expect((await api.call('GET', `/api/peers/${member.peerId}/feedback`, { token: ours })).body.items).toHaveLength(1);
    expect((await api.call('GET', `/api/peers/${member.peerId}/feedback`, { token: theirs })).status).toBe(404);
    expect((await api.call('GET', `/api/peers/${member.peerId}/feedback`, { token: adviser })).body.items[0].fromPeerId).toBe(a!.peerId);
    expect((await api.call('GET', `/api/peers/${member.peerId}/feedback`, { token: await tokenOf(member) })).status).toBe(403);
  });

  it('check-in, then the progress review booked with the original team invited first, then outcomes close it', async () => {
    expect((await api.call('POST', `/api/challenges/${id}/progress-review`, { token: adviser, body: { windows: [futureWindow(20, 3)] } })).status).toBe(409);
    const checkIn = await api.call('POST', `/api/challenges/${id}/check-in`, { token: adviser, body: { heldOn: today, notes: 'Good progress' } });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    expect(checkIn.body.status).toBe('check-in');
    let list = await api.call('GET', '/api/follow-ups', { token: adviser });
    expect(list.body.items.filter((f: { challengeId: string }) => f.challengeId === id).map((f: { kind: string }) => f.kind)).toEqual(['progress-review']);
    expect((await api.call('GET', '/api/follow-ups', { token: council })).status).toBe(403);

    const windows = [futureWindow(20, 3)];
    const booked = await api.call('POST', `/api/challenges/${id}/progress-review`, { token: adviser, body: { windows } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const reviewId = booked.body.id;
    expect(booked.body).toMatchObject({ reviewOf: id, status: 'scoping', councilId: who.council.councilId, kind: 'corporate' });
    expect((await api.call('GET', `/api/challenges/${id}`, { token: adviser })).body.status).toBe('progress-review');

    // The review goes through the usual scope → proposal path; the original team is pinned.
    const days = windows[0]!;
    const scope = { slots: [{ role: 'member', count: 1 }, { role: 'officer', count: 2 }], focus: { finance: 3, governance: 2 }, days, presentationDay: days[2], reportDue: addDays(days[2]!, 21) };
    expect((await api.call('PUT', `/api/challenges/${reviewId}/scope`, { token: adviser, body: scope })).status).toBe(200);
    const proposal = await api.call('POST', `/api/challenges/${reviewId}/proposal`, { token: adviser, body: {} });
    expect(proposal.body.status, JSON.stringify(proposal.body)).toBe('optimal');
    expect([...proposal.body.invitedFirst].sort()).toEqual(team.map((m) => m.peerId).sort());
    expect(proposal.body.team.map((m: { peerId: string }) => m.peerId).sort()).toEqual(team.map((m) => m.peerId).sort());

    const outcomes = { impacts: [{ kind: 'organisational-change', evidence: 'New scrutiny arrangements' }] };
    expect((await api.call('POST', `/api/challenges/${reviewId}/outcomes`, { token: adviser, body: outcomes })).status).toBe(409);
    const closed = await api.call('POST', `/api/challenges/${id}/outcomes`, { token: adviser, body: outcomes });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('closed');
    const view = await api.call('GET', `/api/challenges/${id}/follow-up`, { token: council });
    expect(view.body.followUps.map((f: { state: string }) => f.state)).toEqual(['done', 'done']);
    expect(view.body.outcomes.impacts).toHaveLength(1);
    list = await api.call('GET', '/api/follow-ups', { token: adviser });
    expect(list.body.items.some((f: { challengeId: string }) => f.challengeId === id)).toBe(false);
    const audit = await api.call('GET', `/api/challenges/${id}/audit`, { token: adviser });
    expect(audit.body.items.map((e: { to: string }) => e.to).slice(-5)).toEqual(['on-site', 'report-issued', 'check-in', 'progress-review', 'closed']);
  });
});

describe('daily job: follow-up reminders', () => {
  it('reminds once per follow-up and state, however often it runs, concurrently or after a crash', async () => {
    // The seeded on-site challenge (Stockport, North West); its visit moved into the past.
    const nw = await api.signIn(platform.users.find((u) => u.roles.includes('adviser') && u.region === 'North West')!);
    const listed = await api.call('GET', '/api/challenges?limit=100', { token: nw });
    const onSite = listed.body.items.find((c: { status: string }) => c.status === 'on-site');
    expect(onSite).toBeDefined();
    await moveOnSiteToPast(onSite.id, false);
    expect((await api.call('PUT', `/api/challenges/${onSite.id}/report`, { token: nw, body: report(['capacity-for-improvement']) })).status).toBe(200);
    if (onSite.kind === 'corporate' || onSite.kind === 'finance') expect((await raw(`COUNCIL#${onSite.councilId}`, 'COUNCIL'))?.lastCorporateChallenge).toBe(last);

    const checkInDue = addMonths(last, 6);
    const dueDay = new Date(`${addDays(checkInDue, -10)}T06:00:00Z`);
    const overdueDay = new Date(`${addDays(checkInDue, 3)}T06:00:00Z`);
    const repo = new FollowUpRepository(platform.tableName);
    const mine = async () => (await repo.open({ dueBy: addDays(overdueDay.toISOString().slice(0, 10), 30) })).filter((f) => f.challengeId === onSite.id);

    // "Crash" after one reminder: only the first follow-up was handled; then full runs, twice at once and once more.
    const [first] = await mine();
    expect(first?.kind).toBe('check-in');
    expect(await remindFollowUp(first!, dueDay, platform.tableName)).toBe(true);
    const runs = await Promise.all([remindFollowUps(dueDay, platform.tableName), remindFollowUps(dueDay, platform.tableName)]);
    await remindFollowUps(dueDay, platform.tableName);
    // Later the check-in is overdue: one more reminder, once.
    await Promise.all([remindFollowUps(overdueDay, platform.tableName), remindFollowUps(overdueDay, platform.tableName)]);
    await remindFollowUps(overdueDay, platform.tableName);

    const mailbox = async (box: string) =>
      ((
        await documentClient().send(
          new QueryCommand({ TableName: platform.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `MAILBOX#${box}` } }),
        )
      ).Items ?? []).filter((m) => m.challengeId === onSite.id && String(m.template).startsWith('follow-up-'));
    for (const box of [`COUNCIL#${onSite.councilId}`, 'REGION#North West']) {
      const msgs = await mailbox(box);
      expect(msgs.map((m) => m.template).sort(), box).toEqual(['follow-up-due', 'follow-up-overdue']);
    }
    // Nothing else of this challenge was due then (the review is months later).
    expect(runs.every((n) => n >= 0)).toBe(true);
    const state = (await mine()).find((f) => f.kind === 'check-in')?.state;
    expect(state).toBe('overdue');
    const markers = await documentClient().send(
      new QueryCommand({ TableName: platform.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :r)', ExpressionAttributeValues: { ':pk': `CHALLENGE#${onSite.id}`, ':r': 'REMINDER#' } }),
    );
    expect((markers.Items ?? []).map((m) => m.SK).sort()).toEqual(['REMINDER#check-in#due', 'REMINDER#check-in#overdue']);

    const list = await api.call('GET', '/api/follow-ups', { token: nw });
    expect(list.body.items.filter((f: { challengeId: string }) => f.challengeId === onSite.id).map((f: { kind: string }) => f.kind)).toEqual(['check-in', 'progress-review']);
    const se = await api.call('GET', '/api/follow-ups', { token: adviser });
    expect(se.body.items.some((f: { challengeId: string }) => f.challengeId === onSite.id)).toBe(false);
    const all = await api.call('GET', '/api/follow-ups?region=all', { token: adviser });
    expect(all.body.items.some((f: { challengeId: string }) => f.challengeId === onSite.id)).toBe(true);
    const dues = all.body.items.map((f: { dueOn: string }) => f.dueOn);
    expect(dues).toEqual([...dues].sort());
  });
});
