import { parseArgs } from 'node:util';
import { SimulatedFleet, MAX_FLEET_STATIONS, type FleetStats, type StationCredentials } from './fleet.ts';
import { provisionStations, simulatorStationIds } from './provision.ts';

/**
 * `paygrid sim chargers`: a fleet of simulated OCPP 1.6J stations against a
 * running Paygrid. With `--api-key` (a charging operator's secret key) it
 * registers the stations SIM-0001… itself; with `--stations` it uses the
 * credentials given. It prints progress every few seconds and stops cleanly
 * on SIGINT or SIGTERM: running sessions are stopped, connections closed.
 */

export const SIM_USAGE = `Usage: paygrid sim chargers --url ws://host:port (--api-key sk_… [--count N] | --stations id:password,…) [options]

Runs simulated OCPP 1.6J charging stations against a Paygrid server until Ctrl-C.

  --url <ws://host:port>    The server (its OCPP endpoint is <url>/ocpp)
  --api-key <sk_…>          A charging operator's secret key: registers missing stations
                            SIM-0001…SIM-<count> through the API, with passwords derived from the key
  --count <N>               How many stations (default 10; with --stations, the first N given)
  --tariff <ctf_…>          Tariff for stations it registers (default: the first in GET /v1/charging/tariffs)
  --stations <id:pw,…>      Use these stations and passwords instead of registering any
  --id-tags <tag,…>         RFID tags drivers present: each connector runs sessions one after another
                            (tags must be registered: POST /v1/charging/id_tags). Without, no sessions.
  --power-kw <kW>           Charging power per connector (default 22)
  --meter-interval-s <s>    MeterValueSampleInterval (default 60)
  --heartbeat-s <s>         Heartbeat interval instead of the server's
  --session-s <s>           Mean session length (default 300)
  --gap-s <s>               Mean idle time between sessions (default 60)
  --seed <n>                Seed for meter readings, tag choice and timings (default 1)

See docs/simulator.md.`;

const EXIT_USAGE = 2;
const EXIT_FAILURE = 3;
const PROGRESS_INTERVAL_MS = 5_000;
/** How long a clean exit waits for the StopTransactions of running sessions. */
const STOP_SESSIONS_TIMEOUT_MS = 10_000;

export interface SimulatorIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  /** Subscribes to SIGINT and SIGTERM; returns the unsubscribe. */
  onSignal(listener: (signal: string) => void): () => void;
}

const processIo: SimulatorIo = {
  out: process.stdout,
  err: process.stderr,
  onSignal(listener) {
    process.on('SIGINT', listener);
    process.on('SIGTERM', listener);
    return () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    };
  },
};

class UsageError extends Error {}

