import { Alert, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Row, Select, Space, Statistic, Switch, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatTime } from '../../money.ts';
import { serverNowMs, useConsoleSession } from '../session.tsx';
import { ErrorAlert, showError, useLoad } from './common.tsx';
import { ACTION_COLOURS, type Backtest, type RiskAction, type Rule } from './types.ts';
import { isoDay } from '../components/format.ts';

const ACTIONS: RiskAction[] = ['allow', 'block', 'challenge', 'review'];

interface Draft {
  name: string;
  expression: string;
  action: RiskAction;
  priority: number;
  enabled: boolean;
  /** The code a stopped payment carries; empty: the API derives it from the name. */
  reasonCode: string;
}

function draftOf(rule: Rule | undefined): Draft {
  if (rule === undefined) return { name: '', expression: '', action: 'review', priority: 100, enabled: true, reasonCode: '' };
  return { name: rule.name, expression: rule.expression, action: rule.action, priority: rule.priority, enabled: rule.status === 'active', reasonCode: rule.reason_code };
}

/** An expression error from the API: its code, message and the 0-based position. */
export interface ExpressionError {
  code: string;
  message: string;
  position: number | undefined;
}

function expressionErrorOf(error: unknown, status: number): ExpressionError {
  const body = (error ?? {}) as { error?: { code?: string; message?: string; position?: number } };
  return { code: body.error?.code ?? 'http_error', message: body.error?.message ?? `HTTP ${status}`, position: typeof body.error?.position === 'number' ? body.error.position : undefined };
}

/** The expression with a caret under the position the API named, and the message. */
export function ExpressionErrorView({ expression, error }: { expression: string; error: ExpressionError }) {
  return (
    <Alert
      type="error"
      showIcon
      data-testid="expression-error"
      message={
        <span>
          <Typography.Text code>{error.code}</Typography.Text> {error.message}
        </span>
      }
      description={
        error.position === undefined ? undefined : (
          <pre style={{ margin: 0, fontFamily: 'monospace', whiteSpace: 'pre', overflowX: 'auto' }} data-testid="expression-caret" data-position={error.position}>
            {expression}
            {'\n'}
            <span style={{ color: '#cf1322' }}>{' '.repeat(Math.min(error.position, expression.length)) + '^'}</span>
          </pre>
        )
      }
    />
  );
}

