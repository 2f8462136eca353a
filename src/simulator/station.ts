import { EventEmitter } from 'node:events';
import ocppRpc from 'ocpp-rpc';
import { systemClock, type Clock } from '../platform/clock.ts';
import { StationConfiguration, type ConfigurationKey } from './configuration.ts';
import {
  OCPP16_SUBPROTOCOL,
  SUPPORTED_MEASURANDS,
  type BootNotificationConfirmation,
  type AuthorizeConfirmation,
  type ChargePointStatus,
  type CentralSystemCommands,
  type CommandConfirmations,
  type Measurand,
  type ReadingContext,
  type StartTransactionConfirmation,
  type StationAction,
  type StationRequests,
  type StopReason,
  type TransactionAction,
} from './messages.ts';
import { reading, registerAfter } from './meter.ts';
import { Outbox, type Answer, type Delivery } from './outbox.ts';
import { SeededRandom } from './random.ts';
import { RunTimers } from './run-timers.ts';

/**
 * A simulated OCPP 1.6J charging station on a real ocpp-rpc client (strict
 * mode, basic auth as `<id>:<password>`). It boots, reports its connectors,
 * sends heartbeats, runs charging sessions started by RFID or remotely with
 * periodic meter values, answers the central system's commands, and keeps its
 * transaction messages while offline to replay them in order (OCPP 1.6 §3.5,
 * §3.7).
 *
 * Two ways to drive it. Tests call its methods and read the clock they gave
 * it: nothing waits on a timer, and with the same seed and clock the same
 * frames come out. `run()` adds the timers a real station has (heartbeats,
 * meter values, reconnecting), for the CLI and the benchmark.
 */

export interface StationOptions {
  /** The central system's OCPP endpoint, `ws://host:port/ocpp`; the station id is appended. */
  endpoint: string;
  stationId: string;
  password: string;
  /** Default [1, 2]. */
  connectorIds?: readonly number[];
  /** Timestamps in messages and the meter's time; default the system clock. */
  clock?: Clock;
  /** Seeds the meters' starting registers and the run mode's jitter; default 1. */
  seed?: number;
  /** Charging power per connector, in W; default 22 kW. */
  powerW?: number;
  /** MeterValueSampleInterval, in s; default 60. */
  meterIntervalS?: number;
  /** Heartbeat interval in s instead of the one the central system returns in BootNotification.conf. */
  heartbeatIntervalS?: number;
  /** Whether sessions may start while offline (LocalAuthorizeOffline, AllowOfflineTxForUnknownId); default true. */
  authorizeOffline?: boolean;
  /** Transaction messages kept while offline; default 1,000. */
  maxQueuedMessages?: number;
  /** Transaction messages sent twice when replayed after being offline, to test the central system's idempotency. */
  repeatOnReplay?: readonly TransactionAction[];
  /** How long a CALL waits for its answer; default 30 s. */
  callTimeoutMs?: number;
  /** WebSocket pings; default 30 s, 0 for none. */
  pingIntervalMs?: number;
  /** Reconnect by itself when the connection drops (ocpp-rpc's backoff); default true. */
  reconnect?: boolean;
  vendor?: string;
  model?: string;
  firmware?: string;
}

export type SessionOrigin = 'rfid' | 'remote';
type SessionPhase = 'authorizing' | 'starting' | 'charging' | 'stopped';

interface Session {
  readonly connectorId: number;
  readonly idTag: string;
  readonly origin: SessionOrigin;
  phase: SessionPhase;
  transactionId: number | undefined;
  /** The central system refused the tag in StartTransaction.conf. */
  deauthorized: boolean;
  meterStartWh: number;
  startedAtMs: number;
}

interface Connector {
  readonly id: number;
  status: ChargePointStatus;
  /** ChangeAvailability: Inoperative connectors take no sessions. */
  operative: boolean;
  /** Inoperative as soon as the running session ends (ChangeAvailability answered Scheduled). */
  inoperativeScheduled: boolean;
  /** The energy register while not charging, in Wh. */
  registerWh: number;
  session: Session | undefined;
  /** Its status changed while the station was offline: it is reported on reconnecting. */
  statusUnsent: boolean;
}

/** What a station method did with its message: the central system's answer, or `queued` while offline. */
export type Sent = Answer | { outcome: 'queued' };

export type SessionStart =
  | { result: 'started'; connectorId: number; transactionId: number | undefined; queued: boolean }
  | { result: 'connector_busy' | 'connector_unavailable' | 'not_authorized_offline' }
  | { result: 'not_authorized'; status: string }
  | { result: 'not_confirmed'; answer: Answer };

