import { App, Tags } from 'aws-cdk-lib';
import { ApiStack } from './stacks/api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { JobsStack } from './stacks/jobs-stack.js';
import { NotificationsStack } from './stacks/notifications-stack.js';
import { WebStack } from './stacks/web-stack.js';

export const STACK_PREFIX = 'PeerChallenge-';

export interface BuildAppOptions {
  /** Where the cloud assembly goes; defaults to CDK_OUTDIR (set by the CDK CLI) or cdk.out. */
  outdir?: string;
  region?: string;
  account?: string;
  /** Overrides the context values of cdk.json (tests). */
  context?: Record<string, unknown>;
  /** Web build folder; a placeholder page is deployed when it does not exist. */
  webDistDir?: string;
}

export interface PeerChallengeApp {
  app: App;
  data: DataStack;
  api: ApiStack;
  web: WebStack;
  jobs: JobsStack;
  notifications: NotificationsStack;
}

function stringList(value: unknown, fallback: string[]): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (typeof value === 'string' && value) return value.split(',').map((s) => s.trim());
  return fallback;
}

/** Builds the whole app (all four stacks). bin/app.ts synthesises it; tests inspect it in-process. */
export function buildApp(opts: BuildAppOptions = {}): PeerChallengeApp {
  const app = new App({
    ...(opts.outdir ? { outdir: opts.outdir } : {}),
    ...(opts.context ? { context: opts.context } : {}),
  });
  // An explicit choice (option, context peerChallenge:region) wins over the CLI's default region.
  const contextRegion = app.node.tryGetContext('peerChallenge:region') as unknown;
  const region =
    opts.region ?? (typeof contextRegion === 'string' && contextRegion ? contextRegion : undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-2';
  const account = opts.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const env = { region, ...(account ? { account } : {}) };

  const corsOrigins = stringList(app.node.tryGetContext('peerChallenge:corsOrigins'), ['http://localhost:3000']);
  // The CloudFront URL is only known after the first deploy (the web stack depends on the API stack):
  // add it (or the custom domain) to peerChallenge:authCallbackUrls, e.g. -c peerChallenge:authCallbackUrls=https://dxxxx.cloudfront.net/
  const authCallbackUrls = stringList(app.node.tryGetContext('peerChallenge:authCallbackUrls'), ['http://localhost:3000/']);
  const authDomainPrefix = app.node.tryGetContext('peerChallenge:authDomainPrefix') as unknown;

  const data = new DataStack(app, `${STACK_PREFIX}Data`, { env, description: 'Peer challenge: DynamoDB table' });
  const api = new ApiStack(app, `${STACK_PREFIX}Api`, {
    env,
    description: 'Peer challenge: Cognito, HTTP API and functions',
    table: data.table,
    corsOrigins,
    authCallbackUrls,
    ...(typeof authDomainPrefix === 'string' && authDomainPrefix ? { authDomainPrefix } : {}),
  });
  const web = new WebStack(app, `${STACK_PREFIX}Web`, {
    env,
    description: 'Peer challenge: web app (S3 + CloudFront)',
    apiEndpoint: api.httpApi.apiEndpoint,
    userPoolId: api.userPool.userPoolId,
    userPoolClientId: api.userPoolClient.userPoolClientId,
    authDomain: api.authDomain,
    ...(opts.webDistDir ? { webDistDir: opts.webDistDir } : {}),
  });
  const jobs = new JobsStack(app, `${STACK_PREFIX}Jobs`, {
    env,
    description: 'Peer challenge: scheduled jobs',
    table: data.table,
  });
  // Email: the SES identity to send from (-c peerChallenge:fromAddress=…) and advisers' addresses by region
  // (-c peerChallenge:adviserEmailsJson='{"South East":"…"}').
  const fromAddress = app.node.tryGetContext('peerChallenge:fromAddress') as unknown;
  const adviserEmailsJson = app.node.tryGetContext('peerChallenge:adviserEmailsJson') as unknown;
  const notifications = new NotificationsStack(app, `${STACK_PREFIX}Notifications`, {
    env,
    description: 'Peer challenge: outbox sender (DynamoDB stream to SES)',
    table: data.table,
    fromAddress: typeof fromAddress === 'string' && fromAddress ? fromAddress : 'noreply@example.org',
    adviserEmailsJson: typeof adviserEmailsJson === 'string' && adviserEmailsJson ? adviserEmailsJson : '{}',
  });

  Tags.of(app).add('project', 'peer-challenge');
  return { app, data, api, web, jobs, notifications };
}
