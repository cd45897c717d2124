/**
 * Prints the size of each Lambda bundle, built with esbuild exactly as the CDK stacks build it
 * (same entry files, same settings from infra/stacks/bundling.ts). Nothing is written to disk.
 *
 *   npx tsx scripts/bundle-sizes.ts [--json]
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES } from '../infra/routes.js';
import { BUNDLE_SETTINGS, REPO_ROOT } from '../infra/stacks/bundling.js';
import { DAILY_JOB_ENTRY } from '../infra/stacks/jobs-stack.js';

interface BundleSize {
  fn: string;
  entry: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
}

const entries: [string, string][] = [...Object.entries(FUNCTION_ENTRIES), ['jobs-daily', DAILY_JOB_ENTRY]];

async function measure(fn: string, entry: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    outfile: resolve(REPO_ROOT, 'cdk.out', 'bundle-sizes', fn, 'index.mjs'),
    write: false,
    bundle: true,
    platform: 'node',
    target: BUNDLE_SETTINGS.target,
    format: BUNDLE_SETTINGS.format,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    banner: { js: BUNDLE_SETTINGS.banner },
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourcemap,
    external: [...BUNDLE_SETTINGS.externalModules],
    logLevel: 'error',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!js) throw new Error(`esbuild produced no bundle for ${entry}`);
  return { fn, entry, bytes: js.contents.byteLength, gzipBytes: gzipSync(js.contents).byteLength, sourceMapBytes: map?.contents.byteLength ?? 0 };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const sizes: BundleSize[] = [];
for (const [fn, entry] of entries) sizes.push(await measure(fn, entry));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(sizes, null, 2));
} else {
  const rows = sizes.map((s) => [s.fn, s.entry, kb(s.bytes), kb(s.gzipBytes), kb(s.sourceMapBytes)]);
  const header = ['function', 'entry', 'bundle', 'gzip', 'source map'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(`total bundle ${kb(sizes.reduce((a, s) => a + s.bytes, 0))}`);
}
