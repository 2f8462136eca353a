import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { cleanErrorText } from '../jobs/index.ts';
import { guardedLookup, hostOf, literalRefusal, type DestinationPolicy } from './destination.ts';
import { MAX_RESPONSE_BODY_CHARS } from './types.ts';

/** Bytes of a receiver's answer read at most; the rest is discarded unread. */
const MAX_RESPONSE_BODY_BYTES = 4 * MAX_RESPONSE_BODY_CHARS;
/** Chunks read at most, so a receiver trickling empty chunks cannot keep us reading. */
const MAX_RESPONSE_CHUNKS = 64;
const USER_AGENT = 'Paygrid-Webhooks/1.0';

export type PostOutcome = { answered: true; statusCode: number; responseBody: string } | { answered: false; error: string };

export interface WebhookPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The job's signal: aborted when the worker stops or the handler's time is up. */
  signal: AbortSignal;
  destinations: DestinationPolicy;
}

/**
 * POSTs one webhook over node:http(s), with a lookup that checks every
 * address before connecting to it (destination.ts): fetch offers no such
 * hook. Redirects are not followed (a 3xx is a failed attempt, as at Stripe):
 * following them would let an endpoint send our signed requests, or our
 * connections, somewhere it was not registered for. Each delivery uses a
 * connection of its own, so a connection opened for one check is never
 * reused after the name's records change.
 */
export async function postWebhook(post: WebhookPost): Promise<PostOutcome> {
  const target = new URL(post.url);
  const refused = literalRefusal(hostOf(target), post.destinations);
  if (refused !== undefined) return { answered: false, error: `${refused.code}: ${refused.message}` };
  // An own controller and timer rather than AbortSignal.any/timeout: on Node 20 a
  // timeout signal held only by AbortSignal.any can be garbage-collected unfired.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutAbort(post.timeoutMs)), post.timeoutMs);
  const forward = (): void => controller.abort(post.signal.reason);
  if (post.signal.aborted) forward();
  else post.signal.addEventListener('abort', forward, { once: true });
  try {
    const answer = await send(target, post, controller.signal);
    if (answer.statusCode < 100 || answer.statusCode > 599) return { answered: false, error: `status_code_invalid: the receiver answered ${answer.statusCode}` };
    return { answered: true, ...answer };
  } catch (error) {
    return { answered: false, error: describeError(controller.signal.aborted ? controller.signal.reason : error) };
  } finally {
    clearTimeout(timer);
    post.signal.removeEventListener('abort', forward);
  }
}

function send(target: URL, post: WebhookPost, signal: AbortSignal): Promise<{ statusCode: number; responseBody: string }> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(post.body, 'utf8')),
          'user-agent': USER_AGENT,
          ...post.headers,
        },
        agent: false,
        lookup: guardedLookup(post.destinations),
        signal,
      },
      (response) => {
        readStart(response).then((responseBody) => resolve({ statusCode: response.statusCode ?? 0, responseBody }), reject);
      },
    );
    request.on('error', reject);
    request.end(post.body, 'utf8');
  });
}

/** The reason our deadline aborts a request with. */
class TimeoutAbort extends Error {
  constructor(timeoutMs: number) {
    super(`timeout: no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutAbort';
  }
}

/** The start of the answer, for the delivery log; an answer that breaks off mid-body still counts by its status. */
async function readStart(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const reader = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (let chunk = 0; chunk < MAX_RESPONSE_CHUNKS && bytes < MAX_RESPONSE_BODY_BYTES; chunk += 1) {
      const { done, value } = await reader.next();
      if (done === true) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch {
    // The status line arrived; the body is only for the log.
  } finally {
    response.destroy();
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_BYTES));
  return cleanErrorText(text, MAX_RESPONSE_BODY_CHARS);
}

/** Names the failure by its code (ECONNREFUSED, destination_not_allowed, …) where there is one: messages are for people. */
function describeError(error: unknown): string {
  if (error instanceof TimeoutAbort) return error.message;
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const message = error.message === '' ? error.name : error.message;
    return typeof code === 'string' && !message.startsWith(`${code}:`) ? `${code}: ${message}` : message;
  }
  return String(error);
}
