import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatEnergy, formatMoney, formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ConnectorStatus, ErrorAlert, OnlineBadge, ageText, showError, useLoad } from './common.tsx';
import { useLiveStations, type LiveStation } from './live.ts';
import type { PendingStation } from './types.ts';

/** The operator's sites: each station online or not, its last heartbeat, and each connector's live status and session. */
export default function Stations() {
  const { t } = useI18n();
  const { stations, error, live, refresh } = useLiveStations();
  const [query, setQuery] = useState('');
  const shown = (stations ?? []).filter((s) => query === '' || s.id.toLowerCase().includes(query.toLowerCase()) || s.name.toLowerCase().includes(query.toLowerCase()));
  const online = (stations ?? []).filter((s) => s.online).length;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            {t('充电站', 'Stations')}
            <Typography.Text type="secondary" data-testid="stations-summary">
              {t(`${online} / ${(stations ?? []).length} 在线`, `${online} of ${(stations ?? []).length} online`)}
            </Typography.Text>
            <Tag color={live ? 'green' : 'default'}>{live ? t('实时', 'Live') : t('轮询', 'Polling')}</Tag>
          </Space>
        }
        extra={
          <Space>
            <Input.Search placeholder={t('桩号或名称', 'Station id or name')} allowClear onSearch={setQuery} onChange={(e) => setQuery(e.target.value)} style={{ width: 220 }} />
            <Button onClick={() => void refresh()}>{t('刷新', 'Refresh')}</Button>
          </Space>
        }
      >
        <ErrorAlert error={error} />
        <Table<LiveStation>
          size="small"
          rowKey="id"
          loading={stations === undefined && error === undefined}
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(s) => ({ 'data-testid': `station-row-${s.id}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('桩号', 'Station'),
              key: 'id',
              render: (_, s) => (
                <Link to={encodeURIComponent(s.id)}>
                  <Typography.Text code>{s.id}</Typography.Text>
                </Link>
              ),
            },
            { title: t('名称', 'Name'), dataIndex: 'name' },
            { title: t('状态', 'State'), key: 'online', render: (_, s) => <OnlineBadge online={s.online} /> },
            {
              title: t('最后心跳', 'Last heartbeat'),
              key: 'seen',
              render: (_, s) => (s.last_seen_at === null ? '—' : <Tooltip title={formatTime(s.last_seen_at)}>{t(`${ageText(s.last_seen_at, t)}前`, `${ageText(s.last_seen_at, t)} ago`)}</Tooltip>),
            },
            {
              title: t('枪', 'Connectors'),
              key: 'connectors',
              render: (_, s) => (
                <Space size={[4, 4]} wrap>
                  {s.connectors.map((c) => (
                    <span key={c.id}>
                      <ConnectorStatus connector={c} online={s.online} />
                      {c.session !== undefined && c.session !== null && (
                        <Link to={`../sessions/${c.session.id}`}>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatEnergy(c.session.energy_wh)} · {formatMoney(c.session.amount, c.session.currency)}
                            {c.session.power_w !== null ? ` · ${(c.session.power_w / 1000).toFixed(1)} kW` : ''}
                          </Typography.Text>
                        </Link>
                      )}
                    </span>
                  ))}
                </Space>
              ),
            },
            { title: t('型号', 'Model'), key: 'model', render: (_, s) => [s.vendor, s.model, s.firmware].filter((x) => x !== null).join(' ') || '—' },
            {
              title: t('电价', 'Tariff'),
              dataIndex: 'tariff',
              render: (v: string) => (
                <Link to={`../tariffs/${encodeURIComponent(v)}`}>
                  <Typography.Text code>{v}</Typography.Text>
                </Link>
              ),
            },
          ]}
        />
      </Card>
      <PendingStations onApproved={() => void refresh()} />
    </Space>
  );
}

/** Stations that connected with the enrollment key and wait for the operator to approve or reject them. */
function PendingStations({ onApproved }: { onApproved(): void }) {
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const pending = useLoad(async () => (await must(consoleApi.GET('/v1/charging/pending_stations', { params: { query: { limit: 100 } } }))).data, []);
  const tariffs = useLoad(async () => (await must(consoleApi.GET('/v1/charging/tariffs', { params: { query: { limit: 100 } } }))).data, []);
  const [approving, setApproving] = useState<PendingStation | undefined>();
  const [form] = Form.useForm<{ name: string; timezone: string; tariff: string; password: string; connectors: number; type: string; power_kw: number }>();
  const [busy, setBusy] = useState(false);

  if ((pending.data ?? []).length === 0 && pending.error === undefined) return null;

  const reject = async (id: string) => {
    try {
      await must(consoleApi.POST('/v1/charging/pending_stations/{id}/reject', { params: { path: { id } }, body: {} }));
      await pending.reload();
    } catch (e) {
      showError(e);
    }
  };

  const approve = async () => {
    if (approving === undefined) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await must(
        consoleApi.POST('/v1/charging/pending_stations/{id}/approve', {
          params: { path: { id: approving.id } },
          body: {
            name: v.name,
            timezone: v.timezone,
            tariff: v.tariff,
            password: v.password,
            connectors: Array.from({ length: v.connectors }, (_, i) => ({ id: i + 1, type: v.type, max_power_w: Math.round(v.power_kw * 1000) })),
          },
        }),
      );
      void message.success(t('已批准', 'Approved'));
      setApproving(undefined);
      await pending.reload();
      onApproved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('待审批的新桩', 'Pending stations')} size="small">
      <ErrorAlert error={pending.error} />
      <Table<PendingStation>
        size="small"
        rowKey="id"
        dataSource={pending.data ?? []}
        pagination={false}
        columns={[
          { title: t('桩号', 'Station'), dataIndex: 'id', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('型号', 'Model'), key: 'model', render: (_, s) => [s.vendor, s.model, s.firmware].filter((x) => x !== null).join(' ') || '—' },
          { title: t('首次连接', 'First seen'), dataIndex: 'created', render: (v: number) => formatTime(v) },
          { title: t('最近连接', 'Last seen'), dataIndex: 'last_seen_at', render: (v: number | null) => (v === null ? '—' : formatTime(v)) },
          {
            title: '',
            key: 'act',
            render: (_, s) =>
              can('charging:write') ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => {
                      form.setFieldsValue({ name: s.id, timezone: 'Asia/Shanghai', tariff: tariffs.data?.[0]?.id, password: '', connectors: 2, type: 'GB/T DC', power_kw: 60 });
                      setApproving(s);
                    }}
                  >
                    {t('批准', 'Approve')}
                  </Button>
                  <Button size="small" danger onClick={() => void reject(s.id)}>
                    {t('拒绝', 'Reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={approving !== undefined} title={t(`批准 ${approving?.id ?? ''}`, `Approve ${approving?.id ?? ''}`)} onOk={() => void approve()} confirmLoading={busy} onCancel={() => setApproving(undefined)} okText={t('批准', 'Approve')} cancelText={t('取消', 'Cancel')}>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="timezone" label={t('时区', 'Time zone')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="tariff" label={t('电价', 'Tariff')} rules={[{ required: true }]}>
            <Select options={(tariffs.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))} />
          </Form.Item>
          <Form.Item name="password" label={t('桩密码（桩将以此重新连接）', 'Station password (it reconnects with it)')} rules={[{ required: true }]}>
            <Input.Password />
          </Form.Item>
          <Space>
            <Form.Item name="connectors" label={t('枪数', 'Connectors')} rules={[{ required: true }]}>
              <InputNumber min={1} max={16} precision={0} />
            </Form.Item>
            <Form.Item name="type" label={t('类型', 'Type')} rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={['GB/T DC', 'GB/T AC', 'CCS2', 'Type 2', 'CHAdeMO'].map((x) => ({ value: x, label: x }))} />
            </Form.Item>
            <Form.Item name="power_kw" label={t('功率 kW', 'Power kW')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
