/**
 * Work for one station runs in arrival order, one piece at a time: its CALLs,
 * and the online/offline marks of its connections. OCPP-J lets a station have
 * one CALL outstanding, but ocpp-rpc dispatches every CALL that arrives at
 * once, and a reconnecting station's new connection can overtake the old
 * one's close; serializing keeps "later message, later write" true, so an
 * offline mark never lands after the online mark of the connection that
 * replaced it.
 */
export class StationQueues {
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: number }>();

  constructor(private readonly maxWaitingPerStation: number) {
    if (!Number.isInteger(maxWaitingPerStation) || maxWaitingPerStation < 1) throw new Error('maxWaitingPerStation must be a positive integer');
  }

  /** Runs `work` after the station's earlier work; undefined (and nothing runs) when too much is already waiting. */
  tryRun<T>(stationId: string, work: () => Promise<T>): Promise<T> | undefined {
    if ((this.queues.get(stationId)?.waiting ?? 0) >= this.maxWaitingPerStation) return undefined;
    return this.run(stationId, work);
  }

  /** Runs `work` after the station's earlier work, however much waits: for the server's own few writes. */
  run<T>(stationId: string, work: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(stationId) ?? { tail: Promise.resolve(), waiting: 0 };
    this.queues.set(stationId, queue);
    queue.waiting += 1;
    const result = queue.tail.then(work);
    queue.tail = result.then(
      () => this.finished(stationId, queue),
      () => this.finished(stationId, queue),
    );
    return result;
  }

  /** Resolves when all work queued so far has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.tail));
  }

  private finished(stationId: string, queue: { waiting: number }): void {
    queue.waiting -= 1;
    if (queue.waiting === 0 && this.queues.get(stationId) === queue) this.queues.delete(stationId);
  }
}
