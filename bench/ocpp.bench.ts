/**
 * `npm run bench:ocpp`: the OCPP 1.6J central system under a fleet of
 * simulated stations. Paygrid runs in this process on the embedded database
 * and, with DATABASE_URL, on PostgreSQL; the stations run in a child process
 * (the charger simulator, src/simulator), so that the memory measured here is
 * the server's. Phases:
 *
 *   1. register the stations (through the charging module, with the simulator's derived passwords);
 *   2. connect and boot them all at once (a reconnect storm);
 *   3. hold them with heartbeats;
 *   4. charging sessions (RFID tags bound to prepaid cards) started a bounded
 *      number at a time, with periodic meter values that the server prices,
 *      then stop them all.
 *
 * It prints the stations held, heartbeats/s, meter values processed per
 * second, memory per connection (the server's RSS and heap growth over the
 * stations), p50/p99 response times measured at the stations, and ends with
 * one JSON line of the figures. Response times are measured in the child
 * process, from the CALL leaving the station to its answer arriving.
 *
 * Options: --stations N (1000), --hold-s S (20), --heartbeat-s S (2),
 * --sessions N (200), --sessions-s S (20), --meter-interval-s S (1), --power-kw P (22).
 * Run with `node --expose-gc` (the npm script does) for steadier memory figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { HANDLED_ACTIONS } from '../src/ocpp/index.ts';
import { createPaygrid, type Paygrid } from '../src/server/paygrid.ts';
import { SimulatedFleet, simulatorStationIds, stationPassword, type SessionStart, type StationCredentials } from '../src/simulator/index.ts';
import { onEachDatabase, percentile, reportFailure, type BenchTarget } from './support.ts';

const OPERATOR_KEY = 'sk_op_bench_0123456789abcdefghijklmnop';
/** Tags per prepaid card: each session holds the tariff's ¥50.00 minimum, and a card holds at most ¥1,000.00. */
const TAGS_PER_CARD = 10;
const CARD_BALANCE_MINOR = 100_000;
const PROGRESS_MS = 2_000;
/** The heartbeat interval during the session phase. */
const SESSION_PHASE_HEARTBEAT_S = 60;
/** Sessions starting at once: each is an Authorize and a StartTransaction that places a hold. */
const SESSION_STARTS_IN_FLIGHT = 50;
/** The stations wait this long for an answer: a saturated server is measured, not timed out. */
const CALL_TIMEOUT_MS = 300_000;
/** How long the bench waits for the fleet to do one phase's work beyond its own duration. */
const PHASE_SLACK_MS = 120_000;

interface Options {
  stations: number;
  holdS: number;
  heartbeatS: number;
  sessions: number;
  sessionsS: number;
  meterIntervalS: number;
  powerW: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      stations: { type: 'string' },
      'hold-s': { type: 'string' },
      'heartbeat-s': { type: 'string' },
      sessions: { type: 'string' },
      'sessions-s': { type: 'string' },
      'meter-interval-s': { type: 'string' },
      'power-kw': { type: 'string' },
    },
  });
  const whole = (name: string, raw: string | undefined, fallback: number, max: number): number => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
    return value;
  };
  const stations = whole('stations', values.stations, 1_000, 20_000);
  return {
    stations,
    sessions: Math.min(whole('sessions', values.sessions, 200, 40_000), stations * 2),
    holdS: whole('hold-s', values['hold-s'], 20, 3_600),
    heartbeatS: whole('heartbeat-s', values['heartbeat-s'], 2, 3_600),
    sessionsS: whole('sessions-s', values['sessions-s'], 20, 3_600),
    meterIntervalS: whole('meter-interval-s', values['meter-interval-s'], 1, 3_600),
    powerW: whole('power-kw', values['power-kw'], 22, 1_000) * 1_000,
  };
}

// ----- the fleet, in a child process ---------------------------------------------------

/** Response times of one action in one phase, in ms. */
interface Latency {
  count: number;
  p50: number;
  p99: number;
}

