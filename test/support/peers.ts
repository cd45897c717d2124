import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/data/client.js';
import type { Peer } from '../../shared/domain/peer.js';
import type { DemoUser } from '../../shared/domain/user.js';

/** The approved peers of one kind in the seeded pool (the pool index, as matching reads it). */
export async function approvedPeers(tableName: string, kind: Peer['kind']): Promise<Peer[]> {
  const res = await documentClient().send(
    new QueryCommand({ TableName: tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `PEERS#${kind}#approved` } }),
  );
  return (res.Items ?? []) as Peer[];
}

/** A user who signs in as this peer (tokens for any seeded peer, not only the demo ones). */
export function peerUser(peer: Pick<Peer, 'id' | 'name'>): DemoUser {
  return { id: `user-${peer.id}`, sub: `sub-${peer.id}`, name: peer.name, roles: ['peer'], peerId: peer.id, description: 'test peer' };
}
