import { cleanErrorText } from '../jobs/index.ts';
import { MAX_RESPONSE_BODY_CHARS } from './types.ts';

/** Bytes of a receiver's answer read at most; the rest is discarded unread. */
const MAX_RESPONSE_BODY_BYTES = 4 * MAX_RESPONSE_BODY_CHARS;
/** Chunks read at most, so a receiver trickling empty chunks cannot keep us reading. */
const MAX_RESPONSE_CHUNKS = 64;
const USER_AGENT = 'Paygrid-Webhooks/1.0';

export type PostOutcome = { answered: true; statusCode: number; responseBody: string } | { answered: false; error: string };

/**
 * POSTs one webhook. Redirects are not followed (a 3xx is a failed attempt, as
 * at Stripe): following them would let an endpoint send our signed requests,
 * or our connections, somewhere it was not registered for.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<PostOutcome> {
  // An own controller and timer rather than AbortSignal.any/timeout: on Node 20 a
  // timeout signal held only by AbortSignal.any can be garbage-collected unfired.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutAbort(timeoutMs)), timeoutMs);
  const forward = (): void => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT, ...headers },
      redirect: 'manual',
      signal: controller.signal,
    });
    return { answered: true, statusCode: response.status, responseBody: await readStart(response) };
  } catch (error) {
    return { answered: false, error: describeFetchError(error) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}

/** The reason our deadline aborts a request with; fetch rejects with it as given. */
class TimeoutAbort extends Error {
  constructor(timeoutMs: number) {
    super(`timeout: no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutAbort';
  }
}

/** The start of the answer, for the delivery log; an answer that breaks off mid-body still counts by its status. */
async function readStart(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (let chunk = 0; chunk < MAX_RESPONSE_CHUNKS && bytes < MAX_RESPONSE_BODY_BYTES; chunk += 1) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch {
    // The status line arrived; the body is only for the log.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_BYTES));
  return cleanErrorText(text, MAX_RESPONSE_BODY_CHARS);
}

/** Names the failure by its cause's code (ECONNREFUSED, …) where fetch gives one: messages are for people. */
function describeFetchError(error: unknown): string {
  if (error instanceof TimeoutAbort) return error.message;
  if (error instanceof Error && error.cause instanceof Error) {
    const code = (error.cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.cause.message}` : `${error.message}: ${error.cause.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
