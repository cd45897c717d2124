import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let cached: DynamoDBDocumentClient | undefined;

/**
 * One document client per process (reused across Lambda invocations).
 * DYNAMODB_ENDPOINT points it at DynamoDB Local; on AWS it is unset.
 */
export function documentClient(): DynamoDBDocumentClient {
  if (!cached) {
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    const client = new DynamoDBClient({
      ...(endpoint
        ? { endpoint, region: process.env.AWS_REGION ?? 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      maxAttempts: 3,
    });
    cached = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return cached;
}

/** Tests and the local runtime point the client at another endpoint. */
export function resetDocumentClient(): void {
  cached = undefined;
}
