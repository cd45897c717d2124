/**
 * The one DynamoDB table, described once. The CDK data stack and the local runtime both
 * build their table from this object, so local and AWS can never drift apart.
 * Key design and access patterns: docs/data-model.md.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  timeToLiveAttribute: string;
  stream: 'NEW_AND_OLD_IMAGES';
  billing: 'PAY_PER_REQUEST';
}

const gsi = (n: number): IndexDefinition => ({
  indexName: `GSI${n}`,
  partitionKey: { name: `GSI${n}PK`, type: 'S' },
  sortKey: { name: `GSI${n}SK`, type: 'S' },
});

export const TABLE: TableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  // Overloaded, sparse indexes: an item projects into an index only when it sets that index's keys.
  globalSecondaryIndexes: [gsi(1), gsi(2), gsi(3)],
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  billing: 'PAY_PER_REQUEST',
};

/** The input of DynamoDB's CreateTable for this definition (used by the local runtime and tests). */
export function createTableInput(tableName: string) {
  const attrs = new Map<string, KeyAttribute>();
  for (const k of [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])])
    attrs.set(k.name, k);
  return {
    TableName: tableName,
    BillingMode: TABLE.billing,
    AttributeDefinitions: [...attrs.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
  };
}
