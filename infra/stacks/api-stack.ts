import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { USER_ROLES } from '../../shared/domain/reference.js';
import { FUNCTION_ENTRIES, FUNCTION_TABLE_ACCESS, FUNCTION_TIMEOUT_SECONDS, ROUTES, type FunctionName } from '../routes.js';
import { appFunction } from './bundling.js';

export interface ApiStackProps extends StackProps {
  table: dynamodb.ITable;
  /** Browser origins allowed by CORS (the CloudFront site calls /api/* same-origin and needs none). */
  corsOrigins: string[];
  /** Where Cognito may send users back after the authorization code flow (the site's origin + '/'). */
  authCallbackUrls: string[];
  /** Prefix of the Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com); globally unique per region. */
  authDomainPrefix?: string;
}

/** Cognito, the HTTP API with its JWT authorizer, and one Lambda function per route group. */
export class ApiStack extends Stack {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** The hosted UI's host name, e.g. peer-challenge-123456789012.auth.eu-west-2.amazoncognito.com */
  readonly authDomain: string;
  readonly functions: Record<FunctionName, lambda.IFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { table } = props;

    // ---- Identity ----
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: {
        councilId: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        peerId: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        region: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        group: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.authCallbackUrls,
        logoutUrls: props.authCallbackUrls,
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });

    // The hosted UI the web app sends users to (authorization code + PKCE).
    const domainPrefix = props.authDomainPrefix ?? `peer-challenge-${this.account}`;
    const domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix } });
    this.authDomain = `${domain.domainName}.auth.${this.region}.amazoncognito.com`;

    for (const role of USER_ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
      });
    }

    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;
    const audience = this.userPoolClient.userPoolClientId;

    // ---- HTTP API ----
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Peer challenge booking API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.corsOrigins,
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.PATCH,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
      },
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 100, rateLimit: 50 },
    });

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', issuer, {
      jwtAudience: [audience],
      identitySource: ['$request.header.Authorization'],
    });

    // HMAC key of calendar feed URLs, generated by CloudFormation; only the calendar function gets it
    // (as a dynamic reference resolved at deploy time; rotating it revokes every feed URL).
    const calendarSecret = new secretsmanager.Secret(this, 'CalendarSecret', {
      description: 'Peer challenge: HMAC key of calendar subscription URLs',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    // ---- Functions ----
    const functions = {} as Record<FunctionName, lambda.IFunction>;
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as [FunctionName, string][]) {
      const fn = appFunction(this, `${pascal(name)}Function`, {
        entry,
        description: `Peer challenge API: ${name}`,
        ...(FUNCTION_TIMEOUT_SECONDS[name] ? { timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS[name]) } : {}),
        environment: {
          TABLE_NAME: table.tableName,
          AUTH_ISSUER: issuer,
          AUTH_AUDIENCE: audience,
          AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
          POWERTOOLS_SERVICE_NAME: `peer-challenge-${name}`,
          ...(name === 'calendar' ? { CALENDAR_SECRET: calendarSecret.secretValue.unsafeUnwrap() } : {}),
        },
      });
      // Least privilege: only the table and its indexes, and write actions only where declared.
      if (FUNCTION_TABLE_ACCESS[name] === 'readwrite') table.grantReadWriteData(fn);
      else table.grantReadData(fn);
      functions[name] = fn;
    }
    this.functions = functions;

    // ---- Routes ----
    for (const r of ROUTES) {
      const routeId = `${r.method}${r.path.replace(/[^A-Za-z0-9]+/g, '-')}`;
      this.httpApi.addRoutes({
        path: r.path,
        methods: [apigwv2.HttpMethod[r.method]],
        // One integration per route, so each route gets its own narrowly scoped invoke permission.
        integration: new HttpLambdaIntegration(`${routeId}-Integration`, functions[r.fn]),
        ...(r.auth ? { authorizer } : {}),
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'AuthDomain', { value: this.authDomain, description: 'Cognito hosted UI domain' });
  }
}

function pascal(s: string): string {
  return s.replace(/(^|[-_])([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}
