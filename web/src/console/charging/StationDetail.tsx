import { Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ConnectorStatus, ErrorAlert, OnlineBadge, showError, useLoad } from './common.tsx';
import { SessionsTable } from './Sessions.tsx';
import type { Command } from './types.ts';

type Action = 'Reset' | 'ChangeAvailability' | 'UnlockConnector' | 'TriggerMessage' | 'GetConfiguration';
const ACTIONS: Action[] = ['Reset', 'ChangeAvailability', 'UnlockConnector', 'TriggerMessage', 'GetConfiguration'];
const TRIGGERS = ['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification'];

const COMMAND_COLOURS: Record<Command['status'], string> = { queued: 'default', sent: 'processing', accepted: 'success', rejected: 'warning', failed: 'error', expired: 'default' };

/** A station: its connectors with their QR codes, remote commands with their history, and its sessions. */
export default function StationDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const station = useLoad(async () => must(consoleApi.GET('/v1/charging/stations/{id}', { params: { path: { id } } })), [id]);
  const commands = useLoad(async () => (await must(consoleApi.GET('/v1/charging/stations/{id}/commands', { params: { path: { id }, query: { limit: 20 } } }))).data, [id]);

  // Poll while the station changes, and while a command waits for its answer.
  const waiting = (commands.data ?? []).some((c) => c.status === 'queued' || c.status === 'sent');
  useEffect(() => {
    const timer = setInterval(
      () => {
        void station.reload();
        void commands.reload();
      },
      waiting ? 1_500 : 5_000,
    );
    return () => clearInterval(timer);
  }, [waiting, station.reload, commands.reload]);

  const s = station.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to=".." relative="path">
        ← {t('全部充电站', 'All stations')}
      </Link>
      <ErrorAlert error={station.error} />
      {s !== undefined && (
        <Card
          title={
            <Space>
              <Typography.Text code>{s.id}</Typography.Text> {s.name} <OnlineBadge online={s.online} />
            </Space>
          }
        >
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('最后心跳', 'Last heartbeat')}>{s.last_seen_at === null ? '—' : formatTime(s.last_seen_at)}</Descriptions.Item>
            <Descriptions.Item label={t('时区', 'Time zone')}>{s.timezone}</Descriptions.Item>
            <Descriptions.Item label={t('电价', 'Tariff')}>
              <Link to={`../../tariffs/${encodeURIComponent(s.tariff)}`} relative="path">
                {s.tariff}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('厂商/型号', 'Vendor / model')}>{[s.vendor, s.model].filter((x) => x !== null).join(' ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('固件', 'Firmware')}>{s.firmware ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('场地方分成', 'Site host share')}>{s.site_host === null ? '—' : `${s.site_host.merchant} · ${(s.site_host.share_bps / 100).toFixed(2)}%`}</Descriptions.Item>
          </Descriptions>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            {s.connectors.map((c) => {
              const page = `/c/${encodeURIComponent(s.id)}/${c.id}`;
              return (
                <Col key={c.id} xs={24} sm={12} lg={6}>
                  <Card size="small" title={<ConnectorStatus connector={c} online={s.online} />}>
                    <div>
                      {c.type} · {c.max_power_w / 1000} kW
                    </div>
                    <div>{c.status_at === null ? '' : formatTime(c.status_at)}</div>
                    {c.error_code !== 'NoError' && c.error_code !== '' && <Tag color="red">{c.error_code}</Tag>}
                    <a href={`${page}/qr.svg`} target="_blank" rel="noreferrer">
                      <img src={`${page}/qr.svg`} alt={`QR ${page}`} style={{ width: 120, height: 120, display: 'block', margin: '8px 0' }} />
                    </a>
                    <a href={page} target="_blank" rel="noreferrer">
                      {page}
                    </a>
                  </Card>
                </Col>
              );
            })}
          </Row>
        </Card>
      )}
      {s !== undefined && can('charging:write') && <CommandForm stationId={s.id} connectors={s.connectors.map((c) => c.id)} onSent={() => void commands.reload()} />}
      <Card size="small" title={t('命令记录', 'Command history')}>
        <ErrorAlert error={commands.error} />
        <Table<Command>
          size="small"
          rowKey="id"
          dataSource={commands.data ?? []}
          pagination={false}
          expandable={{ expandedRowRender: (c) => <pre style={{ margin: 0 }}>{JSON.stringify({ params: c.params, result: c.result }, null, 2)}</pre> }}
          columns={[
            { title: t('时间', 'Sent'), dataIndex: 'created', render: (v: number) => formatTime(v) },
            { title: t('命令', 'Action'), dataIndex: 'action' },
            { title: t('参数', 'Params'), dataIndex: 'params', render: (v: unknown) => <Typography.Text code>{JSON.stringify(v)}</Typography.Text> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (v: Command['status']) => <Tag color={COMMAND_COLOURS[v]}>{v}</Tag> },
            {
              title: t('结果', 'Result'),
              key: 'result',
              render: (_, c) => (c.failure !== null ? <Typography.Text type="danger">{c.failure}</Typography.Text> : c.result === null ? '—' : <Typography.Text code>{JSON.stringify(c.result).slice(0, 120)}</Typography.Text>),
            },
            { title: t('尝试', 'Attempts'), dataIndex: 'attempts', align: 'right' },
            { title: t('完成', 'Completed'), dataIndex: 'completed_at', render: (v: number | null) => (v === null ? '—' : formatTime(v)) },
          ]}
        />
      </Card>
      <Card size="small" title={t('最近充电', 'Recent sessions')}>
        <SessionsTable station={id} />
      </Card>
    </Space>
  );
}

