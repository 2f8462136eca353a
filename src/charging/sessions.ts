import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Agreement, Customers, Agreements } from '../customers/index.ts';
import type { Database, Transaction } from '../db/database.ts';
import { DEFAULT_FEE_ROUNDING, feeFromBps, formatMoney } from '../money/index.ts';
import type { CaptureShare, IntentResult, PaymentIntent, PaymentIntents } from '../payments/index.ts';
import type { PrepaidCards } from '../prepaid/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { IdTag, IdTags } from './id-tags.ts';
import { formatPricePerKwh, type Tariff } from './tariff.ts';
import { priceSession, type LineItem, type MeterReading } from './pricing.ts';
import * as store from './session-store.ts';
import type { ChargingSession, SessionLine } from './session-store.ts';
import type { Station, Stations } from './stations.ts';
import type { Tariffs } from './tariffs.ts';

/**
 * Charging sessions: one OCPP transaction each, paid by a hold placed before
 * charging starts and captured, for exactly the priced amount, when it stops.
 *
 * - From the app (scan to charge): the consumer's hold is placed, then the
 *   station is told to start with a one-off idTag (RemoteStartTransaction);
 *   the station's StartTransaction with that idTag opens the session.
 * - By RFID: a prepaid card's tag, or a consumer's own tag under their
 *   agreement (auto-pay), is checked at Authorize (the balance must cover the
 *   tariff's minimum hold) and the hold placed at StartTransaction.
 *
 * While charging, meter values reprice the session with the tariff version in
 * force when it was created; when the running cost would pass the hold at the
 * next reading the hold is raised (if the consumer allowed it) or the station
 * told to stop. StopTransaction prices the session from the station's own
 * timestamps, captures the cost (never more than the hold), releases the rest,
 * and pays the site host its share in the capture's ledger batch.
 *
 * Stations replay queued messages after a network loss, late, repeated and
 * out of order: a StartTransaction is known again by its connector and start
 * time, meter readings by their timestamps, and a StopTransaction for a
 * session that is no longer charging changes nothing; so each session is
 * billed once.
 */

/** The OCPP 1.6 AuthorizationStatus a tag gets. */
export type TagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

/** How a consumer pays a session they start from the app. */
export type AppPayment =
  | { kind: 'wallet'; paymentPassword?: string }
  | { kind: 'card'; paymentMethodId: string }
  | { kind: 'prepaid_card'; number: string; pin: string }
  /** A prepaid card bound to the consumer's account: their payment password stands in for the PIN. */
  | { kind: 'bound_prepaid_card'; prepaidCardId: string; paymentPassword: string };

export interface AppStart {
  stationId: string;
  connectorId: number;
  payment: AppPayment;
  holdAmountMinor: bigint;
  /** Let the hold grow when the running cost reaches it (wallet under an agreement only). */
  autoIncrement?: boolean;
}

export type StartFailure =
  | { failure: 'station_not_found' }
  | { failure: 'connector_not_found' }
  | { failure: 'station_offline' }
  | { failure: 'connector_unavailable'; status: string }
  | { failure: 'connector_busy' }
  | { failure: 'hold_below_minimum'; minimumMinor: bigint; currency: string }
  | { failure: 'payment_password_required' }
  | { failure: 'payment_failed'; payment: IntentResult };

export type StopFailure = { failure: 'session_not_found' } | { failure: 'session_not_running'; status: store.SessionStatus };

/** Sends an OCPP command to a station through the durable command queue. */
export type SendStationCommand = (merchantId: string, stationId: string, command: { action: 'RemoteStartTransaction' | 'RemoteStopTransaction'; params: object; reference: string }) => Promise<void>;

/** Records what happened in the same transaction (the events module). */
export type SessionEventSink = (tx: Transaction, event: { type: string; merchantId: string; data: ChargingSession }) => Promise<void>;

export interface SessionsDependencies {
  db: Database;
  clock: Clock;
  stations: Stations;
  tariffs: Tariffs;
  idTags: IdTags;
  paymentIntents: PaymentIntents;
  prepaidCards: PrepaidCards;
  customers: Customers;
  agreements: Agreements;
  sendCommand: SendStationCommand;
  onEvent?: SessionEventSink;
  /** Tells the consumer (an SMS in the sandbox) that their receipt is ready. */
  notify?: (customerId: string, text: string) => Promise<void>;
  settings?: Partial<SessionSettings>;
}

export interface SessionSettings {
  /** An app start whose station sent no StartTransaction by then fails and its hold is released. */
  startTimeoutMs: number;
  /** A running session on a station offline this long after its last meter reading is closed from that reading and flagged. */
  vanishedTimeoutMs: number;
  /** A stopped session whose capture failed is retried after this long. */
  settleRetryMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { startTimeoutMs: 3 * 60_000, vanishedTimeoutMs: 60 * 60_000, settleRetryMs: 60_000 };

/** Emitted after a session changes, for live views. */
export type SessionEvents = { session: [session: ChargingSession] };

/** OCPP 1.6 StopTransaction reasons this code sets itself. */
const STOP_REASON_TIMEOUT = 'Other';
const APP_TAG_PREFIX = 'APP';
/** Sessions the sweeper handles per state and call. */
const SWEEP_BATCH = 50;

export class ChargingSessions {
  readonly events = new EventEmitter<SessionEvents>();
  private readonly settings: SessionSettings;

