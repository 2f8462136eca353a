import { Card, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { AuditEntry } from '../components/api.ts';
import { Id, PageTitle, Time } from '../components/common.tsx';
import { PagedTable, after } from '../components/PagedTable.tsx';

/** Every privileged action, newest first. */
export default function AuditLogPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageTitle>{t('审计日志', 'Audit log')}</PageTitle>
      <Card size="small">
        <PagedTable<AuditEntry>
          testId="audit-log"
          load={(startingAfter) => must(consoleApi.GET('/v1/console/audit_log', { params: { query: { limit: 50, ...after(startingAfter) } } }))}
          deps={[]}
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
      </Card>
    </div>
  );
}
