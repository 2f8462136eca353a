import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLIENT_TYPES_FILE, liveOpenApiDocument, renderClientTypes } from './openapi-client.ts';

/** `npm run client:generate`: regenerates src/client/openapi.ts from the current OpenAPI document. */
const source = await renderClientTypes(await liveOpenApiDocument());
writeFileSync(CLIENT_TYPES_FILE, source);
console.log(`wrote ${fileURLToPath(CLIENT_TYPES_FILE)} (${source.length} characters)`);