  constructor(private readonly deps: SessionsDependencies) {
    this.settings = { ...DEFAULT_SESSION_SETTINGS, ...deps.settings };
    this.events.setMaxListeners(0);
  }

  private now(): number {
    return this.deps.clock.nowMs();
  }

  get(id: string): Promise<ChargingSession | undefined> {
    return store.findSession(this.deps.db, { id });
  }

  list(filter: { merchantId?: string; customerId?: string; stationId?: string; status?: store.SessionStatus }, limit: number, startingAfter?: string): Promise<{ sessions: ChargingSession[]; hasMore: boolean }> {
    return store.listSessions(this.deps.db, filter, limit, startingAfter);
  }

  // ---- Starting from the app -------------------------------------------------

  /** Scan to charge: places the consumer's hold, then asks the station to start. */
  async startFromApp(customerId: string, start: AppStart): Promise<{ session: ChargingSession } | StartFailure> {
    const station = await this.deps.stations.find(start.stationId);
    if (station === undefined) return { failure: 'station_not_found' };
    const checked = await this.checkConnector(station, start.connectorId);
    if (checked !== undefined) return checked;
    const tariff = await this.deps.tariffs.get(station.merchantId, station.tariffId);
    if (tariff === undefined) throw new Error(`station ${station.id} lost its tariff ${station.tariffId}`);
    if (start.holdAmountMinor < tariff.tariff.minHoldMinor) return { failure: 'hold_below_minimum', minimumMinor: tariff.tariff.minHoldMinor, currency: tariff.tariff.currency };
    const paid = await this.placeAppHold(customerId, station, start, tariff.tariff.currency);
    if ('failure' in paid) return paid;
    const now = this.now();
    const session = this.draft({ station, connectorId: start.connectorId, tariffId: tariff.id, tariffVersion: tariff.version, currency: tariff.tariff.currency, now });
    Object.assign(session, {
      idTag: `${APP_TAG_PREFIX}${randomBytes(11).toString('hex').slice(0, 17).toUpperCase()}`,
      payer: 'app',
      customerId,
      paymentIntentId: paid.intent.id,
      holdAmountMinor: paid.intent.amountMinor,
      autoIncrement: start.autoIncrement === true && start.payment.kind === 'wallet',
    } satisfies Partial<ChargingSession>);
    const inserted = await this.deps.db.transaction(async (tx) => {
      // The station's row lock makes two starts on one connector take turns.
      await tx.query('SELECT 1 FROM charging_stations WHERE id = $1 FOR UPDATE', [station.id]);
      if ((await store.findOpenOnConnector(tx, station.id, start.connectorId)) !== undefined) return false;
      await store.insertSession(tx, session);
      await this.emitIn(tx, 'charging_session.created', session);
      return true;
    });
    if (!inserted) {
      await this.releaseHold(session.merchantId, paid.intent.id, 'connector_busy');
      return { failure: 'connector_busy' };
    }
    this.events.emit('session', session);
    await this.deps.sendCommand(session.merchantId, station.id, { action: 'RemoteStartTransaction', params: { connectorId: start.connectorId, idTag: session.idTag }, reference: session.id });
    return { session };
  }

  private async checkConnector(station: Station, connectorId: number): Promise<StartFailure | undefined> {
    const connector = station.connectors.find((c) => c.id === connectorId);
    if (connector === undefined) return { failure: 'connector_not_found' };
    if (!station.online) return { failure: 'station_offline' };
    if (connector.status !== 'Available' && connector.status !== 'Preparing') return { failure: 'connector_unavailable', status: connector.status };
    if ((await store.findOpenOnConnector(this.deps.db, station.id, connectorId)) !== undefined) return { failure: 'connector_busy' };
    return undefined;
  }

