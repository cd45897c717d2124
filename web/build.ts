import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB = resolve(import.meta.dirname);

/**
 * Bundles the web front end into `outDir`: app.js (+ source map) from web/src/main.ts,
 * and the static index.html and styles.css beside it. The same folder is what the local
 * runtime serves and what is uploaded to the S3 origin.
 */
export async function buildWeb({ outDir = resolve(WEB, 'dist') }: { outDir?: string } = {}): Promise<{ outDir: string; bytes: number }> {
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [resolve(WEB, 'src/main.ts')],
    outfile: resolve(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  await copyFile(resolve(WEB, 'index.html'), resolve(outDir, 'index.html'));
  // The charting library's few rules go in the one stylesheet (the CSP allows only 'self' styles).
  const uplotCss = await readFile(resolve(WEB, '../node_modules/uplot/dist/uPlot.min.css'), 'utf8');
  await writeFile(resolve(outDir, 'styles.css'), `${await readFile(resolve(WEB, 'styles.css'), 'utf8')}\n/* uPlot */\n${uplotCss}\n`);
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('app.js'))
    .reduce((n, [, o]) => n + o.bytes, 0);
  return { outDir, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, bytes } = await buildWeb();
  console.log(`Built the web front end into ${outDir} (app.js ${(bytes / 1024).toFixed(1)} KiB).`);
}
