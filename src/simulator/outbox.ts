import ocppRpc from 'ocpp-rpc';
import type { StationAction, TransactionAction } from './messages.ts';

/**
 * Everything a station sends goes through one lane, one CALL at a time and in
 * the order it was made (OCPP-J 1.6 §4.1.1 allows one outstanding CALL).
 * Transaction messages (StartTransaction, MeterValues, StopTransaction) wait
 * in the lane while the station is offline and are delivered in order once it
 * is back (OCPP 1.6 §3.5, §3.7); anything else is not sent while offline. A
 * transaction message whose connection dropped before its answer arrived is
 * sent again, as a real station does: the central system may see it twice.
 */

export type DropReason = 'queue_full' | 'transaction_not_confirmed' | 'attempts_exhausted' | 'station_closed' | 'already_waiting';

/** What became of one message. */
export type Answer =
  | { outcome: 'answered'; result: unknown; latencyMs: number }
  | { outcome: 'call_error'; code: string; description: string; latencyMs: number }
  /** Not sent: the station was offline and the message is not one that waits. */
  | { outcome: 'offline' }
  | { outcome: 'dropped'; reason: DropReason };

/** One frame that reached the central system and its answer: for tests, statistics and latency figures. */
export interface Delivery {
  action: StationAction;
  payload: object;
  answer: Extract<Answer, { latencyMs: number }>;
  /** Sent after the station had been offline (it waited in the queue, or its first try lost the connection). */
  replayed: boolean;
  /** The extra copy sent to test the central system's idempotency (`repeatOnReplay`). */
  repeat: boolean;
}

export interface Transport {
  isOpen(): boolean;
  call(action: StationAction, payload: object): Promise<unknown>;
}

export interface OutboxLimits {
  /** Transaction messages kept while offline; past it the oldest MeterValues give way, then new messages are dropped. */
  maxQueued: number;
  /** TransactionMessageAttempts: tries of a transaction message that got no answer in time. */
  attempts: () => number;
  /** Transaction messages sent twice when replayed, to test the central system's idempotency. */
  repeatOnReplay: ReadonlySet<TransactionAction>;
}

interface Entry {
  action: StationAction;
  /** The payload, built when sent (a queued MeterValues learns its transactionId late); undefined when it cannot be sent. */
  build: () => object | undefined;
  waits: boolean;
  replayed: boolean;
  attempts: number;
  settle: (answer: Answer) => void;
}

type Failure = 'connection_lost' | 'timeout';

