import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { WebhookDelivery, WebhookEndpoint } from '../components/api.ts';
import { ErrorAlert, Id, PageTitle, StatusTag, Time, useLoad, useShowError } from '../components/common.tsx';
import { Pager, useCursor } from '../components/Pager.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { useConsoleSession } from '../session.tsx';
import { DeliveriesTable } from './PaymentDetail.tsx';

const EVENT_TYPES = ['*', 'payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.processing', 'payment_intent.requires_action', 'payment_intent.amount_capturable_updated', 'payment_intent.canceled', 'payment_intent.created', 'charge.refunded'];

/** Webhook endpoints (a merchant's) and deliveries with retry. */
export default function WebhooksPage() {
  const { t } = useI18n();
  const { isOperator } = useConsoleSession();
  const [endpoint, setEndpoint] = useState<string | undefined>(undefined);
  return (
    <div>
      <PageTitle>Webhooks</PageTitle>
      {!isOperator && <Endpoints selected={endpoint} onSelect={setEndpoint} />}
      <Card size="small" title={endpoint === undefined ? t('投递记录', 'Deliveries') : t(`投递记录：${endpoint}`, `Deliveries to ${endpoint}`)} extra={endpoint !== undefined && <Button size="small" onClick={() => setEndpoint(undefined)}>{t('全部', 'All')}</Button>}>
        <DeliveryList endpoint={endpoint} />
      </Card>
    </div>
  );
}

function Endpoints({ selected, onSelect }: { selected: string | undefined; onSelect: (id: string) => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/webhook_endpoints')), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [form] = Form.useForm<{ url: string; enabled_events: string[]; description?: string }>();
  const create = async (v: { url: string; enabled_events: string[]; description?: string }) => {
    try {
      const created = await must(consoleApi.POST('/v1/webhook_endpoints', { body: { url: v.url.trim(), enabled_events: v.enabled_events, ...(v.description ? { description: v.description } : {}) } }));
      setCreating(false);
      form.resetFields();
      setSecret(created.secret);
      loaded.reload();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Card size="small" title={t('端点', 'Endpoints')} style={{ marginBottom: 16 }} extra={<Button type="primary" size="small" onClick={() => setCreating(true)}>{t('添加端点', 'Add endpoint')}</Button>}>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Table<WebhookEndpoint>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loaded.loading}
        dataSource={loaded.data?.data ?? []}
        rowClassName={(row) => (row.id === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: 'ID', dataIndex: 'id', render: (v: string) => <Id value={v} /> },
          { title: 'URL', dataIndex: 'url' },
          { title: t('事件', 'Events'), dataIndex: 'enabled_events', render: (v: string[]) => v.map((e) => <Tag key={e}>{e}</Tag>) },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('创建时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
          { title: '', key: 'show', render: (_: unknown, row) => <Button size="small" onClick={() => onSelect(row.id)}>{t('查看投递', 'Deliveries')}</Button> },
        ]}
      />
      <Modal open={creating} title={t('添加端点', 'Add endpoint')} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ enabled_events: ['*'] }}>
          <Form.Item name="url" label="URL" rules={[{ required: true, type: 'url' }]}>
            <Input placeholder="https://example.com/paygrid/webhooks" />
          </Form.Item>
          <Form.Item name="enabled_events" label={t('事件', 'Events')} rules={[{ required: true }]}>
            <Select mode="multiple" options={EVENT_TYPES.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
          <Form.Item name="description" label={t('备注', 'Description')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnce open={secret !== undefined} title={t('签名密钥', 'Signing secret')} secrets={secret === undefined ? [] : [{ label: 'whsec', value: secret }]} onClose={() => setSecret(undefined)} />
    </Card>
  );
}

function DeliveryList({ endpoint }: { endpoint: string | undefined }) {
  const { t } = useI18n();
  const cursor = useCursor();
  const [status, setStatus] = useState<WebhookDelivery['status'] | undefined>(undefined);
  const loaded = useLoad(
    () =>
      must(
        consoleApi.GET('/v1/webhook_deliveries', {
          params: { query: { limit: 20, ...(endpoint === undefined ? {} : { endpoint }), ...(status === undefined ? {} : { status }), ...(cursor.cursor === undefined ? {} : { starting_after: cursor.cursor }) } },
        }),
      ),
    [endpoint, status, cursor.cursor],
  );
  const rows = loaded.data?.data ?? [];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('状态', 'Status')}
          style={{ width: 160 }}
          value={status}
          onChange={(v: WebhookDelivery['status'] | undefined) => {
            cursor.reset();
            setStatus(v);
          }}
          options={(['pending', 'succeeded', 'failed', 'canceled'] as const).map((s) => ({ value: s, label: s }))}
        />
      </Space>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <DeliveriesTable rows={rows} loading={loaded.loading} onRetried={loaded.reload} />
      <Pager page={cursor.page} hasMore={loaded.data?.has_more ?? false} lastId={rows[rows.length - 1]?.id} onNext={cursor.next} onPrevious={cursor.previous} />
    </>
  );
}
