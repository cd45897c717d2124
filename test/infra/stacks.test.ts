import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, STACK_PREFIX } from '../../infra/app.js';
import { FUNCTION_ENTRIES, FUNCTION_TABLE_ACCESS, ROUTES, type FunctionName } from '../../infra/routes.js';
import { REPO_ROOT } from '../../infra/stacks/bundling.js';
import { USER_ROLES } from '../../shared/domain/reference.js';
import { TABLE } from '../../shared/data/table-definition.js';

/** CloudFormation resources as synthesised (plain JSON). */
type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const REGION = 'eu-west-2';
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let outdir: string;
let data: Template;
let api: Template;
let web: Template;
let jobs: Template;
let notifications: Template;

function resources(t: Template, type: string): [string, Resource][] {
  return Object.entries(t.findResources(type)) as [string, Resource][];
}
const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

beforeAll(() => {
  // The same context as `cdk synth` (feature flags and platform settings from cdk.json).
  const cdkJson = JSON.parse(readFileSync(resolve(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  outdir = mkdtempSync(join(tmpdir(), 'peer-challenge-cdk-'));
  const built = buildApp({ outdir, region: REGION, context: cdkJson.context });
  // Synthesise once (this bundles every function with esbuild), then read the templates.
  const assembly = built.app.synth();
  const template = (stackName: string) => Template.fromJSON(assembly.getStackByName(stackName).template as Json);
  data = template(`${STACK_PREFIX}Data`);
  api = template(`${STACK_PREFIX}Api`);
  web = template(`${STACK_PREFIX}Web`);
  jobs = template(`${STACK_PREFIX}Jobs`);
  notifications = template(`${STACK_PREFIX}Notifications`);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The CloudFormation value an importing stack uses for the table's ARN. */
function tableArnImport(): Json {
  const [tableId] = resources(data, 'AWS::DynamoDB::Table')[0]!;
  const outputs = data.toJSON().Outputs as Record<string, { Value: unknown; Export: { Name: string } }>;
  const arnOutput = Object.values(outputs).find((o) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }));
  expect(arnOutput, 'the data stack exports the table ARN').toBeDefined();
  return { 'Fn::ImportValue': arnOutput!.Export.Name };
}

/** The dynamodb statements of the IAM policies attached to a function's role. */
function dynamoStatements(t: Template, functionId: string): Statement[] {
  const fn = resources(t, 'AWS::Lambda::Function').find(([id]) => id === functionId)![1];
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = resources(t, 'AWS::IAM::Policy').filter(([, p]) =>
    (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
  );
  const statements = policies.flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
}

/** Function logical id by function name (POWERTOOLS_SERVICE_NAME is peer-challenge-<name>). */
function functionIdsByName(t: Template): Map<string, string> {
  const map = new Map<string, string>();
  for (const [id, fn] of resources(t, 'AWS::Lambda::Function')) {
    const vars = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    const service = vars?.POWERTOOLS_SERVICE_NAME;
    if (typeof service === 'string') map.set(service.replace(/^peer-challenge-/, ''), id);
  }
  return map;
}

describe('data stack', () => {
  it('has exactly one table, retained, deletion-protected, with PITR, TTL, stream and on-demand billing', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    const [, table] = resources(data, 'AWS::DynamoDB::Table')[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.timeToLiveAttribute, Enabled: true });
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' },
    ]);
  });

  it('has the global secondary indexes of the shared table definition, and no others', () => {
    const [, table] = resources(data, 'AWS::DynamoDB::Table')[0]!;
    const actual = (table.Properties.GlobalSecondaryIndexes as Json[]).map((g) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
    }));
    const expected = TABLE.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    const byName = (a: Json, b: Json) => String(a.IndexName).localeCompare(String(b.IndexName));
    expect(actual.sort(byName)).toEqual(expected.sort(byName));
    expect(expected.length).toBeGreaterThan(0);
    // Every key attribute is declared with the type the definition gives it.
    const defs = table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    for (const k of [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])])
      expect(defs).toContainEqual({ AttributeName: k.name, AttributeType: k.type });
  });
});

