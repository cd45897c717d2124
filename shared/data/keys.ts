/**
 * Key design of the single table. Every item's keys are built here and nowhere else;
 * docs/data-model.md lists the access pattern each key serves.
 */
export function councilKeys(c: { id: string; region: string; name: string; lastCorporateChallenge: string | null }) {
  return {
    PK: `COUNCIL#${c.id}`,
    SK: 'COUNCIL',
    // Councils of a region, by name.
    GSI1PK: `REGION#${c.region}#COUNCILS`,
    GSI1SK: c.name,
    // Take-up: councils ordered by their last corporate/finance challenge ("0000" = never).
    GSI2PK: 'TAKEUP#CORPORATE',
    GSI2SK: `${c.lastCorporateChallenge ?? '0000-00-00'}#${c.id}`,
  };
}

export function challengeKeys(c: { id: string; councilId: string; region: string; status: string }) {
  return {
    PK: `CHALLENGE#${c.id}`,
    SK: 'CHALLENGE',
    // A council's challenges; ids are ULIDs, so the sort key orders them by creation time.
    GSI1PK: `COUNCIL#${c.councilId}#CHALLENGES`,
    GSI1SK: c.id,
    // A region's challenges by creation time.
    GSI2PK: `REGION#${c.region}#CHALLENGES`,
    GSI2SK: c.id,
    // A region's challenges in one status.
    GSI3PK: `REGION#${c.region}#STATUS#${c.status}`,
    GSI3SK: c.id,
  };
}

export function peerKeys(p: { id: string; status: string; group: string | null; kind: string; approvalQueue?: string | undefined }) {
  return {
    PK: `PEER#${p.id}`,
    SK: 'PEER',
    // All peers of one kind and approval state (pool listing, approvals queue).
    GSI1PK: `PEERS#${p.kind}#${p.status}`,
    GSI1SK: p.id,
    // A group office's member peers by approval state.
    ...(p.group ? { GSI2PK: `GROUP#${p.group}#PEERS#${p.status}`, GSI2SK: p.id } : {}),
    // Sparse: only peers waiting for an approver (a group office or the advisers).
    ...(p.approvalQueue ? { GSI3PK: `APPROVALS#${p.approvalQueue}`, GSI3SK: p.id } : {}),
  };
}

/** One item per (peer, skill): peers by skill, then group and level. */
export function peerSkillKeys(peerId: string, skill: string, group: string | null, level: number) {
  return {
    PK: `PEER#${peerId}`,
    SK: `SKILL#${skill}`,
    GSI1PK: `SKILL#${skill}`,
    GSI1SK: `GROUP#${group ?? 'NONE'}#LEVEL#${level}#${peerId}`,
  };
}

/** One item per (peer, booked day); created with attribute_not_exists so a day is never booked twice. */
export function peerDayKeys(peerId: string, day: string) {
  return {
    PK: `PEER#${peerId}`,
    SK: `DAY#${day}`,
    // Who is booked on a day: matching reads the few days of a challenge, not every peer.
    GSI1PK: `DAYS#${day}`,
    GSI1SK: peerId,
  };
}

/** A peer's invitation to a challenge: listed under the challenge, and under the peer. */
export function invitationKeys(challengeId: string, peerId: string) {
  return {
    PK: `CHALLENGE#${challengeId}`,
    SK: `INVITE#${peerId}`,
    GSI1PK: `PEER#${peerId}#INVITES`,
    GSI1SK: challengeId,
  };
}

/** The peer item's counter of challenges accepted in a financial year ("2026/27"). */
export function loadAttribute(financialYear: string): string {
  return `load_${financialYear.replace('/', '_')}`;
}


export function auditKeys(challengeId: string, at: string, id: string) {
  return { PK: `CHALLENGE#${challengeId}`, SK: `AUDIT#${at}#${id}` };
}

/** A council's own audit trail (e.g. changes of political control), in time order. */
export function councilAuditKeys(councilId: string, at: string, id: string) {
  return { PK: `COUNCIL#${councilId}`, SK: `AUDIT#${at}#${id}` };
}

export function idempotencyKeys(scope: string, key: string) {
  return { PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' };
}

/**
 * Sparse: only an invitation still `invited` carries these (the daily job's expiry index);
 * every write that moves it out of `invited` removes them.
 */
export function openInvitationKeys(inv: { challengeId: string; peerId: string; expiresOn: string }) {
  return { GSI2PK: 'INVITES#OPEN', GSI2SK: `${inv.expiresOn}#${inv.challengeId}#${inv.peerId}` };
}

/** One outbox message; listed in its recipient's mailbox (`PEER#id`, `COUNCIL#id`, `REGION#r`), newest first. */
export function outboxKeys(id: string, mailbox: string) {
  return { PK: `MSG#${id}`, SK: 'MSG', GSI1PK: `MAILBOX#${mailbox}`, GSI1SK: id };
}

/**
 * A challenge's after-the-visit records, under the challenge. `FOLLOWUP#REPORT`,
 * `FOLLOWUP#PUBLICATION`, `FOLLOWUP#ACTION-PLAN`, `FOLLOWUP#POSITION-STATEMENT`,
 * `FOLLOWUP#OUTCOMES` and `FOLLOWUP#DUE#<kind>` share a prefix (one Query reads them all);
 * surveys are `SURVEY#COUNCIL` / `SURVEY#PEER#<peerId>`; the daily job's once-only
 * reminder markers are `REMINDER#<kind>#<state>`.
 */
export function challengeRecordKeys(challengeId: string, record: string) {
  return { PK: `CHALLENGE#${challengeId}`, SK: record };
}

/** Sparse: only an open follow-up carries these (daily reminders, the advisers' list); done removes them. */
export function openFollowUpKeys(f: { challengeId: string; kind: string; dueOn: string }) {
  return { GSI2PK: 'FOLLOWUP#OPEN', GSI2SK: `${f.dueOn}#${f.challengeId}#${f.kind}` };
}

/** A peer's feedback on a fellow team member, listed under the peer it is about. */
export function peerFeedbackKeys(aboutPeerId: string, challengeId: string, fromPeerId: string) {
  return { PK: `PEER#${aboutPeerId}`, SK: `FEEDBACK#${challengeId}#${fromPeerId}` };
}

export const HEALTH_KEY = { PK: 'HEALTH', SK: 'HEALTH' } as const;
