import { Button, Card, DatePicker, Form, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { PaymentIntent } from '../components/api.ts';
import { ErrorAlert, Id, Money, PageTitle, StatusTag, Time, paymentDisplayStatus, useLoad } from '../components/common.tsx';
import { exportPaymentsCsv, type PaymentListQuery } from '../components/csv.ts';
import { Pager, useCursor } from '../components/Pager.tsx';
import { useConsoleSession } from '../session.tsx';

const STATUSES = ['succeeded', 'processing', 'requires_capture', 'requires_action', 'requires_confirmation', 'requires_payment_method', 'canceled'] as const;
const PAGE_SIZE = 20;

export interface PaymentFilters {
  status?: PaymentIntent['status'];
  merchant?: string;
  customer?: string;
  query?: string;
  /** Unix seconds: from inclusive, to exclusive. */
  from?: number;
  to?: number;
}

/** The query string the API's list takes for these filters. */
export function paymentQuery(filters: PaymentFilters): PaymentListQuery {
  return {
    ...(filters.status === undefined ? {} : { status: filters.status }),
    ...(filters.merchant === undefined ? {} : { merchant: filters.merchant }),
    ...(filters.customer === undefined ? {} : { customer: filters.customer }),
    ...(filters.query === undefined ? {} : { query: filters.query }),
    ...(filters.from === undefined ? {} : { 'created[gte]': filters.from }),
    ...(filters.to === undefined ? {} : { 'created[lt]': filters.to }),
  };
}

/** Payments: filters, a dense table, keyset paging; a merchant can export its range as CSV. */
export default function PaymentsPage() {
  const { t } = useI18n();
  const { isOperator } = useConsoleSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<PaymentFilters>({});
  const cursor = useCursor();
  const loaded = useLoad(
    () => must(consoleApi.GET('/v1/payment_intents', { params: { query: { ...paymentQuery(filters), limit: PAGE_SIZE, ...(cursor.cursor === undefined ? {} : { starting_after: cursor.cursor }) } } })),
    [filters, cursor.cursor],
  );
  const rows = loaded.data?.data ?? [];

  const columns: TableColumnsType<PaymentIntent> = [
    { title: t('支付 ID', 'Payment'), dataIndex: 'id', render: (id: string) => <Link to={`/console/payments/${id}`} data-testid="payment-link" style={{ whiteSpace: 'nowrap', fontFamily: 'monospace' }}>{id}</Link> },
    { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (_: number, row) => <Money amount={row.amount} currency={row.currency} strong /> },
    { title: t('已退款', 'Refunded'), dataIndex: 'amount_refunded', align: 'right', render: (_: number, row) => (row.amount_refunded > 0 ? <Money amount={row.amount_refunded} currency={row.currency} /> : '—') },
    { title: t('状态', 'Status'), dataIndex: 'status', render: (_: string, row) => <StatusTag status={paymentDisplayStatus(row)} /> },
    { title: t('方式', 'Method'), dataIndex: 'payment_method_type', render: (v: string | null) => v ?? '—' },
    { title: t('风控', 'Risk'), dataIndex: 'risk', render: (risk: PaymentIntent['risk']) => (risk === null ? '—' : <StatusTag status={risk.decision} />) },
    { title: t('消费者', 'Customer'), dataIndex: 'customer', render: (v: string | null) => <Id value={v} /> },
    { title: t('描述', 'Description'), dataIndex: 'description' },
    { title: t('创建时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
  ];

  return (
    <div>
      <PageTitle extra={!isOperator && <ExportButton filters={filters} />}>{t('支付', 'Payments')}</PageTitle>
      <FilterBar
        isOperator={isOperator}
        onChange={(next) => {
          cursor.reset();
          setFilters(next);
        }}
      />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Table<PaymentIntent>
          rowKey="id"
          size="small"
          loading={loaded.loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="payments-table"
          onRow={(row) => ({ onDoubleClick: () => navigate(`/console/payments/${row.id}`) })}
        />
        <Pager page={cursor.page} hasMore={loaded.data?.has_more ?? false} lastId={rows[rows.length - 1]?.id} onNext={cursor.next} onPrevious={cursor.previous} />
      </Card>
    </div>
  );
}

type Range = Parameters<NonNullable<React.ComponentProps<typeof DatePicker.RangePicker>['onChange']>>[0];

function FilterBar({ isOperator, onChange }: { isOperator: boolean; onChange: (filters: PaymentFilters) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const apply = (values: { status?: PaymentIntent['status']; merchant?: string; customer?: string; query?: string; range?: Range }) => {
    const range = values.range;
    onChange({
      ...(values.status ? { status: values.status } : {}),
      ...(values.merchant?.trim() ? { merchant: values.merchant.trim() } : {}),
      ...(values.customer?.trim() ? { customer: values.customer.trim() } : {}),
      ...(values.query?.trim() ? { query: values.query.trim() } : {}),
      ...(range?.[0] ? { from: range[0].startOf('day').unix() } : {}),
      ...(range?.[1] ? { to: range[1].add(1, 'day').startOf('day').unix() } : {}),
    });
  };
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }}>
        <Form.Item name="query">
          <Input.Search placeholder={t('按支付 ID 搜索', 'Search by payment id')} allowClear style={{ width: 240 }} onSearch={() => form.submit()} data-testid="filter-query" />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('状态', 'Status')} style={{ width: 150 }} options={STATUSES.map((s) => ({ value: s, label: s }))} data-testid="filter-status" />
        </Form.Item>
        {isOperator && (
          <Form.Item name="merchant">
            <Input placeholder={t('商户 ID (mch_…)', 'Merchant id (mch_…)')} allowClear style={{ width: 180 }} />
          </Form.Item>
        )}
        <Form.Item name="customer">
          <Input placeholder={t('消费者 ID (cus_…)', 'Customer id (cus_…)')} allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker placeholder={[t('开始日期', 'From'), t('结束日期', 'To')]} key={lang} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="filter-apply">
            {t('筛选', 'Filter')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onChange({});
            }}
          >
            {t('重置', 'Reset')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function ExportButton({ filters }: { filters: PaymentFilters }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <Space direction="vertical" align="end">
      <Button
        loading={busy}
        data-testid="export-csv"
        onClick={() => {
          setBusy(true);
          setError(undefined);
          exportPaymentsCsv(paymentQuery(filters))
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {t('导出 CSV（按当前筛选）', 'Export CSV (current filters)')}
      </Button>
      <ErrorAlert error={error} />
    </Space>
  );
}
