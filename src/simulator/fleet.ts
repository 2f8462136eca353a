import type { Clock } from '../platform/clock.ts';
import type { Delivery } from './outbox.ts';
import { SeededRandom } from './random.ts';
import { SimulatedStation, type StationOptions } from './station.ts';

/**
 * Many simulated stations run together: they connect and boot (all at once,
 * or a bounded number at a time), send heartbeats, and, when given RFID tags,
 * run charging sessions on every connector, one after another, with periodic
 * meter values. For the CLI and the benchmark; tests drive single stations.
 */

export interface StationCredentials {
  id: string;
  password: string;
}

export interface SessionPlan {
  /** RFID tags the drivers present; each session picks one (seeded). */
  idTags: readonly string[];
  /** Mean session length; each is between half and one and a half times it. */
  sessionS: number;
  /** Mean idle time before a connector's next session, likewise spread. */
  gapS: number;
}

export interface FleetOptions {
  endpoint: string;
  stations: readonly StationCredentials[];
  seed?: number;
  clock?: Clock;
  powerW?: number;
  meterIntervalS?: number;
  heartbeatIntervalS?: number;
  connectorIds?: readonly number[];
  callTimeoutMs?: number;
  /** Stations connecting at the same time; default all of them (a reconnect storm). */
  connectConcurrency?: number;
  /** Called with every frame answered by the central system: for latency figures. */
  onDelivery?: (stationId: string, delivery: Delivery) => void;
  /** Called with what a person running the simulator may want to see. */
  onProblem?: (stationId: string, message: string) => void;
}

export interface FleetStats {
  stations: number;
  connected: number;
  booted: number;
  /** Stations the central system refused for good (unknown id, wrong password). */
  refused: number;
  charging: number;
  sessionsStarted: number;
  sessionsStopped: number;
  heartbeats: number;
  statusNotifications: number;
  meterValues: number;
  callErrors: number;
  replayed: number;
  dropped: number;
}

/** A fleet larger than this is a mistake in the arguments; the benchmark and CI use up to a few thousand. */
export const MAX_FLEET_STATIONS = 100_000;

export class SimulatedFleet {
  readonly stations: SimulatedStation[];
  private readonly refused = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Session steps under way (a start waiting for its answer): stopSessions() lets them finish first. */
  private readonly driving = new Set<Promise<void>>();
  private sessionsStopping = false;
  private closed = false;