  private async placeAppHold(customerId: string, station: Station, start: AppStart, currency: string): Promise<{ intent: PaymentIntent } | StartFailure> {
    const intents = this.deps.paymentIntents;
    const payment = start.payment;
    if (payment.kind === 'wallet' && payment.paymentPassword === undefined && !(await this.hasAgreement(customerId, station.merchantId, currency))) return { failure: 'payment_password_required' };
    const created = await intents.create(station.merchantId, {
      amountMinor: start.holdAmountMinor,
      currency,
      customerId,
      captureMethod: 'manual',
      ...(payment.kind === 'card' ? { paymentMethodId: payment.paymentMethodId, customerMustOwnPaymentMethod: true } : {}),
      description: `Charging at ${station.name}, connector ${start.connectorId}`,
      metadata: { charging_station: station.id, connector: String(start.connectorId) },
    });
    if ('failure' in created) return { failure: 'payment_failed', payment: created };
    const id = created.intent.id;
    let confirmed: IntentResult;
    if (payment.kind === 'wallet') {
      confirmed =
        payment.paymentPassword === undefined
          ? await intents.confirmWithAgreement(station.merchantId, id)
          : await intents.confirmAsConsumer(id, { customerId, clientSecret: created.intent.clientSecret, password: payment.paymentPassword });
    } else if (payment.kind === 'card') {
      confirmed = await intents.confirmWithCard(station.merchantId, id, payment.paymentMethodId);
    } else if (payment.kind === 'bound_prepaid_card') {
      confirmed = await intents.confirmAsConsumer(id, { customerId, clientSecret: created.intent.clientSecret, method: { type: 'prepaid_card', cardId: payment.prepaidCardId }, password: payment.paymentPassword });
    } else {
      confirmed = await intents.confirmWithPrepaidCard(station.merchantId, id, { number: payment.number, pin: payment.pin });
    }
    if ('intent' in confirmed && confirmed.intent.status === 'requires_capture') return confirmed;
    // A card that asks for 3-D Secure cannot wait at a charger: the hold is dropped and the consumer picks another method.
    if ('intent' in confirmed && confirmed.intent.status !== 'canceled') await this.releaseHold(station.merchantId, id, 'abandoned');
    return { failure: 'payment_failed', payment: confirmed };
  }

  private async hasAgreement(customerId: string, merchantId: string, currency: string): Promise<boolean> {
    return (await this.activeAgreement(customerId, merchantId, currency)) !== undefined;
  }

  private async activeAgreement(customerId: string, merchantId: string, currency: string): Promise<Agreement | undefined> {
    const agreements = await this.deps.agreements.list(customerId);
    return agreements.find((a) => a.merchantId === merchantId && a.currency === currency && a.status === 'active');
  }

  private async releaseHold(merchantId: string, intentId: string, reason: string): Promise<void> {
    const canceled = await this.deps.paymentIntents.cancel(merchantId, intentId, reason);
    if ('failure' in canceled && canceled.failure !== 'payment_intent_unexpected_state') throw new Error(`could not release hold ${intentId}: ${canceled.failure}`);
  }

  /** What became of a RemoteStartTransaction sent for an app start: anything but Accepted fails the session and releases its hold. */
  async remoteStartFinished(sessionId: string, accepted: boolean, failure: string): Promise<void> {
    if (accepted) return;
    await this.failStarting(sessionId, failure);
  }

  private async failStarting(sessionId: string, reason: string): Promise<void> {
    const failed = await this.deps.db.transaction(async (tx) => {
      const session = await store.findSession(tx, { id: sessionId }, true);
      if (session?.status !== 'starting') return undefined;
      const next: ChargingSession = { ...session, status: 'failed', failureReason: reason, updatedAtMs: this.now() };
      await store.saveSession(tx, next);
      await this.emitIn(tx, 'charging_session.failed', next);
      return next;
    });
    if (failed === undefined) return;
    if (failed.paymentIntentId !== null) await this.releaseHold(failed.merchantId, failed.paymentIntentId, 'abandoned');
    this.events.emit('session', failed);
  }

  // ---- OCPP: Authorize and StartTransaction ----------------------------------------

  /** Authorize.req: may this tag charge at this station now? */
  async authorize(stationId: string, idTag: string): Promise<TagStatus> {
    if ((await store.findStarting(this.deps.db, stationId, idTag)) !== undefined) return 'Accepted';
    const station = await this.deps.stations.find(stationId);
    const tariff = station === undefined ? undefined : await this.deps.tariffs.get(station.merchantId, station.tariffId);
    if (station === undefined || tariff === undefined) return 'Invalid';
    return (await this.checkTag(station, tariff.tariff, idTag)).status;
  }

  /** How Authorize answers a tag at this station, and the tag when it is Accepted (StartTransaction then holds from it). */
  private async checkTag(station: Station, tariff: Tariff, idTag: string): Promise<{ status: TagStatus; tag?: IdTag }> {
    const tag = await this.deps.idTags.find(this.deps.db, idTag);
    if (tag === undefined) return { status: 'Invalid' };
    if (tag.status === 'blocked') return { status: 'Blocked' };
    if ((await store.countChargingWithTag(this.deps.db, idTag)) > 0) return { status: 'ConcurrentTx' };
    const status = await this.coversMinimumHold(station, tariff, tag);
    return status === 'Accepted' ? { status, tag } : { status };
  }

