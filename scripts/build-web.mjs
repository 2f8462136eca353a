#!/usr/bin/env node
// Builds the web app (web/ → web/dist) with Vite. Run by `npm install` (the
// `prepare` script) and, with --if-stale, before `npm start`: then it builds
// only when web/dist is missing or older than a source file of the app or the
// API client it is typed against.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'web', 'dist', 'index.html');
const sources = [join(root, 'web', 'src'), join(root, 'web', 'index.html'), join(root, 'web', 'vite.config.ts'), join(root, 'src', 'client')];

function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

if (process.argv.includes('--if-stale') && existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.filter(existsSync).map(newestMtimeMs))) {
  process.exit(0);
}

let build;
try {
  ({ build } = await import('vite'));
} catch {
  if (existsSync(built)) {
    console.warn('paygrid: vite is not installed (npm install --omit=dev?); serving the web app already in web/dist');
    process.exit(0);
  }
  console.error('paygrid: cannot build the web app: vite is not installed. Run `npm install` (with dev dependencies) first.');
  process.exit(1);
}
const startedMs = Date.now();
console.log('paygrid: building the web app (web/ → web/dist)…');
await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
console.log(`paygrid: web app built in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
