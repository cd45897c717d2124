import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { appFunction } from './bundling.js';

/** Source entry of the daily job, relative to the repository root. */
export const DAILY_JOB_ENTRY = 'functions/jobs/daily.ts';

export interface JobsStackProps extends StackProps {
  table: dynamodb.ITable;
}

/** Scheduled work: a daily job at 06:00 UTC. */
export class JobsStack extends Stack {
  readonly dailyFunction: lambda.IFunction;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);

    const fn = appFunction(this, 'DailyJobFunction', {
      entry: DAILY_JOB_ENTRY,
      description: 'Peer challenge daily job',
      timeout: Duration.seconds(60),
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'peer-challenge-jobs',
      },
    });
    props.table.grantReadWriteData(fn);
    this.dailyFunction = fn;

    new scheduler.Schedule(this, 'DailySchedule', {
      description: 'Peer challenge daily job, 06:00 UTC',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '6' }),
      target: new targets.LambdaInvoke(fn, { retryAttempts: 2 }),
    });
  }
}