  /** Whether the tag's prepaid card, or its owner's wallet under an agreement, can pay the minimum hold of the station's tariff. */
  private async coversMinimumHold(station: Station, tariff: Tariff, tag: IdTag): Promise<TagStatus> {
    const { minHoldMinor, currency } = tariff;
    if (tag.owner.kind === 'prepaid_card') {
      const found = await this.deps.prepaidCards.availableIn(this.deps.db, tag.owner.prepaidCardId);
      if (found === undefined || found.card.currency !== currency || (found.card.issuer !== 'platform' && found.card.issuer !== station.merchantId)) return 'Invalid';
      if (found.card.status === 'blocked') return 'Blocked';
      return found.balance.availableMinor >= minHoldMinor ? 'Accepted' : 'Blocked';
    }
    const agreement = await this.activeAgreement(tag.owner.customerId, station.merchantId, currency);
    if (agreement === undefined) return 'Invalid';
    // An agreement that lets the operator take less than the minimum hold a payment would decline the hold at
    // StartTransaction, after the station had begun on our Accepted; so the tag cannot pay here, as with a low wallet.
    if (agreement.perPaymentLimitMinor < minHoldMinor) return 'Blocked';
    const wallet = (await this.deps.customers.walletBalances(tag.owner.customerId)).find((w) => w.currency === currency);
    return (wallet?.availableMinor ?? 0n) >= minHoldMinor ? 'Accepted' : 'Blocked';
  }

  /**
   * StartTransaction.req. The central system must answer with a transaction
   * id even for a tag it refuses (the station may have started offline); such
   * a session is recorded unpaid and flagged, and the station asked to stop.
   */
  async startTransaction(stationId: string, start: { connectorId: number; idTag: string; meterStartWh: bigint; timestampMs: number }): Promise<{ transactionId: number; status: TagStatus }> {
    const replay = (await store.findStartReplay(this.deps.db, stationId, start.connectorId, start.timestampMs)) ?? (await this.findFastClockReplay(stationId, start));
    // A replay gets the answer the first one got: a station that started offline with a refused tag would
    // otherwise be told Accepted the second time, charge on unpaid, and cache the tag as good (OCPP 1.6 §3.5.1).
    if (replay?.transactionId != null) return { transactionId: replay.transactionId, status: firstStartAnswer(replay) };
    const fromApp = await this.openAppSession(stationId, start);
    if (fromApp !== undefined) return fromApp;
    return this.openTagSession(stationId, start);
  }

  /**
   * A replayed start whose station clock runs fast: its timestamp was ahead of ours at first and stored as our
   * time then, and is ahead by less now, so the exact match on the start time misses it and it would open a second
   * session and hold. The transaction still charging on the connector with the same tag and the same meterStart is
   * that start: a station sends its messages in order, so a new transaction's StartTransaction never comes before
   * the last one's StopTransaction.
   */
  private async findFastClockReplay(stationId: string, start: { connectorId: number; idTag: string; meterStartWh: bigint }): Promise<ChargingSession | undefined> {
    const open = await store.findOpenOnConnector(this.deps.db, stationId, start.connectorId);
    if (open?.status !== 'charging' || open.idTag !== start.idTag || open.meterStartWh !== start.meterStartWh) return undefined;
    return open;
  }

  private async openAppSession(stationId: string, start: { connectorId: number; idTag: string; meterStartWh: bigint; timestampMs: number }): Promise<{ transactionId: number; status: TagStatus } | undefined> {
    const opened = await this.deps.db.transaction(async (tx) => {
      const session = await store.findStarting(tx, stationId, start.idTag, true);
      if (session === undefined) return undefined;
      const next: ChargingSession = {
        ...session,
        connectorId: start.connectorId,
        transactionId: await store.nextTransactionId(tx),
        status: 'charging',
        meterStartWh: start.meterStartWh,
        startedAtMs: start.timestampMs,
        lastMeterAtMs: start.timestampMs,
        updatedAtMs: this.now(),
      };
      await store.saveSession(tx, next);
      await store.insertReadings(tx, next.id, [{ atMs: start.timestampMs, wh: start.meterStartWh }]);
      await this.emitIn(tx, 'charging_session.started', next);
      return next;
    });
    if (opened === undefined) return undefined;
    this.events.emit('session', opened);
    return { transactionId: opened.transactionId ?? 0, status: 'Accepted' };
  }

  private async openTagSession(stationId: string, start: { connectorId: number; idTag: string; meterStartWh: bigint; timestampMs: number }): Promise<{ transactionId: number; status: TagStatus }> {
    const station = await this.deps.stations.find(stationId);
    if (station === undefined) throw new Error(`StartTransaction from unregistered station ${stationId}`);
    const tariff = await this.deps.tariffs.get(station.merchantId, station.tariffId);
    if (tariff === undefined) throw new Error(`station ${station.id} lost its tariff ${station.tariffId}`);
    const { status, tag } = await this.checkTag(station, tariff.tariff, start.idTag);
    const now = this.now();
    const draft = this.draft({ station, connectorId: start.connectorId, tariffId: tariff.id, tariffVersion: tariff.version, currency: tariff.tariff.currency, now });
    const session: ChargingSession = {
      ...draft,
      idTag: start.idTag,
      payer: tag === undefined ? 'none' : tag.owner.kind === 'prepaid_card' ? 'prepaid_card' : 'customer_tag',
      customerId: tag?.owner.kind === 'customer' ? tag.owner.customerId : null,
      status: 'charging',
      meterStartWh: start.meterStartWh,
      startedAtMs: start.timestampMs,
      lastMeterAtMs: start.timestampMs,
      // `hold_pending` stays if the process dies before the hold is placed: the operator sees a session nobody paid for.
      flags: tag === undefined ? [`tag_${status.toLowerCase()}`] : ['hold_pending'],
    };
    // The session is recorded before the hold, so a replayed StartTransaction finds it whatever happens next.
    const transactionId = await this.deps.db.transaction(async (tx) => {
      const id = await store.nextTransactionId(tx);
      session.transactionId = id;
      await store.insertSession(tx, session);
      await store.insertReadings(tx, session.id, [{ atMs: start.timestampMs, wh: start.meterStartWh }]);
      await this.emitIn(tx, 'charging_session.started', session);
      return id;
    });
    if (tag === undefined) {
      this.events.emit('session', session);
      await this.requestStop(session, 'unauthorized_tag');
      return { transactionId, status };
    }
    const held = await this.placeTagHold(session, tag.owner, tariff.tariff, station);
    return { transactionId, status: held ? 'Accepted' : 'Blocked' };
  }

