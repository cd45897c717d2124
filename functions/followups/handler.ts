import { ulid } from 'ulid';
import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { CouncilsRepository } from '../../shared/data/councils-repository.js';
import { FollowUpRepository, type FollowUpRecord, type FollowUpRecords, type StoredReport, type SurveyRecord } from '../../shared/data/follow-up-repository.js';
import { PeersRepository } from '../../shared/data/peers-repository.js';
import { TeamRepository } from '../../shared/data/team-repository.js';
import { TransactionConditionFailed } from '../../shared/data/transact.js';
import type { Challenge } from '../../shared/domain/challenge.js';
import {
  checkActionPlan,
  checkCheckIn,
  checkPeerFeedback,
  checkPublication,
  checkReport,
  FOLLOW_UP_POLICIES,
  FollowUpRuleError,
  followUpsFor,
  followUpState,
  lastOnSiteDay,
  onSiteDays,
  rag,
  reviewChallenge,
  type ActionStatus,
  type FollowUpKind,
} from '../../shared/domain/follow-up.js';
import { changeStatus, IllegalTransitionError } from '../../shared/domain/lifecycle.js';
import type { ChallengeStatus } from '../../shared/domain/reference.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/http/errors.js';
import { logger } from '../../shared/http/logger.js';
import { route } from '../../shared/http/route.js';
import { challengeAccess } from '../../shared/http/challenge-access.js';

const { tableName } = readConfig();
const challenges = new ChallengesRepository(tableName);
const councils = new CouncilsRepository(tableName);
const followUps = new FollowUpRepository(tableName);
const team = new TeamRepository(tableName);
const peers = new PeersRepository(tableName);

/** After the report: statuses in which the council keeps its records up to date. */
const AFTER_REPORT: readonly ChallengeStatus[] = ['report-issued', 'check-in', 'progress-review', 'closed'];
/** Once the review team is on site, the position statement is what they read. */
const REVIEW_UNDER_WAY: readonly ChallengeStatus[] = ['on-site', 'report-issued', 'check-in', 'progress-review', 'closed'];

const todayOf = (now: Date) => now.toISOString().slice(0, 10);

const { visible: visibleChallenge, asAdviser: advisersChallenge, asCouncil: councilsChallenge } = challengeAccess(challenges);

function ruleError(e: unknown): never {
  if (e instanceof FollowUpRuleError) throw badRequest(`invalid body: ${e.field}: ${e.message}`, [{ field: e.field, message: e.message }]);
  if (e instanceof IllegalTransitionError) throw conflict(e.message, { status: e.from, allowed: e.allowed });
  throw e;
}

/** A lost race (not an idempotent replay, which the API layer answers): 409 with the status now. */
async function raced(e: unknown, id: string): Promise<never> {
  if (e instanceof TransactionConditionFailed && !e.labels.includes('idempotency')) {
    const now = await challenges.get(id);
    throw conflict(`the challenge changed meanwhile: it is now ${now?.status ?? 'gone'}; reload and try again`, { status: now?.status, failed: e.labels });
  }
  throw e;
}

/** The follow-ups a challenge has (or would have had, for one older than follow-ups) as stored records. */
function expectedFollowUps(c: Challenge): FollowUpRecord[] {
  return followUpsFor(c.id, c.kind, lastOnSiteDay(c)).map((f) => ({ ...f, councilId: c.councilId, councilName: c.councilName, region: c.region, challengeKind: c.kind }));
}

const followUpOf = (records: FollowUpRecords, c: Challenge, kind: FollowUpKind) => ({
  existing: records.followUps.find((f) => f.kind === kind),
  fallback: expectedFollowUps(c).find((f) => f.kind === kind)!,
});

const withState = (f: FollowUpRecord, today: string) => ({ ...f, state: followUpState(f, today, FOLLOW_UP_POLICIES[f.challengeKind] ?? undefined) });

const withRag = <A extends { status: string }>(actions: A[]) => actions.map((a) => ({ ...a, rag: rag(a.status as ActionStatus) }));

const recs = (r: { recommendations: { text: string; theme: string }[] }) => JSON.stringify(r.recommendations.map((x) => [x.text, x.theme]));
const sameReport = (a: StoredReport, b: { feedbackPresentedOn: string; issuedOn: string; recommendations: { text: string; theme: string }[] }) =>
  a.feedbackPresentedOn === b.feedbackPresentedOn && a.issuedOn === b.issuedOn && recs(a) === recs(b);

