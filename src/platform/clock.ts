/** Time as the domain sees it. Tests pass a manual clock; nothing reads Date.now() directly. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that moves only when told to: for deterministic tests of timeouts and expiry. */
export class ManualClock implements Clock {
  constructor(private currentMs: number = Date.UTC(2026, 0, 1)) {}
  nowMs(): number {
    return this.currentMs;
  }
  advanceMs(deltaMs: number): void {
    if (!Number.isSafeInteger(deltaMs) || deltaMs < 0) throw new Error('ManualClock moves forward by a whole number of ms');
    this.currentMs += deltaMs;
  }
}
