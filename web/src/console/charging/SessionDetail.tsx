import { Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatEnergy, formatMoney, formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ErrorAlert, SessionStatus, TIER_COLOURS, showError, tierName, useLoad } from './common.tsx';
import type { Session, Tier } from './types.ts';

type LineItem = Session['line_items'][number];

/** One session: energy, power and running cost (refreshed while it runs), the price by tier, and Stop. */
export default function SessionDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const session = useLoad(async () => must(consoleApi.GET('/v1/charging/sessions/{id}', { params: { path: { id } } })), [id]);
  const [stopping, setStopping] = useState(false);
  const s = session.data;
  const running = s !== undefined && (s.status === 'starting' || s.status === 'charging' || s.status === 'finishing');

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void session.reload(), 2_000);
    return () => clearInterval(timer);
  }, [running, session.reload]);

  const stop = async () => {
    setStopping(true);
    try {
      await must(consoleApi.POST('/v1/charging/sessions/{id}/stop', { params: { path: { id } } }));
      void message.success(t('已发送停止命令', 'Stop sent to the station'));
      await session.reload();
    } catch (e) {
      showError(e);
    } finally {
      setStopping(false);
    }
  };

  const lineLabel = (l: LineItem) => {
    switch (l.type) {
      case 'energy':
        return `${t('电费', 'Electricity')} · ${tierName(l.tier ?? '', t)}`;
      case 'service':
        return `${t('服务费', 'Service')} · ${tierName(l.tier ?? '', t)}`;
      case 'idle':
        return t('占位费', 'Idle fee');
      case 'session_fee':
        return t('单次费用', 'Session fee');
      case 'cap':
        return t('超出预授权（不收取）', 'Beyond the hold (not charged)');
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to=".." relative="path">
        ← {t('全部充电订单', 'All sessions')}
      </Link>
      <ErrorAlert error={session.error} />
      {s !== undefined && (
        <Card
          title={
            <Space>
              <Typography.Text code>{s.id}</Typography.Text>
              <SessionStatus status={s.status} />
            </Space>
          }
          extra={
            s.status === 'charging' && can('charging:write') ? (
              <Popconfirm title={t('向充电桩发送停止命令？', 'Send RemoteStopTransaction to the station?')} onConfirm={() => void stop()} okText={t('停止', 'Stop')} cancelText={t('取消', 'Cancel')} okButtonProps={{ 'data-testid': 'confirm-stop' }}>
                <Button danger loading={stopping} data-testid="stop-session">
                  {t('停止充电', 'Stop charging')}
                </Button>
              </Popconfirm>
            ) : null
          }
        >
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('充电桩', 'Station')}>
              <Link to={`/console/charging/stations/${encodeURIComponent(s.station)}`}>{s.station}</Link> #{s.connector}
            </Descriptions.Item>
            <Descriptions.Item label={t('电量', 'Energy')}>{formatEnergy(s.energy_wh)}</Descriptions.Item>
            <Descriptions.Item label={t('功率', 'Power')}>{s.power_w === null ? '—' : `${(s.power_w / 1000).toFixed(1)} kW`}</Descriptions.Item>
            <Descriptions.Item label={running ? t('当前费用', 'Running cost') : t('金额', 'Amount')}>
              <strong>{formatMoney(s.amount, s.currency)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('按电价计', 'Priced')}>{formatMoney(s.priced_amount, s.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('预授权', 'Hold')}>{formatMoney(s.hold_amount, s.currency)}</Descriptions.Item>
            <Descriptions.Item label={t('电价', 'Tariff')}>
              <Link to={`/console/charging/tariffs/${encodeURIComponent(s.tariff.id)}`}>{s.tariff.id}</Link> v{s.tariff.version}
            </Descriptions.Item>
            <Descriptions.Item label={t('付款方式', 'Payer')}>{s.payer}</Descriptions.Item>
            <Descriptions.Item label={t('支付单', 'Payment')}>{s.payment_intent ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('交易号', 'Transaction')}>{s.transaction_id ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('开始', 'Started')}>{s.started_at === null ? '—' : formatTime(s.started_at)}</Descriptions.Item>
            <Descriptions.Item label={t('结束', 'Stopped')}>{s.stopped_at === null ? '—' : formatTime(s.stopped_at)}</Descriptions.Item>
            <Descriptions.Item label={t('停止原因', 'Stop reason')}>{s.stop_reason ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('失败原因', 'Failure')}>{s.failure_reason ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('标记', 'Flags')}>{s.flags.length === 0 ? '—' : s.flags.map((f) => <Tag key={f} color="orange">{f}</Tag>)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {s !== undefined && (
        <Card size="small" title={t('费用明细', 'Price breakdown')}>
          <Table<LineItem>
            size="small"
            rowKey={(l) => `${l.type}-${l.tier ?? ''}`}
            dataSource={s.line_items}
            pagination={false}
            locale={{ emptyText: t('暂无计费', 'Nothing priced yet') }}
            columns={[
              {
                title: t('项目', 'Line'),
                key: 'line',
                render: (_, l) => (
                  <Space>
                    {l.tier !== undefined && <span style={{ display: 'inline-block', width: 10, height: 10, background: TIER_COLOURS[l.tier as Tier] ?? '#999', borderRadius: 2 }} />}
                    {lineLabel(l)}
                  </Space>
                ),
              },
              { title: t('数量', 'Quantity'), key: 'qty', align: 'right', render: (_, l) => (l.energy_wh !== undefined ? formatEnergy(l.energy_wh) : l.minutes !== undefined ? `${l.minutes} min` : '—') },
              {
                title: t('单价', 'Unit price'),
                key: 'unit',
                align: 'right',
                render: (_, l) =>
                  l.unit_price === undefined ? '—' : l.type === 'idle' && /^\d+$/.test(l.unit_price) ? `${formatMoney(l.unit_price, s.currency)}/min` : `${l.unit_price} ${s.currency.toUpperCase()}/kWh`,
              },
              { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (v: number) => formatMoney(v, s.currency) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>
                  <strong>{t('合计', 'Total')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <strong>{formatMoney(s.amount, s.currency)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