export const routes = {
  /**
   * Report edits (documented choice): the first report of an on-site challenge issues it and
   * counts its themes once; while it is report-issued the adviser may correct it and the
   * counts move by the difference (a replay moves nothing); from the check-in on it is final.
   */
  'PUT /api/challenges/{id}/report': route(CONTRACT['PUT /api/challenges/{id}/report'], async ({ caller, params, body, idempotency }) => {
    const challenge = await advisersChallenge(caller, params.id);
    if (challenge.status !== 'on-site' && challenge.status !== 'report-issued')
      throw conflict(`a report is recorded when the challenge is on-site (and corrected while report-issued); it is ${challenge.status}`, { status: challenge.status });
    const now = new Date();
    try {
      checkReport(body, onSiteDays(challenge), todayOf(now));
    } catch (e) {
      ruleError(e);
    }
    const records = await followUps.records(challenge.id);
    const stored = (version: number): StoredReport => ({ ...body, challengeId: challenge.id, version, recordedAt: now.toISOString(), recordedBy: caller.sub });
    try {
      if (records.report) {
        if (challenge.status !== 'report-issued') throw conflict(`the report can be corrected while the challenge is report-issued; it is ${challenge.status}`, { status: challenge.status });
        if (sameReport(records.report, body)) return { body: records.report };
        const after = stored(records.report.version + 1);
        await followUps.editReport(challenge.id, records.report, after, idempotency, now);
        return { body: after };
      }
      if (challenge.status !== 'on-site') throw conflict(`a report is recorded when the challenge is on-site; it is ${challenge.status}`, { status: challenge.status });
      const report = stored(1);
      const council = challenge.kind === 'corporate' || challenge.kind === 'finance' ? await councils.get(challenge.councilId) : undefined;
      await followUps.issueReport({
        change: changeStatus(challenge, 'report-issued', { id: caller.sub, role: 'adviser' }, 'report issued', now),
        report,
        followUps: expectedFollowUps(challenge),
        ...(council ? { council } : {}),
        lastOnSite: lastOnSiteDay(challenge),
        ...(idempotency ? { claim: idempotency } : {}),
        now,
      });
      logger.info('report issued', { challengeId: challenge.id, recommendations: report.recommendations.length });
      return { body: report };
    } catch (e) {
      if (e instanceof IllegalTransitionError) ruleError(e);
      return raced(e, challenge.id);
    }
  }),

  'GET /api/challenges/{id}/follow-up': route(CONTRACT['GET /api/challenges/{id}/follow-up'], async ({ caller, params }) => {
    const challenge = await visibleChallenge(caller, params.id);
    const r = await followUps.records(challenge.id);
    const today = todayOf(new Date());
    return {
      body: {
        challengeId: challenge.id,
        status: challenge.status,
        kind: challenge.kind,
        councilName: challenge.councilName,
        ...(challenge.reviewOf ? { reviewOf: challenge.reviewOf } : {}),
        report: r.report,
        publication: r.publication,
        actionPlan: r.actionPlan ? { ...r.actionPlan, actions: withRag(r.actionPlan.actions) } : undefined,
        followUps: r.followUps.map((f) => withState(f, today)),
        positionStatement: r.positionStatement,
        outcomes: r.outcomes,
      },
    };
  }),

  'PUT /api/challenges/{id}/publication': route(CONTRACT['PUT /api/challenges/{id}/publication'], async ({ caller, params, body }) => {
    const challenge = await councilsChallenge(caller, params.id);
    const { report } = await followUps.records(challenge.id);
    if (!report) throw conflict('there is no report to publish yet', { status: challenge.status });
    const now = new Date();
    try {
      checkPublication(body, report.issuedOn, todayOf(now));
    } catch (e) {
      ruleError(e);
    }
    const value = { ...body, updatedAt: now.toISOString(), updatedBy: caller.sub };
    await followUps.putRecord(challenge.id, 'publication', value, AFTER_REPORT).catch((e) => raced(e, challenge.id));
    return { body: value };
  }),

  'PUT /api/challenges/{id}/action-plan': route(CONTRACT['PUT /api/challenges/{id}/action-plan'], async ({ caller, params, body }) => {
    const challenge = await councilsChallenge(caller, params.id);
    const { report } = await followUps.records(challenge.id);
    if (!report) throw conflict('the action plan answers the report; there is no report yet', { status: challenge.status });
    try {
      checkActionPlan(body, report.recommendations.length);
    } catch (e) {
      ruleError(e);
    }
    const value = { ...body, updatedAt: new Date().toISOString(), updatedBy: caller.sub };
    await followUps.putRecord(challenge.id, 'actionPlan', value, AFTER_REPORT).catch((e) => raced(e, challenge.id));
    return { body: { ...value, actions: withRag(value.actions) } };
  }),

  'PUT /api/challenges/{id}/position-statement': route(CONTRACT['PUT /api/challenges/{id}/position-statement'], async ({ caller, params, body }) => {
    const challenge = await councilsChallenge(caller, params.id);
    const records = await followUps.records(challenge.id);
    if (!records.report) throw conflict('the position statement reports on the recommendations; there is no report yet', { status: challenge.status });
    if (!['report-issued', 'check-in', 'progress-review'].includes(challenge.status))
      throw conflict(`the position statement is submitted before the progress review; the challenge is ${challenge.status}`, { status: challenge.status });
    const reviewId = records.followUps.find((f) => f.kind === 'progress-review')?.reviewChallengeId;
    const review = reviewId ? await challenges.get(reviewId) : undefined;
    if (review && REVIEW_UNDER_WAY.includes(review.status))
      throw conflict(`the progress review is already ${review.status}; the position statement can no longer change`, { status: challenge.status, reviewStatus: review.status });
    const n = records.report.recommendations.length;
    body.progress.forEach((p, i) => {
      if (p.recommendation >= n)
        throw badRequest(`invalid body: progress.${i}.recommendation: the report has ${n} recommendations`, [{ field: `progress.${i}.recommendation`, message: `the report has ${n} recommendations (0 to ${n - 1})` }]);
    });
    const value = { ...body, updatedAt: new Date().toISOString(), updatedBy: caller.sub };
    await followUps.putRecord(challenge.id, 'positionStatement', value, ['report-issued', 'check-in', 'progress-review']).catch((e) => raced(e, challenge.id));
    return { body: value };
  }),

  'POST /api/challenges/{id}/check-in': route(CONTRACT['POST /api/challenges/{id}/check-in'], async ({ caller, params, body, idempotency }) => {
    const challenge = await advisersChallenge(caller, params.id);
    const now = new Date();
    try {
      checkCheckIn(body.heldOn, lastOnSiteDay(challenge), todayOf(now));
      const change = changeStatus(challenge, 'check-in', { id: caller.sub, role: 'adviser' }, `check-in held on ${body.heldOn}`, now);
      const records = await followUps.records(challenge.id);
      await followUps.recordCheckIn({ change, ...followUpOf(records, challenge, 'check-in'), heldOn: body.heldOn, notes: body.notes, ...(idempotency ? { claim: idempotency } : {}), now });
      return { body: change.challenge };
    } catch (e) {
      if (e instanceof FollowUpRuleError || e instanceof IllegalTransitionError) ruleError(e);
      return raced(e, challenge.id);
    }
  }),

  'POST /api/challenges/{id}/progress-review': route(CONTRACT['POST /api/challenges/{id}/progress-review'], async ({ caller, params, body, idempotency }) => {
    const parent = await advisersChallenge(caller, params.id);
    const now = new Date();
    try {
      const review = reviewChallenge(parent, body, ulid(), now);
      const change = changeStatus(parent, 'progress-review', { id: caller.sub, role: 'adviser' }, `progress review booked (challenge ${review.id})`, now);
      const records = await followUps.records(parent.id);
      await followUps.bookReview({
        change,
        review,
        reviewAudit: { at: review.createdAt, by: caller.sub, byRole: 'adviser', from: null, to: 'scoping', why: `progress review of challenge ${parent.id}` },
        ...followUpOf(records, parent, 'progress-review'),
        ...(idempotency ? { claim: idempotency } : {}),
        now,
      });
      logger.info('progress review booked', { challengeId: parent.id, reviewId: review.id });
      return { statusCode: 201, body: review, headers: { location: `/api/challenges/${review.id}` } };
    } catch (e) {
      if (e instanceof FollowUpRuleError || e instanceof IllegalTransitionError) ruleError(e);
      return raced(e, parent.id);
    }
  }),

  'POST /api/challenges/{id}/outcomes': route(CONTRACT['POST /api/challenges/{id}/outcomes'], async ({ caller, params, body, idempotency }) => {
    const challenge = await advisersChallenge(caller, params.id);
    const now = new Date();
    try {
      const change = changeStatus(challenge, 'closed', { id: caller.sub, role: 'adviser' }, 'outcomes recorded after the progress review', now);
      const records = await followUps.records(challenge.id);
      await followUps.recordOutcomes({
        change,
        outcomes: { ...body, recordedAt: now.toISOString(), recordedBy: caller.sub },
        ...followUpOf(records, challenge, 'progress-review'),
        ...(idempotency ? { claim: idempotency } : {}),
        now,
      });
      return { body: change.challenge };
    } catch (e) {
      if (e instanceof IllegalTransitionError) ruleError(e);
      return raced(e, challenge.id);
    }
  }),

  'POST /api/challenges/{id}/survey': route(CONTRACT['POST /api/challenges/{id}/survey'], async ({ caller, params, body }) => {
    const challenge = await challenges.get(params.id);
    if (!challenge) throw notFound('no such challenge');
    const accepted = (await team.invitations(challenge.id)).filter((i) => i.status === 'accepted').map((i) => i.peerId);
    const respondent =
      caller.roles.includes('peer') && caller.peerId && accepted.includes(caller.peerId)
        ? ({ kind: 'peer', id: caller.peerId } as const)
        : caller.roles.includes('council') && caller.councilId === challenge.councilId
          ? ({ kind: 'council', id: challenge.councilId } as const)
          : undefined;
    if (!respondent) throw notFound('no such challenge');
    if (!AFTER_REPORT.includes(challenge.status)) throw conflict(`the survey opens once the report is issued; the challenge is ${challenge.status}`, { status: challenge.status });
    try {
      checkPeerFeedback(body, respondent.kind === 'peer' ? { kind: 'peer', peerId: respondent.id } : { kind: 'council' }, accepted);
    } catch (e) {
      ruleError(e);
    }
    const survey: SurveyRecord = { challengeId: challenge.id, respondent, rating: body.rating, comment: body.comment, peerFeedback: body.peerFeedback, submittedAt: new Date().toISOString() };
    try {
      await followUps.submitSurvey(survey);
    } catch (e) {
      if (e instanceof TransactionConditionFailed) throw conflict('you have already answered the survey for this challenge', { failed: e.labels });
      throw e;
    }
    return { statusCode: 201, body: { rating: survey.rating, comment: survey.comment, peerFeedback: survey.peerFeedback.length, submittedAt: survey.submittedAt } };
  }),

  /** Who sees what: advisers all; a council its own survey; a peer their own rating; a group office feedback about its peers only. */
  'GET /api/challenges/{id}/surveys': route(CONTRACT['GET /api/challenges/{id}/surveys'], async ({ caller, params }) => {
    const challenge = await challenges.get(params.id);
    if (!challenge) throw notFound('no such challenge');
    const all = await followUps.surveys(challenge.id);
    const rating = (s: SurveyRecord) => ({ respondent: s.respondent, rating: s.rating, comment: s.comment, submittedAt: s.submittedAt });
    const feedback = all.flatMap((s) => s.peerFeedback.map((f) => ({ ...f, fromPeerId: s.respondent.id, submittedAt: s.submittedAt })));
    if (caller.roles.includes('adviser') && caller.region === challenge.region) return { body: { surveys: all.map(rating), peerFeedback: feedback } };
    if (caller.roles.includes('council') && caller.councilId === challenge.councilId) return { body: { surveys: all.filter((s) => s.respondent.kind === 'council').map(rating), peerFeedback: [] } };
    const accepted = (await team.invitations(challenge.id)).filter((i) => i.status === 'accepted').map((i) => i.peerId);
    if (caller.roles.includes('group-office') && caller.group) {
      const members = await peers.getMany(accepted);
      const ours = new Set(accepted.filter((id) => members.get(id)?.group === caller.group));
      if (ours.size === 0) throw notFound('no such challenge');
      // The group office learns what was said about its peers, not who said it.
      return { body: { surveys: [], peerFeedback: feedback.filter((f) => ours.has(f.aboutPeerId)).map(({ fromPeerId: _f, ...f }) => f) } };
    }
    if (caller.roles.includes('peer') && caller.peerId && accepted.includes(caller.peerId))
      return { body: { surveys: all.filter((s) => s.respondent.kind === 'peer' && s.respondent.id === caller.peerId).map(rating), peerFeedback: [] } };
    throw notFound('no such challenge');
  }),

  'GET /api/peers/{id}/feedback': route(CONTRACT['GET /api/peers/{id}/feedback'], async ({ caller, params }) => {
    if (!caller.roles.includes('adviser')) {
      const peer = (await peers.getMany([params.id])).get(params.id);
      if (!peer || !caller.group || peer.group !== caller.group) throw notFound('no such peer');
      return { body: { items: (await followUps.feedbackAbout(params.id)).map(({ fromPeerId: _f, ...f }) => f) } };
    }
    return { body: { items: await followUps.feedbackAbout(params.id) } };
  }),

  'GET /api/follow-ups': route(CONTRACT['GET /api/follow-ups'], async ({ caller, query }) => {
    if (!caller.region) throw forbidden('your account is not linked to a region');
    const today = todayOf(new Date());
    const open = await followUps.open(query.region === 'all' ? {} : { region: caller.region });
    return {
      body: {
        items: open.map((f) => ({
          challengeId: f.challengeId,
          councilId: f.councilId,
          councilName: f.councilName,
          region: f.region,
          challengeKind: f.challengeKind,
          kind: f.kind,
          dueOn: f.dueOn,
          ...(f.notBefore ? { notBefore: f.notBefore } : {}),
          ...(f.reviewChallengeId ? { reviewChallengeId: f.reviewChallengeId } : {}),
          state: withState(f, today).state,
        })),
      },
    };
  }),
};

export const handler = apiHandler(routes);