function CommandForm({ stationId, connectors, onSent }: { stationId: string; connectors: number[]; onSent(): void }) {
  const { t } = useI18n();
  const [action, setAction] = useState<Action>('Reset');
  const [resetType, setResetType] = useState<'Soft' | 'Hard'>('Soft');
  const [connectorId, setConnectorId] = useState<number>(connectors[0] ?? 1);
  const [availability, setAvailability] = useState<'Operative' | 'Inoperative'>('Inoperative');
  const [trigger, setTrigger] = useState('StatusNotification');
  const [keys, setKeys] = useState('');
  const [busy, setBusy] = useState(false);

  const params = (): Record<string, unknown> => {
    switch (action) {
      case 'Reset':
        return { type: resetType };
      case 'ChangeAvailability':
        return { connectorId, type: availability };
      case 'UnlockConnector':
        return { connectorId };
      case 'TriggerMessage':
        return connectorId === 0 ? { requestedMessage: trigger } : { requestedMessage: trigger, connectorId };
      case 'GetConfiguration': {
        const list = keys
          .split(/[\s,]+/)
          .map((k) => k.trim())
          .filter((k) => k !== '');
        return list.length === 0 ? {} : { key: list };
      }
    }
  };

  const send = async () => {
    setBusy(true);
    try {
      const command = await must(consoleApi.POST('/v1/charging/stations/{id}/commands', { params: { path: { id: stationId } }, body: { action, params: params() } }));
      void message.success(t(`已排队：${command.id}`, `Queued: ${command.id}`));
      onSent();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const connectorPicker = (withStation: boolean) => (
    <Form.Item label={t('枪', 'Connector')}>
      <Select
        value={connectorId}
        onChange={setConnectorId}
        style={{ width: 140 }}
        options={[...(withStation ? [{ value: 0, label: t('整桩 (0)', 'Station (0)') }] : []), ...connectors.map((c) => ({ value: c, label: `#${c}` }))]}
      />
    </Form.Item>
  );

  return (
    <Card size="small" title={t('远程命令', 'Remote commands')}>
      <Form layout="inline" onFinish={() => void send()}>
        <Form.Item label={t('命令', 'Action')}>
          <Select value={action} onChange={setAction} style={{ width: 190 }} options={ACTIONS.map((a) => ({ value: a, label: a }))} data-testid="command-action" />
        </Form.Item>
        {action === 'Reset' && (
          <Form.Item label={t('类型', 'Type')}>
            <Select value={resetType} onChange={setResetType} style={{ width: 110 }} options={[{ value: 'Soft', label: 'Soft' }, { value: 'Hard', label: 'Hard' }]} />
          </Form.Item>
        )}
        {action === 'ChangeAvailability' && (
          <>
            {connectorPicker(true)}
            <Form.Item label={t('可用性', 'Availability')}>
              <Select value={availability} onChange={setAvailability} style={{ width: 140 }} options={[{ value: 'Operative', label: 'Operative' }, { value: 'Inoperative', label: 'Inoperative' }]} />
            </Form.Item>
          </>
        )}
        {action === 'UnlockConnector' && connectorPicker(false)}
        {action === 'TriggerMessage' && (
          <>
            <Form.Item label={t('消息', 'Message')}>
              <Select value={trigger} onChange={setTrigger} style={{ width: 240 }} options={TRIGGERS.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
            {connectorPicker(true)}
          </>
        )}
        {action === 'GetConfiguration' && (
          <Form.Item label={t('配置项（留空为全部）', 'Keys (empty: all)')}>
            <Input value={keys} onChange={(e) => setKeys(e.target.value)} placeholder="HeartbeatInterval, MeterValueSampleInterval" style={{ width: 320 }} />
          </Form.Item>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="send-command">
            {t('发送', 'Send')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