export type SessionStop = { result: 'stopped'; meterStopWh: number; sent: Sent } | { result: 'no_session' };

export type BootStatus = BootNotificationConfirmation['status'] | 'no_answer';

/** A public view of one connector. */
export interface ConnectorView {
  id: number;
  status: ChargePointStatus;
  operative: boolean;
  meterWh: number;
  session: { idTag: string; origin: SessionOrigin; transactionId: number | undefined; charging: boolean } | undefined;
}

export interface StationStats {
  /** Frames answered by the central system (results and CallErrors), by action. */
  delivered: Partial<Record<StationAction, number>>;
  callErrors: number;
  /** Frames delivered after the station had been offline. */
  replayed: number;
  /** Transaction messages given up (queue full, transaction never confirmed, no answer after the attempts). */
  dropped: number;
  sessionsStarted: number;
  sessionsStopped: number;
}

export type StationEvents = {
  /** A frame reached the central system and was answered. */
  delivered: [delivery: Delivery];
  connected: [];
  disconnected: [];
  booted: [status: BootStatus];
  /** Something went wrong that a person running the simulator may want to see. */
  problem: [message: string];
};

type ClientOptions = ConstructorParameters<typeof ocppRpc.RPCClient>[0];
type StationClient = InstanceType<typeof ocppRpc.RPCClient>;

const DEFAULT_CONNECTORS = [1, 2] as const;
const DEFAULT_POWER_W = 22_000;
/** The meters of new stations start somewhere up to 1 MWh, so that nothing may assume a register starts at 0. */
const MAX_INITIAL_REGISTER_WH = 1_000_000;
/** settled() waits through at most this many rounds of follow-up work (a command's effects, a replay). */
const MAX_SETTLE_ROUNDS = 100;
/** A BootNotification answered Pending or Rejected with interval 0 is tried again after this long. */
const MIN_BOOT_RETRY_S = 10;
const iso = (ms: number): string => new Date(ms).toISOString();

export class SimulatedStation {
  readonly id: string;
  readonly events = new EventEmitter<StationEvents>();
  readonly stats: StationStats = { delivered: {}, callErrors: 0, replayed: 0, dropped: 0, sessionsStarted: 0, sessionsStopped: 0 };
  readonly configuration: StationConfiguration;
  private readonly client: StationClient;
  private readonly outbox: Outbox;
  private readonly connectors = new Map<number, Connector>();
  private readonly clock: Clock;
  private readonly powerW: number;
  private readonly followUps = new Set<Promise<void>>();
  private booted = false;
  /** goOffline() was called: stay away until reconnect(). */
  private offline = false;
  private closed = false;
  private runTimers: RunTimers | undefined;
  /** The interval in the last BootNotification.conf that was not Accepted: when to try again. */
  private lastBootIntervalS = 0;

  constructor(private readonly options: StationOptions) {
    this.id = options.stationId;
    this.clock = options.clock ?? systemClock;
    this.powerW = options.powerW ?? DEFAULT_POWER_W;
    if (!Number.isSafeInteger(this.powerW) || this.powerW < 0) throw new Error(`powerW must be a whole number of W, got ${this.powerW}`);
    const random = new SeededRandom(options.seed ?? 1);
    for (const id of options.connectorIds ?? DEFAULT_CONNECTORS) {
      if (!Number.isInteger(id) || id < 1 || this.connectors.has(id)) throw new Error(`bad connector id ${id}`);
      this.connectors.set(id, { id, status: 'Available', operative: true, inoperativeScheduled: false, registerWh: random.integer(0, MAX_INITIAL_REGISTER_WH), session: undefined, statusUnsent: false });
    }
    this.configuration = new StationConfiguration({
      heartbeatIntervalS: options.heartbeatIntervalS ?? 300,
      meterValueSampleIntervalS: options.meterIntervalS ?? 60,
      connectorCount: this.connectors.size,
      authorizeOffline: options.authorizeOffline ?? true,
    });
    this.configuration.onChange = (key) => this.configurationChanged(key);
    this.client = new ocppRpc.RPCClient({
      endpoint: options.endpoint.replace(/\/+$/, ''),
      identity: options.stationId,
      password: options.password,
      protocols: [OCPP16_SUBPROTOCOL],
      strictMode: true,
      reconnect: options.reconnect ?? true,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      pingIntervalMs: options.pingIntervalMs ?? 30_000,
      backoff: { initialDelay: 1_000, maxDelay: 30_000, factor: 2, randomisationFactor: 0.25 },
    } as ClientOptions);
    this.outbox = new Outbox(
      { isOpen: () => this.client.state === ocppRpc.RPCClient.OPEN, call: (action, payload) => this.client.call(action, payload) },
      { maxQueued: options.maxQueuedMessages ?? 1_000, attempts: () => this.configuration.integer('TransactionMessageAttempts'), repeatOnReplay: new Set(options.repeatOnReplay ?? []) },
      (delivery) => this.recordDelivery(delivery),
    );
    this.listen();
    this.handleCommands();
  }