/** The risk rules by action and priority, with the editor, backtests and version history. */
export default function Rules() {
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const rules = useLoad(async () => (await must(consoleApi.GET('/v1/risk/rules'))).data, []);
  const [editing, setEditing] = useState<Rule | 'new' | undefined>();

  return (
    <Card
      title={t('风控规则', 'Risk rules')}
      extra={
        <Space>
          <Button onClick={() => void rules.reload()}>{t('刷新', 'Refresh')}</Button>
          {can('risk:write') && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="new-rule">
              {t('新建规则', 'New rule')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={rules.error} />
      <Table<Rule>
        size="small"
        rowKey="id"
        loading={rules.loading}
        dataSource={rules.data ?? []}
        pagination={false}
        onRow={(rule) => ({ onClick: () => setEditing(rule), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('表达式', 'Expression'), dataIndex: 'expression', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('动作', 'Action'), dataIndex: 'action', render: (v: string) => <Tag color={ACTION_COLOURS[v]}>{v}</Tag> },
          { title: t('原因代码', 'Reason code'), dataIndex: 'reason_code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('优先级', 'Priority'), dataIndex: 'priority', align: 'right' },
          { title: t('版本', 'Version'), dataIndex: 'version', align: 'right', render: (v: number) => `v${v}` },
          { title: t('状态', 'State'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{v === 'active' ? t('启用', 'active') : t('停用', 'disabled')}</Tag> },
          { title: t('更新时间', 'Updated'), dataIndex: 'updated', render: (v: number) => formatTime(v) },
        ]}
      />
      {editing !== undefined && (
        <RuleEditor
          rule={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(rule) => {
            setEditing(rule);
            void rules.reload();
          }}
        />
      )}
    </Card>
  );
}

function RuleEditor({ rule, onClose, onSaved }: { rule: Rule | undefined; onClose(): void; onSaved(rule: Rule): void }) {
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const mayWrite = can('risk:write');
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [error, setError] = useState<ExpressionError | undefined>();
  const [errorExpression, setErrorExpression] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setError(undefined);
    if (rule !== undefined) setDraft(draftOf(rule));
  }, [rule]);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    const reasonCode = draft.reasonCode.trim();
    const body = { name: draft.name, expression: draft.expression, action: draft.action, priority: draft.priority, status: draft.enabled ? ('active' as const) : ('disabled' as const), ...(reasonCode === '' ? {} : { reason_code: reasonCode }) };
    const result = rule === undefined ? await consoleApi.POST('/v1/risk/rules', { body }) : await consoleApi.POST('/v1/risk/rules/{id}', { params: { path: { id: rule.id } }, body });
    setSaving(false);
    if (result.data !== undefined) {
      void message.success(t(`已保存为 v${result.data.version}`, `Saved as v${result.data.version}`));
      onSaved(result.data);
    } else {
      setErrorExpression(draft.expression);
      setError(expressionErrorOf(result.error, result.response.status));
    }
  };

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    // An error names a position in the expression it was about; once that changes, it no longer applies.
    if (key === 'expression') setError(undefined);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  return (
    <Drawer open width={880} onClose={onClose} title={rule === undefined ? t('新建规则', 'New rule') : `${rule.name} · v${rule.version}`} destroyOnHidden>
      <Form layout="vertical" disabled={!mayWrite}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('名称', 'Name')} required>
              <Input value={draft.name} onChange={(e) => set('name', e.target.value)} data-testid="rule-name" maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label={t('动作', 'Action')}>
              <Select value={draft.action} onChange={(v) => set('action', v)} options={ACTIONS.map((a) => ({ value: a, label: <Tag color={ACTION_COLOURS[a]}>{a}</Tag> }))} data-testid="rule-action" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('优先级', 'Priority')} tooltip={t('同一动作内数值小者先执行', 'Lower runs first within its action')}>
              <InputNumber value={draft.priority} min={0} precision={0} onChange={(v) => set('priority', v ?? 100)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item label={t('启用', 'Enabled')}>
              <Switch checked={draft.enabled} onChange={(v) => set('enabled', v)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('原因代码', 'Reason code')}
          tooltip={t('被此规则拦截的支付在 risk.reasons 中带此代码；留空则由英文名称生成（中文名称为 rule_matched）。', 'Payments this rule stops carry this code in risk.reasons; left empty, it comes from an English name (a Chinese name gives rule_matched).')}
        >
          <Input value={draft.reasonCode} onChange={(e) => set('reasonCode', e.target.value)} placeholder="large_new_card" maxLength={64} style={{ maxWidth: 320, fontFamily: 'monospace' }} data-testid="rule-reason-code" />
        </Form.Item>
        <Form.Item label={t('表达式', 'Expression')} required extra={t('例如 amount > 500000 and customer.count_1h > 5（金额单位：分）', 'e.g. amount > 500000 and customer.count_1h > 5 (amounts in minor units)')}>
          <Input.TextArea
            value={draft.expression}
            onChange={(e) => set('expression', e.target.value)}
            rows={4}
            maxLength={2000}
            style={{ fontFamily: 'monospace' }}
            status={error === undefined ? undefined : 'error'}
            data-testid="rule-expression"
          />
        </Form.Item>
        {error !== undefined && <ExpressionErrorView expression={errorExpression} error={error} />}
        {mayWrite && (
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={() => void save()} loading={saving} data-testid="save-rule">
              {rule === undefined ? t('保存规则', 'Save rule') : t('保存为新版本', 'Save as a new version')}
            </Button>
          </Space>
        )}
      </Form>
      <BacktestPanel draft={draft} />
      {rule !== undefined && <Versions rule={rule} />}
    </Drawer>
  );
}

function dayStart(date: string): number {
  return Math.floor(new Date(`${date}T00:00:00`).getTime() / 1000);
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function BacktestPanel({ draft }: { draft: Draft }) {
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const [from, setFrom] = useState(() => isoDay(serverNowMs() - 30 * 86_400_000));
  const [to, setTo] = useState(() => isoDay(serverNowMs()));
  const [report, setReport] = useState<Backtest | undefined>();
  const [error, setError] = useState<unknown>();
  const [errorExpression, setErrorExpression] = useState('');
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    setError(undefined);
    // The window's end is exclusive: the day after `to`.
    const body = { from: dayStart(from), to: dayStart(to) + 86_400, rules: [{ name: draft.name || 'candidate', expression: draft.expression, action: draft.action, priority: draft.priority }] };
    const result = await consoleApi.POST('/v1/risk/backtests', { body });
    setRunning(false);
    if (result.data !== undefined) setReport(result.data);
    else {
      setErrorExpression(draft.expression);
      setError(expressionErrorOf(result.error, result.response.status));
      setReport(undefined);
    }
  };

  const metrics = (label: string, m: Backtest['current']) => (
    <Card size="small" title={label}>
      <Row gutter={8}>
        <Col span={6}>
          <Statistic title={t('命中', 'Flagged')} value={m.flagged} />
        </Col>
        <Col span={6}>
          <Statistic title={t('精确率', 'Precision')} value={percent(m.precision)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('召回率', 'Recall')} value={percent(m.recall)} />
        </Col>
        <Col span={6}>
          <Statistic title="AP" value={m.average_precision.toFixed(3)} />
        </Col>
      </Row>
      <Typography.Text type="secondary">
        {t('拦截', 'blocked')} {m.blocked} · {t('审核', 'reviewed')} {m.reviewed} · {t('验证', 'challenged')} {m.challenged} · TP {m.true_positives}
      </Typography.Text>
    </Card>
  );

  return (
    <Card size="small" title={t('回测（仅以此候选规则替换现有规则集）', 'Backtest (this rule alone as the candidate rule set)')} style={{ marginTop: 16 }}>
      <Space wrap>
        <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} addonBefore={t('从', 'From')} data-testid="backtest-from" />
        <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} addonBefore={t('至', 'To')} data-testid="backtest-to" />
        <Button onClick={() => void run()} loading={running} disabled={!can('risk:write') || draft.expression.trim() === ''} data-testid="run-backtest">
          {t('运行回测', 'Run backtest')}
        </Button>
      </Space>
      {error !== undefined && (
        <div style={{ marginTop: 12 }}>
          <ExpressionErrorView expression={errorExpression} error={error as ExpressionError} />
        </div>
      )}
      {report !== undefined && (
        <div style={{ marginTop: 12 }} data-testid="backtest-report">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('决策数', 'Decisions')}>{report.decisions}</Descriptions.Item>
            <Descriptions.Item label={t('欺诈', 'Frauds')}>{report.frauds}</Descriptions.Item>
            <Descriptions.Item label={t('会改变', 'Would change')}>{report.changed.count}</Descriptions.Item>
          </Descriptions>
          <Row gutter={12}>
            <Col span={12}>{metrics(t('当前', 'Current'), report.current)}</Col>
            <Col span={12}>{metrics(t('候选', 'Candidate'), report.candidate)}</Col>
          </Row>
          <Row gutter={12} style={{ marginTop: 12 }}>
            <Col span={10}>
              <Table
                size="small"
                title={() => t('变化', 'Transitions')}
                rowKey="0"
                pagination={false}
                dataSource={Object.entries(report.changed.by_transition)}
                columns={[
                  { title: t('变化', 'Transition'), dataIndex: 0, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('笔数', 'Count'), dataIndex: 1, align: 'right' },
                ]}
              />
            </Col>
            <Col span={14}>
              <Table
                size="small"
                title={() => t('样例', 'Sample')}
                rowKey="subject"
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                dataSource={report.changed.sample}
                columns={[
                  { title: t('对象', 'Subject'), dataIndex: 'subject', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('从', 'From'), dataIndex: 'from', render: (v: string) => <Tag color={ACTION_COLOURS[v]}>{v}</Tag> },
                  { title: t('到', 'To'), dataIndex: 'to', render: (v: string) => <Tag color={ACTION_COLOURS[v]}>{v}</Tag> },
                  { title: t('欺诈', 'Fraud'), dataIndex: 'fraud', render: (v: boolean) => (v ? <Tag color="red">{t('是', 'yes')}</Tag> : t('否', 'no')) },
                ]}
              />
            </Col>
          </Row>
        </div>
      )}
    </Card>
  );
}

function Versions({ rule }: { rule: Rule }) {
  const { t } = useI18n();
  const versions = useLoad(async () => (await must(consoleApi.GET('/v1/risk/rules/{id}/versions', { params: { path: { id: rule.id } } }))).data, [rule.id, rule.version]);
  useEffect(() => {
    if (versions.error !== undefined) showError(versions.error);
  }, [versions.error]);
  return (
    <Card size="small" title={t('版本历史', 'Versions')} style={{ marginTop: 16 }}>
      <Table<Rule>
        size="small"
        rowKey="version"
        loading={versions.loading}
        dataSource={versions.data ?? []}
        pagination={false}
        columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('表达式', 'Expression'), dataIndex: 'expression', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('动作', 'Action'), dataIndex: 'action', render: (v: string) => <Tag color={ACTION_COLOURS[v]}>{v}</Tag> },
          { title: t('优先级', 'Priority'), dataIndex: 'priority' },
          { title: t('状态', 'State'), dataIndex: 'status' },
          { title: t('保存时间', 'Saved'), dataIndex: 'updated', render: (v: number) => formatTime(v) },
        ]}
      />
    </Card>
  );
}
