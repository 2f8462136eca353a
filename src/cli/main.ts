import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type CliOverrides, type Config } from '../config/config.ts';
import { lockDataDir, type DataDirLock } from '../db/data-dir-lock.ts';
import type { Database } from '../db/database.ts';
import type { VerifyReport } from '../ledger/index.ts';
import type { Paygrid } from '../server/paygrid.ts';
import { describeSeed, isSeeded, seedDemo } from '../server/demo-seed.ts';
import { PAYGRID_VERSION } from '../version.ts';

// The server, database drivers and ledger load only for the commands that need them,
// so that `version`, `help` and usage errors answer at once.
const loadDatabase = () => Promise.all([import('../db/open.ts'), import('../db/migrate.ts')]);

const USAGE = `Usage: paygrid <command> [options]

Commands:
  start           Start the server (applies pending migrations first)
  migrate         Apply pending database migrations and exit
  ledger verify   Recompute every balance from the transfers; exit 1 on any mismatch
  seed --demo     Create demo merchants, consumers with wallets and a test card (done on the first embedded start)
  risk train      Train the fraud model from labelled decisions or a CSV file (paygrid risk --help)
  risk models     List the fraud model versions with their status and metrics
  console-user create  Create a web console user and print their TOTP secret, once (paygrid console-user --help)
  sim chargers    Run simulated OCPP 1.6J charging stations against a server (paygrid sim chargers --help)
  version         Print the version

Options:
  --port <port>       HTTP port (default 4000, or PORT)
  --host <host>       Address to listen on (default 127.0.0.1, or PAYGRID_HOST)
  --data-dir <dir>    Embedded database directory (default ./.paygrid, or PAYGRID_DATA_DIR)

Set DATABASE_URL=postgres://… to use a PostgreSQL server instead of the embedded database.
See docs/configuration.md for every setting.`;

/** Exit codes: 0 success, 1 the check failed (ledger not balanced, or no model trained for lack of labelled data), 2 usage or configuration error, 3 runtime failure. */
const EXIT_UNBALANCED = 1;
const EXIT_USAGE = 2;
const EXIT_FAILURE = 3;

function parse(argv: string[]): { command: string[]; overrides: CliOverrides } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) return { command: ['help'], overrides: {} };
  if (values.demo === true) positionals.push('--demo');
  const overrides: CliOverrides = {};
  if (values.port !== undefined) overrides.port = values.port;
  if (values.host !== undefined) overrides.host = values.host;
  if (values['data-dir'] !== undefined) overrides.dataDir = values['data-dir'];
  return { command: positionals, overrides };
}

/** The embedded database belongs to one process at a time. */
function lockIfEmbedded(config: Config): DataDirLock | undefined {
  return config.database.kind === 'pglite' ? lockDataDir(config.dataDir) : undefined;
}

async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const lock = lockIfEmbedded(config);
  try {
    const [{ openDatabase }] = await loadDatabase();
    const db = await openDatabase(config.database, config.statementTimeoutMs);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    lock?.release();
  }
}