  /** The hold for an RFID session: the tariff's minimum, from the prepaid card or the consumer's wallet under their agreement. */
  private async placeTagHold(session: ChargingSession, owner: { kind: 'prepaid_card'; prepaidCardId: string } | { kind: 'customer'; customerId: string }, tariff: Tariff, station: Station): Promise<boolean> {
    const intents = this.deps.paymentIntents;
    const created = await intents.create(session.merchantId, {
      amountMinor: tariff.minHoldMinor,
      currency: tariff.currency,
      ...(owner.kind === 'customer' ? { customerId: owner.customerId } : {}),
      captureMethod: 'manual',
      description: `Charging at ${station.name}, connector ${session.connectorId}`,
      metadata: { charging_station: station.id, connector: String(session.connectorId), charging_session: session.id },
    });
    if ('failure' in created) throw new Error(`could not create the payment for ${session.id}: ${created.failure}`);
    const confirmed = owner.kind === 'prepaid_card' ? await intents.confirmWithPrepaidCardPresent(session.merchantId, created.intent.id, owner.prepaidCardId) : await intents.confirmWithAgreement(session.merchantId, created.intent.id);
    const held = 'intent' in confirmed && confirmed.intent.status === 'requires_capture';
    const saved = await this.update(session.id, (s) => {
      const flags = s.flags.filter((f) => f !== 'hold_pending');
      return { ...s, paymentIntentId: created.intent.id, holdAmountMinor: held ? tariff.minHoldMinor : 0n, flags: held ? flags : [...flags, 'hold_declined'] };
    });
    if (!held) {
      if ('intent' in confirmed && confirmed.intent.status !== 'canceled') await this.releaseHold(session.merchantId, created.intent.id, 'abandoned');
      if (saved !== undefined) await this.requestStop(saved, 'hold_declined');
    }
    return held;
  }

  // ---- OCPP: MeterValues, StatusNotification, StopTransaction ------------------------

  /** MeterValues.req for a transaction: stores the readings, reprices, and raises the hold or stops at the cap. */
  async meterValues(stationId: string, transactionId: number, readings: readonly MeterReading[], powerW: number | undefined): Promise<void> {
    const updated = await this.deps.db.transaction(async (tx) => {
      const session = await store.findSession(tx, { stationId, transactionId }, true);
      if (session?.status !== 'charging') return undefined;
      await store.insertReadings(tx, session.id, readings);
      const latestMs = Math.max(session.lastMeterAtMs ?? 0, ...readings.map((r) => r.atMs));
      const priced = await this.priceIn(tx, session, session.stoppedAtMs ?? latestMs);
      const next: ChargingSession = { ...session, ...priced, powerW: powerW ?? session.powerW, lastMeterAtMs: latestMs, updatedAtMs: this.now() };
      await store.saveSession(tx, next);
      return { before: session, after: next };
    });
    if (updated === undefined) return;
    this.events.emit('session', updated.after);
    await this.watchCap(updated.before, updated.after);
  }

  /**
   * When the next reading would take the running cost past the hold (judged by
   * the last interval's cost), raise the hold by the tariff's minimum if the
   * consumer allowed it, or stop the session.
   */
  private async watchCap(before: ChargingSession, after: ChargingSession): Promise<void> {
    if (after.paymentIntentId === null || after.stopRequestedAtMs !== null) return;
    const stepMinor = after.amountMinor - before.amountMinor;
    if (after.amountMinor + (stepMinor > 0n ? stepMinor : 0n) < after.holdAmountMinor) return;
    if (after.autoIncrement) {
      const tariff = await this.deps.tariffs.versionIn(this.deps.db, after.tariffId, after.tariffVersion);
      const raisedMinor = after.holdAmountMinor + (tariff?.minHoldMinor ?? after.holdAmountMinor);
      const raised = await this.deps.paymentIntents.incrementAuthorization(after.merchantId, after.paymentIntentId, raisedMinor);
      if ('intent' in raised) {
        const saved = await this.update(after.id, (s) => ({ ...s, holdAmountMinor: raised.intent.amountMinor }));
        if (saved !== undefined) this.events.emit('session', saved);
        return;
      }
    }
    await this.requestStop(after, 'cap_reached');
  }

