import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';
import type { Database } from '../../src/db/database.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { openTestDatabase, postgresUrlForSchema, TEST_DATABASE_URL, type TestDatabase } from './database.ts';

/**
 * Runs the real `paygrid` command (bin/paygrid.js) in a child process, the way
 * an operator does, and waits for what it prints. Every wait is driven by the
 * child's output or exit and has a deadline that fails with the output so far.
 */
export const PAYGRID_BIN = fileURLToPath(new URL('../../bin/paygrid.js', import.meta.url));

/** An embedded start takes 3–10 s on a small machine; the deadline leaves room for a loaded CI host. */
export const START_DEADLINE_MS = 90_000;
/** Short commands (version, migrate, ledger verify) load tsx and open the database: a few seconds. */
export const COMMAND_DEADLINE_MS = 60_000;
/** A graceful stop waits for in-flight requests; Paygrid's own limit is 10 s by default. */
export const STOP_DEADLINE_MS = 30_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PaygridProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first or the deadline passes. */
  waitForStdout(pattern: RegExp, deadlineMs: number): Promise<RegExpExecArray>;
  /** Resolves when the process has exited; rejects after the deadline. */
  waitForExit(deadlineMs: number): Promise<Exit>;
  /** SIGKILLs the process if it still runs and waits for it to go: for cleanup after a failure. */
  kill(): Promise<void>;
}

/**
 * The child's environment: the parent's, minus every setting Paygrid reads, so
 * that a developer's shell (or TEST_DATABASE_URL) cannot change what a test runs.
 */
export function paygridEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const paygridSetting = name.startsWith('PAYGRID_') || name === 'DATABASE_URL' || name === 'PORT';
    const testSetting = name === 'TEST_DATABASE_URL' || name.startsWith('NODE_TEST');
    if (!paygridSetting && !testSetting) env[name] = value;
  }
  // Demo data would change the counts these tests check; the first-start test asks for it.
  return { ...env, PAYGRID_SEED_DEMO: 'false', ...extra };
}

export function spawnPaygrid(args: readonly string[], env: Record<string, string>): PaygridProcess {
  const child = spawn(process.execPath, [PAYGRID_BIN, ...args], { env: paygridEnv(env), cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  // 'close' rather than 'exit': it fires once stdout and stderr are fully read.
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const describe = (): string => `${args.join(' ')}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`;

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStdout(pattern, deadlineMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = pattern.exec(out);
          if (match === null) return false;
          finish();
          resolve(match);
          return true;
        };
        const onExit = (exit: Exit): void => {
          if (check()) return;
          finish();
          reject(new Error(`paygrid exited (code ${exit.code}, signal ${exit.signal}) before printing ${pattern}: ${describe()}`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`paygrid did not print ${pattern} within ${deadlineMs} ms: ${describe()}`));
        }, deadlineMs);
        const onData = (): void => void check();
        const finish = (): void => {
          clearTimeout(timer);
          child.stdout.off('data', onData);
        };
        child.stdout.on('data', onData);
        void exited.then(onExit);
        check();
      });
    },
    waitForExit(deadlineMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`paygrid did not exit within ${deadlineMs} ms: ${describe()}`)), deadlineMs);
        void exited.then((exit) => {
          clearTimeout(timer);
          resolve(exit);
        });
      });
    },
    async kill() {
      if (hasExited) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface CommandResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs a command that ends by itself (version, migrate, ledger verify) and returns what it printed. */
export async function runPaygrid(args: readonly string[], env: Record<string, string>, deadlineMs: number = COMMAND_DEADLINE_MS): Promise<CommandResult> {
  const proc = spawnPaygrid(args, env);
  try {
    const exit = await proc.waitForExit(deadlineMs);
    return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
  } finally {
    await proc.kill();
  }
}

export interface RunningServer {
  readonly process: PaygridProcess;
  /** The base URL printed on start, e.g. http://localhost:41234. */
  readonly url: string;
  /**
   * Sends SIGTERM (unless the caller already has: a second signal would be a
   * different request) and waits for the process to exit; returns how it exited.
   */
  stop(options?: { alreadySignalled?: boolean }): Promise<CommandResult>;
}

const RUNNING_LINE = /^Paygrid \S+ is running at (http:\/\/\S+)$/m;

/** Starts `paygrid start --port 0` and waits for the line with its URL. The caller must stop or kill it. */
export async function startPaygrid(args: readonly string[], env: Record<string, string>, servers: PaygridProcess[]): Promise<RunningServer> {
  const proc = spawnPaygrid(['start', '--port', '0', ...args], env);
  // Registered before any wait, so that `after` kills it even if the start fails.
  servers.push(proc);
  const match = await proc.waitForStdout(RUNNING_LINE, START_DEADLINE_MS);
  const url = match[1];
  if (url === undefined) throw new Error(`no URL in ${match[0]}`);
  return {
    process: proc,
    url,
    async stop(options = {}) {
      if (options.alreadySignalled !== true) proc.child.kill('SIGTERM');
      const exit = await proc.waitForExit(STOP_DEADLINE_MS);
      return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
    },
  };
}

/** Kills every process a test started that is still running. */
export async function killAll(processes: readonly PaygridProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.kill()));
}

/**
 * Where a child `paygrid` keeps its data: a temporary `--data-dir` with the
 * embedded database, or (when TEST_DATABASE_URL is set) a fresh schema on the
 * PostgreSQL server, passed to the child as DATABASE_URL.
 */
export interface PaygridStore {
  readonly kind: 'pglite' | 'postgres';
  readonly dataDir: string;
  /** Command-line arguments that point `paygrid` at this store. */
  readonly args: readonly string[];
  /** Environment that points `paygrid` at this store. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Opens the store's database from the test process. For the embedded database
   * this takes the data directory's lock, so it fails loudly if a server still runs.
   */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export async function createStore(options: { embedded?: boolean } = {}): Promise<PaygridStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paygrid-cli-'));
  const args = ['--data-dir', dataDir] as const;
  if (TEST_DATABASE_URL === undefined || options.embedded === true) {
    return {
      kind: 'pglite',
      dataDir,
      args,
      env: {},
      async open() {
        const lock = lockDataDir(dataDir);
        try {
          const db = await openPglite(join(dataDir, 'pgdata'));
          return {
            ...db,
            async close() {
              await db.close();
              lock.release();
            },
          };
        } catch (error) {
          lock.release();
          throw error;
        }
      },
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database: TestDatabase = await openTestDatabase({ migrated: false, poolSize: 2 });
  const schema = database.schema;
  if (schema === undefined) throw new Error('a PostgreSQL test database has a schema');
  const url = TEST_DATABASE_URL;
  return {
    kind: 'postgres',
    dataDir,
    args,
    env: { DATABASE_URL: postgresUrlForSchema(schema) },
    open: () => openPostgres({ connectionString: url, poolSize: 2, schema, statementTimeoutMs: 30_000 }),
    async cleanup() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<Body> {
  status: number;
  body: Body;
}

/** One request to a running server over a real socket, with a deadline. */
export async function callApi<Body = unknown>(
  baseUrl: string,
  key: string | null,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  deadlineMs = 30_000,
): Promise<ApiResponse<Body>> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(deadlineMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text so that a failing assertion shows it.
  }
  return { status: response.status, body: parsed as Body };
}
