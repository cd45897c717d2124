import { resolve } from 'node:path';
import { LocalStartError, startPlatform } from './platform.js';

/**
 * `npm run jobs:daily`: runs the daily job once against the local data in .data/ (DynamoDB
 * Local on the same folder as `npm start`; stop `npm start` first, DynamoDB Local holds the file).
 */
const DATA_DIR = resolve(import.meta.dirname, '../../.data');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  const platform = await startPlatform({ port: 0, dataDir: DATA_DIR, seed: true, web: false, quiet: true });
  try {
    const { handler } = await import('../../functions/jobs/daily.js');
    const result = await handler();
    console.log(`Daily job ran at ${result.ran}: ${result.expired} invitation(s) expired, ${result.reminded} follow-up reminder(s) sent.`);
  } finally {
    await platform.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof LocalStartError ? e.message : `Daily job failed: ${(e as Error).message}`);
  process.exit(1);
});