  /** Asks the station to stop the session (once); the StopTransaction it then sends settles it. */
  private async requestStop(session: ChargingSession, flag: string): Promise<void> {
    const marked = await this.update(session.id, (s) => (s.stopRequestedAtMs !== null ? undefined : { ...s, stopRequestedAtMs: this.now(), flags: s.flags.includes(flag) ? s.flags : [...s.flags, flag] }));
    if (marked === undefined || marked.transactionId === null) return;
    this.events.emit('session', marked);
    await this.deps.sendCommand(marked.merchantId, marked.stationId, { action: 'RemoteStopTransaction', params: { transactionId: marked.transactionId }, reference: marked.id });
  }

  /** The driver (or the operator) stops a running session from the app or the console. */
  async requestStopBy(session: ChargingSession): Promise<{ session: ChargingSession } | StopFailure> {
    if (session.status === 'starting') {
      await this.failStarting(session.id, 'canceled_before_start');
      return { session: (await this.get(session.id)) ?? session };
    }
    if (session.status !== 'charging') return { failure: 'session_not_running', status: session.status };
    await this.requestStop(session, 'stopped_by_request');
    return { session: (await this.get(session.id)) ?? session };
  }

  /**
   * A connector's StatusNotification during a session: SuspendedEV or
   * Finishing means the car is plugged in but no longer charging, which the
   * idle (occupancy) fee counts; Charging again ends that idle stretch.
   */
  async connectorStatus(stationId: string, connectorId: number, status: string, atMs: number): Promise<void> {
    const session = await store.findOpenOnConnector(this.deps.db, stationId, connectorId);
    if (session?.status !== 'charging') return;
    const idle = status === 'SuspendedEV' || status === 'Finishing';
    if (idle === (session.idleSinceMs !== null)) return;
    const saved = await this.update(session.id, (s) => {
      if (s.status !== 'charging') return undefined;
      if (idle && s.idleSinceMs === null) return { ...s, idleSinceMs: atMs };
      if (!idle && s.idleSinceMs !== null && atMs > s.idleSinceMs) return { ...s, idleSinceMs: null, idle: [...s.idle, { fromMs: s.idleSinceMs, toMs: atMs }] };
      return undefined;
    });
    if (saved !== undefined) this.events.emit('session', saved);
  }

  /**
   * StopTransaction.req: the last readings, the final price, capture and
   * release. The central system may not refuse a stop; a replayed one (the
   * session is no longer charging) changes nothing.
   */
  async stopTransaction(stationId: string, stop: { transactionId: number; idTag?: string; meterStopWh: bigint; timestampMs: number; reason: string | undefined; readings: readonly MeterReading[] }): Promise<{ status: TagStatus } | undefined> {
    const stopped = await this.deps.db.transaction(async (tx) => {
      const session = await store.findSession(tx, { stationId, transactionId: stop.transactionId }, true);
      if (session?.status !== 'charging') return undefined;
      await store.insertReadings(tx, session.id, stop.readings);
      await store.insertReadings(tx, session.id, [{ atMs: stop.timestampMs, wh: stop.meterStopWh }], { final: true });
      return this.closeIn(tx, session, stop.timestampMs, stop.reason ?? 'Local', []);
    });
    if (stopped === undefined) return undefined;
    await this.settle(stopped);
    // OCPP 1.6 §3.5.1: the station updates its Authorization Cache from this idTagInfo too, so a tag refused at
    // StartTransaction must not come back Accepted here (it would then start offline from the cache).
    if (stop.idTag === undefined || stop.idTag === stopped.idTag) return { status: firstStartAnswer(stopped) };
    return { status: await this.authorize(stationId, stop.idTag) };
  }

  /** Ends a running session at `stoppedAtMs`: idle closed, final price, status finishing (settlement follows). */
  private async closeIn(tx: Transaction, session: ChargingSession, stoppedAtMs: number, reason: string, flags: string[]): Promise<ChargingSession> {
    const idle = session.idleSinceMs !== null && stoppedAtMs > session.idleSinceMs ? [...session.idle, { fromMs: session.idleSinceMs, toMs: stoppedAtMs }] : session.idle;
    const closing: ChargingSession = { ...session, idle, idleSinceMs: null, stoppedAtMs, stopReason: reason, status: 'finishing', flags: [...session.flags, ...flags.filter((f) => !session.flags.includes(f))], updatedAtMs: this.now() };
    const priced = await this.priceIn(tx, closing, stoppedAtMs);
    const next = { ...closing, ...priced };
    await store.saveSession(tx, next);
    await this.emitIn(tx, 'charging_session.stopped', next);
    return next;
  }

  // ---- Pricing and settlement --------------------------------------------------

