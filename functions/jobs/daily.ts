import { Logger } from '@aws-lambda-powertools/logger';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { TeamRepository } from '../../shared/data/team-repository.js';
import type { Invitation } from '../../shared/domain/invitation.js';
import { expiredMessages } from '../../shared/domain/notifications.js';
import type { Region } from '../../shared/domain/reference.js';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge-jobs' });

export interface DailyJobResult {
  ran: string;
  tasks: string[];
  /** Invitations this run expired (a second run, or a concurrent one, finds none of them). */
  expired: number;
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

/** The daily job (EventBridge Scheduler, 06:00 UTC; locally at start and hourly). */
export const handler = async (): Promise<DailyJobResult> => {
  const now = new Date();
  const expired = await expireInvitations(now);
  const result: DailyJobResult = { ran: now.toISOString(), tasks: ['expire-invitations'], expired };
  logger.info('daily job ran', { tasks: result.tasks.length, expired });
  return result;
};
