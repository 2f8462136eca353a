import { Card, Input } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { Customer } from '../components/api.ts';
import { Money, PageTitle, StatusTag, Time } from '../components/common.tsx';
import { PagedTable, after } from '../components/PagedTable.tsx';

/** Consumers: search by phone, name or id; open one for its wallet, cards and statement. */
export default function CustomersPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  return (
    <div>
      <PageTitle>{t('消费者', 'Customers')}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={t('手机号、姓名或 cus_ ID', 'Phone, name or cus_ id')}
          allowClear
          enterButton={t('搜索', 'Search')}
          style={{ maxWidth: 420 }}
          onSearch={(value) => setQuery(value.trim())}
        />
      </Card>
      <Card size="small">
        <PagedTable<Customer>
          load={(startingAfter) => must(consoleApi.GET('/v1/customers', { params: { query: { limit: 20, ...(query === '' ? {} : { query }), ...after(startingAfter) } } }))}
          deps={[query]}
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
      </Card>
    </div>
  );
}
