import { strict as assert } from 'node:assert';
import type { Database, Transaction } from '../db/database.ts';
import type { JobQueue } from '../jobs/index.ts';
import { newId } from '../platform/ids.ts';
import * as store from './event-store.ts';
import { writeJson } from './json.ts';
import {
  ABANDONED_DELIVERY_AFTER_MS,
  EVENT_TYPE_PATTERN,
  MAX_ENDPOINTS_PER_MERCHANT,
  MAX_EVENT_DATA_BYTES,
  MAX_EVENTS_PAGE_LIMIT,
  MAX_EVENTS_PURGED_PER_CALL,
  MAX_MERCHANT_ID_CHARS,
  WEBHOOK_DELIVERY_JOB,
  WEBHOOK_MAX_ATTEMPTS,
  deliveryJobKey,
  type Event,
  type EventPage,
  type NewEvent,
  type PageRequest,
} from './types.ts';

/**
 * The merchant's event log. Events are written in the transaction of the change
 * they report, together with one delivery job per subscribed webhook endpoint,
 * so a committed change is always announced and a rolled-back one never is.
 */
export class Events {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
  ) {}

  async recordEvent(tx: Transaction, input: NewEvent): Promise<Event> {
    assertValidEvent(input);
    const dataJson = writeJson(input.data);
    assert(Buffer.byteLength(dataJson, 'utf8') <= MAX_EVENT_DATA_BYTES, `event data is at most ${MAX_EVENT_DATA_BYTES} bytes of JSON`);
    const event: Event = { id: newId('evt', input.createdAtMs), merchantId: input.merchantId, type: input.type, data: input.data, createdAtMs: input.createdAtMs };
    await store.insertEvent(tx, { ...event, dataJson });
    const endpointIds = await store.subscribedEndpointIds(tx, event.merchantId, event.type, MAX_ENDPOINTS_PER_MERCHANT);
    for (const endpointId of endpointIds) await this.enqueueDelivery(tx, event, endpointId);
    return event;
  }

  /** One merchant's event; `undefined` as the merchant is for the operator, who sees every merchant's. */
  getEvent(merchantId: string | undefined, id: string): Promise<Event | undefined> {
    return store.findEvent(this.db, merchantId, id);
  }

  /** One merchant's events, or every merchant's for `undefined` (the operator), newest first; `page.objectId` keeps those about one object. */
  listEvents(merchantId: string | undefined, page: PageRequest): Promise<EventPage | 'cursor_not_found'> {
    assert(Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= MAX_EVENTS_PAGE_LIMIT, `page limit is between 1 and ${MAX_EVENTS_PAGE_LIMIT}`);
    assert(page.startingAfter === undefined || page.endingBefore === undefined, 'page with starting_after or ending_before, not both');
    return store.listEvents(this.db, merchantId, page);
  }

  /**
   * Deletes up to `limit` events older than `retentionMs` (30 days by default,
   * as Stripe keeps them), oldest first, with their webhook deliveries and
   * delivery logs, and returns how many; call again while that equals `limit`.
   * An event is kept while one of its deliveries is still pending.
   */
  async purgeExpired(nowMs: number, retentionMs: number, limit: number = MAX_EVENTS_PURGED_PER_CALL): Promise<number> {
    assert(Number.isSafeInteger(nowMs) && nowMs >= 0, 'nowMs is a whole number of ms since the epoch');
    assert(Number.isSafeInteger(retentionMs) && retentionMs > 0, 'retentionMs is a positive whole number of ms');
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_EVENTS_PURGED_PER_CALL, `purge between 1 and ${MAX_EVENTS_PURGED_PER_CALL} events per call`);
    const deleted = await store.deleteEventsBefore(this.db, nowMs - retentionMs, nowMs - ABANDONED_DELIVERY_AFTER_MS, limit);
    assert(deleted <= limit, 'a purge deletes at most its limit');
    return deleted;
  }

  private async enqueueDelivery(tx: Transaction, event: Event, endpointId: string): Promise<void> {
    const deliveryId = newId('whdel', event.createdAtMs);
    await store.insertDelivery(tx, { id: deliveryId, eventId: event.id, endpointId, merchantId: event.merchantId, createdAtMs: event.createdAtMs });
    await this.jobs.enqueue(tx, { kind: WEBHOOK_DELIVERY_JOB, payload: { deliveryId }, maxAttempts: WEBHOOK_MAX_ATTEMPTS, key: deliveryJobKey(deliveryId) });
  }
}

/** Events come from Paygrid's own modules: a malformed one is a programming error. */
function assertValidEvent(input: NewEvent): void {
  assert(EVENT_TYPE_PATTERN.test(input.type), `event type ${JSON.stringify(input.type)} must read like payment_intent.succeeded`);
  assert(input.merchantId.length >= 1 && input.merchantId.length <= MAX_MERCHANT_ID_CHARS, `merchant ids have 1 to ${MAX_MERCHANT_ID_CHARS} characters`);
  assert(Number.isSafeInteger(input.createdAtMs) && input.createdAtMs >= 0, 'createdAtMs is a whole number of ms since the epoch');
}
