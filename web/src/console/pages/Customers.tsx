import { Card, Input, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { Customer } from '../components/api.ts';
import { ErrorAlert, Money, PageTitle, StatusTag, Time, useLoad } from '../components/common.tsx';
import { Pager, useCursor } from '../components/Pager.tsx';

/** Consumers: search by phone, name or id; open one for its wallet, cards and statement. */
export default function CustomersPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const cursor = useCursor();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/customers', { params: { query: { limit: 20, ...(query === '' ? {} : { query }), ...(cursor.cursor === undefined ? {} : { starting_after: cursor.cursor }) } } })), [query, cursor.cursor]);
  const rows = loaded.data?.data ?? [];
  return (
    <div>
      <PageTitle>{t('消费者', 'Customers')}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={t('手机号、姓名或 cus_ ID', 'Phone, name or cus_ id')}
          allowClear
          enterButton={t('搜索', 'Search')}
          style={{ maxWidth: 420 }}
          onSearch={(value) => {
            cursor.reset();
            setQuery(value.trim());
          }}
        />
      </Card>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Table<Customer>
          rowKey="id"
          size="small"
          pagination={false}
          loading={loaded.loading}
          dataSource={rows}
          columns={[
            { title: 'ID', dataIndex: 'id', render: (v: string) => <Link to={`/console/customers/${v}`}>{v}</Link> },
            { title: t('手机号', 'Phone'), dataIndex: 'phone' },
            { title: t('姓名', 'Name'), dataIndex: 'name', render: (v: string) => v || '—' },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
            {
              title: t('钱包可用余额', 'Wallet available'),
              dataIndex: 'wallet_balances',
              align: 'right',
              render: (v: Customer['wallet_balances']) => (v === undefined || v.length === 0 ? '—' : v.map((b) => <div key={b.currency}><Money amount={b.available} currency={b.currency} /></div>)),
            },
            { title: t('注册时间', 'Joined'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
          ]}
        />
        <Pager page={cursor.page} hasMore={loaded.data?.has_more ?? false} lastId={rows[rows.length - 1]?.id} onNext={cursor.next} onPrevious={cursor.previous} />
      </Card>
    </div>
  );
}
