import type { FastifyRequest } from 'fastify';

/**
 * A fixed-window request limit per caller, kept in memory per process. The
 * caller is the authenticated API key, or the client address when a request
 * has no valid key, so that guessing keys from one address is limited too.
 * (A shared limit across processes belongs in the database or a proxy.)
 */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetInSeconds: number;
}

/** Callers tracked at once; beyond this, windows that have ended are dropped first. */
const MAX_TRACKED_CALLERS = 100_000;
const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, { startedAtMs: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  take(caller: string): RateLimitDecision {
    const now = this.nowMs();
    let window = this.windows.get(caller);
    if (window === undefined || now - window.startedAtMs >= WINDOW_MS) {
      if (window === undefined && this.windows.size >= MAX_TRACKED_CALLERS) this.dropEndedWindows(now);
      window = { startedAtMs: now, count: 0 };
      this.windows.set(caller, window);
    }
    window.count += 1;
    const resetInSeconds = Math.max(1, Math.ceil((window.startedAtMs + WINDOW_MS - now) / 1000));
    return { allowed: window.count <= this.limitPerMinute, limit: this.limitPerMinute, remaining: Math.max(0, this.limitPerMinute - window.count), resetInSeconds };
  }

  private dropEndedWindows(now: number): void {
    for (const [caller, window] of this.windows) if (now - window.startedAtMs >= WINDOW_MS) this.windows.delete(caller);
    // Still full: a flood of distinct callers. Start afresh rather than grow without bound.
    if (this.windows.size >= MAX_TRACKED_CALLERS) this.windows.clear();
  }
}

export function callerOf(request: FastifyRequest): string {
  return request.principal === undefined ? `ip:${request.ip}` : `${request.principal.role}:${request.principal.keyId}`;
}