  get isConnected(): boolean {
    return this.client.state === ocppRpc.RPCClient.OPEN;
  }

  get isBooted(): boolean {
    return this.booted;
  }

  /** Transaction messages waiting for the connection. */
  get queuedMessages(): number {
    return this.outbox.waiting;
  }

  connectorIds(): number[] {
    return [...this.connectors.keys()];
  }

  connector(connectorId: number): ConnectorView {
    const c = this.mustConnector(connectorId);
    const s = c.session;
    return {
      id: c.id,
      status: c.status,
      operative: c.operative,
      meterWh: this.meterWh(c),
      session: s === undefined ? undefined : { idTag: s.idTag, origin: s.origin, transactionId: s.transactionId, charging: s.phase === 'charging' },
    };
  }

  // ----- connection and boot -------------------------------------------------

  /** Opens the WebSocket; rejects when the central system refuses it (ocpp-rpc's UnexpectedHttpResponse carries the HTTP status). */
  async connect(): Promise<void> {
    if (this.closed) throw new Error(`station ${this.id} is closed`);
    this.offline = false;
    await this.client.connect();
  }

  /**
   * BootNotification (OCPP 1.6 §4.2), sent before anything else. Once
   * Accepted, the station takes the heartbeat interval (unless overridden),
   * delivers what it queued, and reports each connector's status.
   */
  async boot(): Promise<BootStatus> {
    const payload: StationRequests['BootNotification'] = {
      chargePointVendor: this.options.vendor ?? 'Paygrid',
      chargePointModel: this.options.model ?? 'Simulator',
      chargePointSerialNumber: this.id.slice(0, 25),
      firmwareVersion: this.options.firmware ?? 'sim-1.0',
      meterType: 'Simulated',
    };
    this.booted = false;
    this.outbox.closeLane();
    const answer = await this.outbox.sendFirst('BootNotification', payload);
    const status: BootStatus = answer.outcome === 'answered' ? (answer.result as BootNotificationConfirmation).status : 'no_answer';
    if (answer.outcome === 'answered' && status === 'Accepted') {
      const interval = this.options.heartbeatIntervalS ?? (answer.result as BootNotificationConfirmation).interval;
      this.configuration.setInternally('HeartbeatInterval', String(interval));
      this.booted = true;
      this.outbox.openLane();
      for (const connector of this.connectors.values()) void this.track(this.reportStatus(connector));
    } else {
      this.booted = false;
      this.lastBootIntervalS = answer.outcome === 'answered' ? (answer.result as BootNotificationConfirmation).interval : 0;
    }
    this.events.emit('booted', status);
    return status;
  }

  /** Connects and boots: what a station does when powered on. */
  async start(): Promise<BootStatus> {
    await this.connect();
    return this.boot();
  }

  /** Drops the connection as a lost network would (the central system sees no close frame); transaction messages queue from now on. */
  async goOffline(): Promise<void> {
    this.offline = true;
    this.outbox.closeLane();
    await this.client.close({ force: true });
  }

  /** Connects again after goOffline(): a station that only lost its network does not boot again; it replays its queue and reports statuses that changed. */
  async reconnect(): Promise<void> {
    await this.connect();
  }

