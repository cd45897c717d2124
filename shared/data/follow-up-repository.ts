import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Challenge } from '../domain/challenge.js';
import type { Council } from '../domain/council.js';
import type { FollowUp, FollowUpKind, FollowUpState, Report } from '../domain/follow-up.js';
import { themeDelta } from '../domain/follow-up.js';
import type { StatusChange } from '../domain/lifecycle.js';
import type { MessageDraft } from '../domain/notifications.js';
import { pipelineMoves, themeDeltas } from './aggregates.js';
import { auditItem, challengeItem, type AuditEntry } from './challenges-repository.js';
import { documentClient } from './client.js';
import { idempotencyPut, type IdempotencyClaim } from './idempotency.js';
import { stripKeys } from './items.js';
import { challengeRecordKeys, councilKeys, openFollowUpKeys, peerFeedbackKeys } from './keys.js';
import { outboxPuts } from './outbox-repository.js';
import { statusChangeItems } from './status-change.js';
import { transactWrite, type TransactItem } from './transact.js';
import { queryAll } from './query.js';

type Labelled = { label: string; item: TransactItem };

/** A follow-up as stored: the rule's fields plus what the lists need without reading the challenge. */
export interface FollowUpRecord extends FollowUp {
  councilId: string;
  councilName: string;
  region: Challenge['region'];
  challengeKind: Challenge['kind'];
  /** The last state the daily job reminded about. */
  state?: FollowUpState;
  heldOn?: string;
  notes?: string;
  reviewChallengeId?: string;
}

export interface StoredReport extends Report {
  challengeId: string;
  version: number;
  recordedAt: string;
  recordedBy: string;
}

export interface SurveyRecord {
  challengeId: string;
  respondent: { kind: 'council'; id: string } | { kind: 'peer'; id: string };
  rating: number;
  comment: string;
  peerFeedback: { aboutPeerId: string; rating: number; comment: string }[];
  submittedAt: string;
}

export interface PeerFeedbackRecord {
  aboutPeerId: string;
  fromPeerId: string;
  challengeId: string;
  rating: number;
  comment: string;
  submittedAt: string;
}

/** Everything after the visit, as one Query of `CHALLENGE#<id>` / `FOLLOWUP#…` returns it. */
export interface FollowUpRecords {
  report?: StoredReport;
  publication?: Record<string, unknown>;
  actionPlan?: { actions: { recommendation: number; action: string; owner: string; dueOn: string; status: string }[]; updatedAt: string };
  positionStatement?: { progress: { recommendation: number; summary: string; evidence: string[] }[]; updatedAt: string };
  outcomes?: { impacts: { kind: string; evidence: string }[]; recordedAt: string };
  followUps: FollowUpRecord[];
}

const REC = {
  report: 'FOLLOWUP#REPORT',
  publication: 'FOLLOWUP#PUBLICATION',
  actionPlan: 'FOLLOWUP#ACTION-PLAN',
  positionStatement: 'FOLLOWUP#POSITION-STATEMENT',
  outcomes: 'FOLLOWUP#OUTCOMES',
  due: (kind: FollowUpKind) => `FOLLOWUP#DUE#${kind}`,
} as const;

const clean = (i: Record<string, unknown>) => {
  const { entity: _e, ...rest } = stripKeys<Record<string, unknown>>(i);
  return rest;
};

export function followUpItem(f: FollowUpRecord) {
  return { ...challengeRecordKeys(f.challengeId, REC.due(f.kind)), ...(f.status === 'open' ? openFollowUpKeys(f) : {}), entity: 'FollowUp', ...f };
}

/** The stored report item (also used by the demo seed, so its key shape lives here only). */
export function reportItem(report: StoredReport) {
  return { ...challengeRecordKeys(report.challengeId, REC.report), entity: 'Report', ...report };
}

/** A council record (publication, action plan, position statement) as stored. */
export function councilRecordItem(challengeId: string, record: 'publication' | 'actionPlan' | 'positionStatement', value: Record<string, unknown>) {
  return { ...challengeRecordKeys(challengeId, REC[record]), entity: record, challengeId, ...value };
}

/** The outcomes recorded after the progress review, as stored. */
export function outcomesItem(challengeId: string, outcomes: Record<string, unknown>) {
  return { ...challengeRecordKeys(challengeId, REC.outcomes), entity: 'Outcomes', challengeId, ...outcomes };
}

