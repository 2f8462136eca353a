import { setTimeout as delay } from 'node:timers/promises';
import ocppRpc from 'ocpp-rpc';
import type { SeededRandom } from './random.ts';

/**
 * The timers of a running station (SimulatedStation.run()): connecting and
 * booting with retries, heartbeats, and meter values while charging. Tests
 * drive stations without them.
 */

/** The station as its timers see it. */
export interface RunnableStation {
  id: string;
  connect(): Promise<void>;
  /** BootNotification; 'Accepted' lets the station work. */
  boot(): Promise<string>;
  heartbeat(): Promise<unknown>;
  sendMeterValues(connectorId: number): Promise<unknown>;
  heartbeatIntervalMs(): number;
  meterIntervalMs(): number;
  bootRetryMs(): number;
}

/** HTTP statuses with which a central system refuses a station for good: wrong credentials, unknown station. */
const PERMANENT_REFUSALS = new Set([401, 403, 404]);
const CONNECT_BACKOFF_MIN_MS = 1_000;
const CONNECT_BACKOFF_MAX_MS = 30_000;

export class RunTimers {
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly meterTimers = new Map<number, NodeJS.Timeout>();
  private readonly abort = new AbortController();

  constructor(
    private readonly station: RunnableStation,
    private readonly random: SeededRandom,
  ) {}

  async powerOn(): Promise<void> {
    await this.connectWithRetry();
    while (!this.abort.signal.aborted) {
      const status = await this.station.boot();
      if (status === 'Accepted') {
        this.restartHeartbeats();
        return;
      }
      await this.sleep(this.station.bootRetryMs());
    }
  }

  private async connectWithRetry(): Promise<void> {
    let backoffMs = CONNECT_BACKOFF_MIN_MS;
    for (;;) {
      if (this.abort.signal.aborted) throw new Error(`station ${this.station.id} stopped before it connected`);
      try {
        await this.station.connect();
        return;
      } catch (error) {
        const status = error instanceof ocppRpc.UnexpectedHttpResponse ? (error as { code?: number }).code : undefined;
        if (status !== undefined && PERMANENT_REFUSALS.has(status)) throw new Error(`station ${this.station.id} refused by the central system: HTTP ${status} ${error instanceof Error ? error.message : ''}`);
        // 503 (busy, shutting down) or no server yet: retry with jittered exponential backoff, so that a storm spreads out.
        await this.sleep(backoffMs / 2 + this.random.next() * backoffMs);
        backoffMs = Math.min(backoffMs * 2, CONNECT_BACKOFF_MAX_MS);
      }
    }
  }

  /** Heartbeats on the interval in force; the first after a random part of it, so that a fleet booted together does not beat together. */
  restartHeartbeats(): void {
    this.stopHeartbeats();
    const intervalMs = this.station.heartbeatIntervalMs();
    if (intervalMs <= 0 || this.abort.signal.aborted) return;
    const beat = (): void => {
      this.heartbeatTimer = setTimeout(beat, intervalMs);
      void this.station.heartbeat().catch(() => undefined);
    };
    this.heartbeatTimer = setTimeout(beat, Math.floor(this.random.next() * intervalMs));
  }

  stopHeartbeats(): void {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Meter values every MeterValueSampleInterval while the connector charges (0: none). */
  startMeter(connectorId: number): void {
    this.stopMeter(connectorId);
    const intervalMs = this.station.meterIntervalMs();
    if (intervalMs <= 0 || this.abort.signal.aborted) return;
    this.meterTimers.set(
      connectorId,
      setInterval(() => void this.station.sendMeterValues(connectorId).catch(() => undefined), intervalMs),
    );
  }

  stopMeter(connectorId: number): void {
    clearInterval(this.meterTimers.get(connectorId));
    this.meterTimers.delete(connectorId);
  }

  stop(): void {
    this.abort.abort();
    this.stopHeartbeats();
    for (const connectorId of [...this.meterTimers.keys()]) this.stopMeter(connectorId);
  }

  private async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}