type ToFleet =
  | { type: 'connect'; endpoint: string; stations: StationCredentials[]; heartbeatS: number; meterIntervalS: number; powerW: number }
  | { type: 'hold'; durationMs: number }
  | { type: 'sessions'; durationMs: number; idTags: string[] }
  | { type: 'close' };

type FromFleet =
  | { type: 'connected'; booted: number; failed: string[]; seconds: number; latency: Record<string, Latency> }
  | { type: 'held'; held: number; heartbeats: number; seconds: number; latency: Record<string, Latency> }
  | { type: 'sessions'; started: number; refused: Record<string, number>; startSeconds: number; meterValues: number; meterSeconds: number; stopped: number; stopsAnswered: boolean; stopSeconds: number; callErrors: number; latency: Record<string, Latency> }
  | { type: 'closed' };

async function fleetWorker(): Promise<void> {
  let fleet: SimulatedFleet | undefined;
  let window = new Map<string, number[]>();
  const summary = (): Record<string, Latency> => {
    const out: Record<string, Latency> = {};
    for (const [action, values] of window) {
      const sorted = values.sort((a, b) => a - b);
      out[action] = { count: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) };
    }
    window = new Map();
    return out;
  };
  const send = (message: FromFleet): void => {
    // The bench may have given up on this phase and gone; then there is nobody to tell.
    if (process.connected) process.send?.(message);
  };
  const progress = (label: string): NodeJS.Timeout => setInterval(() => fleet !== undefined && process.stderr.write(`  … ${label}: ${describe(fleet)}\n`), PROGRESS_MS);
  process.on('message', (message: ToFleet) => {
    void (async () => {
      switch (message.type) {
        case 'connect': {
          fleet = new SimulatedFleet({
            endpoint: message.endpoint,
            stations: message.stations,
            heartbeatIntervalS: message.heartbeatS,
            meterIntervalS: message.meterIntervalS,
            powerW: message.powerW,
            callTimeoutMs: CALL_TIMEOUT_MS,
            onDelivery: (_id, d) => {
              const values = window.get(d.action) ?? [];
              values.push(d.answer.latencyMs);
              window.set(d.action, values);
            },
          });
          const timer = progress('connecting');
          const t0 = performance.now();
          const started = await fleet.start();
          await statusesReported(fleet);
          clearInterval(timer);
          send({ type: 'connected', booted: started.booted, failed: started.failed.map((f) => f.problem), seconds: (performance.now() - t0) / 1_000, latency: summary() });
          return;
        }
        case 'hold': {
          if (fleet === undefined) throw new Error('hold before connect');
          const before = fleet.stats().heartbeats;
          summary();
          const timer = progress('holding');
          const t0 = performance.now();
          await new Promise((resolve) => setTimeout(resolve, message.durationMs));
          clearInterval(timer);
          const stats = fleet.stats();
          send({ type: 'held', held: stats.connected, heartbeats: stats.heartbeats - before, seconds: (performance.now() - t0) / 1_000, latency: summary() });
          return;
        }
        case 'sessions':
          if (fleet === undefined) throw new Error('sessions before connect');
          send(await runSessions(fleet, message.idTags, message.durationMs, summary, progress));
          return;
        case 'close':
          await fleet?.close();
          send({ type: 'closed' });
          process.disconnect();
          return;
        default: {
          const unknown: never = message;
          throw new Error(`unknown message ${JSON.stringify(unknown)}`);
        }
      }
    })().catch((error: unknown) => {
      process.stderr.write(`fleet worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
  });
}

/** The StatusNotifications that follow each boot belong to the storm: waits until every booted station has reported each connector. */
async function statusesReported(fleet: SimulatedFleet): Promise<void> {
  const deadline = performance.now() + PHASE_SLACK_MS;
  const pending = (): number => fleet.stations.filter((s) => s.isBooted && (s.stats.delivered.StatusNotification ?? 0) < s.connectorIds().length).length;
  while (pending() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Starts one session per tag, on connector 1 of every station, then
 * connector 2, at most SESSION_STARTS_IN_FLIGHT at a time; lets the meters
 * run for `durationMs`; then stops them all.
 */
async function runSessions(fleet: SimulatedFleet, idTags: string[], durationMs: number, summary: () => Record<string, Latency>, progress: (label: string) => NodeJS.Timeout): Promise<FromFleet> {
  summary();
  // Heartbeats go back to a field-like pace, so that the sessions, not the heartbeats, are what the server is busy with.
  for (const station of fleet.stations) station.configuration.change('HeartbeatInterval', String(SESSION_PHASE_HEARTBEAT_S));
  const slots = [1, 2].flatMap((connectorId) => fleet.stations.map((station) => ({ station, connectorId }))).slice(0, idTags.length);
  let timer = progress('starting sessions');
  const t0 = performance.now();
  const starts: SessionStart[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SESSION_STARTS_IN_FLIGHT, slots.length) }, async () => {
      while (next < slots.length) {
        const i = next++;
        const slot = slots[i];
        if (slot !== undefined) starts.push(await slot.station.startRfidSession(slot.connectorId, idTags[i] ?? 'NO-TAG'));
      }
    }),
  );
  const startSeconds = (performance.now() - t0) / 1_000;
  const refused: Record<string, number> = {};
  for (const s of starts) {
    if (s.result === 'started') continue;
    const why = s.result === 'not_authorized' ? `not_authorized ${s.status}` : s.result;
    refused[why] = (refused[why] ?? 0) + 1;
  }
  clearInterval(timer);
  timer = progress('charging');
  const before = fleet.stats();
  const t1 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const meterValues = fleet.stats().meterValues - before.meterValues;
  const meterSeconds = (performance.now() - t1) / 1_000;
  clearInterval(timer);
  timer = progress('stopping');
  const t2 = performance.now();
  const { stopped, answered } = await fleet.stopSessions('Local', PHASE_SLACK_MS);
  clearInterval(timer);
  return {
    type: 'sessions',
    started: starts.filter((s) => s.result === 'started').length,
    refused,
    startSeconds,
    meterValues,
    meterSeconds,
    stopped,
    stopsAnswered: answered,
    stopSeconds: (performance.now() - t2) / 1_000,
    callErrors: fleet.stats().callErrors,
    latency: summary(),
  };
}

function describe(fleet: SimulatedFleet): string {
  const s = fleet.stats();
  return `${s.connected}/${s.stations} connected, ${s.booted} booted, ${s.charging} charging, ${s.heartbeats} heartbeats, ${s.meterValues} meter values, ${s.callErrors} call errors`;
}

// ----- the server, in this process -----------------------------------------------------

const round = (n: number): number => Math.round(n * 10) / 10;

class Fleet {
  private constructor(private readonly child: ChildProcess) {}

  static start(): Fleet {
    const child = fork(fileURLToPath(import.meta.url), ['--fleet-worker'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Fleet(child);
  }

  async ask<T extends FromFleet['type']>(message: ToFleet, answer: T, timeoutMs: number): Promise<Extract<FromFleet, { type: T }>> {
    const reply = new Promise<Extract<FromFleet, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromFleet): void => {
        if (m.type !== answer) return;
        this.child.off('message', onMessage);
        resolve(m as Extract<FromFleet, { type: T }>);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code) => reject(new Error(`the fleet process exited (${String(code)}) before answering ${message.type}`)));
    });
    this.child.send(message);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the fleet did not finish ${message.type} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([reply, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    if (this.child.connected) this.child.send({ type: 'close' } satisfies ToFleet);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

async function post(url: string, key: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function mustPost(url: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const answer = await post(url, key, body);
  if (answer.status !== 200) throw new Error(`${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Runs `work` over 0…count-1, `concurrency` at a time. */
async function bounded(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

const FLAT_TARIFF = {
  name: 'Bench flat',
  currency: 'cny',
  tiers: Object.fromEntries(['sharp', 'peak', 'flat', 'valley'].map((t) => [t, { energy_price: '0.70000', service_price: '0.50000' }])),
  slots: Array<string>(48).fill('flat'),
  min_hold_amount: 5_000,
};

/** Whether this Paygrid answers the messages a session needs and registers RFID tags. */
function sessionsSupported(): boolean {
  const needed = ['Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction'];
  return needed.every((action) => (HANDLED_ACTIONS as readonly string[]).includes(action));
}

/** One RFID tag per session, bound to prepaid cards issued by the operator; undefined when the server has no id_tags route. */
async function issueTags(base: string, merchantKey: string, sessions: number): Promise<string[] | undefined> {
  const tags = Array.from({ length: sessions }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
  const cards: string[] = [];
  const cardCount = Math.ceil(tags.length / TAGS_PER_CARD);
  process.stderr.write(`  issuing ${cardCount} prepaid cards and ${tags.length} RFID tags…\n`);
  await bounded(cardCount, 8, async (i) => {
    cards[i] = String((await mustPost(`${base}/v1/prepaid_cards`, OPERATOR_KEY, { currency: 'cny', initial_amount: CARD_BALANCE_MINOR })).id);
  });
  const probe = await post(`${base}/v1/charging/id_tags`, merchantKey, { id_tag: tags[0], prepaid_card: cards[0] });
  if (probe.status === 404 && (probe.body.error as { code?: string } | undefined)?.code === 'route_not_found') return undefined;
  if (probe.status !== 200) throw new Error(`POST /v1/charging/id_tags: ${probe.status} ${JSON.stringify(probe.body)}`);
  await bounded(tags.length - 1, 16, async (i) => {
    await mustPost(`${base}/v1/charging/id_tags`, merchantKey, { id_tag: tags[i + 1], prepaid_card: cards[Math.floor((i + 1) / TAGS_PER_CARD)] });
  });
  return tags;
}

interface Memory {
  rssBytes: number;
  heapBytes: number;
}

function memory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapBytes: m.heapUsed };
}

const ms = (l: Latency | undefined): string => (l === undefined ? 'n/a' : `p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms (${l.count})`);
const line = (target: string, phase: string, text: string): void => {
  process.stdout.write(`${target.padEnd(11)} ${phase.padEnd(14)} ${text}\n`);
};

async function startServer(target: BenchTarget, opts: Options): Promise<{ paygrid: Paygrid; base: string; endpoint: string }> {
  const config = loadConfig(
    {
      PAYGRID_ADMIN_API_KEY: OPERATOR_KEY,
      PAYGRID_LOG_LEVEL: 'warn',
      PAYGRID_RATE_LIMIT_PER_MINUTE: '10000000',
      PAYGRID_OCPP_MAX_STATIONS: String(opts.stations + 100),
      PAYGRID_OCPP_HEARTBEAT_INTERVAL_S: String(Math.max(10, opts.heartbeatS)),
    },
    { port: '0', dataDir: target.dataDir },
  );
  const paygrid = await createPaygrid(config, { db: target.db, runBackgroundWork: false });
  await paygrid.listen();
  const address = paygrid.http.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { paygrid, base: `http://127.0.0.1:${port}`, endpoint: `ws://127.0.0.1:${port}/ocpp` };
}

/**
 * The operator, its tariff (through the API) and the stations: registered
 * through the charging module, several at a time, with the passwords
 * `paygrid sim chargers --api-key` would derive (registering a thousand over
 * HTTP measures the API, not OCPP; test/simulator covers that path).
 */
async function register(target: string, paygrid: Paygrid, base: string, opts: Options): Promise<{ merchantKey: string; stations: StationCredentials[] }> {
  const merchant = await mustPost(`${base}/v1/merchants`, OPERATOR_KEY, { name: 'Bench charging', category: 'ev_charging' });
  const merchantKey = String(merchant.secret_key);
  const tariff = await mustPost(`${base}/v1/charging/tariffs`, merchantKey, FLAT_TARIFF);
  process.stderr.write(`${target}: registering ${opts.stations} stations…\n`);
  const t0 = performance.now();
  const stations = simulatorStationIds(opts.stations).map((id) => ({ id, password: stationPassword(merchantKey, id) }));
  await bounded(stations.length, 8, async (i) => {
    const station = stations[i] as StationCredentials;
    const registered = await paygrid.modules.stations.register(String(merchant.id), {
      id: station.id,
      name: `Bench ${station.id}`,
      timeZone: 'Asia/Shanghai',
      tariffId: String(tariff.id),
      password: station.password,
      connectors: [
        { id: 1, type: 'GB/T DC', maxPowerW: 120_000 },
        { id: 2, type: 'GB/T DC', maxPowerW: 120_000 },
      ],
    });
    if ('failure' in registered) throw new Error(`station ${station.id}: ${registered.failure}`);
  });
  line(target, 'register', `${opts.stations} stations in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);
  return { merchantKey, stations };
}

type Figures = Record<string, number | string | null>;

async function benchTarget(target: BenchTarget, opts: Options): Promise<Figures> {
  const { paygrid, base, endpoint } = await startServer(target, opts);
  const fleet = Fleet.start();
  try {
    const { merchantKey, stations } = await register(target.name, paygrid, base, opts);
    const tags = sessionsSupported() ? await issueTags(base, merchantKey, opts.sessions) : undefined;
    const before = memory();
    process.stderr.write(`${target.name}: connecting ${opts.stations} stations at once…\n`);
    const connected = await fleet.ask({ type: 'connect', endpoint, stations, heartbeatS: opts.heartbeatS, meterIntervalS: opts.meterIntervalS, powerW: opts.powerW }, 'connected', PHASE_SLACK_MS * 5);
    const after = memory();
    const rssPerStation = (after.rssBytes - before.rssBytes) / opts.stations;
    const heapPerStation = (after.heapBytes - before.heapBytes) / opts.stations;
    line(target.name, 'connect storm', `${connected.booted}/${opts.stations} booted in ${connected.seconds.toFixed(1)} s${connected.failed.length > 0 ? ` (refused: ${connected.failed[0]})` : ''}; BootNotification ${ms(connected.latency.BootNotification)}; StatusNotification ${ms(connected.latency.StatusNotification)}`);
    line(target.name, 'memory', `${(rssPerStation / 1024).toFixed(1)} KB RSS, ${(heapPerStation / 1024).toFixed(1)} KB heap per connection (server: ${mb(before.rssBytes)} → ${mb(after.rssBytes)} RSS, ${mb(before.heapBytes)} → ${mb(after.heapBytes)} heap${(globalThis as { gc?: unknown }).gc === undefined ? '; run with --expose-gc for steadier figures' : ''})`);
    const held = await fleet.ask({ type: 'hold', durationMs: opts.holdS * 1_000 }, 'held', opts.holdS * 1_000 + PHASE_SLACK_MS);
    const heartbeatsPerS = held.heartbeats / held.seconds;
    line(target.name, 'hold', `${held.held} stations held for ${held.seconds.toFixed(0)} s: ${heartbeatsPerS.toFixed(0)} heartbeats/s (offered ${(opts.stations / opts.heartbeatS).toFixed(0)}/s); Heartbeat ${ms(held.latency.Heartbeat)}`);
    const figures: Figures = {
      database: target.name,
      stations: opts.stations,
      booted: connected.booted,
      connect_s: round(connected.seconds),
      boot_p50_ms: connected.latency.BootNotification?.p50 ?? null,
      boot_p99_ms: connected.latency.BootNotification?.p99 ?? null,
      status_p50_ms: connected.latency.StatusNotification?.p50 ?? null,
      status_p99_ms: connected.latency.StatusNotification?.p99 ?? null,
      rss_kb_per_connection: round(rssPerStation / 1024),
      heap_kb_per_connection: round(heapPerStation / 1024),
      stations_held: held.held,
      heartbeats_per_s: round(heartbeatsPerS),
      heartbeat_p50_ms: held.latency.Heartbeat?.p50 ?? null,
      heartbeat_p99_ms: held.latency.Heartbeat?.p99 ?? null,
    };
    if (tags === undefined) {
      line(target.name, 'sessions', 'not measured (handlers missing)');
      figures.sessions = 'not measured (handlers missing)';
      return figures;
    }
    Object.assign(figures, await benchSessions(target.name, fleet, tags, opts, paygrid));
    return figures;
  } finally {
    await fleet.close();
    await paygrid.close();
  }
}

async function benchSessions(target: string, fleet: Fleet, tags: string[], opts: Options, paygrid: Paygrid): Promise<Figures> {
  process.stderr.write(`${target}: ${tags.length} sessions, meter values every ${opts.meterIntervalS} s for ${opts.sessionsS} s…\n`);
  const s = await fleet.ask({ type: 'sessions', durationMs: opts.sessionsS * 1_000, idTags: tags }, 'sessions', opts.sessionsS * 1_000 + PHASE_SLACK_MS * 5);
  const refused = Object.entries(s.refused).map(([why, n]) => `${n} ${why}`);
  line(target, 'sessions', `${s.started} started in ${s.startSeconds.toFixed(1)} s (${(s.started / s.startSeconds).toFixed(0)}/s, ${SESSION_STARTS_IN_FLIGHT} at a time)${refused.length > 0 ? ` (not started: ${refused.join(', ')})` : ''}; Authorize ${ms(s.latency.Authorize)}; StartTransaction ${ms(s.latency.StartTransaction)}`);
  const meterPerS = s.meterValues / s.meterSeconds;
  line(target, 'meter values', `${meterPerS.toFixed(0)}/s processed with pricing (offered ${(tags.length / opts.meterIntervalS).toFixed(0)}/s); MeterValues ${ms(s.latency.MeterValues)}`);
  const verify = await paygrid.ledger.verify();
  const stopsLate = s.stopsAnswered ? '' : ` (not all answered: ${s.latency.StopTransaction?.count ?? 0} within ${PHASE_SLACK_MS / 1_000} s, behind the meter values queued before them)`;
  line(target, 'stop', `${s.stopped} stopped in ${s.stopSeconds.toFixed(1)} s${stopsLate}; StopTransaction ${ms(s.latency.StopTransaction)}; ${s.callErrors} call errors; ledger ${verify.balanced ? 'balanced' : 'NOT BALANCED'}`);
  return {
    sessions_started: s.started,
    session_start_s: round(s.startSeconds),
    sessions_started_per_s: round(s.started / s.startSeconds),
    authorize_p50_ms: s.latency.Authorize?.p50 ?? null,
    authorize_p99_ms: s.latency.Authorize?.p99 ?? null,
    start_p50_ms: s.latency.StartTransaction?.p50 ?? null,
    start_p99_ms: s.latency.StartTransaction?.p99 ?? null,
    meter_values_per_s: round(meterPerS),
    meter_p50_ms: s.latency.MeterValues?.p50 ?? null,
    meter_p99_ms: s.latency.MeterValues?.p99 ?? null,
    sessions_stopped: s.stopped,
    stops_answered: s.latency.StopTransaction?.count ?? 0,
    stop_p50_ms: s.latency.StopTransaction?.p50 ?? null,
    stop_p99_ms: s.latency.StopTransaction?.p99 ?? null,
    call_errors: s.callErrors,
    ledger_balanced: verify.balanced ? 'yes' : 'no',
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  process.stdout.write(
    `OCPP benchmark: ${opts.stations} stations × 2 connectors; heartbeats every ${opts.heartbeatS} s held for ${opts.holdS} s; ${opts.sessions} sessions for ${opts.sessionsS} s with meter values every ${opts.meterIntervalS} s at ${opts.powerW / 1_000} kW.\n`,
  );
  const results: Figures[] = [];
  await onEachDatabase(async (target) => {
    results.push(await benchTarget(target, opts));
  });
  process.stdout.write(`${JSON.stringify({ bench: 'ocpp', options: opts, results })}\n`);
}

if (process.argv.includes('--fleet-worker')) void fleetWorker();
else main().catch(reportFailure('bench:ocpp'));
