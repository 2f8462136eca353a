import { Card, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, formatTime } from '../../money.ts';
import { ErrorAlert, useLoad } from './common.tsx';
import { Reasons, scoreColour } from './ReviewQueue.tsx';
import { ACTION_COLOURS, type Decision } from './types.ts';

/** Every decision about a payment (by its id), with every input value. */
export default function Decisions() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const decisions = useLoad(async () => (subject === '' ? [] : (await must(consoleApi.GET('/v1/risk/decisions', { params: { query: { subject } } }))).data), [subject]);

  return (
    <Card title={t('风控决策查询', 'Decisions')}>
      <Input.Search
        defaultValue={subject}
        placeholder={t('支付单号 pi_… 等', 'Subject id: pi_…')}
        enterButton={t('查询', 'Search')}
        style={{ maxWidth: 480, marginBottom: 16 }}
        onSearch={(v) => setParams(v.trim() === '' ? {} : { subject: v.trim() })}
        data-testid="decision-subject"
      />
      <ErrorAlert error={decisions.error} />
      <Table<Decision>
        size="small"
        rowKey="id"
        loading={decisions.loading}
        dataSource={decisions.data ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (d) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('模型', 'Model')}>{d.model_version ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('影子模型', 'Shadow')}>{d.shadow === null ? '—' : `${d.shadow.model_version}: ${d.shadow.score}`}</Descriptions.Item>
                <Descriptions.Item label={t('降级', 'Fail-safe')}>{d.fail_safe ?? '—'}</Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey="0"
                pagination={false}
                dataSource={Object.entries(d.features).sort(([a], [b]) => a.localeCompare(b))}
                columns={[
                  { title: t('特征', 'Feature'), dataIndex: 0, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('值', 'Value'), dataIndex: 1, render: (v: unknown) => String(v) },
                ]}
              />
            </Space>
          ),
        }}
        columns={[
          { title: t('决策号', 'Decision'), dataIndex: 'id', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('时间', 'Time'), dataIndex: 'created', render: (v: number) => formatTime(v) },
          { title: t('类型', 'Subject type'), dataIndex: 'subject_type' },
          { title: t('金额', 'Amount'), key: 'amount', align: 'right', render: (_, d) => formatMoney(d.amount, d.currency) },
          { title: t('结果', 'Decision'), dataIndex: 'decision', render: (v: string) => <Tag color={ACTION_COLOURS[v]}>{v}</Tag> },
          { title: t('评分', 'Score'), dataIndex: 'score', render: (v: number) => <Tag color={scoreColour(v)}>{v}</Tag> },
          { title: t('原因', 'Reasons'), key: 'reasons', render: (_, d) => <Reasons decision={d} /> },
          { title: t('规则', 'Rule'), key: 'rule', render: (_, d) => (d.rule === null ? '—' : `${d.rule.id} v${d.rule.version}`) },
          { title: t('付款人', 'Payer'), dataIndex: 'customer', render: (v: string | null) => v ?? '—' },
          { title: t('耗时', 'Latency'), dataIndex: 'latency_us', align: 'right', render: (v: number) => `${v} µs` },
        ]}
      />
    </Card>
  );
}
