import { Card, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { AuditEntry } from '../components/api.ts';
import { ErrorAlert, Id, PageTitle, Time, useLoad } from '../components/common.tsx';
import { Pager, useCursor } from '../components/Pager.tsx';

/** Every privileged action, newest first. */
export default function AuditLogPage() {
  const { t } = useI18n();
  const cursor = useCursor();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/console/audit_log', { params: { query: { limit: 50, ...(cursor.cursor === undefined ? {} : { starting_after: cursor.cursor }) } } })), [cursor.cursor]);
  const rows = loaded.data?.data ?? [];
  return (
    <div>
      <PageTitle>{t('审计日志', 'Audit log')}</PageTitle>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          pagination={false}
          loading={loaded.loading}
          dataSource={rows}
          columns={[
            { title: t('时间', 'Time'), dataIndex: 'created_at', render: (v: number) => <Time value={v} /> },
            { title: t('操作人', 'Actor'), dataIndex: 'actor', render: (v: AuditEntry['actor']) => <>{v.email} {v.role !== null && <Tag>{v.role}</Tag>}</> },
            { title: t('操作', 'Action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('路由', 'Route'), dataIndex: 'route', render: (v: string | null) => v ?? '—' },
            { title: t('对象', 'Target'), dataIndex: 'target', render: (v: string | null) => <Id value={v} /> },
            { title: t('结果', 'Status'), dataIndex: 'status', render: (v: number) => <Tag color={v < 400 ? 'green' : 'red'}>{v}</Tag> },
            { title: 'IP', dataIndex: 'ip' },
          ]}
        />
        <Pager page={cursor.page} hasMore={loaded.data?.has_more ?? false} lastId={rows[rows.length - 1]?.id} onNext={cursor.next} onPrevious={cursor.previous} />
      </Card>
    </div>
  );
}