describe('web stack', () => {
  it('blocks all public access on every bucket, with SSE and SSL enforced', () => {
    const buckets = [data, api, web, jobs].flatMap((t) => resources(t, 'AWS::S3::Bucket'));
    expect(buckets.length).toBeGreaterThan(0);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
  });

  it('lets only CloudFront (this distribution, via AWS:SourceArn) read the site bucket', () => {
    const policies = resources(web, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(1);
    const statements = (policies[0]![1].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    const [allow] = allows;
    expect(allow!.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(actionsOf(allow!)).toEqual(['s3:GetObject']);
    const sourceArn = JSON.stringify(allow!.Condition?.StringEquals?.['AWS:SourceArn']);
    const [distributionId] = resources(web, 'AWS::CloudFront::Distribution')[0]!;
    expect(sourceArn).toContain(':distribution/');
    expect(sourceArn).toContain(JSON.stringify({ Ref: distributionId }));
    // The only other statement is the deny of non-TLS requests.
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toHaveLength(1);
    expect(denies[0]!.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('reaches the bucket through an origin access control, not an OAI', () => {
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    web.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    const [oacId] = resources(web, 'AWS::CloudFront::OriginAccessControl')[0]!;
    const [bucketId] = resources(web, 'AWS::S3::Bucket')[0]!;
    const [, distribution] = resources(web, 'AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig as Json;
    const s3Origin = (config.Origins as Json[]).find((o) => JSON.stringify(o.DomainName).includes(bucketId));
    expect(s3Origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(s3Origin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  it('serves index.html over HTTPS with security headers, and forwards /api/* uncached to the HTTP API', () => {
    const [, distribution] = resources(web, 'AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig as Json;
    expect(config.DefaultRootObject).toBe('index.html');
    const defaultBehavior = config.DefaultCacheBehavior as Json;
    expect(defaultBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(defaultBehavior.ResponseHeadersPolicyId).toBeDefined();
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true, IncludeSubdomains: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    // The CSP joins in the hosted UI domain (a deploy-time value), so it is a Fn::Join: check its text parts.
    const [, headersPolicy] = resources(web, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const csp = JSON.stringify(
      (headersPolicy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: { ContentSecurityPolicy: Json } }).SecurityHeadersConfig
        .ContentSecurityPolicy,
    );
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) expect(csp).toContain(directive);

    const behaviors = config.CacheBehaviors as Json[];
    const apiBehavior = behaviors.find((b) => b.PathPattern === '/api/*');
    expect(apiBehavior).toBeDefined();
    expect(apiBehavior!.CachePolicyId).toBe(CACHING_DISABLED);
    expect(apiBehavior!.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    expect(apiBehavior!.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(apiBehavior!.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    const apiOrigin = (config.Origins as Json[]).find((o) => o.Id === apiBehavior!.TargetOriginId);
    expect(apiOrigin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain('ApiEndpoint');
  });

  it('deploys the site and a config.json naming the user pool and client, then invalidates CloudFront', () => {
    const deployments = resources(web, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(1);
    const props = deployments[0]![1].Properties;
    expect(props.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(props.SourceMarkers);
    expect(markers).toContain('ExportsOutputRefUserPool');
    expect(markers).toContain('ExportsOutputRefUserPoolWebClient');
    expect(markers).toContain('ExportsOutputRefUserPoolHostedUi');
    expect(props.DistributionPaths).toEqual(['/*']);
  });
});

describe('functions', () => {
  it('builds one function per route group and one daily job', () => {
    expect([...functionIdsByName(api).keys()].sort()).toEqual(Object.keys(FUNCTION_ENTRIES).sort());
    jobs.resourceCountIs('AWS::Lambda::Function', 1);
  });

  it('runs every Lambda on Node.js 22, arm64, with tracing, 512 MB and one-month log retention', () => {
    for (const t of [api, jobs]) {
      const fns = resources(t, 'AWS::Lambda::Function');
      expect(fns.length).toBeGreaterThan(0);
      for (const [, fn] of fns) {
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.MemorySize).toBe(512);
        expect(fn.Properties.Handler).toBe('index.handler');
        expect((fn.Properties.Environment as { Variables: Json }).Variables.NODE_OPTIONS).toBe('--enable-source-maps');
        const logGroupRef = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(t.toJSON().Resources[logGroupRef].Properties.RetentionInDays).toBe(30);
      }
    }
  });

  it('gives API functions the table, issuer, audience and JWKS URL', () => {
    for (const [, fn] of resources(api, 'AWS::Lambda::Function')) {
      const vars = (fn.Properties.Environment as { Variables: Json }).Variables;
      expect(JSON.stringify(vars.TABLE_NAME)).toContain('ExportsOutputRefTable');
      const issuer = JSON.stringify(vars.AUTH_ISSUER);
      expect(issuer).toContain(`https://cognito-idp.${REGION}.amazonaws.com/`);
      expect(vars.AUTH_AUDIENCE).toEqual({ Ref: resources(api, 'AWS::Cognito::UserPoolClient')[0]![0] });
      expect(JSON.stringify(vars.AUTH_JWKS_URL)).toContain('/.well-known/jwks.json');
    }
  });

  it('grants each function DynamoDB access to the table and its indexes only, writes only where declared', () => {
    const tableArn = tableArnImport();
    const expectedResources = [tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }];
    const cases: [Template, string, 'read' | 'readwrite'][] = [
      ...[...functionIdsByName(api)].map(([name, id]): [Template, string, 'read' | 'readwrite'] => [api, id, FUNCTION_TABLE_ACCESS[name as FunctionName]]),
      [jobs, resources(jobs, 'AWS::Lambda::Function')[0]![0], 'readwrite'],
    ];
    expect(cases).toHaveLength(Object.keys(FUNCTION_ENTRIES).length + 1);
    for (const [t, id, access] of cases) {
      const statements = dynamoStatements(t, id);
      expect(statements.length, id).toBeGreaterThan(0);
      const actions = statements.flatMap(actionsOf);
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        expect(asArray(s.Resource)).not.toContain('*');
        expect(asArray(s.Resource), id).toEqual(expectedResources);
        expect(actionsOf(s)).not.toContain('dynamodb:*');
      }
      expect(actions, id).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      if (access === 'read') for (const w of WRITE_ACTIONS) expect(actions, `${id} must not ${w}`).not.toContain(w);
      else expect(actions, id).toEqual(expect.arrayContaining(WRITE_ACTIONS));
    }
  });

  it('bundles each function from its own entry file', () => {
    // NodejsFunction stages one asset per entry: distinct entries give distinct code.
    const keys = resources(api, 'AWS::Lambda::Function').map(([, fn]) => JSON.stringify((fn.Properties.Code as Json).S3Key));
    expect(new Set(keys).size).toBe(Object.keys(FUNCTION_ENTRIES).length);
  });
});

describe('api stack', () => {
  it('has a route for every entry of ROUTES, to the right function, with JWT auth exactly where auth is true', () => {
    const routes = resources(api, 'AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(ROUTES.length);
    const integrations = new Map(resources(api, 'AWS::ApiGatewayV2::Integration'));
    const fnIds = functionIdsByName(api);
    const [authorizerId] = resources(api, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    for (const r of ROUTES) {
      const key = `${r.method} ${r.path}`;
      const route = routes.find(([, x]) => x.Properties.RouteKey === key)?.[1];
      expect(route, key).toBeDefined();
      if (r.auth) {
        expect(route!.Properties.AuthorizationType, key).toBe('JWT');
        expect(route!.Properties.AuthorizerId, key).toEqual({ Ref: authorizerId });
      } else {
        expect(route!.Properties.AuthorizationType, key).toBe('NONE');
        expect(route!.Properties.AuthorizerId, key).toBeUndefined();
      }
      const integrationId = (route!.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
      expect(integrations.get(integrationId)?.Properties.IntegrationUri, key).toEqual({ 'Fn::GetAtt': [fnIds.get(r.fn), 'Arn'] });
    }
    // health, openapi and the calendar feed (its URL's HMAC token is the credential) stay public; everything else needs a token.
    expect(ROUTES.filter((r) => !r.auth).map((r) => r.path).sort()).toEqual(['/api/calendar/feed/{file}', '/api/health', '/api/openapi.json']);
  });

  it('validates Cognito ID tokens: issuer is the user pool, audience is the app client', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const [poolId] = resources(api, 'AWS::Cognito::UserPool')[0]!;
    const [clientId] = resources(api, 'AWS::Cognito::UserPoolClient')[0]!;
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: { 'Fn::Join': ['', [`https://cognito-idp.${REGION}.amazonaws.com/`, { Ref: poolId }]] },
      },
    });
  });

  it('throttles the default stage and restricts CORS to the configured origins', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
    const [, httpApi] = resources(api, 'AWS::ApiGatewayV2::Api')[0]!;
    const cors = httpApi.Properties.CorsConfiguration as { AllowOrigins: string[] };
    expect(cors.AllowOrigins.length).toBeGreaterThan(0);
    expect(cors.AllowOrigins).not.toContain('*');
  });

  it('has an invitation-only user pool with email sign-in, the custom attributes and a strong password policy', () => {
    const [, pool] = resources(api, 'AWS::Cognito::UserPool')[0]!;
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(pool.Properties.UsernameAttributes).toEqual(['email']);
    const schema = pool.Properties.Schema as { Name: string; AttributeDataType?: string; Mutable?: boolean }[];
    for (const name of ['councilId', 'peerId', 'region', 'group'])
      expect(schema).toContainEqual(expect.objectContaining({ Name: name, AttributeDataType: 'String', Mutable: true }));
    expect(pool.Properties.Policies).toEqual({
      PasswordPolicy: expect.objectContaining({
        MinimumLength: 12,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
      }),
    });
  });

  it('has a public (secret-less) client with SRP and the authorization code flow', () => {
    api.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [, client] = resources(api, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']));
    expect(client.Properties.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
  });

  it('has a hosted UI domain for the web app sign-in', () => {
    api.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const [poolId] = resources(api, 'AWS::Cognito::UserPool')[0]!;
    const [, domain] = resources(api, 'AWS::Cognito::UserPoolDomain')[0]!;
    expect(domain.Properties.UserPoolId).toEqual({ Ref: poolId });
    expect(JSON.stringify(domain.Properties.Domain)).toMatch(/^"peer-challenge-|"peer-challenge-"/);
    // The site's CSP lets the web app reach that domain's /oauth2/token.
    const [, policy] = resources(web, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    expect(JSON.stringify(policy.Properties)).toContain(`.auth.${REGION}.amazoncognito.com`);
  });

  it('has a Cognito group for every user role', () => {
    const groups = resources(api, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...USER_ROLES].sort());
    expect(groups.sort()).toEqual(['adviser', 'council', 'group-office', 'peer']);
  });

  it('outputs the API URL, user pool id and client id', () => {
    const outputs = Object.keys(api.toJSON().Outputs as Json);
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});

describe('jobs stack', () => {
  it('runs the daily job at 06:00 UTC', () => {
    const schedules = resources(jobs, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0]!;
    expect(schedule.Properties.ScheduleExpression).toBe('cron(0 6 * * ? *)');
    expect(schedule.Properties.ScheduleExpressionTimezone ?? 'Etc/UTC').toBe('Etc/UTC');
    expect(schedule.Properties.State).toBe('ENABLED');
    const [fnId] = resources(jobs, 'AWS::Lambda::Function')[0]!;
    expect((schedule.Properties.Target as Json).Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
  });
});

describe('notifications stack', () => {
  it('feeds only new outbox messages from the table stream to the sender, with bisect, retries and partial batch failures', () => {
    const mappings = resources(notifications, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, m] = mappings[0]!;
    const [fnId] = resources(notifications, 'AWS::Lambda::Function')[0]!;
    expect(m.Properties.FunctionName).toEqual({ Ref: fnId });
    expect(JSON.stringify(m.Properties.EventSourceArn)).toContain('StreamArn');
    expect(m.Properties.BisectBatchOnFunctionError).toBe(true);
    expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(m.Properties.MaximumRetryAttempts).toBeGreaterThan(0);
    const patterns = ((m.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters).map((f) => JSON.parse(f.Pattern) as unknown);
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['OutboxMessage'] } } } }]);
  });

  it('lets the sender read the stream, update the table and send from the SES identity only', () => {
    const statements = resources(notifications, 'AWS::IAM::Policy').flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const actions = statements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'ses:SendEmail']));
    // Only ListStreams and X-Ray's trace upload take no resource; everything else is scoped.
    for (const s of statements) if (asArray(s.Resource).includes('*')) expect(actionsOf(s).every((a) => a === 'dynamodb:ListStreams' || a.startsWith('xray:')), JSON.stringify(s)).toBe(true);
    const ses = statements.filter((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(ses[0]!.Resource)).toContain(':identity/');
  });
});
