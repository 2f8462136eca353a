import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/database.ts';
import type { LedgerMetrics, TransferResult } from '../ledger/index.ts';

/**
 * Prometheus metrics for one Paygrid instance. A registry per instance (not
 * prom-client's global one) lets tests run several servers in one process.
 */
export class PaygridMetrics implements LedgerMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'paygrid_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'paygrid_http_request_duration_seconds',
    help: 'Time from request to response, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly ledgerTransfers = new Counter({
    name: 'paygrid_ledger_transfers_total',
    help: 'Transfers processed by the ledger, by result (ok or the named failure).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly ledgerExpired = new Counter({
    name: 'paygrid_ledger_pending_expired_total',
    help: 'Pending transfers released because their timeout passed.',
    registers: [this.registry],
  });

  constructor(poolStats: () => PoolStats) {
    collectDefaultMetrics({ register: this.registry, prefix: 'paygrid_' });
    const pool = new Gauge({
      name: 'paygrid_db_pool_connections',
      help: 'Database connections by state (total, idle, waiting callers).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = poolStats();
        pool.set({ state: 'total' }, stats.total);
        pool.set({ state: 'idle' }, stats.idle);
        pool.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }

  transfersProcessed(result: TransferResult, count: number): void {
    this.ledgerTransfers.inc({ result }, count);
  }

  pendingExpired(count: number): void {
    this.ledgerExpired.inc(count);
  }
}