  /** Resolves once the station has finished what it started: command follow-ups, and sending what the lane holds while online. */
  async settled(): Promise<void> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round += 1) {
      if (this.followUps.size === 0 && !this.outbox.busy) return;
      await Promise.allSettled([...this.followUps]);
      await this.outbox.idle();
    }
    throw new Error(`station ${this.id} did not settle after ${MAX_SETTLE_ROUNDS} rounds`);
  }

  /** Stops the timers and closes the connection for good; messages still queued are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopRunning();
    this.outbox.discard();
    await this.client.close({ code: 1000, reason: 'station shutting down' }).catch(() => undefined);
    await Promise.allSettled([...this.followUps]);
  }

  private listen(): void {
    this.client.on('open', () => {
      if (this.booted && !this.offline) this.resume();
      this.events.emit('connected');
    });
    this.client.on('disconnect', () => {
      this.outbox.closeLane();
      this.events.emit('disconnected');
    });
    this.client.on('strictValidationFailure', (event: { method: string; outbound: boolean; error: Error }) => {
      this.events.emit('problem', `${event.outbound ? 'sending' : 'received'} ${event.method} failed the OCPP 1.6 schema: ${event.error.message}`);
    });
  }

  /** Back online after a lost connection: replay the queue, then the statuses that changed meanwhile. */
  private resume(): void {
    this.outbox.openLane();
    for (const connector of this.connectors.values()) {
      if (connector.statusUnsent) void this.track(this.reportStatus(connector));
    }
  }

  private recordDelivery(delivery: Delivery): void {
    this.stats.delivered[delivery.action] = (this.stats.delivered[delivery.action] ?? 0) + 1;
    if (delivery.answer.outcome === 'call_error') {
      this.stats.callErrors += 1;
      this.events.emit('problem', `${delivery.action} answered with CallError ${delivery.answer.code}: ${delivery.answer.description}`);
    }
    if (delivery.replayed) this.stats.replayed += 1;
    this.events.emit('delivered', delivery);
  }

  // ----- messages -------------------------------------------------------------

  /**
   * Heartbeat (OCPP 1.6 §4.6); not sent while offline, nor while another
   * heartbeat still waits its turn in the lane (a second would say nothing new).
   */
  async heartbeat(): Promise<Sent> {
    if (this.outbox.holds('Heartbeat')) return { outcome: 'dropped', reason: 'already_waiting' };
    return this.outbox.enqueue('Heartbeat', () => ({}), { waits: false });
  }

  /** StatusNotification (OCPP 1.6 §4.9) with the connector's current status; while offline it is remembered and sent on reconnecting. */
  async sendStatus(connectorId: number): Promise<Sent> {
    return this.reportStatus(this.mustConnector(connectorId));
  }

  /**
   * MeterValues (OCPP 1.6 §4.7): the energy register and the power. During a
   * transaction they carry its id and queue while offline; on an idle
   * connector (a TriggerMessage) they are sent only when online.
   */
  async sendMeterValues(connectorId: number, context: ReadingContext = 'Sample.Periodic'): Promise<Sent> {
    const connector = this.mustConnector(connectorId);
    const session = connector.session;
    const charging = session?.phase === 'charging';
    const meterValue = [reading(this.clock.nowMs(), this.meterWh(connector), charging ? this.powerW : 0, context, this.measurands())];
    if (session === undefined || !charging) return this.outbox.enqueue('MeterValues', () => ({ connectorId, meterValue }), { waits: false });
    return this.sendTransactional('MeterValues', () => ({ connectorId, ...(session.transactionId === undefined ? {} : { transactionId: session.transactionId }), meterValue }));
  }

  private measurands(): Measurand[] {
    const configured = this.configuration.text('MeterValuesSampledData').split(',').map((m) => m.trim());
    return SUPPORTED_MEASURANDS.filter((m) => configured.includes(m));
  }

  private reportStatus(connector: Connector): Promise<Sent> {
    const status = connector.status;
    const timestamp = iso(this.clock.nowMs());
    connector.statusUnsent = false;
    return this.outbox.enqueue('StatusNotification', () => ({ connectorId: connector.id, errorCode: 'NoError', status, timestamp }), {
      waits: false,
      onAnswer: (answer) => {
        // Offline: the current status (perhaps newer by then) is reported on reconnecting.
        if (answer.outcome === 'offline') connector.statusUnsent = true;
      },
    });
  }

  private setStatus(connector: Connector, status: ChargePointStatus): Promise<Sent> {
    connector.status = status;
    return this.reportStatus(connector);
  }

  /** A transaction message: delivered in order, kept while offline. Resolves with the answer when online, or `queued`. */
  private sendTransactional(action: TransactionAction, build: () => object | undefined, onAnswer?: (answer: Answer) => void): Promise<Sent> {
    const delivered = this.outbox.enqueue(action, build, {
      waits: true,
      onAnswer: (answer) => {
        if (answer.outcome === 'dropped') {
          this.stats.dropped += 1;
          this.events.emit('problem', `${action} dropped: ${answer.reason}`);
        }
        onAnswer?.(answer);
      },
    });
    return this.outbox.isOpen ? delivered : Promise.resolve({ outcome: 'queued' });
  }

  // ----- sessions -------------------------------------------------------------

  /**
   * A driver plugs in and presents an RFID tag: Preparing, Authorize (OCPP
   * 1.6 §4.1), and when Accepted a StartTransaction with that tag. Offline,
   * the station accepts the tag itself (LocalAuthorizeOffline) and queues
   * the StartTransaction.
   */
  async startRfidSession(connectorId: number, idTag: string): Promise<SessionStart> {
    const connector = this.mustConnector(connectorId);
    const refusal = this.refusal(connector);
    if (refusal !== undefined) return { result: refusal };
    const session = this.newSession(connector, idTag, 'rfid');
    void this.track(this.setStatus(connector, 'Preparing'));
    if (this.outbox.isOpen) {
      const answer = await this.outbox.enqueue('Authorize', () => ({ idTag }), { waits: false });
      if (answer.outcome === 'answered') {
        const status = (answer.result as AuthorizeConfirmation).idTagInfo.status;
        if (status !== 'Accepted') return this.abandon(connector, { result: 'not_authorized', status });
      } else if (answer.outcome !== 'offline') {
        return this.abandon(connector, { result: 'not_confirmed', answer });
      }
    }
    if (!this.outbox.isOpen && !this.configuration.flag('LocalAuthorizeOffline')) return this.abandon(connector, { result: 'not_authorized_offline' });
    return this.beginTransaction(connector, session);
  }

  /** Why a connector takes no new session now, if it does not. */
  private refusal(connector: Connector): 'connector_busy' | 'connector_unavailable' | undefined {
    if (!connector.operative || connector.inoperativeScheduled || connector.status === 'Unavailable' || connector.status === 'Faulted') return 'connector_unavailable';
    if (connector.session !== undefined || (connector.status !== 'Available' && connector.status !== 'Preparing')) return 'connector_busy';
    return undefined;
  }

  private newSession(connector: Connector, idTag: string, origin: SessionOrigin): Session {
    const session: Session = { connectorId: connector.id, idTag, origin, phase: 'authorizing', transactionId: undefined, deauthorized: false, meterStartWh: connector.registerWh, startedAtMs: this.clock.nowMs() };
    connector.session = session;
    return session;
  }

  private abandon<T extends SessionStart>(connector: Connector, outcome: T): T {
    connector.session = undefined;
    void this.track(this.setStatus(connector, this.idleStatus(connector)));
    return outcome;
  }

  /**
   * StartTransaction (OCPP 1.6 §4.10) with the meter's register. Online, the
   * station waits for the answer: charging begins when the central system
   * accepts the tag. Offline, charging begins at once and the message waits
   * in the queue; the answer, when it comes, may still stop the session
   * (StopTransactionOnInvalidId).
   */
  private async beginTransaction(connector: Connector, session: Session): Promise<SessionStart> {
    session.phase = 'starting';
    session.meterStartWh = connector.registerWh;
    session.startedAtMs = this.clock.nowMs();
    const payload: StationRequests['StartTransaction'] = { connectorId: connector.id, idTag: session.idTag, meterStart: session.meterStartWh, timestamp: iso(session.startedAtMs) };
    const sent = await this.sendTransactional('StartTransaction', () => payload, (answer) => this.startAnswered(connector, session, answer));
    if (sent.outcome === 'queued') {
      this.beginCharging(connector, session);
      return { result: 'started', connectorId: connector.id, transactionId: undefined, queued: true };
    }
    if (session.transactionId === undefined) return this.abandon(connector, { result: 'not_confirmed', answer: sent });
    if (session.deauthorized) {
      await this.endTransaction(connector, session, 'DeAuthorized', true);
      return { result: 'not_authorized', status: 'rejected in StartTransaction.conf' };
    }
    this.beginCharging(connector, session);
    return { result: 'started', connectorId: connector.id, transactionId: session.transactionId, queued: false };
  }

  private beginCharging(connector: Connector, session: Session): void {
    if (session.phase !== 'starting') return;
    session.phase = 'charging';
    this.stats.sessionsStarted += 1;
    void this.track(this.setStatus(connector, 'Charging'));
    this.runTimers?.startMeter(connector.id);
  }

  /** StartTransaction.conf: the transaction id for the messages queued behind it, and the central system's verdict on the tag. */
  private startAnswered(connector: Connector, session: Session, answer: Answer): void {
    if (answer.outcome === 'answered') {
      const conf = answer.result as StartTransactionConfirmation; // Validated against urn:StartTransaction.conf in strict mode.
      session.transactionId = conf.transactionId;
      session.deauthorized = conf.idTagInfo.status !== 'Accepted' && this.configuration.flag('StopTransactionOnInvalidId');
      // A session that started offline is stopped here; one that started online is stopped by beginTransaction.
      if (session.deauthorized && session.phase === 'charging') void this.track(this.endTransaction(connector, session, 'DeAuthorized', true).then(() => undefined));
      return;
    }
    if (answer.outcome === 'offline') return;
    // Never confirmed: there is no transaction to stop. The station stops charging.
    this.events.emit('problem', `StartTransaction on connector ${connector.id} was not confirmed (${answer.outcome}); the session ends without a transaction`);
    if (connector.session === session && session.phase === 'charging') {
      connector.registerWh = this.meterWh(connector);
      session.phase = 'stopped';
      connector.session = undefined;
      this.runTimers?.stopMeter(connector.id);
      void this.track(this.setStatus(connector, this.idleStatus(connector)));
    }
  }

  /**
   * Stops the session on the connector (OCPP 1.6 §4.10 StopTransaction) with
   * the meter's register, the reason and the begin and end readings as
   * transactionData. The connector is Finishing until the cable is unplugged:
   * at once when `unplug` (the default), else by unplug().
   */
  async stop(connectorId: number, reason: StopReason = 'Local', options: { unplug?: boolean } = {}): Promise<SessionStop> {
    const connector = this.mustConnector(connectorId);
    const session = connector.session;
    if (session === undefined || session.phase !== 'charging') return { result: 'no_session' };
    return this.endTransaction(connector, session, reason, options.unplug ?? true);
  }

  /** The driver unplugs: a connector that is Finishing (or Preparing without a session) becomes Available, or Unavailable if so scheduled. */
  async unplug(connectorId: number): Promise<Sent | undefined> {
    const connector = this.mustConnector(connectorId);
    if (connector.session !== undefined || (connector.status !== 'Finishing' && connector.status !== 'Preparing')) return undefined;
    return this.setStatus(connector, this.idleStatus(connector));
  }

  private async endTransaction(connector: Connector, session: Session, reason: StopReason, unplug: boolean): Promise<SessionStop> {
    const stoppedAtMs = this.clock.nowMs();
    const meterStopWh = this.meterWh(connector);
    if (session.phase === 'charging') this.stats.sessionsStopped += 1;
    session.phase = 'stopped';
    connector.registerWh = meterStopWh;
    connector.session = undefined;
    this.runTimers?.stopMeter(connector.id);
    void this.track(this.setStatus(connector, 'Finishing'));
    const measurands: Measurand[] = ['Energy.Active.Import.Register'];
    const transactionData = [reading(session.startedAtMs, session.meterStartWh, 0, 'Transaction.Begin', measurands), reading(stoppedAtMs, meterStopWh, 0, 'Transaction.End', measurands)];
    const sent = this.sendTransactional('StopTransaction', () =>
      // A transaction the central system never confirmed has no id to stop: the message is dropped.
      session.transactionId === undefined ? undefined : { transactionId: session.transactionId, idTag: session.idTag, meterStop: meterStopWh, timestamp: iso(stoppedAtMs), reason, transactionData },
    );
    if (unplug) void this.track(this.setStatus(connector, this.idleStatus(connector)));
    return { result: 'stopped', meterStopWh, sent: await sent };
  }

  /** The status of a connector without a session: Unavailable when it is (or was scheduled to become) inoperative. */
  private idleStatus(connector: Connector): ChargePointStatus {
    if (connector.inoperativeScheduled) {
      connector.inoperativeScheduled = false;
      connector.operative = false;
    }
    return connector.operative ? 'Available' : 'Unavailable';
  }

  private meterWh(connector: Connector): number {
    const session = connector.session;
    if (session?.phase !== 'charging') return connector.registerWh;
    return registerAfter(session.meterStartWh, this.powerW, this.clock.nowMs() - session.startedAtMs);
  }

  private mustConnector(connectorId: number): Connector {
    const connector = this.connectors.get(connectorId);
    if (connector === undefined) throw new Error(`station ${this.id} has no connector ${connectorId}`);
    return connector;
  }

  /** Work started by a command runs after the command's answer is sent (a station answers first, then acts). */
  private afterReply(work: () => Promise<unknown>): void {
    void this.track(
      new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        await work();
      }),
    );
  }

  private track<T>(promise: Promise<T>): Promise<T | undefined> {
    const tracked = promise.then(
      () => undefined,
      (error: unknown) => {
        this.events.emit('problem', `station ${this.id}: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    this.followUps.add(tracked);
    void tracked.finally(() => this.followUps.delete(tracked));
    return promise.catch(() => undefined);
  }

  // ----- the central system's commands (OCPP 1.6 §5) ----------------------------

  private handleCommands(): void {
    const on = <A extends keyof CentralSystemCommands>(action: A, handler: (params: CentralSystemCommands[A]) => CommandConfirmations[A]): void => {
      // Strict mode validated params against urn:<action>.req before the handler runs.
      this.client.handle(action, async ({ params }) => handler(params as CentralSystemCommands[A]));
    };
    on('RemoteStartTransaction', (p) => this.remoteStart(p));
    on('RemoteStopTransaction', (p) => this.remoteStop(p));
    on('Reset', (p) => this.reset(p));
    on('ChangeAvailability', (p) => this.changeAvailability(p));
    on('UnlockConnector', (p) => this.unlockConnector(p));
    on('GetConfiguration', (p) => this.configuration.get(p.key));
    on('ChangeConfiguration', (p) => this.configuration.change(p.key, p.value));
    on('TriggerMessage', (p) => this.triggerMessage(p));
  }

  /** RemoteStartTransaction (§5.11): Accepted when the connector (or, without one, any connector) is free; AuthorizeRemoteTxRequests is false, so no Authorize. */
  private remoteStart(params: CentralSystemCommands['RemoteStartTransaction']): CommandConfirmations['RemoteStartTransaction'] {
    const candidates = params.connectorId === undefined ? [...this.connectors.values()] : [this.connectors.get(params.connectorId)];
    const connector = candidates.find((c): c is Connector => c !== undefined && this.refusal(c) === undefined);
    if (connector === undefined) return { status: 'Rejected' };
    const session = this.newSession(connector, params.idTag, 'remote');
    this.afterReply(async () => {
      await this.setStatus(connector, 'Preparing');
      await this.beginTransaction(connector, session);
    });
    return { status: 'Accepted' };
  }

  /** RemoteStopTransaction (§5.12): Accepted for a transaction running here, then stopped with reason Remote. */
  private remoteStop(params: CentralSystemCommands['RemoteStopTransaction']): CommandConfirmations['RemoteStopTransaction'] {
    const connector = [...this.connectors.values()].find((c) => c.session?.phase === 'charging' && c.session.transactionId === params.transactionId);
    const session = connector?.session;
    if (connector === undefined || session === undefined) return { status: 'Rejected' };
    this.afterReply(() => this.endTransaction(connector, session, 'Remote', true));
    return { status: 'Accepted' };
  }

  /**
   * Reset (§5.14): Accepted, then a reboot. A soft reset stops the running
   * sessions (reason SoftReset) and waits for their StopTransactions; a hard
   * reset goes down at once, so its StopTransactions (reason HardReset) are
   * queued and sent after the new boot. Either way the station connects
   * again and sends a BootNotification.
   */
  private reset(params: CentralSystemCommands['Reset']): CommandConfirmations['Reset'] {
    this.afterReply(() => this.reboot(params.type));
    return { status: 'Accepted' };
  }

  private async reboot(type: 'Hard' | 'Soft'): Promise<void> {
    const running = [...this.connectors.values()].flatMap((c) => (c.session?.phase === 'charging' ? [{ connector: c, session: c.session }] : []));
    if (type === 'Hard') this.outbox.closeLane();
    const stops = running.map(({ connector, session }) => this.endTransaction(connector, session, type === 'Hard' ? 'HardReset' : 'SoftReset', true));
    if (type === 'Soft') {
      // A soft reset lets the station finish what it has to say first.
      await Promise.all(stops);
      await this.outbox.idle();
    }
    this.booted = false;
    this.outbox.closeLane();
    this.runTimers?.stopHeartbeats();
    await this.client.close({ code: 1000, reason: `${type.toLowerCase()} reset` });
    if (this.closed) return;
    if (this.runTimers !== undefined) {
      await this.runTimers.powerOn();
      return;
    }
    await this.start();
  }

  /** ChangeAvailability (§5.2): connector 0 is every connector; a connector in use becomes Inoperative when its session ends (Scheduled). */
  private changeAvailability(params: CentralSystemCommands['ChangeAvailability']): CommandConfirmations['ChangeAvailability'] {
    const targets = params.connectorId === 0 ? [...this.connectors.values()] : [this.connectors.get(params.connectorId)].filter((c): c is Connector => c !== undefined);
    if (targets.length === 0) return { status: 'Rejected' };
    let scheduled = false;
    for (const connector of targets) {
      if (params.type === 'Operative') {
        connector.operative = true;
        connector.inoperativeScheduled = false;
        if (connector.status === 'Unavailable') this.afterReply(() => this.setStatus(connector, 'Available'));
      } else if (connector.session !== undefined) {
        connector.inoperativeScheduled = true;
        scheduled = true;
      } else {
        connector.operative = false;
        if (connector.status !== 'Unavailable') this.afterReply(() => this.setStatus(connector, 'Unavailable'));
      }
    }
    return { status: scheduled ? 'Scheduled' : 'Accepted' };
  }

  /** UnlockConnector (§5.18): a running session stops first (reason UnlockCommand). */
  private unlockConnector(params: CentralSystemCommands['UnlockConnector']): CommandConfirmations['UnlockConnector'] {
    const connector = this.connectors.get(params.connectorId);
    if (connector === undefined) return { status: 'NotSupported' };
    const session = connector.session;
    if (session?.phase === 'charging') this.afterReply(() => this.endTransaction(connector, session, 'UnlockCommand', true));
    else if (connector.status === 'Finishing') this.afterReply(() => this.setStatus(connector, this.idleStatus(connector)));
    return { status: 'Unlocked' };
  }

  /** TriggerMessage (§5.17): Accepted, then the requested message is sent; Rejected for a connector this station does not have. */
  private triggerMessage(params: CentralSystemCommands['TriggerMessage']): CommandConfirmations['TriggerMessage'] {
    const { connectorId } = params;
    if (connectorId !== undefined && connectorId !== 0 && !this.connectors.has(connectorId)) return { status: 'Rejected' };
    const targets = connectorId === undefined || connectorId === 0 ? [...this.connectors.keys()] : [connectorId];
    switch (params.requestedMessage) {
      case 'BootNotification':
        this.afterReply(() => this.boot());
        break;
      case 'Heartbeat':
        this.afterReply(() => this.heartbeat());
        break;
      case 'StatusNotification':
        this.afterReply(() => Promise.all(targets.map((id) => this.sendStatus(id))));
        break;
      case 'MeterValues':
        this.afterReply(() => Promise.all(targets.map((id) => this.sendMeterValues(id, 'Trigger'))));
        break;
      case 'DiagnosticsStatusNotification':
      case 'FirmwareStatusNotification': {
        const action = params.requestedMessage;
        this.afterReply(() => this.outbox.enqueue(action, () => ({ status: 'Idle' }), { waits: false }));
        break;
      }
      default: {
        const unknown: never = params.requestedMessage;
        throw new Error(`unknown requested message ${String(unknown)}`);
      }
    }
    return { status: 'Accepted' };
  }

  private configurationChanged(key: ConfigurationKey): void {
    if (key === 'HeartbeatInterval') this.runTimers?.restartHeartbeats();
    if (key === 'MeterValueSampleInterval') for (const connector of this.connectors.values()) if (connector.session?.phase === 'charging') this.runTimers?.startMeter(connector.id);
  }

  // ----- run mode ---------------------------------------------------------------

  /**
   * Runs as a real station: connects (retrying with backoff while the central
   * system is unreachable or busy), boots until Accepted, then sends
   * heartbeats and, while charging, meter values on their intervals.
   * Resolves once booted; close() stops it. Rejects when the central system
   * refuses the station for good (401 or 404).
   */
  async run(): Promise<void> {
    if (this.runTimers !== undefined) throw new Error(`station ${this.id} is running already`);
    this.runTimers = new RunTimers(
      {
        id: this.id,
        connect: () => this.connect(),
        boot: () => this.boot(),
        heartbeat: () => this.heartbeat(),
        sendMeterValues: (connectorId) => this.sendMeterValues(connectorId),
        heartbeatIntervalMs: () => this.configuration.integer('HeartbeatInterval') * 1_000,
        meterIntervalMs: () => this.configuration.integer('MeterValueSampleInterval') * 1_000,
        bootRetryMs: () => Math.max(this.lastBootIntervalS, MIN_BOOT_RETRY_S) * 1_000,
      },
      new SeededRandom(this.options.seed ?? 1).fork(1),
    );
    await this.runTimers.powerOn();
  }

  private stopRunning(): void {
    this.runTimers?.stop();
  }
}
