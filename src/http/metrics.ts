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

  /** The risk engine's decisions and fail-safe fallbacks, read from its own counters at each scrape. */
  watchRisk(counters: { decisions: Record<string, number>; failSafe: Record<string, number> }): void {
    this.countersReadAtScrape('paygrid_risk_decisions_total', 'Payments the risk engine decided in this process, by decision.', 'decision', () => counters.decisions);
    this.countersReadAtScrape('paygrid_risk_fail_safe_total', 'Payments the rules decided alone because the feature store or the model missed the time budget, by cause.', 'cause', () => counters.failSafe);
  }

  /** A counter whose values another module keeps: copied in when Prometheus scrapes. */
  private countersReadAtScrape(name: string, help: string, label: string, read: () => Record<string, number>): void {
    const counter = new Counter({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        counter.reset();
        for (const [value, n] of Object.entries(read())) counter.inc({ [label]: value }, n);
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
