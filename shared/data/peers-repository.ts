import type { Peer } from '../domain/peer.js';
import { peerKeys, peerSkillKeys } from './keys.js';

/** A peer's profile item plus one item per skill, so peers can be found by skill and group. */
export function peerItems(peer: Peer): Record<string, unknown>[] {
  return [
    { ...peerKeys(peer), entity: 'Peer', ...peer },
    ...Object.entries(peer.skills).map(([skill, level]) => ({
      ...peerSkillKeys(peer.id, skill, peer.group, level as number),
      entity: 'PeerSkill',
      peerId: peer.id,
      skill,
      level,
      group: peer.group,
      kind: peer.kind,
      status: peer.status,
    })),
  ];
}
