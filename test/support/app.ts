import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createPaygrid, type Paygrid } from '../../src/server/paygrid.ts';
import type { PaygridClient } from '../../src/client/index.ts';
import { testClient } from './client.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';

export const TEST_OPERATOR_KEY = 'sk_op_test_0123456789abcdefghijklmnop';

export interface TestApp {
  paygrid: Paygrid;
  clock: ManualClock;
  database: TestDatabase;
  /**
   * The typed client (src/client) over Fastify's inject, with the operator key unless `key`
   * is given (null for none). Every answer is checked against the OpenAPI document.
   */
  client(key?: string | null): PaygridClient;
  /** The typed client for a consumer's session token. */
  clientFor(token: string): PaygridClient;
  /**
   * Sends a raw request through Fastify's inject with the operator key unless `key` is given
   * (null for none): for what the typed client cannot send (malformed JSON, wrong types,
   * unknown fields) and for pages outside the API.
   */
  request(method: 'GET' | 'POST' | 'DELETE', url: string, options?: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new ManualClock();
  // Files the server keeps (the embedded vault's keys) go to a directory of this app's own.
  const dataDir = mkdtempSync(join(tmpdir(), 'paygrid-test-'));
  const config = loadConfig({ PAYGRID_ADMIN_API_KEY: TEST_OPERATOR_KEY, PAYGRID_LOG_LEVEL: 'silent', ...env }, { port: '0', dataDir });
  const paygrid = await createPaygrid(config, { db: database.db, clock, runBackgroundWork: false });
  return {
    paygrid,
    clock,
    database,
    client(key) {
      const apiKey = key === undefined ? TEST_OPERATOR_KEY : key;
      return testClient(paygrid.http, apiKey === null ? {} : { apiKey });
    },
    clientFor(token) {
      return testClient(paygrid.http, { token });
    },
    async request(method, url, options = {}) {
      const key = options.key === undefined ? TEST_OPERATOR_KEY : options.key;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (options.rawBody !== undefined) payload = options.rawBody;
      else if (options.body !== undefined) payload = JSON.stringify(options.body);
      if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      const response = await paygrid.http.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
      let body: unknown = response.body;
      try {
        body = JSON.parse(response.body);
      } catch {
        // Not JSON (metrics, docs): keep the text.
      }
      return { status: response.statusCode, body, headers: response.headers as Record<string, unknown> };
    },
    async close() {
      await paygrid.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
