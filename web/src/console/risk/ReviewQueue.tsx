import { Button, Card, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, formatTime } from '../../money.ts';
import { ErrorAlert, ageText, useLoad } from './common.tsx';
import type { Decision, Review } from './types.ts';

export interface ReviewRow {
  review: Review;
  decision: Decision | undefined;
}

/** The decision that opened a review, with its amount, score and reasons. */
export async function decisionOf(review: Review): Promise<Decision | undefined> {
  if (review.payment_intent === null) return undefined;
  const list = await must(consoleApi.GET('/v1/risk/decisions', { params: { query: { subject: review.payment_intent } } }));
  return list.data.find((d) => d.id === review.decision) ?? list.data[list.data.length - 1];
}

export function Reasons({ decision }: { decision: Decision | undefined }) {
  if (decision === undefined) return null;
  return (
    <Space size={[4, 4]} wrap>
      {decision.reasons.map((r) => (
        <Tooltip key={r.code} title={r.message}>
          <Tag>{r.code}</Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

export function scoreColour(score: number): string {
  return score >= 75 ? 'red' : score >= 65 ? 'orange' : score >= 40 ? 'gold' : 'green';
}

/** Open reviews oldest first (the API's order), or closed ones newest first. */
export default function ReviewQueue() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'open' | 'approved' | 'declined'>('open');
  const rows = useLoad(async (): Promise<ReviewRow[]> => {
    const page = await must(consoleApi.GET('/v1/risk/reviews', { params: { query: { status, limit: 100 } } }));
    return Promise.all(page.data.map(async (review) => ({ review, decision: await decisionOf(review) })));
  }, [status]);

  return (
    <Card
      title={t('待审核交易', 'Review queue')}
      extra={
        <Space>
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: 'open', label: t('待处理', 'Open') },
              { value: 'approved', label: t('已通过', 'Approved') },
              { value: 'declined', label: t('已拒绝', 'Declined') },
            ]}
          />
          <Button onClick={() => void rows.reload()}>{t('刷新', 'Refresh')}</Button>
        </Space>
      }
    >
      <ErrorAlert error={rows.error} />
      <Table<ReviewRow>
        size="small"
        rowKey={(r) => r.review.id}
        loading={rows.loading}
        dataSource={rows.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('支付', 'Payment'),
            key: 'pi',
            render: (_, r) => (
              <Link to={r.review.id} data-testid="review-link">
                <Typography.Text code>{r.review.payment_intent ?? r.review.id}</Typography.Text>
              </Link>
            ),
          },
          {
            title: t('金额', 'Amount'),
            key: 'amount',
            align: 'right',
            render: (_, r) => (r.decision === undefined ? '—' : <strong>{formatMoney(r.decision.amount, r.decision.currency)}</strong>),
          },
          { title: t('付款人', 'Payer'), key: 'payer', render: (_, r) => r.review.customer ?? '—' },
          { title: t('商户', 'Merchant'), key: 'merchant', render: (_, r) => r.review.merchant ?? '—' },
          {
            title: t('评分', 'Score'),
            key: 'score',
            align: 'right',
            render: (_, r) => (r.decision === undefined ? '—' : <Tag color={scoreColour(r.decision.score)}>{r.decision.score}</Tag>),
          },
          { title: t('原因', 'Reasons'), key: 'reasons', render: (_, r) => <Reasons decision={r.decision} /> },
          {
            title: status === 'open' ? t('等待', 'Age') : t('处理时间', 'Closed'),
            key: 'age',
            render: (_, r) =>
              status === 'open' ? (
                <Tooltip title={formatTime(r.review.opened)}>{ageText(r.review.opened, t)}</Tooltip>
              ) : r.review.closed === null ? (
                '—'
              ) : (
                formatTime(r.review.closed)
              ),
          },
          {
            title: '',
            key: 'open',
            render: (_, r) => (
              <Link to={r.review.id}>
                <Button size="small" type={status === 'open' ? 'primary' : 'default'}>
                  {status === 'open' ? t('审核', 'Review') : t('查看', 'View')}
                </Button>
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}
