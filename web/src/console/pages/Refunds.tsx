import { Card } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { Refund } from '../components/api.ts';
import { Id, Money, PageTitle, StatusTag, Time } from '../components/common.tsx';
import { PagedTable, after } from '../components/PagedTable.tsx';

/** The merchant's refunds, newest first. */
export default function RefundsPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageTitle>{t('退款', 'Refunds')}</PageTitle>
      <Card size="small">
        <PagedTable<Refund>
          load={(startingAfter) => must(consoleApi.GET('/v1/refunds', { params: { query: { limit: 20, ...after(startingAfter) } } }))}
          deps={[]}
          columns={[
            { title: 'ID', dataIndex: 'id', render: (v: string) => <Id value={v} /> },
            { title: t('支付', 'Payment'), dataIndex: 'payment_intent', render: (v: string) => <Link to={`/console/payments/${v}`}>{v}</Link> },
            { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (_: number, r) => <Money amount={r.amount} currency={r.currency} /> },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
            { title: t('原因', 'Reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            { title: t('时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
          ]}
        />
      </Card>
    </div>
  );
}
