import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { migrate, type MigrationReport } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { buildHttpServer, type PaygridHttp } from '../http/server.ts';
import { PaygridMetrics } from '../http/metrics.ts';
import { Customers } from '../customers/index.ts';
import { ApiKeys, OneTimeCodes, Sessions } from '../identity/index.ts';
import { SandboxSms } from '../notifications/index.ts';
import { EXPIRY_SWEEP_LIMIT, Ledger } from '../ledger/index.ts';
import { Merchants } from '../merchants/index.ts';
import { systemClock, type Clock } from '../platform/clock.ts';

/**
 * The one place where Paygrid is wired together: database, modules, HTTP edge
 * and background work. The CLI starts it; tests build it in-process.
 */
export interface Paygrid {
  config: Config;
  db: Database;
  ledger: Ledger;
  merchants: Merchants;
  customers: Customers;
  apiKeys: ApiKeys;
  http: PaygridHttp;
  migrations: MigrationReport;
  /** Set only when this start created the operator key: it is shown once and never again. */
  newOperatorKey: string | undefined;
  /** Starts listening; resolves to the server's base URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets in-flight work finish, stops background work and closes the database. */
  close(): Promise<void>;
}

export interface PaygridOptions {
  clock?: Clock;
  /** Tests drive expiry by hand; the server sweeps on a timer. */
  runBackgroundWork?: boolean;
  /** An already opened database (tests share one per file). */
  db?: Database;
}

async function provisionOperatorKey(apiKeys: ApiKeys, config: Config): Promise<string | undefined> {
  if (config.adminApiKey !== undefined) {
    await apiKeys.ensureOperatorKey(config.adminApiKey, 'PAYGRID_ADMIN_API_KEY');
    return undefined;
  }
  if (await apiKeys.hasOperatorKey()) return undefined;
  const { key } = await apiKeys.createOperatorKey('created on first start');
  return key;
}

export async function createPaygrid(config: Config, options: PaygridOptions = {}): Promise<Paygrid> {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? (await openDatabase(config.database, config.statementTimeoutMs));
  const ownsDb = options.db === undefined;
  try {
    const migrations = await migrate(db);
    const apiKeys = new ApiKeys(db, clock);
    const newOperatorKey = await provisionOperatorKey(apiKeys, config);
    const metrics = new PaygridMetrics(() => db.poolStats());
    const ledger = new Ledger(db, clock, metrics);
    const merchants = new Merchants(db, clock, ledger, apiKeys);
    const customers = new Customers(db, clock, ledger);
    const sandboxSms = new SandboxSms(db, clock);
    const codes = new OneTimeCodes(db, clock, sandboxSms);
    const sessions = new Sessions(db, clock);
    let shuttingDown = false;
    const http = await buildHttpServer({ config, db, ledger, merchants, customers, apiKeys, sessions, codes, sandboxSms, metrics, isShuttingDown: () => shuttingDown });
    const sweeper = options.runBackgroundWork === false ? undefined : startExpirySweeper(ledger, config.expirySweepIntervalMs, http.log);

    return {
      config,
      db,
      ledger,
      merchants,
      customers,
      apiKeys,
      http,
      migrations,
      newOperatorKey,
      async listen() {
        await http.listen({ host: config.host, port: config.port });
        const address = http.server.address();
        const port = typeof address === 'object' && address !== null ? address.port : config.port;
        const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
        return `http://${host}:${port}`;
      },
      async close() {
        shuttingDown = true;
        await http.close();
        await sweeper?.stop();
        if (ownsDb) await db.close();
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
}

interface Sweeper {
  stop(): Promise<void>;
}

interface SweepLog {
  error(obj: object, msg: string): void;
}

/**
 * Releases expired holds in the background. Each run sweeps until nothing is
 * due (bounded per transaction), so a backlog drains without waiting for ticks.
 * Several server processes may sweep at once: each expiry happens under the
 * accounts' row locks, so a hold is expired exactly once.
 */
function startExpirySweeper(ledger: Ledger, intervalMs: number, log: SweepLog): Sweeper {
  let running: Promise<void> | undefined;
  let stopped = false;
  const sweep = async (): Promise<void> => {
    try {
      while (!stopped && (await ledger.expireDue(EXPIRY_SWEEP_LIMIT)) === EXPIRY_SWEEP_LIMIT) {
        // More may be due: keep going.
      }
    } catch (error) {
      log.error({ err: error }, 'expiring pending transfers failed; will retry');
    }
  };
  const timer = setInterval(() => {
    if (running === undefined) running = sweep().finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
