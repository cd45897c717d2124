import { describe, expect, it } from 'vitest';
import { checkPeerFeedback, FollowUpRuleError, surveyBodySchema, themeDelta } from '../../shared/domain/follow-up.js';
import { originalTeamPins } from '../../shared/domain/team-proposal.js';
import type { Invitation } from '../../shared/domain/invitation.js';
import type { SolverPeer } from '../../shared/matching/propose-team.js';

const rec = (theme: string) => ({ text: 'Recommendation', theme }) as { text: string; theme: 'finance' };

describe('themeDelta', () => {
  it('counts a first report once per recommendation', () => {
    expect(themeDelta(null, { issuedOn: '2026-05-01', recommendations: [rec('finance'), rec('finance'), rec('housing')] })).toEqual([
      { fy: '2026/27', theme: 'finance', n: 2 },
      { fy: '2026/27', theme: 'housing', n: 1 },
    ]);
  });
  it('moves nothing for the same report, and only the difference for an edit', () => {
    const r = { issuedOn: '2026-05-01', recommendations: [rec('finance'), rec('housing')] };
    expect(themeDelta(r, r)).toEqual([]);
    expect(themeDelta(r, { issuedOn: '2026-05-01', recommendations: [rec('finance'), rec('finance')] })).toEqual([
      { fy: '2026/27', theme: 'finance', n: 1 },
      { fy: '2026/27', theme: 'housing', n: -1 },
    ]);
  });
  it('moves counts between financial years when the issue date crosses April', () => {
    expect(themeDelta({ issuedOn: '2026-03-31', recommendations: [rec('finance')] }, { issuedOn: '2026-04-01', recommendations: [rec('finance')] })).toEqual([
      { fy: '2025/26', theme: 'finance', n: -1 },
      { fy: '2026/27', theme: 'finance', n: 1 },
    ]);
  });
});

describe('checkPeerFeedback', () => {
  const body = (about: string[]) => surveyBodySchema.parse({ rating: 4, peerFeedback: about.map((a) => ({ aboutPeerId: a, rating: 3 })) });
  const fieldOf = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return (e as FollowUpRuleError).field;
    }
    return undefined;
  };
  it('lets a team member rate fellow members once each', () => {
    expect(fieldOf(() => checkPeerFeedback(body(['p2', 'p3']), { kind: 'peer', peerId: 'p1' }, ['p1', 'p2', 'p3']))).toBeUndefined();
  });
  it('refuses feedback from a council, about oneself, about outsiders, or twice', () => {
    expect(fieldOf(() => checkPeerFeedback(body(['p2']), { kind: 'council' }, ['p1', 'p2']))).toBe('peerFeedback');
    expect(fieldOf(() => checkPeerFeedback(body(['p1']), { kind: 'peer', peerId: 'p1' }, ['p1', 'p2']))).toBe('peerFeedback.0.aboutPeerId');
    expect(fieldOf(() => checkPeerFeedback(body(['p9']), { kind: 'peer', peerId: 'p1' }, ['p1', 'p2']))).toBe('peerFeedback.0.aboutPeerId');
    expect(fieldOf(() => checkPeerFeedback(body(['p2', 'p2']), { kind: 'peer', peerId: 'p1' }, ['p1', 'p2']))).toBe('peerFeedback.1.aboutPeerId');
  });
});

describe('originalTeamPins (a progress review invites the original team first)', () => {
  const inv = (peerId: string, role: string, status = 'accepted') => ({ peerId, role, status }) as unknown as Invitation;
  const peer = (id: string, over: Partial<SolverPeer> = {}): SolverPeer => ({ id, group: null, councilId: 'C9', roles: ['member', 'officer'], skills: {}, busy: [], conflicts: [], load: 0, maxLoad: 2, ...over });
  const slots = [
    { role: 'member', count: 1 },
    { role: 'officer', count: 2 },
  ];
  const original = [inv('m1', 'member'), inv('o1', 'officer'), inv('o2', 'officer'), inv('x', 'officer', 'declined')];

  it('pins every original member who is still eligible, in their role', () => {
    expect(originalTeamPins(original, [peer('m1'), peer('o1'), peer('o2'), peer('x')], [], [], [], slots, 'C1')).toEqual(['m1', 'o1', 'o2']);
  });
  it('leaves out the busy, the fully loaded, the conflicted, the gone and the excluded', () => {
    const peers = [peer('m1', { busy: ['2027-01-05'] }), peer('o1', { load: 2 }), peer('o2', { conflicts: ['C1'] })];
    expect(originalTeamPins(original, peers, [], [], [], slots, 'C1')).toEqual([]);
    expect(originalTeamPins(original, [peer('o1'), peer('o2')], [], [], [], slots, 'C1')).toEqual(['o1', 'o2']); // m1 no longer approved
    expect(originalTeamPins(original, [peer('m1'), peer('o1'), peer('o2')], [], ['o1'], ['o2'], slots, 'C1')).toEqual(['m1']);
  });
  it('never pins more than the review has places for, nor someone already holding one', () => {
    expect(originalTeamPins(original, [peer('m1'), peer('o1'), peer('o2')], [{ peerId: 'new', slot: 'officer' }], [], [], slots, 'C1')).toEqual(['m1', 'o1']);
    expect(originalTeamPins(original, [peer('m1'), peer('o1'), peer('o2')], [{ peerId: 'o1', slot: 'officer' }], [], [], slots, 'C1')).toEqual(['m1', 'o2']);
    expect(originalTeamPins(original, [peer('m1'), peer('o1'), peer('o2')], [], [], [], [{ role: 'officer', count: 1 }], 'C1')).toEqual(['o1']);
  });
});
