import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Challenge } from '../domain/challenge.js';
import { financialYear } from '../domain/dates.js';
import type { Invitation, InvitationStatus } from '../domain/invitation.js';
import type { StatusChange } from '../domain/lifecycle.js';
import type { ChallengeStatus } from '../domain/reference.js';
import { documentClient } from './client.js';
import { statusChangeItems } from './status-change.js';
import { invitationKeys, loadAttribute, openInvitationKeys, peerDayKeys } from './keys.js';
import { digestBookingUpdates, digestInvitedUpdates } from './pool-digest.js';
import type { MessageDraft } from '../domain/notifications.js';
import { outboxPuts } from './outbox-repository.js';
import { idempotencyPut, type IdempotencyClaim } from './idempotency.js';
import { stripKeys } from './items.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';
import { queryAll } from './query.js';

type Labelled = { label: string; item: TransactItem };

/** Why a booking could not be made; the handler turns each into a 409 a peer can act on. */
export type BookingRefusal =
  | { reason: 'invitation-closed'; status: InvitationStatus | undefined }
  | { reason: 'challenge-closed'; status: ChallengeStatus | undefined }
  | { reason: 'day-taken'; day: string; otherChallengeId: string | undefined }
  | { reason: 'over-load' };

export class BookingRefused extends Error {
  constructor(readonly refusal: BookingRefusal) {
    super(refusal.reason);
    this.name = 'BookingRefused';
  }
}

const challengeKey = (id: string) => ({ PK: `CHALLENGE#${id}`, SK: 'CHALLENGE' });
const peerKey = (id: string) => ({ PK: `PEER#${id}`, SK: 'PEER' });

/**
 * Invitations and bookings. Every change that books or frees a peer's days is one
 * transaction: the invitation, one item per (peer, day) and the peer's yearly load move
 * together or not at all, so a peer is never double-booked and no day is left orphaned.
 */
export class TeamRepository {
  constructor(private readonly tableName: string) {}

  async invitations(challengeId: string): Promise<Invitation[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :inv)',
        ExpressionAttributeValues: { ':pk': `CHALLENGE#${challengeId}`, ':inv': 'INVITE#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => stripKeys<Invitation>(i));
  }

