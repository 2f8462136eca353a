import { Button, Card, Col, Descriptions, Popconfirm, Row, Space, Statistic, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import type { components } from '../../../../src/client/index.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadFailure, Money, PageTitle, StatusTag, Time, useLoad, useShowError } from '../components/common.tsx';
import { PagedTable, after } from '../components/PagedTable.tsx';
import { useConsoleSession } from '../session.tsx';

type StatementLine = components['schemas']['wallet_transaction'];

/** One consumer: wallet balance, masked cards, statement; block/unblock and unlock sign-in. */
export default function CustomerDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const showError = useShowError();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/customers/{id}', { params: { path: { id } } })), [id]);
  const customer = loaded.data;
  if (loaded.error !== undefined) return <LoadFailure error={loaded.error} onRetry={loaded.reload} />;
  if (customer === undefined) return <Card loading />;
  const blocked = customer.status === 'blocked';

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      loaded.reload();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div>
      <PageTitle
        extra={
          <Space>
            {can('customers:block') && (
              <Popconfirm title={blocked ? t('解除冻结？', 'Unblock?') : t('冻结后该消费者无法支付或转账。继续？', 'Blocked, the customer cannot pay or transfer. Continue?')} onConfirm={() => act(() => (blocked ? must(consoleApi.POST('/v1/customers/{id}/unblock', { params: { path: { id } }, body: {} })) : must(consoleApi.POST('/v1/customers/{id}/block', { params: { path: { id } }, body: {} }))))}>
                <Button danger={!blocked}>{blocked ? t('解除冻结', 'Unblock') : t('冻结', 'Block')}</Button>
              </Popconfirm>
            )}
            {can('customers:unlock') && (
              <Button onClick={() => act(() => must(consoleApi.POST('/v1/customers/{id}/unlock', { params: { path: { id } } })))}>{t('解除登录锁定', 'Unlock sign-in')}</Button>
            )}
          </Space>
        }
      >
        {customer.name || customer.phone} {blocked && <StatusTag status="blocked" />}
      </PageTitle>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {(customer.wallet_balances ?? []).map((b) => (
          <Col key={b.currency} xs={12} lg={6}>
            <Card size="small">
              <Statistic title={t(`钱包可用 (${b.currency.toUpperCase()})`, `Wallet available (${b.currency.toUpperCase()})`)} valueRender={() => <Money amount={b.available} currency={b.currency} strong />} />
              <div style={{ color: '#888' }}>
                {t('冻结中', 'Held')}: <Money amount={b.held} currency={b.currency} />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="ID">{customer.id}</Descriptions.Item>
          <Descriptions.Item label={t('手机号', 'Phone')}>{customer.phone}</Descriptions.Item>
          <Descriptions.Item label={t('支付密码', 'Payment password')}>{customer.has_payment_password ? t('已设置', 'Set') : t('未设置', 'Not set')}</Descriptions.Item>
          <Descriptions.Item label={t('注册时间', 'Joined')}>
            <Time value={customer.created} />
          </Descriptions.Item>
          <Descriptions.Item label={t('银行卡', 'Cards')} span={2}>
            {customer.cards === undefined || customer.cards.length === 0
              ? '—'
              : customer.cards.map((c) => (
                  <Tag key={c.id}>
                    {c.brand} •••• {c.last4} ({String(c.exp_month).padStart(2, '0')}/{c.exp_year}) · {c.merchant_name}
                  </Tag>
                ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Statement customerId={id} />
    </div>
  );
}

function Statement({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('钱包流水', 'Wallet statement')}>
      <PagedTable<StatementLine>
        load={(startingAfter) => must(consoleApi.GET('/v1/customers/{id}/transactions', { params: { path: { id: customerId }, query: { limit: 20, ...after(startingAfter) } } }))}
        deps={[customerId]}
        columns={[
          { title: t('时间', 'Time'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
          { title: t('类型', 'Type'), dataIndex: 'type', render: (v: string, r) => <>{v} {r.hold && <Tag color="gold">{t('冻结', 'hold')}</Tag>}</> },
          { title: t('说明', 'Description'), dataIndex: 'description' },
          { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (_: number, r) => <span style={{ color: r.amount < 0 ? '#cf1322' : '#389e0d' }}><Money amount={r.amount} currency={r.currency} /></span> },
        ]}
      />
    </Card>
  );
}
