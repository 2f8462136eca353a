import { createHmac } from 'node:crypto';
import { ChargingSessions, Enrollment, IdTags, MAX_COMMAND_CALL_TIMEOUT_MS, StationCommands, Stations, Tariffs, type CommandSender, type SendStationCommand } from '../charging/index.ts';
import type { Config } from '../config/config.ts';
import { Agreements, Customers, PaymentCodes } from '../customers/index.ts';
import type { Database } from '../db/database.ts';
import { migrate, type MigrationReport } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { PaygridMetrics } from '../http/metrics.ts';
import { buildHttpServer, type PaygridHttp } from '../http/server.ts';
import { EVENT_PURGE_INTERVAL_MS, Events, MAX_EVENTS_PURGED_PER_CALL, WebhookDeliveries, WebhookDeliveryLog, WebhookEndpoints, type EventData } from '../events/index.ts';
import { intentToWire } from '../http/routes/payments.ts';
import { sessionToWire } from '../http/routes/charging-sessions.ts';
import { JOB_PURGE_INTERVAL_MS, JobQueue, JobWorker, MAX_JOBS_PURGED_PER_CALL } from '../jobs/index.ts';
import { IDEMPOTENCY_PURGE_INTERVAL_MS, IDEMPOTENCY_PURGE_LIMIT, IdempotencyStore } from '../idempotency/index.ts';
import { AccountProtection, ApiKeys, OneTimeCodes, Sessions } from '../identity/index.ts';
import { EXPIRY_SWEEP_LIMIT, Ledger } from '../ledger/index.ts';
import { Merchants } from '../merchants/index.ts';
import { OcppServer, type OcppSettings } from '../ocpp/index.ts';
import { PrepaidCards } from '../prepaid/index.ts';
import { SandboxSms } from '../notifications/index.ts';
import { PaymentIntents, PaymentLinks, PaymentMethods, Refunds, TopUps } from '../payments/index.ts';
import type { Screening } from '../platform/screening.ts';
import { Reports } from '../reports/index.ts';
import { Risk } from '../risk/index.ts';
import { ConsoleIdentity } from '../console/index.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { SandboxBank, SandboxBankProcessor, SandboxCardAcquirer, SandboxCardProcessor, inProcessTransport } from '../processors/index.ts';
import { CardVault, SecretSealer, loadOrCreateVaultKeys, vaultKeysFromConfig, type VaultKeys } from '../vault/index.ts';

/**
 * The one place where Paygrid is wired together: database, modules, HTTP edge
 * and background work. The CLI starts it; tests build it in-process.
 */