  /**
   * Prices the session from its stored readings with its frozen tariff. What
   * the consumer pays is the priced amount, cut to the hold when the session
   * ran past it (the cut shows as a `cap` line).
   */
  private async priceIn(tx: Transaction, session: ChargingSession, untilMs: number): Promise<Pick<ChargingSession, 'energyWh' | 'amountMinor' | 'pricedAmountMinor' | 'lineItems'>> {
    const tariff = await this.deps.tariffs.versionIn(tx, session.tariffId, session.tariffVersion);
    if (tariff === undefined) throw new Error(`session ${session.id} lost its tariff ${session.tariffId} v${session.tariffVersion}`);
    const readings = await store.readingsOf(tx, session.id);
    const openIdle = session.idleSinceMs !== null && untilMs > session.idleSinceMs ? [{ fromMs: session.idleSinceMs, toMs: untilMs }] : [];
    const priced = priceSession(tariff, { timeZone: session.timeZone, readings, idle: [...session.idle, ...openIdle] });
    const lines = priced.lineItems.map(toSessionLine);
    // A session with no hold (an unknown tag started offline, a declined hold) charges nobody: its whole cost
    // shows as the cap, so that `amount` is what is really taken and never more than the hold.
    const capMinor = priced.amountMinor > session.holdAmountMinor ? priced.amountMinor - session.holdAmountMinor : 0n;
    if (capMinor > 0n) lines.push({ type: 'cap', amount: (-capMinor).toString() });
    return { energyWh: priced.energyWh, pricedAmountMinor: priced.amountMinor, amountMinor: priced.amountMinor - capMinor, lineItems: lines };
  }

  /**
   * Captures a stopped session's amount from its hold (the rest is released)
   * with the site host's share in the same ledger batch, then completes it.
   * Safe to repeat: a capture that already happened is found on the payment.
   */
  private async settle(session: ChargingSession): Promise<void> {
    const settled = session.paymentIntentId === null || session.holdAmountMinor === 0n ? true : await this.settlePayment(session, session.paymentIntentId);
    if (!settled) {
      // The sweeper retries; touching the session lets others in the queue have their turn first.
      await this.update(session.id, (s) => (s.status !== 'finishing' ? undefined : { ...s, flags: s.flags.includes('settlement_retried') ? s.flags : [...s.flags, 'settlement_retried'] }));
      return;
    }
    const completed = await this.deps.db.transaction(async (tx) => {
      const locked = await store.findSession(tx, { id: session.id }, true);
      if (locked?.status !== 'finishing') return undefined;
      const next: ChargingSession = { ...locked, status: 'completed', updatedAtMs: this.now() };
      await store.saveSession(tx, next);
      await this.emitIn(tx, 'charging_session.completed', next);
      return next;
    });
    if (completed === undefined) return;
    this.events.emit('session', completed);
    if (completed.customerId !== null && this.deps.notify !== undefined) await this.deps.notify(completed.customerId, receiptText(completed));
  }

  private async settlePayment(session: ChargingSession, intentId: string): Promise<boolean> {
    const intents = this.deps.paymentIntents;
    if (session.amountMinor === 0n) {
      const canceled = await intents.cancel(session.merchantId, intentId, 'requested_by_customer');
      return 'intent' in canceled || canceled.failure === 'payment_intent_unexpected_state';
    }
    const shares = await this.siteHostShares(session);
    const captured = await intents.capture(session.merchantId, intentId, session.amountMinor, { splits: shares });
    if ('intent' in captured) return true;
    return captured.failure === 'payment_intent_unexpected_state' && captured.status === 'succeeded';
  }

  /** The station's site host takes its share of everything but the electricity itself (service, idle and session fees). */
  private async siteHostShares(session: ChargingSession): Promise<CaptureShare[]> {
    const host = await this.deps.stations.siteHost(session.stationId);
    if (host === undefined || host.shareBps === 0) return [];
    const electricityMinor = session.lineItems.reduce((sum, l) => (l.type === 'energy' ? sum + BigInt(l.amount) : sum), 0n);
    const shareableMinor = session.amountMinor - electricityMinor;
    if (shareableMinor <= 0n) return [];
    const amountMinor = feeFromBps(shareableMinor, host.shareBps, 0n, DEFAULT_FEE_ROUNDING);
    return [{ merchantId: host.merchantId, amountMinor, key: 'site_host', description: `Site host share, ${session.stationId}` }];
  }

  // ---- The sweeper -------------------------------------------------------------

  /**
   * Background duties, safe to run in several processes: app starts the
   * station never began are failed and their holds released; sessions on
   * stations that vanished are closed from their last meter reading and
   * flagged; stopped sessions whose capture failed are settled again.
   * Returns how many sessions it changed.
   */
  async sweep(limit: number = SWEEP_BATCH): Promise<number> {
    const now = this.now();
    let changed = 0;
    for (const session of await store.findStale(this.deps.db, 'starting', now - this.settings.startTimeoutMs, limit)) {
      await this.failStarting(session.id, 'start_timeout');
      changed += 1;
    }
    for (const session of await store.findVanished(this.deps.db, now - this.settings.vanishedTimeoutMs, limit)) {
      if (await this.closeVanished(session.id, now)) changed += 1;
    }
    for (const session of await store.findStale(this.deps.db, 'finishing', now - this.settings.settleRetryMs, limit)) {
      await this.settle(session);
      changed += 1;
    }
    return changed;
  }

