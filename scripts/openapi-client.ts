import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { loadConfig } from '../src/config/config.ts';
import { openPglite } from '../src/db/pglite.ts';
import { createPaygrid } from '../src/server/paygrid.ts';

/**
 * The typed client's types come from the server's own OpenAPI document: this module
 * builds the document the way `GET /openapi.json` serves it and turns it into
 * TypeScript. `npm run client:generate` writes the result to CLIENT_TYPES_FILE;
 * test/client/openapi-sync.test.ts fails when the committed file differs.
 */
export const CLIENT_TYPES_FILE = new URL('../src/client/openapi.ts', import.meta.url);

const HEADER = `/**
 * The Paygrid API's paths and objects, generated from its OpenAPI document
 * (GET /openapi.json) by openapi-typescript. Do not edit: run \`npm run client:generate\`.
 * test/client/openapi-sync.test.ts fails when this file differs from the document.
 */

`;

/** The OpenAPI document of the current code: the app is built in-process on a temporary in-memory PGlite. */
export async function liveOpenApiDocument(): Promise<OpenAPI3> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paygrid-openapi-'));
  const db = await openPglite(undefined);
  try {
    const config = loadConfig({ PAYGRID_LOG_LEVEL: 'silent' }, { port: '0', dataDir });
    const paygrid = await createPaygrid(config, { db, runBackgroundWork: false });
    try {
      await paygrid.http.ready();
      // A copy through JSON: exactly what a client downloading /openapi.json sees.
      return JSON.parse(JSON.stringify(paygrid.http.swagger())) as OpenAPI3;
    } finally {
      await paygrid.close();
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The TypeScript source of `src/client/openapi.ts` for a document. */
export async function renderClientTypes(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { silent: true });
  return HEADER + astToString(ast);
}
