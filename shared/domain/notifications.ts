import { z } from 'zod';
import type { Challenge } from './challenge.js';
import type { Invitation } from './invitation.js';
import type { Region } from './reference.js';

/**
 * Notifications: pure builders of the messages that accompany a change (no I/O). The
 * repository writes each message to the outbox in the same transaction as the change, so a
 * message exists exactly when its change happened; a stream consumer sends it (SES on AWS),
 * and the local runtime shows it in a mailbox instead (GET /api/mailbox).
 *
 * A message carries only what its recipient may already see: a peer learns about their own
 * invitation, a council about its own challenge, the region's advisers about their region's.
 * No names or email addresses are written into a message; the sender looks up the address.
 */
export type Recipient = { kind: 'peer'; id: string } | { kind: 'council'; id: string } | { kind: 'region'; id: Region };

export const MESSAGE_TEMPLATES = ['invitation', 'invitation-accepted', 'invitation-declined', 'invitation-expired', 'team-confirmed', 'peer-withdrew', 'challenge-ended', 'follow-up-due', 'follow-up-overdue'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

export const MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'undeliverable'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** What a builder returns; the repository stamps the id, time and status when it writes it. */
export interface MessageDraft {
  recipient: Recipient;
  template: MessageTemplate;
  challengeId: string;
  subject: string;
  text: string;
}

export interface OutboxMessage extends MessageDraft {
  id: string;
  createdAt: string;
  status: MessageStatus;
  sentAt?: string;
}

/** A message as the mailbox shows it (GET /api/mailbox). */
export const outboxMessageSchema = z.object({
  id: z.string(),
  recipient: z.object({ kind: z.enum(['peer', 'council', 'region']), id: z.string() }),
  template: z.enum(MESSAGE_TEMPLATES),
  challengeId: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  sentAt: z.string().optional(),
});

/** The mailbox a recipient reads: `PEER#<id>`, `COUNCIL#<id>` or `REGION#<region>`. */
export function mailboxOf(r: Recipient): string {
  return `${r.kind.toUpperCase()}#${r.id}`;
}

const days = (ds: readonly string[]) => (ds.length === 0 ? 'days to be agreed' : ds.length === 1 ? ds[0]! : `${ds[0]} to ${ds[ds.length - 1]} (${ds.length} days)`);
const roleName = (r: string) => r.replace('-', ' ');
const advisers = (region: Region): Recipient => ({ kind: 'region', id: region });

/** To the peer: they are invited, and until when they can answer. */
export function invitationMessage(inv: Invitation): MessageDraft {
  return {
    recipient: { kind: 'peer', id: inv.peerId },
    template: 'invitation',
    challengeId: inv.challengeId,
    subject: `Invitation: ${inv.kind} peer challenge at ${inv.councilName}`,
    text: [
      `You are invited to join the ${inv.kind} peer challenge at ${inv.councilName} as ${roleName(inv.role)}.`,
      `On-site: ${days(inv.days)}.`,
      inv.focusAreas.length ? `Focus: ${inv.focusAreas.join(', ')}.` : '',
      `Please accept or decline by ${inv.expiresOn}; after that the invitation lapses.`,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

/** To the region's advisers: a peer accepted (peer id and role only; the team page has the rest). */
export function acceptedMessage(inv: Invitation, region: Region): MessageDraft {
  return {
    recipient: advisers(region),
    template: 'invitation-accepted',
    challengeId: inv.challengeId,
    subject: `Accepted: ${roleName(inv.role)} place, ${inv.councilName}`,
    text: `Peer ${inv.peerId} accepted the ${roleName(inv.role)} place on the ${inv.kind} peer challenge at ${inv.councilName} (challenge ${inv.challengeId}). Their on-site days are booked.`,
  };
}

/** To the region's advisers: a peer declined, with the reason they gave for the adviser. */
export function declinedMessage(inv: Invitation, region: Region, reason: string): MessageDraft {
  return {
    recipient: advisers(region),
    template: 'invitation-declined',
    challengeId: inv.challengeId,
    subject: `Declined: ${roleName(inv.role)} place, ${inv.councilName}`,
    text: `Peer ${inv.peerId} declined the ${roleName(inv.role)} place on the ${inv.kind} peer challenge at ${inv.councilName} (challenge ${inv.challengeId}). Reason given: ${reason}\nThe place is open again.`,
  };
}

/** To the peer and to the region's advisers (when the challenge still names one): an unanswered invitation lapsed. */
export function expiredMessages(inv: Invitation, region: Region | undefined): MessageDraft[] {
  const toPeer: MessageDraft = {
    recipient: { kind: 'peer', id: inv.peerId },
    template: 'invitation-expired',
    challengeId: inv.challengeId,
    subject: `Invitation lapsed: peer challenge at ${inv.councilName}`,
    text: `Your invitation to the ${inv.kind} peer challenge at ${inv.councilName} (${days(inv.days)}) was not answered by ${inv.expiresOn} and has lapsed.`,
  };
  if (!region) return [toPeer];
  return [
    toPeer,
    {
      recipient: advisers(region),
      template: 'invitation-expired',
      challengeId: inv.challengeId,
      subject: `Invitation lapsed: ${roleName(inv.role)} place, ${inv.councilName}`,
      text: `The invitation of peer ${inv.peerId} to the ${roleName(inv.role)} place on the ${inv.kind} peer challenge at ${inv.councilName} (challenge ${inv.challengeId}) was not answered by ${inv.expiresOn} and has lapsed. The place is open again.`,
    },
  ];
}

/** To the region's advisers: a peer left the team (their days are free again; the place is open). */
export function withdrewMessage(inv: Invitation, region: Region): MessageDraft {
  return {
    recipient: advisers(region),
    template: 'peer-withdrew',
    challengeId: inv.challengeId,
    subject: `Withdrew: ${roleName(inv.role)} place, ${inv.councilName}`,
    text: `Peer ${inv.peerId} withdrew from the ${roleName(inv.role)} place on the ${inv.kind} peer challenge at ${inv.councilName} (challenge ${inv.challengeId}). The place is open again.`,
  };
}

/**
 * The challenge is cancelled (by the adviser) or withdrawn (by the council): every peer with
 * an open invitation or a place hears their days are free; the other side hears it ended.
 */
export function challengeEndedMessages(challenge: Challenge, ended: 'cancelled' | 'withdrawn', open: Pick<Invitation, 'peerId' | 'status' | 'days'>[]): MessageDraft[] {
  const what = `The ${challenge.kind} peer challenge at ${challenge.councilName} (challenge ${challenge.id}) was ${ended === 'cancelled' ? 'cancelled by the LGA' : 'withdrawn by the council'}.`;
  return [
    ...open.map((i) => ({
      recipient: { kind: 'peer' as const, id: i.peerId },
      template: 'challenge-ended' as const,
      challengeId: challenge.id,
      subject: `${ended === 'cancelled' ? 'Cancelled' : 'Withdrawn'}: peer challenge at ${challenge.councilName}`,
      text: `${what}${i.status === 'accepted' ? ` Your days (${days(i.days)}) are free again.` : ' Your invitation is closed.'}`,
    })),
    ended === 'cancelled'
      ? { recipient: { kind: 'council', id: challenge.councilId }, template: 'challenge-ended', challengeId: challenge.id, subject: `Cancelled: your ${challenge.kind} peer challenge`, text: what }
      : { recipient: advisers(challenge.region), template: 'challenge-ended', challengeId: challenge.id, subject: `Withdrawn: ${challenge.councilName}`, text: what },
  ];
}

/** To the council and to every accepted peer: the team is complete and the days are fixed. */
export function teamConfirmedMessages(challenge: Challenge, team: Pick<Invitation, 'peerId' | 'role' | 'status'>[]): MessageDraft[] {
  const accepted = team.filter((i) => i.status === 'accepted');
  const when = days(challenge.scope?.days ?? []);
  return [
    {
      recipient: { kind: 'council', id: challenge.councilId },
      template: 'team-confirmed',
      challengeId: challenge.id,
      subject: `Your peer challenge team is confirmed`,
      text: `The team for your ${challenge.kind} peer challenge is confirmed: ${accepted.length} peers (${accepted.map((i) => roleName(i.role)).join(', ')}). On-site: ${when}.`,
    },
    ...accepted.map(
      (i): MessageDraft => ({
        recipient: { kind: 'peer', id: i.peerId },
        template: 'team-confirmed',
        challengeId: challenge.id,
        subject: `Team confirmed: peer challenge at ${challenge.councilName}`,
        text: `The team for the ${challenge.kind} peer challenge at ${challenge.councilName} is complete. You are booked as ${roleName(i.role)}. On-site: ${when}.`,
      }),
    ),
  ];
}

/** To the council and to the region's advisers: a check-in or progress review is due soon, or overdue (the daily job). */
export function followUpReminderMessages(
  f: { challengeId: string; kind: 'check-in' | 'progress-review'; dueOn: string; councilId: string; councilName: string; region: Region },
  state: 'due' | 'overdue',
): MessageDraft[] {
  const what = f.kind === 'check-in' ? 'six-month check-in' : 'progress review';
  const when = state === 'due' ? `is due by ${f.dueOn}` : `was due by ${f.dueOn} and is overdue`;
  const template = state === 'due' ? 'follow-up-due' : 'follow-up-overdue';
  return [
    {
      recipient: { kind: 'council', id: f.councilId },
      template,
      challengeId: f.challengeId,
      subject: `Peer challenge follow-up: ${what} ${state === 'due' ? 'due' : 'overdue'}`,
      text: `The ${what} after your peer challenge ${when}. Your regional adviser will be in touch to arrange it.`,
    },
    {
      recipient: advisers(f.region),
      template,
      challengeId: f.challengeId,
      subject: `Follow-up ${state}: ${what}, ${f.councilName}`,
      text: `The ${what} of the peer challenge at ${f.councilName} (challenge ${f.challengeId}) ${when}.`,
    },
  ];
}
