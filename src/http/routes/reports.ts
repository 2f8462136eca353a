import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { SessionTotals } from '../../charging/index.ts';
import type { Dashboard, Figures, Reports } from '../../reports/index.ts';
import { ApiError } from '../errors.ts';
import { responses } from './responses.ts';
import { CurrencySchema, listScopeOf, unixSeconds } from './wire.ts';

/** The console's dashboard: today, the last seven local days and each of them, with risk and charging figures. */
const DashboardQuery = Type.Object(
  {
    currency: Type.Optional(CurrencySchema),
    merchant: Type.Optional(Type.String({ pattern: '^mch_[0-9a-z]{26}$', description: 'Operator key only: one merchant’s dashboard.' })),
  },
  { additionalProperties: false },
);

const Rate = (description: string) => Type.String({ pattern: '^[0-9]+\\.[0-9]{4}$', description });
const figureFields = {
  gmv: Type.Integer({ description: 'What the payments created in the window that succeeded received (amount_received), in minor units, before refunds.' }),
  payment_count: Type.Integer({ description: 'Payment intents created in the window.' }),
  succeeded_count: Type.Integer({ description: 'Of those, the ones that succeeded.' }),
  failed_count: Type.Integer({ description: 'Of those, the ones whose last attempt was declined or blocked by risk control (requires_payment_method with a last_payment_error).' }),
  canceled_count: Type.Integer({ description: 'Of those, the canceled ones.' }),
  success_rate: Rate('succeeded_count ÷ (succeeded_count + failed_count + canceled_count), 4 decimals, half up; "0.0000" when nothing was decided.'),
  refunded_amount: Type.Integer({ description: 'Succeeded refunds created in the window, in minor units.' }),
  refund_count: Type.Integer({ description: 'Succeeded refunds created in the window.' }),
  refund_rate: Rate('refunded_amount ÷ gmv of the same window, 4 decimals, half up; "0.0000" when gmv is 0.'),
};
const FiguresWire = Type.Object(figureFields);
const ChargingWire = Type.Object({
  sessions_completed: Type.Integer({ description: 'Charging sessions that completed (stopped) in the window.' }),
  energy_wh: Type.Integer({ description: 'The energy they delivered, in Wh.' }),
  revenue: Type.Integer({ description: 'What they were paid in the dashboard’s currency, in minor units.' }),
});
const DashboardWire = Type.Object({
  object: Type.Literal('dashboard'),
  currency: CurrencySchema,
  time_zone: Type.String({ description: 'The market’s time zone: days run from its midnight (PAYGRID_RISK_TIME_ZONE).' }),
  generated: Type.Integer({ description: 'Unix seconds: the time the figures were read.' }),
  merchant: Type.Union([Type.String(), Type.Null()], { description: 'The merchant the figures are of, or null for the whole platform.' }),
  today: FiguresWire,
  last_7_days: FiguresWire,
  daily: Type.Array(Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The local day.' }), ...figureFields }), { description: 'The last seven local days, oldest first, ending today.' }),
  risk: Type.Object({
    blocked_today: Type.Integer({ description: 'Risk decisions to block taken today (every attempt counts).' }),
    in_review: Type.Integer({ description: 'Reviews open now.' }),
    challenged_today: Type.Integer({ description: 'Risk decisions to challenge (an SMS code) taken today.' }),
  }),
  charging: Type.Object({ today: ChargingWire, last_7_days: ChargingWire }),
});

function figuresToWire(f: Figures): Record<string, unknown> {
  return {
    gmv: f.grossMinor,
    payment_count: f.paymentCount,
    succeeded_count: f.succeededCount,
    failed_count: f.failedCount,
    canceled_count: f.canceledCount,
    success_rate: f.successRate,
    refunded_amount: f.refundedMinor,
    refund_count: f.refundCount,
    refund_rate: f.refundRate,
  };
}

function chargingToWire(t: SessionTotals): Record<string, unknown> {
  return { sessions_completed: t.sessionsCompleted, energy_wh: t.energyWh, revenue: t.revenueMinor };
}

function dashboardToWire(d: Dashboard, merchantId: string | undefined): Record<string, unknown> {
  return {
    object: 'dashboard',
    currency: d.currency.toLowerCase(),
    time_zone: d.timeZone,
    generated: unixSeconds(d.generatedAtMs),
    merchant: merchantId ?? null,
    today: figuresToWire(d.today),
    last_7_days: figuresToWire(d.last7Days),
    daily: d.daily.map((day) => ({ date: day.date, ...figuresToWire(day) })),
    risk: { blocked_today: d.risk.blockedToday, in_review: d.risk.inReview, challenged_today: d.risk.challengedToday },
    charging: { today: chargingToWire(d.charging.today), last_7_days: chargingToWire(d.charging.last7Days) },
  };
}

export interface ReportRouteDependencies {
  reports: Reports;
}

export function registerReportRoutes(app: FastifyInstance, { reports }: ReportRouteDependencies): void {
  app.get('/v1/reports/dashboard', {
    schema: {
      tags: ['Reports'],
      summary: 'The dashboard: GMV, payments, success and refund rates for today, the last 7 local days and each of them, with risk and charging figures; the platform’s for the operator, a merchant’s own with its secret key',
      querystring: DashboardQuery,
      response: responses(DashboardWire, 'The dashboard'),
    },
    handler: async (request) => {
      const query = request.query as Static<typeof DashboardQuery>;
      const merchantId = listScopeOf(request, query.merchant);
      const dashboard = await reports.dashboard({ ...(merchantId === undefined ? {} : { merchantId }), currency: (query.currency ?? 'cny').toUpperCase() });
      if ('failure' in dashboard) throw new ApiError('parameter_invalid', 'Unknown currency.', 'currency', dashboard.failure);
      return dashboardToWire(dashboard, merchantId);
    },
  });
}
