import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../i18n.tsx';
import { exponentOf, formatEnergy, formatMoney } from '../../money.ts';
import { consoleApi, must } from '../../api.ts';
import type { paths } from '../../../../src/client/index.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { ErrorAlert, PageTitle, useLoad } from '../components/common.tsx';
import { formatCount, formatRate, minorToDecimal } from '../components/format.ts';
import { useConsoleSession } from '../session.tsx';

/**
 * Today and the last 7 days at a glance: the platform's for operator staff, the
 * merchant's own for a merchant user (the API decides which). Each figure has a
 * stable test id (`kpi-today-gmv`) whose text is the formatted value.
 */
export default function Dashboard() {
  const { t, lang } = useI18n();
  const { user, isOperator, can } = useConsoleSession();
  const allowed = can('dashboard:read') || can('payments:read');
  const loaded = useLoad(() => (allowed ? must(consoleApi.GET('/v1/reports/dashboard')) : Promise.resolve(undefined)), [allowed]);
  const data = loaded.data;
  const currency = data?.currency ?? 'cny';
  return (
    <div>
      <PageTitle>
        {isOperator ? t('平台概览', 'Platform overview') : t('商户概览', 'Merchant overview')}
        {user !== null && user !== undefined && user.merchant_id !== null && (
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
            {user.merchant_id}
          </Typography.Text>
        )}
      </PageTitle>
      {!allowed && <Typography.Paragraph>{t('欢迎使用 Paygrid 控制台。请从左侧菜单选择。', 'Welcome to the Paygrid console: choose from the menu.')}</Typography.Paragraph>}
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {allowed && data === undefined && loaded.error === undefined && <Skeleton active />}
      {data !== undefined && (
        <>
          <PeriodRow period="today" title={t('今日', 'Today')} figures={data.today} currency={currency} />
          <PeriodRow period="7d" title={t('近 7 日', 'Last 7 days')} figures={data.last_7_days} currency={currency} />
          {(isOperator || can('charging:read')) && <Typography.Title level={5}>{isOperator ? t('风控与充电', 'Risk and charging') : t('充电', 'Charging')}</Typography.Title>}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {isOperator && (
              <>
                <Col xs={12} lg={6}>
                  <Kpi testId="kpi-today-blocked" title={t('今日拦截', 'Blocked today')} value={formatCount(data.risk.blocked_today)} />
                </Col>
                <Col xs={12} lg={6}>
                  <Kpi testId="kpi-in-review" title={t('待审核', 'In review')} value={formatCount(data.risk.in_review)} />
                </Col>
              </>
            )}
            {(isOperator || can('charging:read')) && (
              <>
                <Col xs={12} lg={6}>
                  <Kpi testId="kpi-today-energy" title={t('今日充电量', 'Energy today')} value={formatEnergy(data.charging.today.energy_wh)} />
                </Col>
                <Col xs={12} lg={6}>
                  <Kpi testId="kpi-today-charging-revenue" title={t('今日充电收入', 'Charging revenue today')} value={formatMoney(data.charging.today.revenue, currency, lang)} />
                </Col>
                <Col xs={12} lg={6}>
                  <Kpi testId="kpi-7d-energy" title={t('近 7 日充电量', 'Energy, 7 days')} value={formatEnergy(data.charging.last_7_days.energy_wh)} />
                </Col>
                <Col xs={12} lg={6}>
                  <Kpi testId="kpi-7d-charging-revenue" title={t('近 7 日充电收入', 'Charging revenue, 7 days')} value={formatMoney(data.charging.last_7_days.revenue, currency, lang)} />
                </Col>
              </>
            )}
          </Row>
          <DailyChart daily={data.daily} currency={currency} />
        </>
      )}
    </div>
  );
}

function Kpi({ testId, title, value }: { testId: string; title: string; value: string }) {
  return (
    <Card size="small">
      <Statistic title={title} valueRender={() => <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</span>} />
    </Card>
  );
}

type DashboardData = paths['/v1/reports/dashboard']['get']['responses'][200]['content']['application/json'];
type Figures = DashboardData['today'];

function PeriodRow({ period, title, figures, currency }: { period: 'today' | '7d'; title: string; figures: Figures; currency: string }) {
  const { t, lang } = useI18n();
  const c = currency;
  return (
    <>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Kpi testId={`kpi-${period}-gmv`} title={t('交易额 (GMV)', 'GMV')} value={formatMoney(figures.gmv, c, lang)} />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi testId={`kpi-${period}-payment-count`} title={t('支付笔数', 'Payments')} value={formatCount(figures.payment_count)} />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi testId={`kpi-${period}-success-rate`} title={t('成功率', 'Success rate')} value={formatRate(figures.success_rate)} />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi testId={`kpi-${period}-refund-rate`} title={t('退款率', 'Refund rate')} value={formatRate(figures.refund_rate)} />
        </Col>
      </Row>
    </>
  );
}

function DailyChart({ daily, currency }: { daily: DashboardData['daily']; currency: string }) {
  const { t } = useI18n();
  const exponent = exponentOf(currency);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('交易额', 'GMV'), t('支付笔数', 'Payments')] },
      grid: { left: 64, right: 48, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: daily.map((d) => d.date) },
      yAxis: [
        { type: 'value', name: currency.toUpperCase() },
        { type: 'value', name: t('笔', 'count'), minInterval: 1 },
      ],
      series: [
        // The chart needs numbers: major units as a display value only (the figures above are exact).
        { name: t('交易额', 'GMV'), type: 'bar', data: daily.map((d) => Number(minorToDecimal(d.gmv, exponent))) },
        { name: t('支付笔数', 'Payments'), type: 'line', yAxisIndex: 1, data: daily.map((d) => d.payment_count) },
      ],
    }),
    [daily, currency, exponent, t],
  );
  return (
    <Card title={t('近 7 日交易额与笔数', 'GMV and payments, last 7 days')} size="small">
      <Chart option={option} testId="dashboard-chart" />
    </Card>
  );
}
