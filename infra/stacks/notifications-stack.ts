import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { appFunction } from './bundling.js';

/** Source entry of the outbox sender, relative to the repository root. */
export const OUTBOX_SENDER_ENTRY = 'functions/outbox/send.ts';

export interface NotificationsStackProps extends StackProps {
  /** The table; its stream carries new outbox messages. */
  table: dynamodb.ITable;
  /** SES identity (verified domain or address) the emails are sent from. */
  fromAddress: string;
  /** Advisers' addresses by region, as JSON ({"South East": "…"}); '{}' sends nothing to advisers. */
  adviserEmailsJson: string;
}

/**
 * The outbox sender: a DynamoDB stream consumer that takes only new outbox messages (an event
 * filter on INSERT of entity OutboxMessage) and sends each with SES at most once.
 */
export class NotificationsStack extends Stack {
  readonly senderFunction: lambda.IFunction;

  constructor(scope: Construct, id: string, props: NotificationsStackProps) {
    super(scope, id, props);
    const fn = appFunction(this, 'OutboxSenderFunction', {
      entry: OUTBOX_SENDER_ENTRY,
      description: 'Peer challenge: sends outbox messages by email (SES)',
      timeout: Duration.seconds(60),
      environment: {
        TABLE_NAME: props.table.tableName,
        FROM_ADDRESS: props.fromAddress,
        ADVISER_EMAILS_JSON: props.adviserEmailsJson,
        POWERTOOLS_SERVICE_NAME: 'peer-challenge-outbox',
      },
    });
    // Reads (peer email, challenge contact, the message) and the conditional status updates.
    props.table.grantReadWriteData(fn);
    // The event source mapping grants stream read (DescribeStream, GetRecords, GetShardIterator, ListStreams).
    fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('OutboxMessage') } } },
          }),
        ],
      }),
    );
    // SES: send only, only from the configured identity.
    const identity = props.fromAddress.includes('@') ? props.fromAddress.split('@')[1]! : props.fromAddress;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: props.fromAddress }),
        ],
      }),
    );
    this.senderFunction = fn;
  }
}
