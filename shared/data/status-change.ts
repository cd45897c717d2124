import type { StatusChange } from '../domain/lifecycle.js';
import { pipelineMoves } from './aggregates.js';
import { auditItem } from './challenges-repository.js';
import { challengeKeys } from './keys.js';
import type { TransactItem } from './transact.js';

/**
 * The transaction items of one status change, the only way a challenge's status is written:
 * an Update conditional on the status it was read in (so two writers cannot both move it
 * from the same state), its audit entry, and the pipeline aggregate moves. Every write that
 * changes a status (challenges, teams, follow-ups) joins these to its own transaction.
 */
export function statusChangeItems(tableName: string, change: StatusChange): { label: string; item: TransactItem }[] {
  const c = change.challenge;
  return [
    {
      label: 'challenge',
      item: {
        Update: {
          TableName: tableName,
          Key: { PK: `CHALLENGE#${c.id}`, SK: 'CHALLENGE' },
          UpdateExpression: 'SET #status = :to, updatedAt = :at, GSI3PK = :gsi3',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': c.status, ':at': c.updatedAt, ':gsi3': challengeKeys(c).GSI3PK, ':from': change.audit.from },
        },
      },
    },
    { label: 'audit', item: { Put: { TableName: tableName, Item: auditItem(c.id, change.audit) } } },
    ...pipelineMoves(tableName, { ...c, status: change.audit.from }, c),
  ];
}
