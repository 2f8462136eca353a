import { resolve } from 'node:path';

/**
 * Paygrid's configuration, read once at start from the command line and the
 * environment and validated whole: a bad value stops the start with a message
 * that names the setting, rather than failing later under load.
 */
export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number; schema?: string };

export interface Config {
  host: string;
  port: number;
  /** Where embedded data and generated secrets live (also with PostgreSQL, for local files). */
  dataDir: string;
  database: DatabaseConfig;
  adminApiKey: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  requestTimeoutMs: number;
  statementTimeoutMs: number;
  expirySweepIntervalMs: number;
  jobPollIntervalMs: number;
  shutdownTimeoutMs: number;
  /** Let webhooks go to loopback, private and other non-public addresses (PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS): local testing only. */
  webhookAllowPrivateUrls: boolean;
  /** Events (with their webhook deliveries) are deleted this many days after they happened (PAYGRID_EVENT_RETENTION_DAYS). */
  eventRetentionDays: number;
  /** Succeeded jobs are deleted this many days after they finished (PAYGRID_JOB_RETENTION_DAYS). */
  jobRetentionDays: number;
  /** Dead jobs are deleted this many days after they failed for good (PAYGRID_DEAD_JOB_RETENTION_DAYS). */
  deadJobRetentionDays: number;
  /** Seed demo data on the first start of an embedded database (PAYGRID_SEED_DEMO=false turns it off). */
  seedDemoOnFirstStart: boolean;
  /** Where browsers reach this server: links in pages (the sandbox 3-D Secure page). */
  publicUrl: string;
  /** The vault's key settings as given (validated by the vault): PAYGRID_VAULT_KEYS, …_CURRENT_VERSION, …_FINGERPRINT_KEY. */
  vaultSettings: Readonly<Record<string, string | undefined>>;
  /** The heartbeat interval given to charging stations in BootNotification.conf (PAYGRID_OCPP_HEARTBEAT_INTERVAL_S). */
  ocppHeartbeatIntervalS: number;
  /** How long a CALL from the central system waits for the station's answer (PAYGRID_OCPP_CALL_TIMEOUT_MS). */
  ocppCallTimeoutMs: number;
  /** Most stations connected to this process at once; more are refused with 503 (PAYGRID_OCPP_MAX_STATIONS). */
  ocppMaxStations: number;
  /** Largest OCPP frame a station may send; a larger one closes its connection (PAYGRID_OCPP_MAX_MESSAGE_BYTES). */
  ocppMaxMessageBytes: number;
  /** A charging session whose station is offline and silent this long after its last meter reading is closed from that reading and flagged (PAYGRID_CHARGING_VANISHED_TIMEOUT_S). */
  chargingVanishedTimeoutMs: number;
  /** The risk engine: thresholds, time budget, fail mode, label delay and the market's time zone (PAYGRID_RISK_*; docs/configuration.md). */
  risk: RiskConfig;
}

