import { Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, parseMoney } from '../../money.ts';
import type { EventObject, LedgerTransfer, PaymentIntent, Refund, WebhookDelivery } from '../components/api.ts';
import { ErrorAlert, Id, LoadFailure, Money, PageTitle, StatusTag, Time, paymentDisplayStatus, useLoad, useShowError } from '../components/common.tsx';
import { useConsoleSession } from '../session.tsx';

/**
 * One payment: amounts and state, the risk decision, the ledger transfers
 * (operators), refunds, events and their webhook deliveries; and the refund
 * action, which reloads every part of the page from the API when it is done.
 */
export default function PaymentDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { isOperator, can } = useConsoleSession();
  const [version, setVersion] = useState(0);
  const loaded = useLoad(() => must(consoleApi.GET('/v1/payment_intents/{id}', { params: { path: { id } } })), [id, version]);
  const intent = loaded.data;
  if (loaded.error !== undefined) return <LoadFailure error={loaded.error} onRetry={loaded.reload} />;
  if (intent === undefined) return <Card loading />;
  const refundable = intent.amount_received - intent.amount_refunded;
  const display = paymentDisplayStatus(intent);
  const items = [
    { key: 'refunds', label: t('退款', 'Refunds'), children: <RefundsTab intentId={id} version={version} /> },
    { key: 'risk', label: t('风控决策', 'Risk decision'), children: <RiskTab intent={intent} operator={isOperator && can('risk:read')} /> },
    ...(isOperator && can('ledger:read') ? [{ key: 'ledger', label: t('账本分录', 'Ledger postings'), children: <LedgerTab intentId={id} version={version} /> }] : []),
    { key: 'events', label: t('事件与 Webhook', 'Events & webhooks'), children: <EventsTab intentId={id} version={version} /> },
  ];
  return (
    <div>
      <PageTitle
        extra={
          can('refunds:write') &&
          intent.status === 'succeeded' &&
          refundable > 0 && <RefundButton intent={intent} refundable={refundable} onDone={() => setVersion((v) => v + 1)} />
        }
      >
        <Space>
          {t('支付详情', 'Payment')}
          <Typography.Text code>{intent.id}</Typography.Text>
          <StatusTag status={display} testId="payment-status" />
        </Space>
      </PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('金额', 'Amount')}>
            <Money amount={intent.amount} currency={intent.currency} strong testId="payment-amount" />
          </Descriptions.Item>
          <Descriptions.Item label={t('已收款', 'Received')}>
            <Money amount={intent.amount_received} currency={intent.currency} />
          </Descriptions.Item>
          <Descriptions.Item label={t('已退款', 'Refunded')}>
            <Money amount={intent.amount_refunded} currency={intent.currency} testId="payment-refunded" />
          </Descriptions.Item>
          <Descriptions.Item label={t('待扣款', 'Capturable')}>
            <Money amount={intent.amount_capturable} currency={intent.currency} />
          </Descriptions.Item>
          <Descriptions.Item label={t('平台手续费', 'Platform fee')}>
            <Money amount={intent.application_fee_amount} currency={intent.currency} />
          </Descriptions.Item>
          <Descriptions.Item label={t('状态', 'Status')}>{intent.status}</Descriptions.Item>
          <Descriptions.Item label={t('支付方式', 'Method')}>
            {intent.payment_method_type ?? '—'} {intent.payment_method !== null && <Id value={intent.payment_method} />}
          </Descriptions.Item>
          <Descriptions.Item label={t('消费者', 'Customer')}>
            <Id value={intent.customer} {...(isOperator && intent.customer !== null ? { to: `/console/customers/${intent.customer}` } : {})} />
          </Descriptions.Item>
          <Descriptions.Item label={t('扣款方式', 'Capture')}>{intent.capture_method}</Descriptions.Item>
          <Descriptions.Item label={t('创建时间', 'Created')}>
            <Time value={intent.created} />
          </Descriptions.Item>
          <Descriptions.Item label={t('描述', 'Description')}>{intent.description || '—'}</Descriptions.Item>
          {intent.last_payment_error !== null && (
            <Descriptions.Item label={t('最近错误', 'Last error')}>
              <Tag color="red">{intent.last_payment_error.decline_code ?? intent.last_payment_error.code}</Tag> {intent.last_payment_error.message}
            </Descriptions.Item>
          )}
          {intent.canceled_at !== null && (
            <Descriptions.Item label={t('取消', 'Canceled')}>
              <Time value={intent.canceled_at} /> {intent.cancellation_reason}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs items={items} />
      </Card>
    </div>
  );
}