export interface Paygrid {
  config: Config;
  db: Database;
  modules: Modules;
  ledger: Ledger;
  merchants: Merchants;
  customers: Customers;
  apiKeys: ApiKeys;
  http: PaygridHttp;
  /** The OCPP 1.6J central system: stations connect to ws://<host>:<port>/ocpp/<stationId> on the HTTP port. */
  ocpp: OcppServer;
  /** Runs queued jobs (webhook deliveries, station commands); tests call runOnce() themselves. */
  jobWorker: JobWorker;
  migrations: MigrationReport;
  /** Set only when this start created the operator key: it is shown once and never again. */
  newOperatorKey: string | undefined;
  /** Set when this start generated the embedded vault keys: the file must be backed up. */
  newVaultKeysFile: string | undefined;
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

export interface Modules {
  ledger: Ledger;
  apiKeys: ApiKeys;
  merchants: Merchants;
  customers: Customers;
  agreements: Agreements;
  paymentCodes: PaymentCodes;
  sandboxSms: SandboxSms;
  codes: OneTimeCodes;
  sessions: Sessions;
  /** Failed-code lockout, known devices and networks, and sign-in history (issue 5). */
  accountProtection: AccountProtection;
  vault: CardVault;
  sandboxAcquirer: SandboxCardAcquirer;
  cardProcessor: SandboxCardProcessor;
  sandboxBank: SandboxBank;
  bankProcessor: SandboxBankProcessor;
  paymentIntents: PaymentIntents;
  paymentMethods: PaymentMethods;
  refunds: Refunds;
  topUps: TopUps;
  paymentLinks: PaymentLinks;
  tariffs: Tariffs;
  stations: Stations;
  /** Unknown stations let in as pending, for their operator to approve. */
  enrollment: Enrollment;
  stationCommands: StationCommands;
  idTags: IdTags;
  chargingSessions: ChargingSessions;
  prepaidCards: PrepaidCards;
  idempotency: IdempotencyStore;
  jobs: JobQueue;
  events: Events;
  webhookEndpoints: WebhookEndpoints;
  webhookDeliveries: WebhookDeliveries;
  /** The delivery log the consoles read, and manual retries. */
  webhookDeliveryLog: WebhookDeliveryLog;
  /** The console's dashboard, from the payments, risk and charging modules' figures. */
  reports: Reports;
  /** Scoring before authorization, rules, lists, models, reviews and labels (issue 5). */
  risk: Risk;
  /** Console users (password + TOTP), cookie sessions, roles and the audit log. */
  consoleIdentity: ConsoleIdentity;
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

/** Vault keys from configuration, or generated into the data directory for the embedded default. */
function vaultKeys(config: Config): { keys: VaultKeys; createdFile: string | undefined } {
  const configured = vaultKeysFromConfig(config.vaultSettings);
  if (configured !== undefined) return { keys: configured, createdFile: undefined };
  const loaded = loadOrCreateVaultKeys(config.dataDir);
  return { keys: loaded.keys, createdFile: loaded.created ? loaded.path : undefined };
}

function buildModules(db: Database, clock: Clock, config: Config, metrics: PaygridMetrics, keys: VaultKeys, sendCommand: CommandSender): Modules {
  const ledger = new Ledger(db, clock, metrics);
  const apiKeys = new ApiKeys(db, clock);
  const merchants = new Merchants(db, clock, ledger, apiKeys);
  const sandboxSms = new SandboxSms(db, clock);
  // The risk engine tells consumers things by SMS; `customers` is read when a message is sent, after it exists.
  const notify = async (customerId: string, text: string): Promise<void> => {
    const customer = await customers.get(customerId);
    if (customer !== undefined) await sandboxSms.send(customer.phone, text);
  };
  const risk = new Risk({ db, clock, settings: { ...config.risk }, notify });
  const screening = riskScreening(risk);
  const customers = new Customers(db, clock, ledger, 'CNY', screening);
  const agreements = new Agreements(db, clock, customers);
  const paymentCodes = new PaymentCodes(db, clock, customers);
  const codes = new OneTimeCodes(db, clock, sandboxSms);
  const vault = new CardVault(db, clock, keys);
  // The sandbox acquirer and its connector share a secret derived from the vault's fingerprint key: stable, never stored.
  const webhookSecret = createHmac('sha256', keys.fingerprintKey).update('paygrid.sandbox_card.webhook.v1').digest('base64url');
  const sandboxAcquirer = new SandboxCardAcquirer({ db, clock, challengePageUrl: `${config.publicUrl}/sandbox/3ds/`, webhookSecret });
  const cardProcessor = new SandboxCardProcessor({ transport: inProcessTransport(sandboxAcquirer), webhookSecret, clock });
  // Online banking goes to the sandbox bank; its notifications are signed with a secret of their own.
  const sandboxBank = new SandboxBank(db, clock, `${config.publicUrl}/sandbox/bank/`);
  const bankProcessor = new SandboxBankProcessor(sandboxBank, createHmac('sha256', keys.fingerprintKey).update('paygrid.sandbox_bank.webhook.v1').digest('base64url'), clock);
  const jobs = new JobQueue(db, clock);
  const events = new Events(db, jobs);
  // Every payment state change writes its event in the same transaction; webhooks follow through the job queue.
  const onEvent = async (tx: Parameters<Events['recordEvent']>[0], event: { type: string; merchantId: string; data: Parameters<typeof intentToWire>[0] }): Promise<void> => {
    await events.recordEvent(tx, { type: event.type, merchantId: event.merchantId, data: intentToWire(event.data) as EventData, createdAtMs: clock.nowMs() });
  };
  const webhookSealer = new SecretSealer(keys, 'webhook_secret');
  const prepaidCards = new PrepaidCards(db, clock, ledger, keys);
  const payments = { db, clock, ledger, merchants, customers, agreements, paymentCodes, prepaidCards, vault, cardProcessor, bankProcessor, onEvent, screening };
  const paymentIntents = new PaymentIntents(payments);
  // An analyst's verdict on a held payment intent continues or cancels it.
  risk.onReviewOutcome('payment_intent', async (review, action) => {
    const result = action === 'approve' ? await paymentIntents.continueDeferred(review.subjectId, 'review') : await paymentIntents.cancelDeferred(review.subjectId);
    return 'failure' in result ? { failure: result.failure, message: `The payment could not be ${action === 'approve' ? 'continued' : 'canceled'}: ${result.failure}.` } : { ok: true };
  });
  const stations = new Stations(db, clock);
  const tariffs = new Tariffs(db, clock);
  const stationCommands = new StationCommands({ db, clock, jobs, stations, send: sendCommand, callTimeoutMs: Math.min(config.ocppCallTimeoutMs, MAX_COMMAND_CALL_TIMEOUT_MS) });
  const idTags = new IdTags(db, clock);
  // Sessions ask stations to start and stop through the durable command queue, like operators do.
  const sendSessionCommand: SendStationCommand = async (merchantId, stationId, command) => {
    const sent = await stationCommands.send(merchantId, stationId, command);
    if ('failure' in sent) throw new Error(`could not queue ${command.action} for ${stationId}: ${sent.failure}`);
  };
  const chargingSessions = new ChargingSessions({
    db,
    clock,
    stations,
    tariffs,
    idTags,
    paymentIntents,
    prepaidCards,
    customers,
    agreements,
    sendCommand: sendSessionCommand,
    onEvent: async (tx, event) => {
      await events.recordEvent(tx, { type: event.type, merchantId: event.merchantId, data: sessionToWire(event.data) as EventData, createdAtMs: clock.nowMs() });
    },
    notify,
    settings: { vanishedTimeoutMs: config.chargingVanishedTimeoutMs },
  });
  return {
    jobs,
    events,
    webhookEndpoints: new WebhookEndpoints(db, clock, webhookSealer, { allowPrivateDestinations: config.webhookAllowPrivateUrls }),
    webhookDeliveries: new WebhookDeliveries(db, clock, webhookSealer, { allowPrivateDestinations: config.webhookAllowPrivateUrls }),
    webhookDeliveryLog: new WebhookDeliveryLog(db, jobs),
    // Days begin at the market's midnight: the time zone the risk engine's daily features use.
    reports: new Reports({ db, clock, timeZone: config.risk.timeZone, paymentIntents, risk }),
    ledger,
    apiKeys,
    merchants,
    customers,
    agreements,
    paymentCodes,
    sandboxSms,
    codes,
    sessions: new Sessions(db, clock),
    accountProtection: new AccountProtection(db, clock, codes, sandboxSms),
    vault,
    sandboxAcquirer,
    cardProcessor,
    sandboxBank,
    bankProcessor,
    paymentIntents,
    paymentLinks: new PaymentLinks(db, clock, paymentIntents),
    tariffs,
    stations,
    enrollment: new Enrollment(db, clock, stations),
    stationCommands,
    idTags,
    chargingSessions,
    prepaidCards,
    paymentMethods: new PaymentMethods(db, clock, vault),
    refunds: new Refunds(payments, merchants),
    topUps: new TopUps(payments),
    idempotency: new IdempotencyStore(db),
    risk,
    // Console users' TOTP secrets are sealed at rest, bound to the user's id.
    consoleIdentity: new ConsoleIdentity({ db, clock, sealer: new SecretSealer(keys, 'console_totp_secret'), merchantExists: async (id) => (await merchants.get(id)) !== undefined }),
  };
}

/** The payment flows' view of the risk engine (the Screening port): one payment about to be authorized at a time. */
function riskScreening(risk: Risk): Screening {
  return {
    screen(request) {
      const entities = {
        ...(request.merchantId === null ? {} : { merchant: request.merchantId }),
        ...(request.customerId === null ? {} : { customer: request.customerId }),
        ...(request.cardFingerprint === undefined ? {} : { card: request.cardFingerprint }),
        ...(request.payer.deviceId === undefined ? {} : { device: request.payer.deviceId }),
        ...(request.payer.ip === undefined ? {} : { ip: request.payer.ip }),
      };
      const a = risk.screen({ subjectType: request.subjectType, subjectId: request.subjectId, atMs: request.atMs, amountMinor: request.amountMinor, currency: request.currency, paymentMethod: request.paymentMethodType, entities, challengeable: request.challengeable, reviewable: request.reviewable });
      return {
        verdict: { decision: a.decision, score: a.score, reasons: a.reasons, decisionId: a.decisionId, ...(a.rule === undefined ? {} : { rule: a.rule.id }), ...(a.modelVersion === undefined ? {} : { modelVersion: a.modelVersion }) },
        record: async (tx) => {
          await risk.recordIn(tx, a);
        },
      };
    },
    sendChallenge: (subjectId, customerId) => risk.challenge(subjectId, customerId),
    verifyChallenge: (subjectId, customerId, code) => risk.verifyChallenge(subjectId, customerId, code),
  };
}

export async function createPaygrid(config: Config, options: PaygridOptions = {}): Promise<Paygrid> {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? (await openDatabase(config.database, config.statementTimeoutMs));
  const ownsDb = options.db === undefined;
  try {
    const migrations = await migrate(db);
    const vault = vaultKeys(config);
    const metrics = new PaygridMetrics(() => db.poolStats());
    // Commands to stations are built with the modules but leave through the OCPP edge, which needs the HTTP server: linked once it exists.
    let commandEdge: OcppServer | undefined;
    const sendCommand: CommandSender = async (stationId, action, params, timeoutMs) => (commandEdge === undefined ? { ok: false, failure: 'station_not_connected' } : commandEdge.connected.call(stationId, action, params, { timeoutMs }));
    const modules = buildModules(db, clock, config, metrics, vault.keys, sendCommand);
    metrics.watchRisk(modules.risk.engine.counters);
    const newOperatorKey = await provisionOperatorKey(modules.apiKeys, config);
    // The feature windows are rebuilt from the decision log before the first payment is scored.
    await modules.risk.start();
    let shuttingDown = false;
    const idempotencyFingerprintKey = createHmac('sha256', vault.keys.fingerprintKey).update('paygrid.idempotency.fingerprint.v1').digest();
    const http = await buildHttpServer({ ...modules, config, db, metrics, clock, idempotencyFingerprintKey, isShuttingDown: () => shuttingDown });
    const ocpp = new OcppServer({ stations: modules.stations, enrollment: modules.enrollment, sessions: modules.chargingSessions, clock, log: http.log, settings: ocppSettings(config) });
    ocpp.attach(http.server);
    commandEdge = ocpp;
    const jobWorker = new JobWorker(db, clock, { log: http.log });
    modules.webhookDeliveries.registerWith(jobWorker);
    modules.stationCommands.registerWith(jobWorker);
    // An app start whose RemoteStartTransaction the station refused (or never got) releases the consumer's hold at once.
    modules.stationCommands.onFinished(async (command) => {
      if (command.action !== 'RemoteStartTransaction' || command.reference === null) return;
      await modules.chargingSessions.remoteStartFinished(command.reference, command.status === 'accepted', command.failure ?? command.status);
    });
    const loops = options.runBackgroundWork === false ? [] : startBackgroundWork(modules, config, clock, http.log);
    if (options.runBackgroundWork !== false) jobWorker.start(config.jobPollIntervalMs);

    return {
      config,
      db,
      modules,
      ledger: modules.ledger,
      merchants: modules.merchants,
      customers: modules.customers,
      apiKeys: modules.apiKeys,
      http,
      ocpp,
      jobWorker,
      migrations,
      newOperatorKey,
      newVaultKeysFile: vault.createdFile,
      async listen() {
        await http.listen({ host: config.host, port: config.port });
        const address = http.server.address();
        const port = typeof address === 'object' && address !== null ? address.port : config.port;
        const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
        return `http://${host}:${port}`;
      },
      async close() {
        shuttingDown = true;
        // Stations first: their upgraded sockets would otherwise hold the HTTP server open.
        await ocpp.close();
        await http.close();
        await Promise.all([...loops.map((loop) => loop.stop()), jobWorker.stop(config.shutdownTimeoutMs)]);
        if (ownsDb) await db.close();
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
}

function ocppSettings(config: Config): OcppSettings {
  return { heartbeatIntervalS: config.ocppHeartbeatIntervalS, callTimeoutMs: config.ocppCallTimeoutMs, maxStations: config.ocppMaxStations, maxMessageBytes: config.ocppMaxMessageBytes };
}

function startBackgroundWork(modules: Modules, config: Config, clock: Clock, log: LoopLog): Loop[] {
  return [
    // Releases expired ledger holds. Each expiry happens under the accounts' row locks, so several processes may sweep at once.
    startLoop('expiring pending transfers', config.expirySweepIntervalMs, EXPIRY_SWEEP_LIMIT, (limit) => modules.ledger.expireDue(limit), log),
    // Cancels payment authorizations nobody captured in time.
    startLoop('expiring authorizations', config.expirySweepIntervalMs, 100, (limit) => modules.paymentIntents.expireAuthorizations(limit), log),
    // Fails app starts the station never began, closes sessions of stations that vanished, retries settlements.
    startLoop('charging sessions', config.expirySweepIntervalMs, 50, (limit) => modules.chargingSessions.sweep(limit), log),
    // Picks up rules, lists, models and labels changed by other processes.
    startLoop('reloading risk rules and models', config.risk.reloadIntervalMs, 1, async () => {
      await modules.risk.reload();
      return 0;
    }, log),
    // Deletes idempotency keys past their 24-hour retention.
    startLoop('purging idempotency keys', IDEMPOTENCY_PURGE_INTERVAL_MS, IDEMPOTENCY_PURGE_LIMIT, (limit) => modules.idempotency.purgeExpired(clock.nowMs(), limit), log),
    // Deletes events past their retention with their webhook deliveries; an event with a delivery still pending stays.
    startLoop('purging events', EVENT_PURGE_INTERVAL_MS, MAX_EVENTS_PURGED_PER_CALL, (limit) => modules.events.purgeExpired(clock.nowMs(), config.eventRetentionDays * DAY_MS, limit), log),
    // Deletes succeeded and dead jobs past their retention.
    startLoop('purging finished jobs', JOB_PURGE_INTERVAL_MS, MAX_JOBS_PURGED_PER_CALL, (limit) => modules.jobs.purgeFinished({ succeededMs: config.jobRetentionDays * DAY_MS, deadMs: config.deadJobRetentionDays * DAY_MS }, limit), log),
  ];
}

const DAY_MS = 24 * 60 * 60_000;

interface Loop {
  stop(): Promise<void>;
}

interface LoopLog {
  error(obj: object, msg: string): void;
}

/**
 * Background work in bounded batches: each tick runs `step` until it does less
 * than a full batch, so a backlog drains without waiting for ticks. Errors are
 * logged and the next tick retries. `stop` waits for a step in progress.
 */
function startLoop(name: string, intervalMs: number, batchLimit: number, step: (limit: number) => Promise<number>, log: LoopLog): Loop {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = async (): Promise<void> => {
    try {
      while (!stopped && (await step(batchLimit)) >= batchLimit) {
        // A full batch: more may be due.
      }
    } catch (error) {
      log.error({ err: error }, `${name} failed; will retry`);
    }
  };
  const timer = setInterval(() => {
    if (running === undefined) running = run().finally(() => (running = undefined));
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
