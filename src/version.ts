import { readFileSync } from 'node:fs';

/** The package version, read once from package.json so that it has one source. */
export const PAYGRID_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