  /** Closes a session whose station is offline and has sent nothing for it since the vanish timeout, from its last reading. */
  private async closeVanished(sessionId: string, nowMs: number): Promise<boolean> {
    const closed = await this.deps.db.transaction(async (tx) => {
      const session = await store.findSession(tx, { id: sessionId }, true);
      if (session?.status !== 'charging') return undefined;
      const { rows } = await tx.query<{ online: boolean }>('SELECT online FROM charging_stations WHERE id = $1', [session.stationId]);
      const lastMs = session.lastMeterAtMs ?? session.startedAtMs ?? session.createdAtMs;
      if (rows[0]?.online !== false || nowMs - lastMs < this.settings.vanishedTimeoutMs) return undefined;
      return this.closeIn(tx, session, lastMs, STOP_REASON_TIMEOUT, ['station_vanished']);
    });
    if (closed === undefined) return false;
    this.events.emit('session', closed);
    await this.settle(closed);
    return true;
  }

  // ---- Helpers -------------------------------------------------------------------

  private draft(p: { station: Station; connectorId: number; tariffId: string; tariffVersion: number; currency: string; now: number }): ChargingSession {
    return {
      id: newId('chs', p.now),
      merchantId: p.station.merchantId,
      stationId: p.station.id,
      connectorId: p.connectorId,
      transactionId: null,
      idTag: '',
      payer: 'none',
      customerId: null,
      paymentIntentId: null,
      tariffId: p.tariffId,
      tariffVersion: p.tariffVersion,
      timeZone: p.station.timeZone,
      currency: p.currency,
      status: 'starting',
      holdAmountMinor: 0n,
      autoIncrement: false,
      meterStartWh: null,
      energyWh: 0n,
      powerW: null,
      amountMinor: 0n,
      pricedAmountMinor: 0n,
      lineItems: [],
      idle: [],
      idleSinceMs: null,
      lastMeterAtMs: null,
      startedAtMs: null,
      stoppedAtMs: null,
      stopReason: null,
      stopRequestedAtMs: null,
      flags: [],
      failureReason: null,
      createdAtMs: p.now,
      updatedAtMs: p.now,
    };
  }

  /** Applies `change` to the session under its row lock; undefined from `change` leaves it as it is. */
  private async update(id: string, change: (s: ChargingSession) => ChargingSession | undefined): Promise<ChargingSession | undefined> {
    return this.deps.db.transaction(async (tx) => {
      const session = await store.findSession(tx, { id }, true);
      if (session === undefined) return undefined;
      const next = change(session);
      if (next === undefined) return undefined;
      const saved = { ...next, updatedAtMs: this.now() };
      await store.saveSession(tx, saved);
      return saved;
    });
  }

  private async emitIn(tx: Transaction, type: string, session: ChargingSession): Promise<void> {
    await this.deps.onEvent?.(tx, { type, merchantId: session.merchantId, data: session });
  }
}

/** The flags openTagSession and placeTagHold leave on a session whose StartTransaction was not Accepted, with the answer it got. */
const REFUSED_START_FLAGS: readonly (readonly [flag: string, status: TagStatus])[] = [
  ['tag_invalid', 'Invalid'],
  ['tag_blocked', 'Blocked'],
  ['tag_expired', 'Expired'],
  ['tag_concurrenttx', 'ConcurrentTx'],
  ['hold_declined', 'Blocked'],
];

/** What the first StartTransaction.conf for this session said, from what it recorded. */
function firstStartAnswer(session: ChargingSession): TagStatus {
  return REFUSED_START_FLAGS.find(([flag]) => session.flags.includes(flag))?.[1] ?? 'Accepted';
}

function toSessionLine(item: LineItem): SessionLine {
  switch (item.kind) {
    case 'energy':
    case 'service':
      return { type: item.kind, tier: item.tier, energy_wh: Number(item.energyMicroWh) / 1_000_000, unit_price: formatPricePerKwh(item.pricePerKwh), amount: item.amountMinor.toString() };
    case 'idle':
      return { type: 'idle', minutes: item.minutes, unit_price: item.feePerMinuteMinor.toString(), amount: item.amountMinor.toString() };
    case 'session':
      return { type: 'session_fee', amount: item.amountMinor.toString() };
    default: {
      const unknown: never = item;
      throw new Error(`unhandled line item ${JSON.stringify(unknown)}`);
    }
  }
}

function receiptText(s: ChargingSession): string {
  const kwh = (Number(s.energyWh) / 1000).toFixed(2);
  return `Paygrid 充电账单 charging receipt ${s.id}: ${kwh} kWh at ${s.stationId} #${s.connectorId}, ${formatMoney(s.amountMinor, s.currency, 'zh-CN')}.`;
}