/** Corporate and finance challenges count for take-up: the council's last one moves to this on-site end if later. */
function lastCorporateUpdate(tableName: string, council: Council, day: string): Labelled[] {
  if (council.lastCorporateChallenge && council.lastCorporateChallenge >= day) return [];
  return [
    {
      label: 'council',
      item: {
        Update: {
          TableName: tableName,
          Key: { PK: `COUNCIL#${council.id}`, SK: 'COUNCIL' },
          UpdateExpression: 'SET lastCorporateChallenge = :d, GSI2SK = :sk',
          // Still what it was read as (or earlier): a later one recorded meanwhile wins.
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastCorporateChallenge) OR attribute_type(lastCorporateChallenge, :nullType) OR lastCorporateChallenge < :d)',
          ExpressionAttributeValues: { ':d': day, ':sk': councilKeys({ ...council, lastCorporateChallenge: day }).GSI2SK, ':nullType': 'NULL' },
        },
      },
    },
  ];
}

/** Marks a follow-up done and takes it out of the open index; writes it whole if it was never created (challenges older than follow-ups). */
function completeFollowUp(tableName: string, existing: FollowUpRecord | undefined, fallback: FollowUpRecord, doneOn: string, extra: Record<string, string>): Labelled {
  if (!existing) {
    return {
      label: `followup:${fallback.kind}`,
      item: { Put: { TableName: tableName, Item: followUpItem({ ...fallback, ...extra, status: 'done', doneOn }), ConditionExpression: 'attribute_not_exists(PK)' } },
    };
  }
  const names = Object.keys(extra);
  return {
    label: `followup:${existing.kind}`,
    item: {
      Update: {
        TableName: tableName,
        Key: challengeRecordKeys(existing.challengeId, REC.due(existing.kind)),
        UpdateExpression: `SET #s = :done, doneOn = :on${names.map((n) => `, #${n} = :${n}`).join('')} REMOVE GSI2PK, GSI2SK`,
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status', ...Object.fromEntries(names.map((n) => [`#${n}`, n])) },
        ExpressionAttributeValues: { ':done': 'done', ':open': 'open', ':on': doneOn, ...Object.fromEntries(names.map((n) => [`:${n}`, extra[n]])) },
      },
    },
  };
}

/**
 * After the visit: the report and the follow-ups it starts, the council's records, the
 * check-in, the progress review's booking, outcomes and surveys. Every write that changes
 * the challenge's status joins the shared status-change items (condition, audit, pipeline).
 */
export class FollowUpRepository {
  constructor(private readonly tableName: string) {}

