import { strict as assert } from 'node:assert';
import type { Database } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { JobQueue } from '../jobs/index.ts';
import * as store from './delivery-store.ts';
import { WEBHOOK_DELIVERY_JOB, deliveryJobKey, type DeliveryStatus, type WebhookDelivery } from './types.ts';

/** Deliveries one page of the log shows at most. */
export const MAX_DELIVERIES_PER_PAGE = 100;

export type DeliveryFilter = store.DeliveryFilter;

/** A delivery with what the console shows of it: the event's type, the receiver's last answer, and when the next attempt is due. */
export interface DeliveryLogEntry {
  delivery: WebhookDelivery;
  eventType: string | undefined;
  /** The last attempt's HTTP status, or why it got none (`lastError`). */
  lastStatusCode: number | undefined;
  lastError: string | undefined;
  /** When the next attempt is due, while the delivery is pending and its job waits; undefined otherwise (also while an attempt is under way). */
  nextAttemptAtMs: number | undefined;
  /** Attempts the delivery may take in all, as its job now allows. */
  maxAttempts: number | undefined;
}

export type RetryResult = { entry: DeliveryLogEntry } | { failure: 'delivery_not_found' } | { failure: 'delivery_not_retryable'; status: DeliveryStatus | 'attempts_exhausted' };

/**
 * The webhook delivery log the consoles read (every delivery with its status,
 * attempts, the receiver's last answer and the next retry), and the manual
 * retry: a pending delivery is attempted now, a failed one gets one more
 * attempt now (Stripe's "Resend"). The delivery and its job change in one
 * transaction, so the log never says pending without a job to run it.
 */
export class WebhookDeliveryLog {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
  ) {}

  async list(filter: DeliveryFilter, limit: number, cursor: PageCursor = {}): Promise<{ entries: DeliveryLogEntry[]; hasMore: boolean }> {
    assert(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_DELIVERIES_PER_PAGE, `a page holds 1 to ${MAX_DELIVERIES_PER_PAGE} deliveries`);
    const page = await store.listDeliveries(this.db, filter, limit, cursor);
    return { entries: await this.withJobs(page.rows), hasMore: page.hasMore };
  }

  /** One merchant's delivery; `undefined` as the merchant is for the operator. */
  async get(merchantId: string | undefined, deliveryId: string): Promise<DeliveryLogEntry | undefined> {
    const row = await store.findDeliveryLogRow(this.db, merchantId, deliveryId);
    return row === undefined ? undefined : (await this.withJobs([row]))[0];
  }

  /** Attempts the delivery now (see the class comment); succeeded and canceled deliveries are final. */
  async retry(merchantId: string | undefined, deliveryId: string): Promise<RetryResult> {
    const refused = await this.db.transaction(async (tx): Promise<RetryResult | undefined> => {
      const delivery = await store.lockDelivery(tx, merchantId, deliveryId);
      if (delivery === undefined) return { failure: 'delivery_not_found' };
      if (delivery.status === 'succeeded' || delivery.status === 'canceled') return { failure: 'delivery_not_retryable', status: delivery.status };
      const key = deliveryJobKey(deliveryId);
      const requeued = await this.jobs.requeueIn(tx, key);
      switch (requeued.result) {
        case 'requeued':
        case 'running':
          break;
        case 'not_found':
          // Its dead job was purged: a new one, with one attempt, under the same key.
          await this.jobs.enqueue(tx, { kind: WEBHOOK_DELIVERY_JOB, payload: { deliveryId }, maxAttempts: 1, key });
          break;
        case 'succeeded':
        case 'attempts_exhausted':
          return { failure: 'delivery_not_retryable', status: requeued.result === 'succeeded' ? delivery.status : 'attempts_exhausted' };
        default: {
          const unknown: never = requeued;
          throw new Error(`unhandled requeue result ${JSON.stringify(unknown)}`);
        }
      }
      await store.reopenDelivery(tx, deliveryId);
      return undefined;
    });
    if (refused !== undefined) return refused;
    const entry = await this.get(merchantId, deliveryId);
    assert(entry !== undefined, 'a delivery just retried exists');
    return { entry };
  }

  private async withJobs(rows: readonly store.DeliveryLogRow[]): Promise<DeliveryLogEntry[]> {
    const jobs = await this.jobs.getJobsByKeys(rows.map((r) => deliveryJobKey(r.delivery.id)));
    return rows.map((r) => {
      const job = jobs.get(deliveryJobKey(r.delivery.id));
      const waiting = r.delivery.status === 'pending' && job !== undefined && job.state === 'queued';
      return { ...r, nextAttemptAtMs: waiting ? job.runAtMs : undefined, maxAttempts: job?.maxAttempts };
    });
  }
}
