import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatEnergy, formatMoney, formatTime } from '../../money.ts';
import { ErrorAlert, SessionStatus, useLoad } from './common.tsx';
import type { Session } from './types.ts';
import { serverNowMs } from '../session.tsx';

type Status = Session['status'];
const STATUSES: Status[] = ['starting', 'charging', 'finishing', 'completed', 'failed'];

function duration(session: Session): string {
  if (session.started_at === null) return '—';
  const end = session.stopped_at ?? Math.floor(serverNowMs() / 1000);
  const minutes = Math.max(0, Math.round((end - session.started_at) / 60));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Sessions, newest first, by station and status; running ones refresh every few seconds (their amount is the API's running cost). */
export function SessionsTable({ station, status, refresh = 0 }: { station?: string; status?: Status; refresh?: number }) {
  const { t } = useI18n();
  const sessions = useLoad(
    async () => (await must(consoleApi.GET('/v1/charging/sessions', { params: { query: { limit: 100, ...(station === undefined || station === '' ? {} : { station }), ...(status === undefined ? {} : { status }) } } }))).data,
    [station, status, refresh],
  );
  const running = (sessions.data ?? []).some((s) => s.status === 'starting' || s.status === 'charging' || s.status === 'finishing');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void sessions.reload(), 3_000);
    return () => clearInterval(timer);
  }, [running, sessions.reload]);

  const link = (id: string) => `/console/charging/sessions/${encodeURIComponent(id)}`;
  return (
    <>
      <ErrorAlert error={sessions.error} />
      <Table<Session>
        size="small"
        rowKey="id"
        loading={sessions.loading && sessions.data === undefined}
        dataSource={sessions.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('会话', 'Session'),
            dataIndex: 'id',
            render: (v: string) => (
              <Link to={link(v)}>
                <Typography.Text code>{v}</Typography.Text>
              </Link>
            ),
          },
          { title: t('桩 / 枪', 'Station / connector'), key: 'where', render: (_, s) => `${s.station} #${s.connector}` },
          { title: t('状态', 'State'), dataIndex: 'status', render: (v: Status) => <SessionStatus status={v} /> },
          { title: t('电量', 'Energy'), dataIndex: 'energy_wh', align: 'right', render: (v: number) => formatEnergy(v) },
          { title: t('功率', 'Power'), dataIndex: 'power_w', align: 'right', render: (v: number | null) => (v === null ? '—' : `${(v / 1000).toFixed(1)} kW`) },
          {
            title: t('金额', 'Amount'),
            key: 'amount',
            align: 'right',
            render: (_, s) => (
              <span>
                <strong>{formatMoney(s.amount, s.currency)}</strong>
                {s.status === 'charging' && <Typography.Text type="secondary"> {t('(进行中)', '(running)')}</Typography.Text>}
              </span>
            ),
          },
          { title: t('预授权', 'Hold'), key: 'hold', align: 'right', render: (_, s) => formatMoney(s.hold_amount, s.currency) },
          { title: t('付款方式', 'Payer'), dataIndex: 'payer' },
          { title: t('开始', 'Started'), dataIndex: 'started_at', render: (v: number | null) => (v === null ? '—' : formatTime(v)) },
          { title: t('时长', 'Duration'), key: 'duration', render: (_, s) => duration(s) },
          { title: t('标记', 'Flags'), dataIndex: 'flags', render: (v: string[]) => v.map((f) => <Tag key={f} color="orange">{f}</Tag>) },
        ]}
      />
    </>
  );
}

/** The charging sessions page: filters by station and state. */
export default function Sessions() {
  const { t } = useI18n();
  const [station, setStation] = useState('');
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [refresh, setRefresh] = useState(0);
  return (
    <Card
      title={t('充电订单', 'Charging sessions')}
      extra={
        <Space>
          <Input.Search placeholder={t('桩号', 'Station id')} allowClear onSearch={(v) => setStation(v.trim())} style={{ width: 200 }} />
          <Select
            allowClear
            placeholder={t('全部状态', 'Any state')}
            value={status}
            onChange={(v) => setStatus(v)}
            style={{ width: 140 }}
            options={STATUSES.map((s) => ({ value: s, label: s }))}
          />
          <Button onClick={() => setRefresh((n) => n + 1)}>{t('刷新', 'Refresh')}</Button>
        </Space>
      }
    >
      <SessionsTable station={station} refresh={refresh} {...(status === undefined ? {} : { status })} />
    </Card>
  );
}
