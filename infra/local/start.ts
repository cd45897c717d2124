import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocalStartError, startPlatform } from './platform.js';

/**
 * `npm start`: the platform on http://localhost:3000 (PORT overrides), data kept in .data/.
 * `npm run reset`: wipe .data/ and load the demo data afresh, then exit.
 */
const DATA_DIR = resolve(import.meta.dirname, '../../.data');
const resetOnly = process.argv.includes('--reset-only');
const started = performance.now();

// The Lambda runtime is Node 22; locally on Node 20 the SDK's upgrade notice would bury the one line that matters.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  if (resetOnly) rmSync(DATA_DIR, { recursive: true, force: true });
  const port = Number(process.env.PORT ?? 3000);
  const platform = await startPlatform({ port: resetOnly ? 0 : port, dataDir: DATA_DIR, seed: true, web: !resetOnly, quiet: resetOnly });
  if (resetOnly) {
    await platform.stop();
    console.log(`Reset: demo data reloaded into ${DATA_DIR}`);
    return;
  }
  const data = platform.seeded ? 'demo data loaded' : 'your data from .data/';
  console.log(`Peer Challenge is running at ${platform.url} (${data}; ready in ${((performance.now() - started) / 1000).toFixed(1)} s; Ctrl+C stops it)`);
  // The daily job (06:00 UTC on AWS): here at start and every hour; a run is idempotent.
  const daily = async () => {
    try {
      const { handler } = await import('../../functions/jobs/daily.js');
      const r = await handler();
      if (r.expired > 0) console.log(`Daily job: ${r.expired} unanswered invitation(s) expired`);
    } catch (e) {
      console.error(`Daily job failed: ${(e as Error).message}`);
    }
  };
  void daily();
  const timer = setInterval(() => void daily(), 60 * 60 * 1000);
  const stop = async () => {
    clearInterval(timer);
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (e instanceof LocalStartError) console.error(e.message);
  else console.error(`Could not start: ${(e as Error).message}`);
  process.exit(1);
});
