import { describe, expect, it } from 'vitest';
import { DIGEST_SHARDS, digestItems, digestProfile, digestShard, parseDigestProfile } from '../../shared/data/pool-digest.js';

describe('the pool digest', () => {
  it('round-trips a profile entry through its compact string', () => {
    const member = { kind: 'member' as const, group: 'LAB' as const, councilId: 'E08000025', maxLoad: 3, status: 'approved' as const, skills: { finance: 2 as const, governance: 3 as const } };
    const outsider = { kind: 'other' as const, group: null, councilId: null, maxLoad: 1, status: 'pending' as const, skills: {} };
    expect(parseDigestProfile(digestProfile(member))).toEqual(member);
    expect(parseDigestProfile(digestProfile(outsider))).toEqual(outsider);
  });

  it('spreads peers over its shards and sums counters per peer and year', () => {
    const shards = new Set(Array.from({ length: 300 }, (_, i) => digestShard(`peer-${i}`)));
    expect(shards.size).toBe(DIGEST_SHARDS);
    const items = digestItems(
      [{ id: 'p1', kind: 'officer', group: null, councilId: 'E07000228', maxLoad: 2, status: 'approved', skills: {} }],
      [
        { peerId: 'p1', fy: '2026/27', challenges: 1, days: 3 },
        { peerId: 'p1', fy: '2026/27', challenges: 1, days: 4 },
      ],
      ['p1'],
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ 'c:2026_27:p1': 2007, 'i:p1': true });
  });
});
