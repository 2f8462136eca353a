import type { SandboxCardAcquirer } from './acquirer.ts';
import type { WireEndpoint } from './wire.ts';

/** What the connector gets back from the wire: an answer, or nothing within the timeout. */
export type TransportReply = { kind: 'answered'; httpStatus: number; body: string } | { kind: 'timed_out' };

/** How the connector reaches the acquirer: in-process for the sandbox; HTTPS for a real acquirer. */
export interface SandboxAcquirerTransport {
  send(endpoint: WireEndpoint, body: string): Promise<TransportReply>;
}

/** A request to an acquirer that has not answered after this long has timed out (Stripe's own client waits 80 s). */
export const SANDBOX_REQUEST_TIMEOUT_MS = 30_000;

export interface SimulatedNetwork {
  /** Simulated round-trip time of one request, in ms; 0 when absent. */
  latencyMs?: (endpoint: WireEndpoint) => number;
  /** Waits; tests pass one that records instead of sleeping. Defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  requestTimeoutMs?: number;
}

const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects the connector to an in-process sandbox acquirer through the same text bodies an
 * HTTP client would send, with optional simulated latency. The request always reaches the
 * acquirer (which may act on it); its answer is lost when the acquirer gives none (the
 * timeout card) or when the simulated latency reaches the timeout: the caller then knows
 * nothing, exactly as with a real network. The wait is the simulated latency, capped at
 * the timeout; with no latency configured a lost answer is reported at once.
 */
export function inProcessTransport(acquirer: SandboxCardAcquirer, network: SimulatedNetwork = {}): SandboxAcquirerTransport {
  const timeoutMs = network.requestTimeoutMs ?? SANDBOX_REQUEST_TIMEOUT_MS;
  const sleep = network.sleep ?? timerSleep;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new Error('requestTimeoutMs must be a positive whole number');
  return {
    async send(endpoint, body) {
      const latencyMs = network.latencyMs?.(endpoint) ?? 0;
      if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error('simulated latency must be a non-negative number of ms');
      const reply = await acquirer.handle(endpoint, body);
      const waitedMs = Math.min(latencyMs, timeoutMs);
      if (waitedMs > 0) await sleep(waitedMs);
      if (reply.kind === 'no_answer' || latencyMs >= timeoutMs) return { kind: 'timed_out' };
      return { kind: 'answered', httpStatus: reply.httpStatus, body: reply.body };
    },
  };
}