  async records(challengeId: string): Promise<FollowUpRecords> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :f)',
        ExpressionAttributeValues: { ':pk': `CHALLENGE#${challengeId}`, ':f': 'FOLLOWUP#' },
        ConsistentRead: true,
      }),
    );
    const out: FollowUpRecords = { followUps: [] };
    for (const i of res.Items ?? []) {
      const sk = String(i.SK);
      const v = clean(i);
      if (sk === REC.report) out.report = v as unknown as StoredReport;
      else if (sk === REC.publication) out.publication = v;
      else if (sk === REC.actionPlan) out.actionPlan = v as unknown as FollowUpRecords['actionPlan'];
      else if (sk === REC.positionStatement) out.positionStatement = v as unknown as FollowUpRecords['positionStatement'];
      else if (sk === REC.outcomes) out.outcomes = v as unknown as FollowUpRecords['outcomes'];
      else if (sk.startsWith('FOLLOWUP#DUE#')) out.followUps.push(v as unknown as FollowUpRecord);
    }
    out.followUps.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    return out;
  }

  /**
   * The first report of an on-site challenge: the report, on-site → report-issued, both
   * follow-ups (open), the recommendation theme counts and, for corporate or finance, the
   * council's last corporate challenge — one transaction. The report item's
   * attribute_not_exists and the status condition make a replay or a race write nothing.
   */
  async issueReport(a: { change: StatusChange; report: StoredReport; followUps: FollowUpRecord[]; council?: Council; lastOnSite: string; claim?: IdempotencyClaim; now: Date }): Promise<void> {
    const t = this.tableName;
    const c = a.change.challenge;
    await transactWrite([
      { label: 'report', item: { Put: { TableName: t, Item: reportItem(a.report), ConditionExpression: 'attribute_not_exists(PK)' } } },
      ...statusChangeItems(t, a.change),
      ...a.followUps.map((f) => ({ label: `followup:${f.kind}`, item: { Put: { TableName: t, Item: followUpItem(f), ConditionExpression: 'attribute_not_exists(PK)' } } })),
      ...themeDeltas(t, 'RECOMMENDATIONS', themeDelta(null, a.report)),
      ...(a.council && (c.kind === 'corporate' || c.kind === 'finance') ? lastCorporateUpdate(t, a.council, a.lastOnSite) : []),
      ...(a.claim ? [{ label: 'idempotency', item: idempotencyPut(t, a.claim, { statusCode: 200, body: a.report }, a.now) }] : []),
    ]);
  }

  /**
   * An edit of an issued report (only while the challenge is report-issued): the report,
   * conditional on the version read, and the theme counts moved by the difference only.
   */
  async editReport(challengeId: string, before: StoredReport, after: StoredReport, claim?: IdempotencyClaim, now = new Date()): Promise<void> {
    const t = this.tableName;
    await transactWrite([
      {
        label: 'report',
        item: {
          Put: {
            TableName: t,
            Item: reportItem(after),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': before.version },
          },
        },
      },
      {
        label: 'challenge',
        item: {
          ConditionCheck: {
            TableName: t,
            Key: { PK: `CHALLENGE#${challengeId}`, SK: 'CHALLENGE' },
            ConditionExpression: '#s = :issued',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':issued': 'report-issued' },
          },
        },
      },
      ...themeDeltas(t, 'RECOMMENDATIONS', themeDelta(before, after)),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(t, claim, { statusCode: 200, body: after }, now) }] : []),
    ]);
  }

  /** The council's own records (publication, action plan, position statement): replaced whole, while the challenge is in one of `statuses`. */
  async putRecord(challengeId: string, record: 'publication' | 'actionPlan' | 'positionStatement', value: Record<string, unknown>, statuses: readonly string[]): Promise<void> {
    const t = this.tableName;
    await transactWrite([
      { label: 'record', item: { Put: { TableName: t, Item: councilRecordItem(challengeId, record, value) } } },
      {
        label: 'challenge',
        item: {
          ConditionCheck: {
            TableName: t,
            Key: { PK: `CHALLENGE#${challengeId}`, SK: 'CHALLENGE' },
            ConditionExpression: `#s IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s])),
          },
        },
      },
    ]);
  }

  /** The check-in was held: report-issued → check-in, and the check-in follow-up done, in one transaction. */
  async recordCheckIn(a: { change: StatusChange; existing?: FollowUpRecord; fallback: FollowUpRecord; heldOn: string; notes: string; claim?: IdempotencyClaim; now: Date }): Promise<void> {
    const t = this.tableName;
    await transactWrite([
      ...statusChangeItems(t, a.change),
      completeFollowUp(t, a.existing, a.fallback, a.now.toISOString().slice(0, 10), { heldOn: a.heldOn, notes: a.notes }),
      ...(a.claim ? [{ label: 'idempotency', item: idempotencyPut(t, a.claim, { statusCode: 200, body: a.change.challenge }, a.now) }] : []),
    ]);
  }

  /**
   * Books the progress review: the linked review challenge (scoping, with its audit entry and
   * pipeline count), check-in → progress-review of the reviewed one, and the review's id on
   * its follow-up — one transaction.
   */
  async bookReview(a: { change: StatusChange; review: Challenge; reviewAudit: AuditEntry; existing?: FollowUpRecord; fallback: FollowUpRecord; claim?: IdempotencyClaim; now: Date }): Promise<void> {
    const t = this.tableName;
    const f = a.existing ?? a.fallback;
    await transactWrite([
      { label: 'review', item: { Put: { TableName: t, Item: challengeItem(a.review), ConditionExpression: 'attribute_not_exists(PK)' } } },
      { label: 'review-audit', item: { Put: { TableName: t, Item: auditItem(a.review.id, a.reviewAudit) } } },
      ...pipelineMoves(t, null, a.review),
      ...statusChangeItems(t, a.change),
      a.existing
        ? {
            label: 'followup:progress-review',
            item: {
              Update: {
                TableName: t,
                Key: challengeRecordKeys(f.challengeId, REC.due('progress-review')),
                UpdateExpression: 'SET reviewChallengeId = :r',
                ConditionExpression: '#s = :open AND attribute_not_exists(reviewChallengeId)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':r': a.review.id, ':open': 'open' },
              },
            },
          }
        : { label: 'followup:progress-review', item: { Put: { TableName: t, Item: followUpItem({ ...f, reviewChallengeId: a.review.id }), ConditionExpression: 'attribute_not_exists(PK)' } } },
      ...(a.claim ? [{ label: 'idempotency', item: idempotencyPut(t, a.claim, { statusCode: 201, body: a.review }, a.now) }] : []),
    ]);
  }

  /** Outcomes recorded: the outcomes, the progress-review follow-up done, progress-review → closed. */
  async recordOutcomes(a: { change: StatusChange; outcomes: Record<string, unknown>; existing?: FollowUpRecord; fallback: FollowUpRecord; claim?: IdempotencyClaim; now: Date }): Promise<void> {
    const t = this.tableName;
    const id = a.change.challenge.id;
    await transactWrite([
      { label: 'outcomes', item: { Put: { TableName: t, Item: outcomesItem(id, a.outcomes), ConditionExpression: 'attribute_not_exists(PK)' } } },
      completeFollowUp(t, a.existing, a.fallback, a.now.toISOString().slice(0, 10), {}),
      ...statusChangeItems(t, a.change),
      ...(a.claim ? [{ label: 'idempotency', item: idempotencyPut(t, a.claim, { statusCode: 200, body: a.change.challenge }, a.now) }] : []),
    ]);
  }

  /** One survey per respondent (attribute_not_exists), with each piece of peer feedback also filed under the peer it is about. */
  async submitSurvey(s: SurveyRecord): Promise<void> {
    const t = this.tableName;
    const sk = s.respondent.kind === 'council' ? 'SURVEY#COUNCIL' : `SURVEY#PEER#${s.respondent.id}`;
    await transactWrite([
      { label: 'survey', item: { Put: { TableName: t, Item: { ...challengeRecordKeys(s.challengeId, sk), entity: 'Survey', ...s }, ConditionExpression: 'attribute_not_exists(PK)' } } },
      ...s.peerFeedback.map((f, i) => {
        const item: PeerFeedbackRecord = { aboutPeerId: f.aboutPeerId, fromPeerId: s.respondent.id, challengeId: s.challengeId, rating: f.rating, comment: f.comment, submittedAt: s.submittedAt };
        return {
          label: `feedback:${i}`,
          item: { Put: { TableName: t, Item: { ...peerFeedbackKeys(f.aboutPeerId, s.challengeId, s.respondent.id), entity: 'PeerFeedback', ...item }, ConditionExpression: 'attribute_not_exists(PK)' } },
        };
      }),
    ]);
  }

  async surveys(challengeId: string): Promise<SurveyRecord[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)',
        ExpressionAttributeValues: { ':pk': `CHALLENGE#${challengeId}`, ':s': 'SURVEY#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => clean(i) as unknown as SurveyRecord);
  }

  /** Feedback about one peer, from every challenge (Query `PEER#<id>`, SK begins_with `FEEDBACK#`). */
  async feedbackAbout(peerId: string): Promise<PeerFeedbackRecord[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :f)',
        ExpressionAttributeValues: { ':pk': `PEER#${peerId}`, ':f': 'FEEDBACK#' },
      }),
    );
    return (res.Items ?? []).map((i) => clean(i) as unknown as PeerFeedbackRecord);
  }

  /**
   * Open follow-ups by due date from the sparse GSI2 `FOLLOWUP#OPEN` (no table scan), up to
   * `dueBy` when given, and of one region when given (a filter on the same query).
   */
  async open(opts: { dueBy?: string; region?: string } = {}): Promise<FollowUpRecord[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: opts.dueBy ? 'GSI2PK = :pk AND GSI2SK <= :by' : 'GSI2PK = :pk',
      ...(opts.region ? { FilterExpression: '#region = :region', ExpressionAttributeNames: { '#region': 'region' } } : {}),
      ExpressionAttributeValues: { ':pk': 'FOLLOWUP#OPEN', ...(opts.dueBy ? { ':by': `${opts.dueBy}~` } : {}), ...(opts.region ? { ':region': opts.region } : {}) },
    });
    return items.map((i) => clean(i) as unknown as FollowUpRecord);
  }

  async followUp(challengeId: string, kind: FollowUpKind): Promise<FollowUpRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: challengeRecordKeys(challengeId, REC.due(kind)), ConsistentRead: true }));
    return Item ? (clean(Item) as unknown as FollowUpRecord) : undefined;
  }

  /**
   * One reminder, exactly once per (follow-up, state): the marker `REMINDER#<kind>#<state>`
   * (attribute_not_exists), the follow-up's state (only while still open) and the messages
   * are one transaction. A second run, a concurrent run or a run after a crash finds the
   * marker and sends nothing. True when this call sent it.
   */
  async remind(f: FollowUpRecord, state: 'due' | 'overdue', messages: MessageDraft[], now: Date): Promise<boolean> {
    const t = this.tableName;
    try {
      await transactWrite([
        {
          label: 'reminder',
          item: {
            Put: {
              TableName: t,
              Item: { ...challengeRecordKeys(f.challengeId, `REMINDER#${f.kind}#${state}`), entity: 'FollowUpReminder', challengeId: f.challengeId, kind: f.kind, state, dueOn: f.dueOn, sentAt: now.toISOString() },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        },
        {
          label: 'followup',
          item: {
            Update: {
              TableName: t,
              Key: challengeRecordKeys(f.challengeId, REC.due(f.kind)),
              UpdateExpression: 'SET #state = :state',
              ConditionExpression: '#s = :open',
              ExpressionAttributeNames: { '#s': 'status', '#state': 'state' },
              ExpressionAttributeValues: { ':state': state, ':open': 'open' },
            },
          },
        },
        ...outboxPuts(t, messages, now),
      ]);
      return true;
    } catch (e) {
      if (e instanceof Error && e.name === 'TransactionConditionFailed') return false;
      throw e;
    }
  }
}