export interface ChargersArguments {
  endpoint: string;
  httpUrl: string;
  apiKey: string | undefined;
  count: number | undefined;
  tariffId: string | undefined;
  stations: StationCredentials[] | undefined;
  idTags: string[];
  powerW: number;
  meterIntervalS: number;
  heartbeatIntervalS: number | undefined;
  sessionS: number;
  gapS: number;
  seed: number;
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** ws://host:port (an /ocpp path is allowed) → the OCPP endpoint and the HTTP API's base URL. */
function endpoints(raw: string | undefined): { endpoint: string; httpUrl: string } {
  if (raw === undefined) throw new UsageError('--url ws://host:port is required');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new UsageError('--url must start with ws:// or wss://');
  const httpUrl = `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  return { endpoint: `${url.protocol}//${url.host}/ocpp`, httpUrl };
}

function credentials(raw: string): StationCredentials[] {
  return raw.split(',').map((pair) => {
    const at = pair.indexOf(':');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--stations takes id:password pairs separated by commas, got "${pair}"`);
    return { id: pair.slice(0, at).trim(), password: pair.slice(at + 1) };
  });
}

export function parseChargersArguments(argv: string[]): ChargersArguments {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      count: { type: 'string' },
      tariff: { type: 'string' },
      stations: { type: 'string' },
      'id-tags': { type: 'string' },
      'power-kw': { type: 'string' },
      'meter-interval-s': { type: 'string' },
      'heartbeat-s': { type: 'string' },
      'session-s': { type: 'string' },
      'gap-s': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (positionals.join(' ') !== 'chargers') throw new UsageError(`unknown simulator "${positionals.join(' ')}": the simulator is "paygrid sim chargers"`);
  const { endpoint, httpUrl } = endpoints(values.url);
  const stations = values.stations === undefined ? undefined : credentials(values.stations);
  if (stations === undefined && values['api-key'] === undefined) throw new UsageError('give --api-key sk_… (to register stations) or --stations id:password,…');
  const powerKw = Number(values['power-kw'] ?? '22');
  if (!Number.isFinite(powerKw) || powerKw < 0 || powerKw > 1_000) throw new UsageError(`--power-kw must be 0 to 1000, got "${values['power-kw']}"`);
  const idTags = (values['id-tags'] ?? '').split(',').map((t) => t.trim()).filter((t) => t.length > 0);
  const badTag = idTags.find((t) => !/^[\x21-\x7e]{1,20}$/.test(t));
  if (badTag !== undefined) throw new UsageError(`an OCPP idTag is 1 to 20 printable ASCII characters, got "${badTag}"`);
  return {
    endpoint,
    httpUrl,
    apiKey: values['api-key'],
    count: values.count === undefined ? undefined : wholeNumber('count', values.count, 10, 1, MAX_FLEET_STATIONS),
    tariffId: values.tariff,
    stations,
    idTags,
    powerW: Math.round(powerKw * 1_000),
    meterIntervalS: wholeNumber('meter-interval-s', values['meter-interval-s'], 60, 1, 86_400),
    heartbeatIntervalS: values['heartbeat-s'] === undefined ? undefined : wholeNumber('heartbeat-s', values['heartbeat-s'], 0, 1, 86_400),
    sessionS: wholeNumber('session-s', values['session-s'], 300, 1, 86_400),
    gapS: wholeNumber('gap-s', values['gap-s'], 60, 0, 86_400),
    seed: wholeNumber('seed', values.seed, 1, 0, 2 ** 31),
  };
}

/** The stations to run: the ones given, or the SIM-… stations registered (or found) with the key. */
async function stationsFor(args: ChargersArguments, io: SimulatorIo): Promise<StationCredentials[] | undefined> {
  if (args.stations !== undefined) return args.stations.slice(0, args.count ?? args.stations.length);
  const apiKey = args.apiKey ?? '';
  const ids = simulatorStationIds(args.count ?? 10);
  io.out.write(`Checking ${ids.length} stations (${ids[0]}…${ids.at(-1)}) at ${args.httpUrl}…\n`);
  const provisioned = await provisionStations({ httpUrl: args.httpUrl, apiKey, stationIds: ids, ...(args.tariffId === undefined ? {} : { tariffId: args.tariffId }) });
  if (!provisioned.ok) {
    io.err.write(`paygrid sim: ${provisioned.message}\n`);
    return undefined;
  }
  io.out.write(`  ${provisioned.existing} registered already, ${provisioned.registered} registered now.\n`);
  return provisioned.stations;
}

export function describeStats(s: FleetStats): string {
  const parts = [
    `${s.connected}/${s.stations} connected`,
    `${s.booted} booted`,
    ...(s.refused > 0 ? [`${s.refused} refused`] : []),
    `${s.charging} charging`,
    `${s.sessionsStarted} sessions started, ${s.sessionsStopped} stopped`,
    `${s.meterValues} meter values`,
    `${s.heartbeats} heartbeats`,
    `${s.callErrors} call errors`,
    ...(s.replayed > 0 ? [`${s.replayed} replayed`] : []),
    ...(s.dropped > 0 ? [`${s.dropped} dropped`] : []),
  ];
  return parts.join(', ');
}

/** Resolves with the first SIGINT/SIGTERM; a second one exits at once. */
function firstSignal(io: SimulatorIo): { signal: Promise<string>; release: () => void } {
  let seen = false;
  let resolveSignal: (signal: string) => void = () => {};
  const signal = new Promise<string>((resolve) => {
    resolveSignal = resolve;
  });
  const release = io.onSignal((name) => {
    if (seen) {
      io.err.write(`${name} again: exiting without waiting.\n`);
      process.exit(EXIT_FAILURE);
    }
    seen = true;
    resolveSignal(name);
  });
  return { signal, release };
}

async function runChargers(args: ChargersArguments, io: SimulatorIo): Promise<number> {
  const { signal, release } = firstSignal(io);
  try {
    const stations = await stationsFor(args, io);
    if (stations === undefined) return EXIT_FAILURE;
    const problems = new Map<string, number>();
    const fleet = new SimulatedFleet({
      endpoint: args.endpoint,
      stations,
      seed: args.seed,
      powerW: args.powerW,
      meterIntervalS: args.meterIntervalS,
      ...(args.heartbeatIntervalS === undefined ? {} : { heartbeatIntervalS: args.heartbeatIntervalS }),
      // Repeated problems (a CallError per meter value) are counted, and each kind printed once.
      onProblem: (stationId, message) => {
        const kind = message.replace(/\d+/g, 'N');
        const seen = problems.get(kind) ?? 0;
        problems.set(kind, seen + 1);
        if (seen === 0) io.err.write(`  ! ${stationId}: ${message}\n`);
      },
    });
    io.out.write(`Connecting ${stations.length} stations to ${args.endpoint}…\n`);
    const progress = setInterval(() => io.out.write(`[sim] ${describeStats(fleet.stats())}\n`), PROGRESS_INTERVAL_MS);
    try {
      const started = await Promise.race([fleet.start(), signal.then(() => undefined)]);
      if (started !== undefined) {
        io.out.write(`[sim] ${started.booted}/${stations.length} booted${started.failed.length > 0 ? `; refused: ${started.failed.map((f) => f.problem).join('; ')}` : ''}\n`);
        if (args.idTags.length > 0) fleet.startSessions({ idTags: args.idTags, sessionS: args.sessionS, gapS: args.gapS });
        else io.out.write('[sim] no --id-tags: stations only boot, report and send heartbeats.\n');
        io.out.write('[sim] running; Ctrl-C to stop.\n');
      }
      const name = await signal;
      io.out.write(`${name} received: stopping the running sessions, then disconnecting.\n`);
      const { stopped, answered } = await fleet.stopSessions('Local', STOP_SESSIONS_TIMEOUT_MS);
      await fleet.close();
      const unanswered = answered ? '' : ` (not every StopTransaction was answered within ${STOP_SESSIONS_TIMEOUT_MS / 1_000} s)`;
      io.out.write(`[sim] stopped ${stopped} sessions${unanswered}. Final: ${describeStats(fleet.stats())}\n`);
      return 0;
    } finally {
      clearInterval(progress);
      await fleet.close();
    }
  } finally {
    release();
  }
}

/** `paygrid sim …`: the exit code. */
export async function runSimulatorCli(argv: string[], io: SimulatorIo = processIo): Promise<number> {
  let args: ChargersArguments;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out.write(`${SIM_USAGE}\n`);
      return 0;
    }
    args = parseChargersArguments(argv);
  } catch (error) {
    const isUsage = error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    if (!isUsage) throw error;
    io.err.write(`paygrid sim: ${error.message}\n\n${SIM_USAGE}\n`);
    return EXIT_USAGE;
  }
  return runChargers(args, io);
}
