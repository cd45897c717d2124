import { Logger } from '@aws-lambda-powertools/logger';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { TeamRepository } from '../../shared/data/team-repository.js';
import type { Invitation } from '../../shared/domain/invitation.js';
import { expiredMessages, followUpReminderMessages } from '../../shared/domain/notifications.js';
import { FollowUpRepository, type FollowUpRecord } from '../../shared/data/follow-up-repository.js';
import { FOLLOW_UP_POLICIES, followUpState, MAX_DUE_SOON_DAYS } from '../../shared/domain/follow-up.js';
import { addDays } from '../../shared/domain/dates.js';
import type { Region } from '../../shared/domain/reference.js';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge-jobs' });

export interface DailyJobResult {
  ran: string;
  tasks: string[];
  /** Invitations this run expired (a second run, or a concurrent one, finds none of them). */
  expired: number;
  /** Follow-up reminders this run sent (one per follow-up and state, ever). */
  reminded: number;
}

function tableName(): string {
  const t = process.env.TABLE_NAME;
  if (!t) throw new Error('missing environment variable TABLE_NAME');
  return t;
}

/**
 * Expires one invitation past its last day: the conditional update and its messages (to the
 * peer and the region's advisers) are one transaction, so it happens at most once however
 * often, and however concurrently, it is attempted. True when this call expired it.
 */
export async function expireInvitation(inv: Invitation, now: Date, regionOf: (challengeId: string) => Promise<Region | undefined>, table = tableName()): Promise<boolean> {
  const region = await regionOf(inv.challengeId);
  return new TeamRepository(table).expire(inv, now.toISOString().slice(0, 10), now, expiredMessages(inv, region));
}

/** Every open invitation whose `expiresOn` is before today (UTC) becomes `expired`. */
export async function expireInvitations(now = new Date(), table = tableName()): Promise<number> {
  const team = new TeamRepository(table);
  const challenges = new ChallengesRepository(table);
  const regions = new Map<string, Promise<Region | undefined>>();
  const regionOf = (id: string) => {
    if (!regions.has(id)) regions.set(id, challenges.get(id).then((c) => c?.region));
    return regions.get(id)!;
  };
  const due = await team.openInvitationsExpiringBefore(now.toISOString().slice(0, 10));
  let expired = 0;
  // A few at a time: each is its own small transaction.
  for (let i = 0; i < due.length; i += 10) {
    const done = await Promise.all(due.slice(i, i + 10).map((inv) => expireInvitation(inv, now, regionOf, table)));
    expired += done.filter(Boolean).length;
  }
  return expired;
}

/**
 * Reminds the council and the region's advisers of one follow-up that is due or overdue, once
 * per (follow-up, state): the marker, the follow-up's state and the messages are one
 * transaction (FollowUpRepository.remind). True when this call sent it.
 */
export async function remindFollowUp(f: FollowUpRecord, now: Date, table = tableName()): Promise<boolean> {
  const state = followUpState(f, now.toISOString().slice(0, 10), FOLLOW_UP_POLICIES[f.challengeKind]);
  if (state !== 'due' && state !== 'overdue') return false;
  return new FollowUpRepository(table).remind(f, state, followUpReminderMessages(f, state), now);
}

/** Open follow-ups due within the longest "due soon" lead (sparse GSI2 `FOLLOWUP#OPEN`, no table scan) get their reminder. */
export async function remindFollowUps(now = new Date(), table = tableName()): Promise<number> {
  const open = await new FollowUpRepository(table).open({ dueBy: addDays(now.toISOString().slice(0, 10), MAX_DUE_SOON_DAYS) });
  let sent = 0;
  for (let i = 0; i < open.length; i += 10) {
    const done = await Promise.all(open.slice(i, i + 10).map((f) => remindFollowUp(f, now, table)));
    sent += done.filter(Boolean).length;
  }
  return sent;
}

/** The daily job (EventBridge Scheduler, 06:00 UTC; locally at start and hourly). */
export const handler = async (): Promise<DailyJobResult> => {
  const now = new Date();
  const expired = await expireInvitations(now);
  const reminded = await remindFollowUps(now);
  const result: DailyJobResult = { ran: now.toISOString(), tasks: ['expire-invitations', 'remind-follow-ups'], expired, reminded };
  logger.info('daily job ran', { tasks: result.tasks.length, expired, reminded });
  return result;
};
