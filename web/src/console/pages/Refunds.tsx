import { Card, Table } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { Refund } from '../components/api.ts';
import { ErrorAlert, Id, Money, PageTitle, StatusTag, Time, useLoad } from '../components/common.tsx';
import { Pager, useCursor } from '../components/Pager.tsx';

/** The merchant's refunds, newest first. */
export default function RefundsPage() {
  const { t } = useI18n();
  const cursor = useCursor();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/refunds', { params: { query: { limit: 20, ...(cursor.cursor === undefined ? {} : { starting_after: cursor.cursor }) } } })), [cursor.cursor]);
  const rows = loaded.data?.data ?? [];
  return (
    <div>
      <PageTitle>{t('退款', 'Refunds')}</PageTitle>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Table<Refund>
          rowKey="id"
          size="small"
          pagination={false}
          loading={loaded.loading}
          dataSource={rows}
          columns={[
            { title: 'ID', dataIndex: 'id', render: (v: string) => <Id value={v} /> },
            { title: t('支付', 'Payment'), dataIndex: 'payment_intent', render: (v: string) => <Link to={`/console/payments/${v}`}>{v}</Link> },
            { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (_: number, r) => <Money amount={r.amount} currency={r.currency} /> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
            { title: t('原因', 'Reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            { title: t('时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
          ]}
        />
        <Pager page={cursor.page} hasMore={loaded.data?.has_more ?? false} lastId={rows[rows.length - 1]?.id} onNext={cursor.next} onPrevious={cursor.previous} />
      </Card>
    </div>
  );
}