function RefundButton({ intent, refundable, onDone }: { intent: PaymentIntent; refundable: number; onDone: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ kind: 'full' | 'partial'; amount?: string; reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer' }>();
  const kind = Form.useWatch('kind', form);

  async function submit(values: { kind: 'full' | 'partial'; amount?: string; reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer' }) {
    const amount = values.kind === 'partial' ? parseMoney(values.amount ?? '', intent.currency) : undefined;
    setBusy(true);
    try {
      await must(
        consoleApi.POST('/v1/refunds', {
          body: { payment_intent: intent.id, ...(amount === undefined ? {} : { amount: Number(amount) }), ...(values.reason === undefined ? {} : { reason: values.reason }) },
        }),
      );
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button danger type="primary" onClick={() => setOpen(true)} data-testid="refund-button">
        {t('退款', 'Refund')}
      </Button>
      <Modal open={open} title={t('退款', 'Refund')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('确认退款', 'Refund')} okButtonProps={{ danger: true, id: 'refund-confirm' }} destroyOnHidden>
        <Typography.Paragraph>
          {t('可退金额', 'Refundable')}: <strong>{formatMoney(refundable, intent.currency, lang)}</strong>
        </Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ kind: 'full' }} onFinish={submit}>
          <Form.Item name="kind">
            <Radio.Group
              options={[
                { value: 'full', label: t('全额退款', 'Full refund') },
                { value: 'partial', label: t('部分退款', 'Partial refund') },
              ]}
            />
          </Form.Item>
          {kind === 'partial' && (
            <Form.Item
              name="amount"
              label={t(`金额（${intent.currency.toUpperCase()}，元）`, `Amount (${intent.currency.toUpperCase()}, major units)`)}
              rules={[
                {
                  validator: async (_, value: string | undefined) => {
                    const minor = parseMoney(value ?? '', intent.currency);
                    if (minor === undefined || minor <= 0n) throw new Error(t('请输入有效金额，如 12.50', 'Enter an amount such as 12.50'));
                    if (minor > BigInt(refundable)) throw new Error(t('超过可退金额', 'More than is refundable'));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" placeholder="12.50" data-testid="refund-amount" />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('原因', 'Reason')}>
            <Select
              allowClear
              options={[
                { value: 'requested_by_customer', label: t('客户要求', 'Requested by customer') },
                { value: 'duplicate', label: t('重复支付', 'Duplicate') },
                { value: 'fraudulent', label: t('欺诈', 'Fraudulent') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function RefundsTab({ intentId, version }: { intentId: string; version: number }) {
  const { t } = useI18n();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/refunds', { params: { query: { payment_intent: intentId, limit: 100 } } })), [intentId, version]);
  return (
    <>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Table<Refund>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loaded.loading}
        dataSource={loaded.data?.data ?? []}
        data-testid="refunds-table"
        columns={[
          { title: 'ID', dataIndex: 'id', render: (v: string) => <Id value={v} /> },
          { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (_: number, r) => <Money amount={r.amount} currency={r.currency} /> },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('原因', 'Reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
          { title: t('退还手续费', 'Fee returned'), dataIndex: 'fee_returned', align: 'right', render: (_: number, r) => <Money amount={r.fee_returned} currency={r.currency} /> },
          { title: t('失败原因', 'Failure'), dataIndex: 'failure_reason', render: (v: string | null) => v ?? '—' },
          { title: t('时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
        ]}
      />
    </>
  );
}

function RiskTab({ intent, operator }: { intent: PaymentIntent; operator: boolean }) {
  const { t } = useI18n();
  const decisions = useLoad(() => (operator ? must(consoleApi.GET('/v1/risk/decisions', { params: { query: { subject: intent.id } } })) : Promise.resolve(undefined)), [intent.id, operator]);
  const risk = intent.risk;
  return (
    <>
      {risk === null ? (
        <Typography.Paragraph type="secondary">{t('尚未经过风控评分。', 'Not scored yet.')}</Typography.Paragraph>
      ) : (
        <Descriptions size="small" bordered column={2} data-testid="risk-decision">
          <Descriptions.Item label={t('决策', 'Decision')}>
            <StatusTag status={risk.decision} />
          </Descriptions.Item>
          <Descriptions.Item label={t('评分', 'Score')}>{risk.score}</Descriptions.Item>
          <Descriptions.Item label={t('规则', 'Rule')}>{risk.rule ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('模型版本', 'Model')}>{risk.model_version ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('原因', 'Reasons')} span={2}>
            {risk.reasons.length === 0 ? '—' : risk.reasons.map((r) => <div key={r.code}><Tag>{r.code}</Tag> {r.message}</div>)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {operator && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('全部决策记录', 'Every decision')}
          </Typography.Title>
          <ErrorAlert error={decisions.error} onRetry={decisions.reload} />
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            loading={decisions.loading}
            dataSource={decisions.data?.data ?? []}
            columns={[
              { title: t('时间', 'Time'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
              { title: t('决策', 'Decision'), dataIndex: 'decision', render: (v: string) => <StatusTag status={v} /> },
              { title: t('评分', 'Score'), dataIndex: 'score' },
              { title: t('规则', 'Rule'), dataIndex: 'rule', render: (v: { id: string; version: number } | null) => (v === null ? '—' : `${v.id} v${v.version}`) },
              { title: t('原因', 'Reasons'), dataIndex: 'reasons', render: (v: { code: string }[]) => v.map((r) => <Tag key={r.code}>{r.code}</Tag>) },
              { title: t('模型', 'Model'), dataIndex: 'model_version', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </>
      )}
    </>
  );
}

function LedgerTab({ intentId, version }: { intentId: string; version: number }) {
  const { t } = useI18n();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/payment_intents/{id}/ledger', { params: { path: { id: intentId } } })), [intentId, version]);
  const ledgerOf = new Map((loaded.data?.accounts ?? []).map((a) => [a.id, a.ledger]));
  return (
    <>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Table<LedgerTransfer>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loaded.loading}
        dataSource={loaded.data?.transfers ?? []}
        data-testid="ledger-table"
        columns={[
          { title: t('转账 ID', 'Transfer'), dataIndex: 'id', render: (v: string) => <Id value={v} /> },
          { title: t('借方账户', 'Debit account'), dataIndex: 'debit_account_id', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('贷方账户', 'Credit account'), dataIndex: 'credit_account_id', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (_: number, r) => <Money amount={r.amount} currency={r.ledger} /> },
          { title: t('类型', 'Kind'), dataIndex: 'flags', render: (_: unknown, r) => transferKind(r) },
          { title: t('代码', 'Code'), dataIndex: 'code' },
          { title: t('时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('各账户净变动（贷方减借方）', 'Net effect per account (credits less debits)')}
      </Typography.Title>
      <Table
        rowKey="account"
        size="small"
        pagination={false}
        dataSource={loaded.data?.net ?? []}
        data-testid="ledger-net"
        columns={[
          { title: t('账户', 'Account'), dataIndex: 'account', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('已过账', 'Posted'), dataIndex: 'posted', align: 'right', render: (v: number, r) => <Money amount={v} currency={ledgerOf.get(r.account) ?? 'CNY'} /> },
          { title: t('冻结中', 'Pending'), dataIndex: 'pending', align: 'right', render: (v: number, r) => <Money amount={v} currency={ledgerOf.get(r.account) ?? 'CNY'} /> },
        ]}
      />
    </>
  );
}

function transferKind(transfer: LedgerTransfer): string {
  if (transfer.flags.pending) return 'pending (hold)';
  if (transfer.flags.post_pending) return 'post';
  if (transfer.flags.void_pending) return 'void';
  return 'posted';
}

function EventsTab({ intentId, version }: { intentId: string; version: number }) {
  const { t } = useI18n();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/events', { params: { query: { object_id: intentId, limit: 100 } } })), [intentId, version]);
  return (
    <>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Table<EventObject>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loaded.loading}
        dataSource={loaded.data?.data ?? []}
        data-testid="events-table"
        expandable={{ expandedRowRender: (event) => <Deliveries eventId={event.id} /> }}
        columns={[
          { title: t('事件', 'Event'), dataIndex: 'id', render: (v: string) => <Id value={v} /> },
          { title: t('类型', 'Type'), dataIndex: 'type', render: (v: string) => <Tag>{v}</Tag> },
          { title: t('时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
        ]}
      />
    </>
  );
}

/** An event's webhook deliveries, with a retry for each. */
export function Deliveries({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/webhook_deliveries', { params: { query: { event: eventId, limit: 100 } } })), [eventId]);
  return (
    <>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <DeliveriesTable rows={loaded.data?.data ?? []} loading={loaded.loading} onRetried={loaded.reload} emptyText={t('没有 Webhook 投递（未配置端点）', 'No deliveries (no endpoint listens)')} />
    </>
  );
}

/** Deliveries with a Retry button each; a retry is sent from here, and `onRetried` reloads the list. */
export function DeliveriesTable({ rows, loading, onRetried, emptyText }: { rows: WebhookDelivery[]; loading: boolean; onRetried: () => void; emptyText?: string }) {
  const { t } = useI18n();
  const showError = useShowError();
  const onRetry = async (id: string) => {
    try {
      await must(consoleApi.POST('/v1/webhook_deliveries/{id}/retry', { params: { path: { id } }, body: {} }));
      onRetried();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Table<WebhookDelivery>
      rowKey="id"
      size="small"
      pagination={false}
      loading={loading}
      dataSource={rows}
      locale={emptyText === undefined ? undefined : { emptyText }}
      columns={[
        { title: t('投递', 'Delivery'), dataIndex: 'id', render: (v: string) => <Id value={v} /> },
        { title: t('事件', 'Event'), dataIndex: 'event', render: (v: string, r) => <><Id value={v} /> {r.event_type !== null && <Tag>{r.event_type}</Tag>}</> },
        { title: t('端点', 'Endpoint'), dataIndex: 'endpoint', render: (v: string) => <Id value={v} /> },
        { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
        { title: t('尝试次数', 'Attempts'), dataIndex: 'attempts' },
        { title: t('最近尝试', 'Last attempt'), dataIndex: 'last_attempt_at', render: (v: number | null) => <Time value={v} /> },
        { title: t('最近结果', 'Last result'), dataIndex: 'last_response_status', render: (v: number | null, r) => (v === null && r.last_error === null ? '—' : `${v ?? ''} ${r.last_error ?? ''}`) },
        { title: t('下次重试', 'Next retry'), dataIndex: 'next_retry_at', render: (v: number | null) => <Time value={v} /> },
        {
          title: '',
          key: 'retry',
          render: (_: unknown, row) => (
            <Button size="small" onClick={() => void onRetry(row.id)} disabled={row.status === 'succeeded'}>
              {t('重试', 'Retry')}
            </Button>
          ),
        },
      ]}
    />
  );
}