export interface RiskConfig {
  reviewThreshold: number;
  blockThreshold: number;
  budgetMs: number;
  failMode: 'open' | 'closed';
  labelDelayMs: number;
  timeZone: string;
  reloadIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

export interface CliOverrides {
  port?: string;
  host?: string;
  dataDir?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_ADMIN_KEY_CHARS = 24;

function integer(setting: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(setting, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(setting, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(setting: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(setting, `expected true or false, got "${raw}"`);
}

function databaseConfig(env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') return { kind: 'pglite', dataDir: resolve(dataDir, 'pgdata') };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  return { kind: 'postgres', url, poolSize: integer('PAYGRID_DB_POOL_SIZE', env.PAYGRID_DB_POOL_SIZE, 8, 1, 200) };
}

function adminKey(env: Env): string | undefined {
  const key = env.PAYGRID_ADMIN_API_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < MIN_ADMIN_KEY_CHARS || key.length > 200 || /\s/.test(key)) {
    throw new ConfigError('PAYGRID_ADMIN_API_KEY', `must be ${MIN_ADMIN_KEY_CHARS} to 200 characters without spaces, so that it cannot be guessed`);
  }
  return key;
}

export function loadConfig(env: Env, cli: CliOverrides = {}): Config {
  const dataDir = resolve(cli.dataDir ?? env.PAYGRID_DATA_DIR ?? '.paygrid');
  const logLevel = env.PAYGRID_LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError('PAYGRID_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const port = integer(cli.port === undefined ? 'PORT' : '--port', cli.port ?? env.PORT, 4000, 0, 65_535);
  const publicUrl = (env.PAYGRID_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) throw new ConfigError('PAYGRID_PUBLIC_URL', 'must be an http(s) URL');
  return {
    host: cli.host ?? env.PAYGRID_HOST ?? '127.0.0.1',
    port,
    publicUrl,
    seedDemoOnFirstStart: env.PAYGRID_SEED_DEMO !== 'false',
    vaultSettings: { PAYGRID_VAULT_KEYS: env.PAYGRID_VAULT_KEYS, PAYGRID_VAULT_CURRENT_VERSION: env.PAYGRID_VAULT_CURRENT_VERSION, PAYGRID_VAULT_FINGERPRINT_KEY: env.PAYGRID_VAULT_FINGERPRINT_KEY },
    dataDir,
    database: databaseConfig(env, dataDir),
    adminApiKey: adminKey(env),
    logLevel: logLevel as Config['logLevel'],
    bodyLimitBytes: integer('PAYGRID_BODY_LIMIT_BYTES', env.PAYGRID_BODY_LIMIT_BYTES, 1_048_576, 1_024, 16_777_216),
    rateLimitPerMinute: integer('PAYGRID_RATE_LIMIT_PER_MINUTE', env.PAYGRID_RATE_LIMIT_PER_MINUTE, 6_000, 1, 10_000_000),
    requestTimeoutMs: integer('PAYGRID_REQUEST_TIMEOUT_MS', env.PAYGRID_REQUEST_TIMEOUT_MS, 30_000, 1_000, 600_000),
    statementTimeoutMs: integer('PAYGRID_STATEMENT_TIMEOUT_MS', env.PAYGRID_STATEMENT_TIMEOUT_MS, 15_000, 100, 600_000),
    jobPollIntervalMs: integer('PAYGRID_JOB_POLL_INTERVAL_MS', env.PAYGRID_JOB_POLL_INTERVAL_MS, 1_000, 10, 60_000),
    expirySweepIntervalMs: integer('PAYGRID_EXPIRY_SWEEP_INTERVAL_MS', env.PAYGRID_EXPIRY_SWEEP_INTERVAL_MS, 1_000, 10, 3_600_000),
    shutdownTimeoutMs: integer('PAYGRID_SHUTDOWN_TIMEOUT_MS', env.PAYGRID_SHUTDOWN_TIMEOUT_MS, 10_000, 100, 600_000),
    webhookAllowPrivateUrls: boolean('PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS', env.PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS, false),
    // Stripe keeps events for 30 days (https://docs.stripe.com/api/events).
    eventRetentionDays: integer('PAYGRID_EVENT_RETENTION_DAYS', env.PAYGRID_EVENT_RETENTION_DAYS, 30, 1, 3_650),
    jobRetentionDays: integer('PAYGRID_JOB_RETENTION_DAYS', env.PAYGRID_JOB_RETENTION_DAYS, 7, 1, 3_650),
    deadJobRetentionDays: integer('PAYGRID_DEAD_JOB_RETENTION_DAYS', env.PAYGRID_DEAD_JOB_RETENTION_DAYS, 30, 1, 3_650),
    ocppHeartbeatIntervalS: integer('PAYGRID_OCPP_HEARTBEAT_INTERVAL_S', env.PAYGRID_OCPP_HEARTBEAT_INTERVAL_S, 300, 10, 86_400),
    ocppCallTimeoutMs: integer('PAYGRID_OCPP_CALL_TIMEOUT_MS', env.PAYGRID_OCPP_CALL_TIMEOUT_MS, 30_000, 1_000, 600_000),
    ocppMaxStations: integer('PAYGRID_OCPP_MAX_STATIONS', env.PAYGRID_OCPP_MAX_STATIONS, 10_000, 1, 1_000_000),
    ocppMaxMessageBytes: integer('PAYGRID_OCPP_MAX_MESSAGE_BYTES', env.PAYGRID_OCPP_MAX_MESSAGE_BYTES, 131_072, 1_024, 16_777_216),
    chargingVanishedTimeoutMs: integer('PAYGRID_CHARGING_VANISHED_TIMEOUT_S', env.PAYGRID_CHARGING_VANISHED_TIMEOUT_S, 3_600, 60, 7 * 86_400) * 1000,
    risk: riskConfig(env),
  };
}

function riskConfig(env: Env): RiskConfig {
  const failMode = env.PAYGRID_RISK_FAIL_MODE ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed') throw new ConfigError('PAYGRID_RISK_FAIL_MODE', `must be open or closed, got "${failMode}"`);
  const timeZone = env.PAYGRID_RISK_TIME_ZONE ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError('PAYGRID_RISK_TIME_ZONE', `"${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  }
  const blockThreshold = integer('PAYGRID_RISK_BLOCK_THRESHOLD', env.PAYGRID_RISK_BLOCK_THRESHOLD, 75, 1, 100);
  const reviewThreshold = integer('PAYGRID_RISK_REVIEW_THRESHOLD', env.PAYGRID_RISK_REVIEW_THRESHOLD, 65, 1, 100);
  if (reviewThreshold > blockThreshold) throw new ConfigError('PAYGRID_RISK_REVIEW_THRESHOLD', `must not be above PAYGRID_RISK_BLOCK_THRESHOLD (${blockThreshold})`);
  return {
    reviewThreshold,
    blockThreshold,
    budgetMs: integer('PAYGRID_RISK_BUDGET_MS', env.PAYGRID_RISK_BUDGET_MS, 5, 0, 10_000),
    failMode,
    labelDelayMs: integer('PAYGRID_RISK_LABEL_DELAY_DAYS', env.PAYGRID_RISK_LABEL_DELAY_DAYS, 7, 0, 180) * DAY_MS,
    timeZone,
    reloadIntervalMs: integer('PAYGRID_RISK_RELOAD_INTERVAL_MS', env.PAYGRID_RISK_RELOAD_INTERVAL_MS, 5_000, 100, 3_600_000),
  };
}

const DAY_MS = 24 * 3600_000;