async function start(config: Config): Promise<void> {
  const lock = lockIfEmbedded(config);
  let paygrid: Paygrid | undefined;
  let url: string;
  try {
    const { createPaygrid } = await import('../server/paygrid.ts');
    paygrid = await createPaygrid(config);
    url = await paygrid.listen();
  } catch (error) {
    // Nothing may keep running (the sweeper, the pool) when the start fails.
    await paygrid?.close();
    lock?.release();
    throw error;
  }
  const applied = paygrid.migrations.applied.map((m) => `${m.version} ${m.name}`);
  const lines = [
    `Paygrid ${PAYGRID_VERSION} is running at ${url}`,
    `  database: ${paygrid.db.description}${applied.length > 0 ? ` (applied migrations: ${applied.join(', ')})` : ''}`,
    `  API:      ${url}/v1   health: ${url}/healthz   metrics: ${url}/metrics`,
    `  OpenAPI:  ${url}/openapi.json   docs: ${url}/docs`,
  ];
  if (paygrid.newVaultKeysFile !== undefined) {
    lines.push('', `Card vault keys were generated into ${paygrid.newVaultKeysFile}: back this file up; without it stored cards cannot be read.`);
  }
  if (config.database.kind === 'pglite' && config.seedDemoOnFirstStart && !(await isSeeded(paygrid.modules))) {
    lines.push(...describeSeed(await seedDemo(paygrid.modules, (line) => process.stdout.write(`${line}\n`)), url));
  }
  if (paygrid.newOperatorKey !== undefined) {
    lines.push('', 'Platform operator API key (shown this once; store it now):', `  ${paygrid.newOperatorKey}`, `  try: curl -H "Authorization: Bearer ${paygrid.newOperatorKey}" ${url}/v1/ledger/verify`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received: finishing in-flight requests, then stopping.\n`);
    // A stuck request must not keep the process alive forever.
    const deadline = setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting.\n`);
      process.exit(EXIT_FAILURE);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    paygrid
      .close()
      .then(() => {
        lock?.release();
        process.stdout.write('Paygrid stopped.\n');
      })
      .catch((error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exitCode = EXIT_FAILURE;
      });
  };
  // `on`, not `once`: a second signal during shutdown must not kill the process mid-way.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** `paygrid seed --demo`: the same demo data on any database, once. */
async function seedCommand(config: Config): Promise<number> {
  const lock = lockIfEmbedded(config);
  try {
    const { createPaygrid } = await import('../server/paygrid.ts');
    const paygrid = await createPaygrid({ ...config, logLevel: 'warn' }, { runBackgroundWork: false });
    try {
      if (await isSeeded(paygrid.modules)) {
        process.stdout.write('Demo data is there already (its keys were shown when it was created).\n');
        return 0;
      }
      const seed = await seedDemo(paygrid.modules, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(`${describeSeed(seed, config.publicUrl).join('\n')}\n`);
      if (paygrid.newOperatorKey !== undefined) process.stdout.write(`\nPlatform operator API key (shown this once): ${paygrid.newOperatorKey}\n`);
      return 0;
    } finally {
      await paygrid.close();
    }
  } finally {
    lock?.release();
  }
}

function printVerifyReport(report: VerifyReport): void {
  const lines = [`Ledger ${report.balanced ? 'balanced' : 'NOT BALANCED'}: ${report.accountsChecked} accounts, ${report.transfersChecked} transfers checked.`];
  for (const l of report.ledgers) {
    lines.push(
      `  ${l.ledger}: ${l.accounts} accounts, posted debits ${l.debitsPostedMinor} / credits ${l.creditsPostedMinor}, pending debits ${l.debitsPendingMinor} / credits ${l.creditsPendingMinor}${l.balanced ? '' : '  <- does not sum to zero'}`,
    );
  }
  for (const m of report.mismatches) lines.push(`  account ${m.accountId}: ${m.field} is ${m.storedMinor} but the transfers add up to ${m.expectedMinor}`);
  for (const problem of [...report.limitViolations, ...report.pendingProblems]) lines.push(`  ${problem}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `paygrid risk …`: options of its own, on the database; the server is not started. */
async function riskCommand(argv: string[]): Promise<number> {
  const { parseRiskArgs, riskModels, riskTrain, RiskUsageError, RISK_USAGE } = await import('./risk.ts');
  let command;
  try {
    command = parseRiskArgs(argv);
  } catch (error) {
    if (!(error instanceof RiskUsageError)) throw error;
    process.stderr.write(`paygrid: ${error.message}\n\n${RISK_USAGE}\n`);
    return EXIT_USAGE;
  }
  const { action, train } = command;
  if (action === 'help') {
    process.stdout.write(`${RISK_USAGE}\n`);
    return 0;
  }
  const config = loadConfig(process.env, command.overrides);
  return withDatabase(config, async (db) => {
    const [, { assertSchemaCurrent }] = await loadDatabase();
    await assertSchemaCurrent(db);
    if (action === 'models') return riskModels(db);
    if (train === undefined) throw new Error('paygrid risk train: no options parsed');
    return riskTrain(db, train);
  });
}

/** `paygrid console-user …`: options of its own; `create` builds the server's modules on the database. */
async function consoleUserCommand(argv: string[]): Promise<number> {
  const { parseConsoleUserArgs, createConsoleUser, printCode, ConsoleUserUsageError, CONSOLE_USER_USAGE } = await import('./console-user.ts');
  let command;
  try {
    command = parseConsoleUserArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof ConsoleUserUsageError)) throw error;
    process.stderr.write(`paygrid: ${error.message}\n\n${CONSOLE_USER_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (command.action === 'help') {
    process.stdout.write(`${CONSOLE_USER_USAGE}\n`);
    return 0;
  }
  if (command.action === 'code') return printCode(command.secret);
  const config = loadConfig(process.env, command.overrides);
  const lock = lockIfEmbedded(config);
  try {
    return await createConsoleUser(config, command);
  } finally {
    lock?.release();
  }
}

async function run(argv: string[]): Promise<number> {
  // The simulator is a client of a running server with options of its own: it never loads the server or the database.
  if (argv[0] === 'sim') {
    const { runSimulatorCli } = await import('../simulator/index.ts');
    return runSimulatorCli(argv.slice(1));
  }
  if (argv[0] === 'risk') return riskCommand(argv.slice(1));
  if (argv[0] === 'console-user') return consoleUserCommand(argv.slice(1));
  const { command, overrides } = parse(argv);
  const config = loadConfig(process.env, overrides);
  switch (command.join(' ')) {
    case 'start':
      await start(config);
      return 0;
    case 'migrate':
      return withDatabase(config, async (db) => {
        const [, { migrate }] = await loadDatabase();
        const report = await migrate(db);
        process.stdout.write(report.applied.length === 0 ? `Schema is up to date (version ${report.currentVersion}).\n` : `Applied ${report.applied.map((m) => `${m.version} ${m.name}`).join(', ')}; schema is at version ${report.currentVersion}.\n`);
        return 0;
      });
    case 'ledger verify':
      return withDatabase(config, async (db) => {
        const [[, { assertSchemaCurrent }], { Ledger }, { systemClock }] = await Promise.all([loadDatabase(), import('../ledger/index.ts'), import('../platform/clock.ts')]);
        await assertSchemaCurrent(db);
        const report = await new Ledger(db, systemClock).verify();
        printVerifyReport(report);
        return report.balanced ? 0 : EXIT_UNBALANCED;
      });
    case 'seed --demo':
      return seedCommand(config);
    case 'version':
      process.stdout.write(`${PAYGRID_VERSION}\n`);
      return 0;
    case 'help':
    case '':
      process.stdout.write(`${USAGE}\n`);
      return command.length === 0 ? EXIT_USAGE : 0;
    default:
      process.stderr.write(`Unknown command "${command.join(' ')}".\n\n${USAGE}\n`);
      return EXIT_USAGE;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    const isUsage = error instanceof ConfigError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`paygrid: ${message}\n`);
    process.exitCode = isUsage ? EXIT_USAGE : EXIT_FAILURE;
  },
);
