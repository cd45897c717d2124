import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The repository root (this file is infra/stacks/bundling.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lets CommonJS dependencies call `require` inside an ESM bundle. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * The esbuild settings of every function, in one place: the CDK bundling below and
 * scripts/bundle-sizes.ts both use them, so measured sizes match deployed bundles.
 */
export const BUNDLE_SETTINGS = {
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourcemap: true,
  /** The Node.js 22 Lambda runtime ships AWS SDK v3. */
  externalModules: ['@aws-sdk/*'],
} as const;

export interface AppFunctionProps {
  /** Entry file relative to the repository root, e.g. functions/health/handler.ts. */
  entry: string;
  environment?: Record<string, string>;
  description?: string;
  memorySize?: number;
  timeout?: Duration;
}

/** A NodejsFunction with the platform's shared runtime, bundling, logging and tracing settings. */
export function appFunction(scope: Construct, id: string, props: AppFunctionProps): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return new nodejs.NodejsFunction(scope, id, {
    entry: resolve(REPO_ROOT, props.entry),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(10),
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    ...(props.description ? { description: props.description } : {}),
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      ...props.environment,
    },
    bundling: {
      forceDockerBundling: false,
      format: nodejs.OutputFormat.ESM,
      mainFields: [...BUNDLE_SETTINGS.mainFields],
      banner: BUNDLE_SETTINGS.banner,
      minify: BUNDLE_SETTINGS.minify,
      sourceMap: BUNDLE_SETTINGS.sourcemap,
      target: BUNDLE_SETTINGS.target,
      externalModules: [...BUNDLE_SETTINGS.externalModules],
    },
  });
}