  constructor(private readonly options: FleetOptions) {
    if (options.stations.length === 0 || options.stations.length > MAX_FLEET_STATIONS) throw new Error(`a fleet has 1 to ${MAX_FLEET_STATIONS} stations, got ${options.stations.length}`);
    const root = new SeededRandom(options.seed ?? 1);
    this.stations = options.stations.map((credentials, index) => {
      const stationOptions: StationOptions = {
        endpoint: options.endpoint,
        stationId: credentials.id,
        password: credentials.password,
        seed: root.fork(index).integer(0, 2 ** 31),
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.powerW === undefined ? {} : { powerW: options.powerW }),
        ...(options.meterIntervalS === undefined ? {} : { meterIntervalS: options.meterIntervalS }),
        ...(options.heartbeatIntervalS === undefined ? {} : { heartbeatIntervalS: options.heartbeatIntervalS }),
        ...(options.connectorIds === undefined ? {} : { connectorIds: options.connectorIds }),
        ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
      };
      const station = new SimulatedStation(stationOptions);
      if (options.onDelivery !== undefined) {
        const onDelivery = options.onDelivery;
        station.events.on('delivered', (delivery) => onDelivery(station.id, delivery));
      }
      if (options.onProblem !== undefined) {
        const onProblem = options.onProblem;
        station.events.on('problem', (message) => onProblem(station.id, message));
      }
      return station;
    });
  }

  /**
   * Runs every station (connect with retries, boot until Accepted, timers),
   * at most `connectConcurrency` starting at once. Resolves when each has
   * booted or was refused for good; `failed` lists the refusals.
   */
  async start(): Promise<{ booted: number; failed: Array<{ stationId: string; problem: string }> }> {
    const failed: Array<{ stationId: string; problem: string }> = [];
    const concurrency = Math.max(1, Math.min(this.options.connectConcurrency ?? this.stations.length, this.stations.length));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.stations.length && !this.closed) {
        const station = this.stations[next++];
        if (station === undefined) return;
        try {
          await station.run();
        } catch (error) {
          if (this.closed) return;
          this.refused.add(station.id);
          failed.push({ stationId: station.id, problem: error instanceof Error ? error.message : String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { booted: this.stations.filter((s) => s.isBooted).length, failed };
  }

  /**
   * Starts RFID sessions on every connector of every booted station, one
   * after another, until stopSessions() or close(). Connector k of the fleet
   * presents tags k, k + (connectors in the fleet), k + 2 × …, in turn: with at
   * least as many tags as connectors, no tag is in two sessions at once (a
   * central system answers that with ConcurrentTx). With fewer, connectors
   * share tags round the list.
   */
  startSessions(plan: SessionPlan): void {
    if (plan.idTags.length === 0) throw new Error('a session plan needs at least one idTag');
    this.sessionsStopping = false;
    const root = new SeededRandom((this.options.seed ?? 1) + 1);
    const slots = this.stations.flatMap((station) => station.connectorIds().map((connectorId) => ({ station, connectorId })));
    slots.forEach(({ station, connectorId }, index) => {
      const own = plan.idTags.filter((_, j) => j % slots.length === index);
      const tags = own.length > 0 ? own : [plan.idTags[index % plan.idTags.length] as string];
      this.driveConnector(station, connectorId, plan, tags, root.fork(index));
    });
  }

  /** One connector's driver: wait, plug in and badge, charge, stop, and again. */
  private driveConnector(station: SimulatedStation, connectorId: number, plan: SessionPlan, tags: readonly string[], random: SeededRandom): void {
    const spread = (meanS: number): number => Math.round(meanS * 1_000 * (0.5 + random.next()));
    let sessions = 0;
    const later = (ms: number, work: () => Promise<void>): void => {
      if (this.closed || this.sessionsStopping) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.closed || this.sessionsStopping) return;
        const running = work().catch((error: unknown) => this.options.onProblem?.(station.id, error instanceof Error ? error.message : String(error)));
        this.driving.add(running);
        void running.finally(() => this.driving.delete(running));
      }, ms);
      this.timers.add(timer);
    };
    const beginNext = (): void =>
      later(spread(plan.gapS), async () => {
        if (!station.isBooted) return beginNext();
        const idTag = tags[sessions % tags.length] as string;
        sessions += 1;
        const started = await station.startRfidSession(connectorId, idTag);
        if (started.result !== 'started') return beginNext();
        later(spread(plan.sessionS), async () => {
          await station.stop(connectorId, 'Local');
          beginNext();
        });
      });
    beginNext();
  }

  /**
   * Ends the session plan: no new sessions, the ones starting finish
   * starting, and every running session is stopped (reason `reason`). Waits
   * for the StopTransactions to be answered, or at most `timeoutMs` (a station
   * sends its StopTransaction after what already waits in its lane). Resolves
   * with the sessions it stopped and whether every answer came in time.
   */
  async stopSessions(reason: 'Local' | 'Other' = 'Local', timeoutMs = 10_000): Promise<{ stopped: number; answered: boolean }> {
    this.sessionsStopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    let stopped = 0;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const stopAll = async (): Promise<'answered'> => {
      await Promise.allSettled([...this.driving]);
      const charging = this.stations.flatMap((station) => station.connectorIds().filter((id) => station.connector(id).session?.charging === true).map((connectorId) => ({ station, connectorId })));
      stopped = charging.length;
      await Promise.all(charging.map(({ station, connectorId }) => station.stop(connectorId, reason)));
      await Promise.allSettled(this.stations.map((station) => station.settled()));
      return 'answered';
    };
    try {
      const outcome = await Promise.race([stopAll(), late]);
      return { stopped, answered: outcome === 'answered' };
    } finally {
      clearTimeout(timer);
    }
  }

  stats(): FleetStats {
    const stats: FleetStats = { stations: this.stations.length, connected: 0, booted: 0, refused: this.refused.size, charging: 0, sessionsStarted: 0, sessionsStopped: 0, heartbeats: 0, statusNotifications: 0, meterValues: 0, callErrors: 0, replayed: 0, dropped: 0 };
    for (const station of this.stations) {
      if (station.isConnected) stats.connected += 1;
      if (station.isBooted) stats.booted += 1;
      for (const id of station.connectorIds()) if (station.connector(id).session?.charging === true) stats.charging += 1;
      const s = station.stats;
      stats.sessionsStarted += s.sessionsStarted;
      stats.sessionsStopped += s.sessionsStopped;
      stats.heartbeats += s.delivered.Heartbeat ?? 0;
      stats.statusNotifications += s.delivered.StatusNotification ?? 0;
      stats.meterValues += s.delivered.MeterValues ?? 0;
      stats.callErrors += s.callErrors;
      stats.replayed += s.replayed;
      stats.dropped += s.dropped;
    }
    return stats;
  }

  /** Stops the drivers and timers and closes every connection. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.stations.map((station) => station.close()));
  }
}