export class Outbox {
  private readonly entries: Entry[] = [];
  private open = false;
  private pumping: Promise<void> | undefined;
  /** The message being sent now: it finishes on its own, whatever happens to the lane meanwhile. */
  private inFlight: Entry | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly limits: OutboxLimits,
    private readonly delivered: (delivery: Delivery) => void,
  ) {
    if (!Number.isSafeInteger(limits.maxQueued) || limits.maxQueued < 1) throw new Error('maxQueued must be a positive whole number');
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Transaction messages waiting for the connection (or being sent). */
  get waiting(): number {
    return this.entries.filter((e) => e.waits).length;
  }

  /**
   * Adds a message to the lane. `onAnswer` runs before the next message is
   * built, so a StartTransaction's transactionId is known to the messages
   * queued behind it.
   */
  enqueue(action: StationAction, build: () => object | undefined, options: { waits: boolean; onAnswer?: (answer: Answer) => void }): Promise<Answer> {
    return new Promise<Answer>((resolve) => {
      const settle = (answer: Answer): void => {
        options.onAnswer?.(answer);
        resolve(answer);
      };
      if (!options.waits && !this.open) return settle({ outcome: 'offline' });
      if (options.waits && this.waiting >= this.limits.maxQueued && !this.makeRoom()) return settle({ outcome: 'dropped', reason: 'queue_full' });
      // A server too slow for the station's timers must not grow the lane without end.
      if (!options.waits && this.entries.length - this.waiting >= this.limits.maxQueued) return settle({ outcome: 'dropped', reason: 'queue_full' });
      this.entries.push({ action, build, waits: options.waits, replayed: !this.open, attempts: 0, settle });
      this.kick();
    });
  }

  /** The station is connected (and booted): deliver what waits. */
  openLane(): void {
    this.open = true;
    this.kick();
  }

  /** The station lost its connection: messages that do not wait are answered `offline`; the one in flight finishes on its own. */
  closeLane(): void {
    this.open = false;
    const dropped = this.entries.filter((e) => !e.waits && e !== this.inFlight);
    for (const entry of dropped) {
      this.entries.splice(this.entries.indexOf(entry), 1);
      entry.settle({ outcome: 'offline' });
    }
  }

  /** The station is shut down for good: everything still waiting is dropped. */
  discard(): void {
    this.open = false;
    for (const entry of this.entries.splice(0)) entry.settle({ outcome: 'dropped', reason: 'station_closed' });
  }

  /**
   * Sends one message outside the lane, while the lane is closed: the
   * BootNotification that must come before anything else (OCPP 1.6 §4.2).
   */
  async sendFirst(action: StationAction, payload: object): Promise<Answer> {
    if (this.open) throw new Error(`${action} goes first, before the lane opens`);
    const answer = await this.callOnce(action, payload);
    if (typeof answer === 'string') return { outcome: 'offline' };
    this.delivered({ action, payload, answer, replayed: false, repeat: false });
    return answer;
  }

  /** Whether a message of this action waits in the lane, not yet sent. */
  holds(action: StationAction): boolean {
    return this.entries.some((e) => e.action === action && e !== this.inFlight);
  }

  /** Whether a message is being sent now. */
  get busy(): boolean {
    return this.pumping !== undefined;
  }

  /** Resolves once nothing is being sent: the lane is empty, or closed with only waiting messages left. */
  async idle(): Promise<void> {
    await this.pumping;
  }

  /** A full queue lets its oldest MeterValues go, so that a StartTransaction or StopTransaction still fits (§3.7 asks for those). */
  private makeRoom(): boolean {
    const at = this.entries.findIndex((e) => e.action === 'MeterValues' && e.waits && e !== this.inFlight);
    const entry = this.entries[at];
    if (entry === undefined) return false;
    this.entries.splice(at, 1);
    entry.settle({ outcome: 'dropped', reason: 'queue_full' });
    return true;
  }

  private kick(): void {
    if (this.pumping !== undefined || !this.open || this.entries.length === 0) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (this.open) {
      const entry = this.entries[0];
      if (entry === undefined) return;
      this.inFlight = entry;
      const answer = await this.deliver(entry).finally(() => (this.inFlight = undefined));
      if (answer === 'connection_lost' && !this.transport.isOpen()) {
        // Stop until the station reopens the lane on its next connection.
        entry.replayed = true;
        this.closeLane();
        return;
      }
      if (typeof answer !== 'string') {
        this.finish(entry, answer);
        continue;
      }
      // No answer in time (or a failure while the socket looks open): try again a bounded number of times.
      entry.attempts += 1;
      if (!entry.waits) this.finish(entry, { outcome: 'offline' });
      else if (entry.attempts >= this.limits.attempts()) this.finish(entry, { outcome: 'dropped', reason: 'attempts_exhausted' });
    }
  }

  private finish(entry: Entry, answer: Answer): void {
    if (this.entries[0] !== entry) throw new Error('the lane finished a message that was not at its head');
    this.entries.shift();
    entry.settle(answer);
  }

  private async deliver(entry: Entry): Promise<Answer | Failure> {
    const payload = entry.build();
    if (payload === undefined) return { outcome: 'dropped', reason: 'transaction_not_confirmed' };
    const copies = entry.replayed && (this.limits.repeatOnReplay as ReadonlySet<string>).has(entry.action) ? 2 : 1;
    let answer: Answer | Failure = 'connection_lost';
    for (let copy = 0; copy < copies; copy += 1) {
      answer = await this.callOnce(entry.action, payload);
      if (typeof answer === 'string') return answer;
      this.delivered({ action: entry.action, payload, answer, replayed: entry.replayed, repeat: copy > 0 });
    }
    return answer;
  }

  private async callOnce(action: StationAction, payload: object): Promise<Extract<Answer, { latencyMs: number }> | Failure> {
    if (!this.transport.isOpen()) return 'connection_lost';
    const startedMs = performance.now();
    try {
      const result = await this.transport.call(action, payload);
      return { outcome: 'answered', result, latencyMs: performance.now() - startedMs };
    } catch (error) {
      // A CallError from the central system, or an answer (or request) that failed the schema in strict mode.
      if (error instanceof ocppRpc.RPCError) return { outcome: 'call_error', code: error.rpcErrorCode, description: error.message, latencyMs: performance.now() - startedMs };
      if (error instanceof ocppRpc.TimeoutError) return 'timeout';
      // The connection closed before the answer came.
      return 'connection_lost';
    }
  }
}
