import { Button, Card, Col, Input, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import { Suspense, lazy, useMemo, useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatEnergy, formatMoney } from '../../money.ts';
import { ErrorAlert, useLoad } from './common.tsx';
import { isoDay } from '../components/format.ts';
import type { ChartOption } from '../components/Chart.tsx';
import type { Stats } from './types.ts';
import { serverNowMs } from '../session.tsx';

// Loaded only on this page, so the charging chunk stays small.
const Chart = lazy(() => import('../components/Chart.tsx').then((module) => ({ default: module.Chart })));

type Row = Stats['data'][number];

function revenueText(revenue: Row['revenue']): string {
  return revenue.length === 0 ? '—' : revenue.map((r) => formatMoney(r.amount, r.currency)).join(' + ');
}

/** Exact major units of minor ones, for the chart's axis (display only). */
function majorNumber(minor: number, currency: string): number {
  return Number(formatMoney(minor, currency).replace(/[^\d.-]/g, ''));
}

const percent = (utilization: string) => `${(Number(utilization) * 100).toFixed(2)}%`;

/** Revenue, energy and utilization per station and local day (GET /v1/charging/stats), as a table and a chart. */
export default function Revenue() {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => isoDay(serverNowMs() - 6 * 86_400_000));
  const [to, setTo] = useState(() => isoDay(serverNowMs()));
  const [station, setStation] = useState('');
  const [query, setQuery] = useState({ from, to, station: '' });
  const stats = useLoad(
    async () => must(consoleApi.GET('/v1/charging/stats', { params: { query: { from: query.from, to: query.to, ...(query.station === '' ? {} : { station: query.station }) } } })),
    [query],
  );

  const option = useMemo<ChartOption | undefined>(() => {
    const data = stats.data?.data;
    if (data === undefined) return undefined;
    const days = [...new Set(data.map((r) => r.date))].sort();
    const currency = data.flatMap((r) => r.revenue)[0]?.currency ?? 'cny';
    const sumBy = (day: string, pick: (r: Row) => number) => data.filter((r) => r.date === day).reduce((a, r) => a + pick(r), 0);
    const revenue = days.map((d) => majorNumber(sumBy(d, (r) => r.revenue.filter((x) => x.currency === currency).reduce((a, x) => a + x.amount, 0)), currency));
    const energy = days.map((d) => sumBy(d, (r) => r.energy_wh) / 1000);
    // Utilization of the day over all stations: busy connector-time over capacity, weighted by connectors.
    const utilization = days.map((d) => {
      const rows = data.filter((r) => r.date === d);
      const connectors = rows.reduce((a, r) => a + r.connectors, 0);
      return connectors === 0 ? 0 : Number(((rows.reduce((a, r) => a + Number(r.utilization) * r.connectors, 0) / connectors) * 100).toFixed(2));
    });
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t(`收入 (${currency.toUpperCase()})`, `Revenue (${currency.toUpperCase()})`), t('电量 kWh', 'Energy kWh'), t('利用率 %', 'Utilization %')] },
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: days },
      yAxis: [{ type: 'value' }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
      series: [
        { name: t(`收入 (${currency.toUpperCase()})`, `Revenue (${currency.toUpperCase()})`), type: 'bar', data: revenue },
        { name: t('电量 kWh', 'Energy kWh'), type: 'bar', data: energy },
        { name: t('利用率 %', 'Utilization %'), type: 'line', yAxisIndex: 1, data: utilization },
      ],
    };
  }, [stats.data, t]);

  const totals = stats.data?.totals;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('收入与利用率', 'Revenue and utilization')}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} addonBefore={t('从', 'From')} data-testid="stats-from" />
          <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} addonBefore={t('至', 'To')} data-testid="stats-to" />
          <Input value={station} onChange={(e) => setStation(e.target.value)} placeholder={t('桩号（可选）', 'Station (optional)')} style={{ width: 180 }} />
          <Button type="primary" onClick={() => setQuery({ from, to, station: station.trim() })} data-testid="show-stats">
            {t('查询', 'Show')}
          </Button>
        </Space>
        <ErrorAlert error={stats.error} />
        {totals !== undefined && (
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Statistic title={t('收入', 'Revenue')} value={revenueText(totals.revenue)} />
            </Col>
            <Col span={6}>
              <Statistic title={t('完成订单', 'Sessions completed')} value={totals.sessions_completed} />
            </Col>
            <Col span={6}>
              <Statistic title={t('电量', 'Energy')} value={formatEnergy(totals.energy_wh)} />
            </Col>
            <Col span={6}>
              <Statistic title={t('利用率', 'Utilization')} value={percent(totals.utilization)} />
            </Col>
          </Row>
        )}
        {option !== undefined && (
          <Suspense fallback={<Spin />}>
            <Chart option={option} height={320} testId="revenue-chart" />
          </Suspense>
        )}
      </Card>
      <Card size="small" title={t('按站点和日期', 'By station and day')}>
        <Table<Row>
          size="small"
          rowKey={(r) => `${r.station}/${r.date}`}
          loading={stats.loading}
          dataSource={stats.data?.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('桩号', 'Station'), dataIndex: 'station', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('日期', 'Date'), dataIndex: 'date' },
            { title: t('时区', 'Time zone'), dataIndex: 'timezone' },
            { title: t('枪数', 'Connectors'), dataIndex: 'connectors', align: 'right' },
            { title: t('完成订单', 'Sessions'), dataIndex: 'sessions_completed', align: 'right' },
            { title: t('电量', 'Energy'), dataIndex: 'energy_wh', align: 'right', render: (v: number) => formatEnergy(v) },
            { title: t('收入', 'Revenue'), dataIndex: 'revenue', align: 'right', render: (v: Row['revenue']) => revenueText(v) },
            { title: t('利用率', 'Utilization'), dataIndex: 'utilization', align: 'right', render: (v: string) => percent(v) },
          ]}
        />
      </Card>
    </Space>
  );
}
