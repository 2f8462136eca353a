import { Alert, Button, Card, Col, Descriptions, Input, List, Modal, Row, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ErrorAlert, ageText, showError, useLoad } from './common.tsx';
import { Reasons, decisionOf, scoreColour } from './ReviewQueue.tsx';
import type { PaymentIntent } from './types.ts';

const STATUS_COLOURS: Record<string, string> = {
  succeeded: 'green',
  processing: 'blue',
  canceled: 'default',
  requires_capture: 'cyan',
  requires_payment_method: 'red',
  requires_action: 'purple',
  requires_confirmation: 'orange',
};

export function PaymentStatus({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="payment-status" data-status={status}>
      {status}
    </Tag>
  );
}

/** One review: the payment, the decision's features and reasons, notes, and the analyst's approve or decline. */
export default function ReviewDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const mayAct = can('risk:write');
  const [note, setNote] = useState('');
  const [acting, setActing] = useState<'approve' | 'decline' | undefined>();
  const [actionNote, setActionNote] = useState('');
  const [busy, setBusy] = useState(false);

  const loaded = useLoad(async () => {
    const review = await must(consoleApi.GET('/v1/risk/reviews/{id}', { params: { path: { id } } }));
    const [decision, payment] = await Promise.all([
      decisionOf(review),
      review.payment_intent === null ? Promise.resolve(undefined) : must(consoleApi.GET('/v1/payment_intents/{id}', { params: { path: { id: review.payment_intent } } })).then((p) => p as PaymentIntent),
    ]);
    return { review, decision, payment };
  }, [id]);

  const addNote = async () => {
    if (note.trim() === '') return;
    setBusy(true);
    try {
      await must(consoleApi.POST('/v1/risk/reviews/{id}/notes', { params: { path: { id } }, body: { note: note.trim() } }));
      setNote('');
      await loaded.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const act = async () => {
    if (acting === undefined) return;
    setBusy(true);
    try {
      const body = actionNote.trim() === '' ? {} : { note: actionNote.trim() };
      if (acting === 'approve') await must(consoleApi.POST('/v1/risk/reviews/{id}/approve', { params: { path: { id } }, body }));
      else await must(consoleApi.POST('/v1/risk/reviews/{id}/decline', { params: { path: { id } }, body }));
      void message.success(acting === 'approve' ? t('已通过', 'Approved') : t('已拒绝', 'Declined'));
      setActing(undefined);
      setActionNote('');
      await loaded.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const data = loaded.data;
  const review = data?.review;
  const decision = data?.decision;
  const payment = data?.payment;
  const features = decision === undefined ? [] : Object.entries(decision.features).sort(([a], [b]) => a.localeCompare(b));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to=".." relative="path">
        ← {t('返回审核队列', 'Back to the queue')}
      </Link>
      <ErrorAlert error={loaded.error} />
      {review !== undefined && (
        <Card
          title={
            <Space>
              {t('审核', 'Review')} <Typography.Text code>{review.id}</Typography.Text>
              <Tag color={review.status === 'open' ? 'orange' : review.status === 'approved' ? 'green' : 'red'} data-testid="review-status" data-status={review.status}>
                {review.status === 'open' ? t('待处理', 'open') : review.status === 'approved' ? t('已通过', 'approved') : t('已拒绝', 'declined')}
              </Tag>
            </Space>
          }
          extra={
            review.status === 'open' && mayAct ? (
              <Space>
                <Button type="primary" onClick={() => setActing('approve')} data-testid="approve">
                  {t('通过', 'Approve')}
                </Button>
                <Button danger onClick={() => setActing('decline')} data-testid="decline">
                  {t('拒绝', 'Decline')}
                </Button>
              </Space>
            ) : null
          }
        >
          {review.status === 'open' && !mayAct && <Alert type="info" showIcon message={t('您的角色只能查看审核。', 'Your role can read reviews but not act on them.')} style={{ marginBottom: 12 }} />}
          {review.status !== 'open' && payment !== undefined && (
            <Alert
              type={review.status === 'approved' ? 'success' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="review-result"
              message={
                <span>
                  {review.status === 'approved' ? t('已通过审核，支付状态：', 'Approved; the payment is now ') : t('已拒绝，支付状态：', 'Declined; the payment is now ')}
                  <PaymentStatus status={payment.status} />
                  {review.closed !== null && <span> · {formatTime(review.closed)}</span>}
                </span>
              }
            />
          )}
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Descriptions size="small" column={1} bordered title={t('支付', 'Payment')}>
                <Descriptions.Item label={t('支付单', 'Payment intent')}>
                  <Typography.Text code copyable>
                    {review.payment_intent ?? '—'}
                  </Typography.Text>
                  {review.payment_intent !== null && (
                    <Link to={`../../decisions?subject=${encodeURIComponent(review.payment_intent)}`} relative="path" style={{ marginLeft: 8 }}>
                      {t('全部决策', 'All decisions')}
                    </Link>
                  )}
                </Descriptions.Item>
                {payment !== undefined && (
                  <>
                    <Descriptions.Item label={t('金额', 'Amount')}>
                      <strong data-testid="payment-amount">{formatMoney(payment.amount, payment.currency)}</strong>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('状态', 'Status')}>
                      <PaymentStatus status={payment.status} />
                    </Descriptions.Item>
                    <Descriptions.Item label={t('支付方式', 'Method')}>{payment.payment_method_type ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('描述', 'Description')}>{payment.description || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('创建时间', 'Created')}>{formatTime(payment.created)}</Descriptions.Item>
                  </>
                )}
                <Descriptions.Item label={t('付款人', 'Payer')}>{review.customer ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('商户', 'Merchant')}>{review.merchant ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('进入队列', 'Opened')}>
                  {formatTime(review.opened)} ({ageText(review.opened, t)})
                </Descriptions.Item>
              </Descriptions>
            </Col>
            <Col xs={24} lg={12}>
              {decision !== undefined && (
                <Descriptions size="small" column={1} bordered title={t('风控决策', 'Decision')}>
                  <Descriptions.Item label={t('决策', 'Decision')}>
                    <Typography.Text code>{decision.id}</Typography.Text> <Tag>{decision.decision}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('评分', 'Score')}>
                    <Tag color={scoreColour(decision.score)}>{decision.score}</Tag>
                    {decision.model_version ?? t('无模型', 'no model')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('原因', 'Reasons')}>
                    <Space direction="vertical" size={2}>
                      <Reasons decision={decision} />
                      {decision.reasons.map((r) => (
                        <Typography.Text key={r.code} type="secondary">
                          {r.message}
                        </Typography.Text>
                      ))}
                    </Space>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('规则', 'Rule')}>{decision.rule === null ? '—' : `${decision.rule.id} v${decision.rule.version}`}</Descriptions.Item>
                  <Descriptions.Item label={t('降级', 'Fail-safe')}>{decision.fail_safe ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('耗时', 'Latency')}>{decision.latency_us} µs</Descriptions.Item>
                </Descriptions>
              )}
            </Col>
          </Row>
        </Card>
      )}
      {decision !== undefined && (
        <Card title={t('特征', 'Features')} size="small">
          <Table
            size="small"
            rowKey="0"
            dataSource={features}
            pagination={false}
            scroll={{ y: 320 }}
            columns={[
              { title: t('特征', 'Feature'), dataIndex: 0, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('值', 'Value'), dataIndex: 1, render: (v: unknown) => String(v) },
            ]}
          />
        </Card>
      )}
      {review !== undefined && (
        <Card title={t('备注', 'Notes')} size="small">
          <List
            size="small"
            dataSource={review.notes}
            locale={{ emptyText: t('暂无备注', 'No notes yet') }}
            renderItem={(n) => (
              <List.Item>
                <List.Item.Meta title={n.note} description={formatTime(n.created)} />
              </List.Item>
            )}
          />
          {mayAct && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('添加备注', 'Add a note')} onPressEnter={() => void addNote()} maxLength={2000} />
              <Button onClick={() => void addNote()} loading={busy} disabled={note.trim() === ''}>
                {t('添加', 'Add')}
              </Button>
            </Space.Compact>
          )}
        </Card>
      )}
      <Modal
        open={acting !== undefined}
        title={acting === 'approve' ? t('确认通过这笔支付？', 'Approve this payment?') : t('确认拒绝这笔支付？', 'Decline this payment?')}
        okText={acting === 'approve' ? t('确认通过', 'Approve') : t('确认拒绝', 'Decline')}
        okButtonProps={{ danger: acting === 'decline', loading: busy, 'data-testid': 'confirm-action' }}
        cancelText={t('取消', 'Cancel')}
        onOk={() => void act()}
        onCancel={() => setActing(undefined)}
      >
        <p>
          {acting === 'approve'
            ? t('通过后将继续完成扣款，并标记为正常交易。', 'The deferred confirmation is carried out and the payment labelled legitimate.')
            : t('拒绝后支付将被取消，消费者会收到短信通知，并标记为欺诈。', 'The payment is canceled, the consumer told by SMS, and the payment labelled fraud.')}
        </p>
        <Input.TextArea value={actionNote} onChange={(e) => setActionNote(e.target.value)} placeholder={t('备注（可选）', 'Note (optional)')} rows={3} maxLength={2000} />
      </Modal>
    </Space>
  );
}