  /** A peer's invitations, newest challenge first. */
  async invitationsOf(peerId: string): Promise<Invitation[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `PEER#${peerId}#INVITES` },
        ScanIndexForward: false,
      }),
    );
    return (res.Items ?? []).map((i) => stripKeys<Invitation>(i));
  }

  async invitation(challengeId: string, peerId: string): Promise<Invitation | undefined> {
    const { PK, SK } = invitationKeys(challengeId, peerId);
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { PK, SK }, ConsistentRead: true }));
    return Item ? stripKeys<Invitation>(Item) : undefined;
  }

  /** Peers booked on any of these days (one query per day). */
  async bookedOn(days: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    await Promise.all(
      days.map(async (day) => {
        const items = await queryAll({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `DAYS#${day}` },
          ProjectionExpression: 'GSI1SK',
        });
        for (const i of items) out.set(i.GSI1SK as string, [...(out.get(i.GSI1SK as string) ?? []), day]);
      }),
    );
    return out;
  }

  /** Writes new invitations, only while the challenge is in `expectedStatus`; optionally moves it on. */
  async invite(challenge: Challenge, invitations: Invitation[], change?: StatusChange, claim?: IdempotencyClaim, messages: MessageDraft[] = [], now = new Date()): Promise<void> {
    const t = this.tableName;
    await transactWrite([
      ...(change
        ? statusChangeItems(t, change)
        : [
            {
              label: 'challenge',
              item: {
                ConditionCheck: {
                  TableName: t,
                  Key: challengeKey(challenge.id),
                  ConditionExpression: '#status = :s',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':s': challenge.status },
                },
              },
            },
          ]),
      ...invitations.map((inv) => ({
        label: `invitation:${inv.peerId}`,
        item: {
          Put: {
            TableName: t,
            Item: { ...invitationKeys(inv.challengeId, inv.peerId), ...(inv.status === 'invited' ? openInvitationKeys(inv) : {}), entity: 'Invitation', ...inv },
            // A peer who declined or was withdrawn may be invited again; an open invitation is not replaced.
            ConditionExpression: 'attribute_not_exists(PK) OR NOT (#s IN (:invited, :accepted))',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':invited': 'invited', ':accepted': 'accepted' },
          },
        },
      })),
      ...digestInvitedUpdates(t, invitations.map((i) => i.peerId)),
      ...outboxPuts(t, messages, now),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(t, claim, { statusCode: 201, body: { items: invitations } }) }] : []),
    ]);
  }

  /**
   * Accepts an invitation and books the peer's days, in one transaction: the invitation must
   * still be open, the challenge must still take bookings, each day must be free, and the
   * peer must be under their yearly load.
   */
  async accept(
    inv: Invitation,
    bookable: readonly ChallengeStatus[],
    now: Date,
    claim?: IdempotencyClaim,
    messages: MessageDraft[] = [],
    /**
     * When this acceptance fills the last place: the move to team-confirmed (replacing the
     * bookable check on the challenge) and the places it relies on, checked still accepted.
     */
    completes?: { change: StatusChange; othersAccepted: string[]; messages: MessageDraft[] },
  ): Promise<{ invitation: Invitation; confirmedTeam: boolean }> {
    const t = this.tableName;
    const at = now.toISOString();
    const today = at.slice(0, 10);
    const accepted: Invitation = { ...inv, status: 'accepted', respondedAt: at };
    const load = loadAttribute(financialYear(inv.days[0]!));
    const items: Labelled[] = [
      {
        label: 'invitation',
        item: {
          Update: {
            TableName: t,
            Key: { PK: `CHALLENGE#${inv.challengeId}`, SK: `INVITE#${inv.peerId}` },
            UpdateExpression: 'SET #s = :accepted, respondedAt = :at REMOVE GSI2PK, GSI2SK',
            ConditionExpression: '#s = :invited AND expiresOn >= :today',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':accepted': 'accepted', ':invited': 'invited', ':at': at, ':today': today },
          },
        },
      },
      ...(completes
        ? [
            ...statusChangeItems(t, completes.change),
            ...completes.othersAccepted.map((peerId) => ({
              label: `still-accepted:${peerId}`,
              item: {
                ConditionCheck: {
                  TableName: t,
                  Key: { PK: `CHALLENGE#${inv.challengeId}`, SK: `INVITE#${peerId}` },
                  ConditionExpression: '#s = :accepted',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':accepted': 'accepted' },
                },
              },
            })),
          ]
        : [
            {
              label: 'challenge',
              item: {
                ConditionCheck: {
                  TableName: t,
                  Key: challengeKey(inv.challengeId),
                  ConditionExpression: `#status IN (${bookable.map((_, i) => `:b${i}`).join(', ')})`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: Object.fromEntries(bookable.map((s, i) => [`:b${i}`, s])),
                },
              },
            },
          ]),
      ...inv.days.map((day) => ({
        label: `day:${day}`,
        item: {
          Put: {
            TableName: t,
            Item: { ...peerDayKeys(inv.peerId, day), entity: 'PeerDay', peerId: inv.peerId, day, challengeId: inv.challengeId, role: inv.role, bookedAt: at },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      })),
      {
        label: 'load',
        item: {
          Update: {
            TableName: t,
            Key: peerKey(inv.peerId),
            // The version moves too, so a profile edit read before this booking cannot overwrite its load.
            UpdateExpression: 'ADD #load :one SET version = if_not_exists(version, :one) + :one',
            ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#load) OR #load < maxLoad)',
            ExpressionAttributeNames: { '#load': load },
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      },
      ...digestBookingUpdates(t, financialYear(inv.days[0]!), [{ peerId: inv.peerId, challenges: 1, days: inv.days.length }]),
      ...outboxPuts(t, [...messages, ...(completes?.messages ?? [])], now),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(t, claim, { statusCode: 200, body: accepted }) }] : []),
    ];
    try {
      await transactWrite(items);
      return { invitation: accepted, confirmedTeam: completes !== undefined };
    } catch (e) {
      if (!(e instanceof TransactionConditionFailed) || e.labels.includes('idempotency')) throw e;
      // The team changed since it was read (a place freed, the status moved): book without
      // confirming; the caller confirms afterwards if the team is complete after all.
      if (completes && e.labels.every((l) => l === 'challenge' || l.startsWith('still-accepted:'))) return this.accept(inv, bookable, now, claim, messages);
      throw new BookingRefused(await this.explain(inv, e.labels));
    }
  }

  /** Reads what stood in the way, to name it (the first failed condition, in item order). */
  private async explain(inv: Invitation, labels: string[]): Promise<BookingRefusal> {
    if (labels.includes('invitation')) return { reason: 'invitation-closed', status: (await this.invitation(inv.challengeId, inv.peerId))?.status };
    if (labels.includes('challenge')) {
      const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: challengeKey(inv.challengeId) }));
      return { reason: 'challenge-closed', status: Item?.status as ChallengeStatus | undefined };
    }
    const day = labels.find((l) => l.startsWith('day:'))?.slice(4);
    if (day) {
      const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { PK: `PEER#${inv.peerId}`, SK: `DAY#${day}` }, ConsistentRead: true }));
      return { reason: 'day-taken', day, otherChallengeId: Item?.challengeId as string | undefined };
    }
    return { reason: 'over-load' };
  }

  async decline(inv: Invitation, reason: string, now: Date, claim?: IdempotencyClaim, messages: MessageDraft[] = []): Promise<Invitation> {
    const declined: Invitation = { ...inv, status: 'declined', respondedAt: now.toISOString(), reason };
    try {
      await transactWrite([
        {
          label: 'invitation',
          item: {
            Update: {
              TableName: this.tableName,
              Key: { PK: `CHALLENGE#${inv.challengeId}`, SK: `INVITE#${inv.peerId}` },
              UpdateExpression: 'SET #s = :declined, respondedAt = :at, reason = :why REMOVE GSI2PK, GSI2SK',
              ConditionExpression: '#s = :invited',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':declined': 'declined', ':invited': 'invited', ':at': declined.respondedAt, ':why': reason },
            },
          },
        },
        ...outboxPuts(this.tableName, messages, now),
        ...(claim ? [{ label: 'idempotency', item: idempotencyPut(this.tableName, claim, { statusCode: 200, body: declined }) }] : []),
      ]);
    } catch (e) {
      if (e instanceof TransactionConditionFailed && !e.labels.includes('idempotency'))
        throw new BookingRefused({ reason: 'invitation-closed', status: (await this.invitation(inv.challengeId, inv.peerId))?.status });
      throw e;
    }
    return declined;
  }

  /**
   * The transaction items that end one invitation: an accepted one frees its days (each
   * delete conditional on the day still belonging to this challenge) and gives back a load.
   */
  private endItems(inv: Invitation, to: 'withdrawn' | 'cancelled', at: string): Labelled[] {
    const t = this.tableName;
    const base: Labelled = {
      label: `invitation:${inv.peerId}`,
      item: {
        Update: {
          TableName: t,
          Key: { PK: `CHALLENGE#${inv.challengeId}`, SK: `INVITE#${inv.peerId}` },
          UpdateExpression: 'SET #s = :to, respondedAt = :at REMOVE GSI2PK, GSI2SK',
          ConditionExpression: '#s = :was',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': to, ':at': at, ':was': inv.status },
        },
      },
    };
    if (inv.status !== 'accepted') return [base];
    return [
      base,
      ...inv.days.map((day) => ({
        label: `free:${inv.peerId}:${day}`,
        item: {
          Delete: {
            TableName: t,
            Key: { PK: `PEER#${inv.peerId}`, SK: `DAY#${day}` },
            ConditionExpression: 'challengeId = :c',
            ExpressionAttributeValues: { ':c': inv.challengeId },
          },
        },
      })),
      {
        label: `load:${inv.peerId}`,
        item: {
          Update: {
            TableName: t,
            Key: peerKey(inv.peerId),
            UpdateExpression: 'ADD #load :minus SET version = if_not_exists(version, :one) + :one',
            ConditionExpression: '#load > :zero',
            ExpressionAttributeNames: { '#load': loadAttribute(financialYear(inv.days[0]!)) },
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0, ':one': 1 },
          },
        },
      },
    ];
  }

  /** The pool digest gives back the challenges and days of the accepted invitations that end. */
  private digestFreed(ending: Invitation[]): Labelled[] {
    const accepted = ending.filter((i) => i.status === 'accepted');
    if (accepted.length === 0) return [];
    return digestBookingUpdates(this.tableName, financialYear(accepted[0]!.days[0]!), accepted.map((i) => ({ peerId: i.peerId, challenges: -1 as const, days: -i.days.length })));
  }

  /** One peer leaves the team (they withdraw, or the adviser takes them off); a confirmed team reopens. */
  async withdraw(inv: Invitation, now: Date, change?: StatusChange, messages: MessageDraft[] = []): Promise<void> {
    const at = now.toISOString();
    await transactWrite([
      ...this.endItems(inv, 'withdrawn', at),
      ...this.digestFreed([inv]),
      ...(change ? statusChangeItems(this.tableName, change) : []),
      ...outboxPuts(this.tableName, messages, now),
    ]);
  }

  /** The challenge ends (cancelled or withdrawn): every open invitation ends and every booked day is freed. */
  async endChallenge(change: StatusChange, invitations: Invitation[], claim?: IdempotencyClaim, messages: MessageDraft[] = []): Promise<void> {
    const open = invitations.filter((i) => i.status === 'invited' || i.status === 'accepted');
    await transactWrite([
      ...statusChangeItems(this.tableName, change),
      ...open.flatMap((i) => this.endItems(i, 'cancelled', change.audit.at)),
      ...this.digestFreed(open),
      ...outboxPuts(this.tableName, messages, new Date(change.audit.at)),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(this.tableName, claim, { statusCode: 200, body: change.challenge }) }] : []),
    ]);
  }

  /** A status change of the challenge alone (e.g. the team is now complete), with the messages that announce it. */
  async changeStatus(change: StatusChange, messages: MessageDraft[] = []): Promise<void> {
    await transactWrite([...statusChangeItems(this.tableName, change), ...outboxPuts(this.tableName, messages, new Date(change.audit.at))]);
  }

  /**
   * Open invitations whose last day to answer is before `today` (GSI2 `INVITES#OPEN`, sorted by
   * expiry date). The index is eventually consistent: `expire` re-checks each one.
   */
  async openInvitationsExpiringBefore(today: string): Promise<Invitation[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :today',
      ExpressionAttributeValues: { ':pk': 'INVITES#OPEN', ':today': today },
    });
    return items.map((i) => stripKeys<Invitation>(i));
  }

  /**
   * Expires one unanswered invitation and writes its messages, in one transaction that holds
   * only while it is still `invited` and past its last day: running it twice, or after a crash,
   * never expires or announces it twice. False when there was nothing (left) to expire.
   */
  async expire(inv: Invitation, today: string, now: Date, messages: MessageDraft[] = []): Promise<boolean> {
    try {
      await transactWrite([
        {
          label: 'invitation',
          item: {
            Update: {
              TableName: this.tableName,
              Key: { PK: `CHALLENGE#${inv.challengeId}`, SK: `INVITE#${inv.peerId}` },
              UpdateExpression: 'SET #s = :expired, respondedAt = :at REMOVE GSI2PK, GSI2SK',
              ConditionExpression: '#s = :invited AND expiresOn < :today',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':expired': 'expired', ':invited': 'invited', ':at': now.toISOString(), ':today': today },
            },
          },
        },
        ...outboxPuts(this.tableName, messages, now),
      ]);
      return true;
    } catch (e) {
      if (e instanceof TransactionConditionFailed && e.labels.includes('invitation')) return false;
      throw e;
    }
  }
}
