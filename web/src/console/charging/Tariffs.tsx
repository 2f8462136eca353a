import { Button, Card, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ErrorAlert, TIER_COLOURS, useLoad } from './common.tsx';
import type { Tariff, Tier } from './types.ts';

/** The operator's tariffs at their current versions, each with its day at a glance. */
export default function Tariffs() {
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const tariffs = useLoad(async () => (await must(consoleApi.GET('/v1/charging/tariffs', { params: { query: { limit: 100 } } }))).data, []);
  return (
    <Card
      title={t('电价方案', 'Tariffs')}
      extra={
        <Space>
          <Button onClick={() => void tariffs.reload()}>{t('刷新', 'Refresh')}</Button>
          {can('charging:write') && (
            <Link to="new">
              <Button type="primary">{t('新建电价', 'New tariff')}</Button>
            </Link>
          )}
        </Space>
      }
    >
      <ErrorAlert error={tariffs.error} />
      <Table<Tariff>
        size="small"
        rowKey="id"
        loading={tariffs.loading}
        dataSource={tariffs.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('电价', 'Tariff'),
            key: 'name',
            render: (_, x) => (
              <Link to={encodeURIComponent(x.id)}>
                {x.name} <Typography.Text code>{x.id}</Typography.Text>
              </Link>
            ),
          },
          { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          {
            title: t('时段', 'Day'),
            key: 'slots',
            render: (_, x) => (
              <div style={{ display: 'flex', width: 240, height: 12 }}>
                {x.slots.map((tier, i) => (
                  <div key={i} style={{ flex: 1, background: TIER_COLOURS[tier as Tier] ?? '#ccc' }} />
                ))}
              </div>
            ),
          },
          { title: t('最低预授权', 'Minimum hold'), key: 'hold', align: 'right', render: (_, x) => formatMoney(x.min_hold_amount, x.currency) },
          { title: t('占位费/分钟', 'Idle fee / min'), key: 'idle', align: 'right', render: (_, x) => `${formatMoney(x.idle_fee_per_minute, x.currency)} (${x.idle_grace_minutes} min)` },
          { title: t('更新时间', 'Updated'), dataIndex: 'updated', render: (v: number) => formatTime(v) },
        ]}
      />
    </Card>
  );
}
