import { strict as assert } from 'node:assert';
import type { Database } from '../db/database.ts';
import type { JobContext, JobOutcome, JobWorker, Json } from '../jobs/index.ts';
import type { Clock } from '../platform/clock.ts';
import * as store from './delivery-store.ts';
import { destinationPolicy, type DestinationOptions, type DestinationPolicy } from './destination.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import {
  MAX_ATTEMPTS_LISTED,
  MAX_ENDPOINTS_PER_MERCHANT,
  MAX_WEBHOOK_TIMEOUT_MS,
  WEBHOOK_DELIVERY_JOB,
  WEBHOOK_RETRY_POLICY,
  WEBHOOK_TIMEOUT_MS,
  type DeliveryAttempt,
  type DeliveryStatus,
  type SecretSealer,
  type WebhookDelivery,
} from './types.ts';
import { postWebhook, type PostOutcome } from './webhook-post.ts';

export interface WebhookDeliveryOptions extends DestinationOptions {
  /** Real time a receiver has to answer; WEBHOOK_TIMEOUT_MS when absent. */
  timeoutMs?: number;
}

/**
 * Delivers events to webhook endpoints, one job per (event, endpoint). Each
 * attempt reads the delivery, calls the receiver outside any transaction, then
 * logs the attempt and the delivery's new status in one transaction. Delivery
 * is at least once: a worker that dies between the call and the log leaves the
 * job to be run again, so receivers must ignore an event id they have seen
 * (as Stripe asks of its receivers too). Every connection is checked against
 * the destination policy on the address it goes to; a refused one is a failed
 * attempt, logged and retried like any other.
 */
export class WebhookDeliveries {
  private readonly timeoutMs: number;
  private readonly destinations: DestinationPolicy;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sealer: SecretSealer,
    options: WebhookDeliveryOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.destinations = destinationPolicy(options);
    assert(Number.isSafeInteger(this.timeoutMs) && this.timeoutMs > 0 && this.timeoutMs <= MAX_WEBHOOK_TIMEOUT_MS, `webhook timeoutMs is between 1 and ${MAX_WEBHOOK_TIMEOUT_MS}`);
  }

  /** Lets `worker` run webhook deliveries, with the webhook retry schedule. */
  registerWith(worker: JobWorker): void {
    worker.registerHandler(WEBHOOK_DELIVERY_JOB, (job) => this.deliver(job), WEBHOOK_RETRY_POLICY);
  }

  /** The job handler: one attempt to deliver one event to one endpoint. */
  async deliver(job: JobContext): Promise<JobOutcome> {
    const deliveryId = deliveryIdOf(job.payload);
    if (deliveryId === undefined) return { result: 'failed_permanently', error: 'payload_malformed: expected { deliveryId: string }' };
    const work = await store.loadDeliveryWork(this.db, deliveryId);
    if (work === undefined) return { result: 'failed_permanently', error: `delivery_not_found: ${deliveryId}` };
    // Already finished: this is a second run of a job whose first run settled the delivery.
    if (work.status !== 'pending') return { result: 'done' };
    if (work.endpointDeleted || work.endpointStatus === 'disabled' || work.secretSealed === null) {
      await store.cancelDelivery(this.db, deliveryId, this.clock.nowMs());
      return { result: 'done' };
    }
    const attemptedAtMs = this.clock.nowMs();
    const body = eventBody(work);
    const header = signatureHeader(Math.floor(attemptedAtMs / 1000), body, this.secretsFor(work, work.secretSealed, attemptedAtMs));
    // Duration is measured on the monotonic timer: it is real elapsed time, not the domain clock's.
    const startedMs = performance.now();
    const outcome = await postWebhook({ url: work.url, body, headers: { [SIGNATURE_HEADER]: header }, timeoutMs: this.timeoutMs, signal: job.signal, destinations: this.destinations });
    const durationMs = Math.max(0, Math.round(performance.now() - startedMs));
    const succeeded = outcome.answered && outcome.statusCode >= 200 && outcome.statusCode <= 299;
    await store.recordAttempt(this.db, {
      deliveryId,
      attemptedAtMs,
      durationMs,
      statusCode: outcome.answered ? outcome.statusCode : undefined,
      error: outcome.answered ? undefined : outcome.error,
      responseBody: outcome.answered ? outcome.responseBody : '',
      succeeded,
      statusAfter: statusAfter(succeeded, job),
    });
    return succeeded ? { result: 'done' } : { result: 'failed', error: failureText(outcome) };
  }

  /** The deliveries of one of the merchant's events; `undefined` as the merchant is for the operator. */
  listForEvent(merchantId: string | undefined, eventId: string): Promise<WebhookDelivery[]> {
    return store.listDeliveriesForEvent(this.db, merchantId, eventId, MAX_ENDPOINTS_PER_MERCHANT);
  }

  getDelivery(merchantId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    return store.findDelivery(this.db, merchantId, deliveryId);
  }

  /** The delivery log: every attempt, oldest first. */
  listAttempts(merchantId: string, deliveryId: string): Promise<DeliveryAttempt[]> {
    return store.listAttempts(this.db, merchantId, deliveryId, MAX_ATTEMPTS_LISTED);
  }

  /** The current secret, and the previous one while its grace period lasts: receivers accept either. */
  private secretsFor(work: store.DeliveryWork, secretSealed: string, nowMs: number): string[] {
    const secrets = [this.sealer.open(secretSealed, work.endpointId)];
    const previous = work.previousSecretSealed;
    const previousExpiresAtMs = work.previousSecretExpiresAtMs;
    if (previous !== null && previousExpiresAtMs !== undefined && previousExpiresAtMs > nowMs) secrets.push(this.sealer.open(previous, work.endpointId));
    return secrets;
  }
}

function deliveryIdOf(payload: Json): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const id = (payload as { readonly [key: string]: Json }).deliveryId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Stripe's event object. The data is spliced in as stored (json keeps the text
 * as written), so every attempt sends the same bytes and bigints stay exact.
 */
function eventBody(work: store.DeliveryWork): string {
  const created = Math.floor(work.eventCreatedAtMs / 1000);
  return `{"id":${JSON.stringify(work.eventId)},"object":"event","type":${JSON.stringify(work.eventType)},"created":${created},"data":{"object":${work.dataJson}}}`;
}

/** A failed last attempt finishes the delivery as failed; the job goes dead with it. */
function statusAfter(succeeded: boolean, job: JobContext): DeliveryStatus {
  if (succeeded) return 'succeeded';
  return job.attempt >= job.maxAttempts ? 'failed' : 'pending';
}

function failureText(outcome: PostOutcome): string {
  return outcome.answered ? `http_status_${outcome.statusCode}` : outcome.error;
}
