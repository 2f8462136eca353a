import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { escapeHtml } from '../html.ts';

/**
 * The web application (web/, React): built into web/dist by `npm install`
 * (the `prepare` script) or `npm run build:web`, and served from here so that
 * one server answers the API, the OCPP stations and the screens.
 *
 * - /console, /console/… — the operator and merchant console;
 * - /m, /m/… — the consumer's phone pages;
 * - /web/… — the built files; names under /web/assets/ carry a content hash
 *   and are cached for a year, everything else is revalidated.
 *
 * Files are read at request time, so a rebuild is served without a restart.
 */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Scripts from this origin only; Ant Design writes its styles at run time, hence inline styles. */
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Paygrid: web app not built</title>
<body style="font-family:system-ui;padding:2rem"><h1>The web app is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm install</code>, which builds it) in the Paygrid directory, then reload this page.</p>`;

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}

function secured(reply: FastifyReply): FastifyReply {
  return reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
}

export function registerWebAppRoutes(app: FastifyInstance, options: { distDir?: string } = {}): void {
  const distDir = resolve(options.distDir ?? WEB_DIST_DIR);

  const sendIndex = async (_request: unknown, reply: FastifyReply) => {
    const html = await readIfPresent(resolve(distDir, 'index.html'));
    secured(reply).header('cache-control', 'no-store').header('content-security-policy', WEB_APP_CSP).type('text/html; charset=utf-8');
    if (html === undefined) return reply.code(503).serializer((s: string) => s).send(NOT_BUILT_PAGE);
    return reply.send(html);
  };
  for (const path of ['/console', '/console/*', '/m', '/m/*']) app.get(path, { schema: { hide: true } }, sendIndex);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console'));

  app.get('/web/*', { schema: { hide: true } }, async (request, reply) => {
    const relative = (request.params as { '*': string })['*'];
    const path = resolve(distDir, relative);
    const contentType = CONTENT_TYPES[extname(path)];
    const body = path.startsWith(distDir + sep) ? await readIfPresent(path) : undefined;
    secured(reply);
    if (body === undefined || contentType === undefined) {
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .serializer((s: string) => s)
        .send(`<!doctype html><title>Not found</title><p>No such file: ${escapeHtml(relative)}</p>`);
    }
    const immutable = relative.startsWith('assets/');
    return reply
      .type(contentType)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(body);
  });
}
