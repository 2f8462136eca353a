import { Alert, Button, Card, Descriptions, Input, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { LedgerAccount, LedgerTransfer } from '../components/api.ts';
import { ErrorAlert, Id, Money, PageTitle, Time } from '../components/common.tsx';
import { PagedTable, after } from '../components/PagedTable.tsx';

type Verification = Awaited<ReturnType<typeof verify>>;
const verify = () => must(consoleApi.GET('/v1/ledger/verify'));

/** The ledger: verify that every ledger balances, browse accounts and recent transfers. */
export default function LedgerPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageTitle>{t('账本', 'Ledger')}</PageTitle>
      <Tabs
        items={[
          { key: 'verify', label: t('校验', 'Verify'), children: <VerifyTab /> },
          { key: 'accounts', label: t('账户', 'Accounts'), children: <AccountsTab /> },
          { key: 'transfers', label: t('转账', 'Transfers'), children: <TransfersTab /> },
        ]}
      />
    </div>
  );
}

function VerifyTab() {
  const { t } = useI18n();
  const [result, setResult] = useState<Verification | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    setError(undefined);
    verify()
      .then(setResult, setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card size="small">
      <Button type="primary" onClick={run} loading={busy} data-testid="ledger-verify" style={{ marginBottom: 16 }}>
        {t('立即校验', 'Verify now')}
      </Button>
      <ErrorAlert error={error} />
      {result !== undefined && (
        <>
          <Alert
            type={result.balanced ? 'success' : 'error'}
            showIcon
            data-testid="ledger-balanced"
            data-balanced={String(result.balanced)}
            title={result.balanced ? t('账本平衡：借贷相等，无越限，无重复结算。', 'Balanced: debits equal credits, no limit broken, no hold resolved twice.') : t('账本不平衡！', 'NOT balanced!')}
            description={t(`检查了 ${result.accounts_checked} 个账户、${result.transfers_checked} 笔转账。`, `${result.accounts_checked} accounts and ${result.transfers_checked} transfers checked.`)}
            style={{ marginBottom: 16 }}
          />
          <Table
            rowKey="ledger"
            size="small"
            pagination={false}
            dataSource={result.ledgers}
            columns={[
              { title: t('账本', 'Ledger'), dataIndex: 'ledger' },
              { title: t('账户数', 'Accounts'), dataIndex: 'accounts' },
              { title: t('借方已过账', 'Debits posted'), dataIndex: 'debits_posted', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
              { title: t('贷方已过账', 'Credits posted'), dataIndex: 'credits_posted', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
              { title: t('借方冻结', 'Debits pending'), dataIndex: 'debits_pending', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
              { title: t('贷方冻结', 'Credits pending'), dataIndex: 'credits_pending', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
              { title: t('平衡', 'Balanced'), dataIndex: 'balanced', render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{v ? t('是', 'yes') : t('否', 'no')}</Tag> },
            ]}
          />
          {result.mismatches.length + result.limit_violations.length + result.pending_problems.length > 0 && (
            <Descriptions size="small" bordered column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('余额不符', 'Mismatches')}>{result.mismatches.map((m) => `${m.account_id}.${m.field}: ${m.stored} ≠ ${m.expected}`).join('; ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('越限', 'Limit violations')}>{result.limit_violations.join('; ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('冻结问题', 'Hold problems')}>{result.pending_problems.join('; ') || '—'}</Descriptions.Item>
            </Descriptions>
          )}
        </>
      )}
    </Card>
  );
}

function AccountsTab() {
  const { t } = useI18n();
  return (
    <Card size="small">
      <PagedTable<LedgerAccount>
        testId="ledger-accounts"
        load={(startingAfter) => must(consoleApi.GET('/v1/ledger/accounts', { params: { query: { limit: 50, ...after(startingAfter) } } }))}
        deps={[]}
        columns={[
          { title: t('账户', 'Account'), dataIndex: 'id', render: (v: string) => <Id value={v} /> },
          { title: t('账本', 'Ledger'), dataIndex: 'ledger' },
          { title: t('科目代码', 'Code'), dataIndex: 'code' },
          { title: t('借方已过账', 'Debits posted'), dataIndex: 'debits_posted', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
          { title: t('贷方已过账', 'Credits posted'), dataIndex: 'credits_posted', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
          { title: t('借方冻结', 'Debits pending'), dataIndex: 'debits_pending', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
          { title: t('贷方冻结', 'Credits pending'), dataIndex: 'credits_pending', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
          { title: t('创建时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
        ]}
      />
    </Card>
  );
}

function TransfersTab() {
  const { t } = useI18n();
  const [account, setAccount] = useState('');
  return (
    <Card size="small">
      <Input.Search
        placeholder={t('按账户 ID 筛选', 'Filter by account id')}
        allowClear
        style={{ maxWidth: 420, marginBottom: 12 }}
        onSearch={(value) => setAccount(value.trim())}
      />
      <PagedTable<LedgerTransfer>
        testId="ledger-transfers"
        load={(startingAfter) =>
          account === ''
            ? must(consoleApi.GET('/v1/ledger/transfers', { params: { query: { limit: 50, ...after(startingAfter) } } }))
            : must(consoleApi.GET('/v1/ledger/accounts/{id}/transfers', { params: { path: { id: account }, query: { limit: 50, ...after(startingAfter) } } }))
        }
        deps={[account]}
        columns={[
          { title: t('转账', 'Transfer'), dataIndex: 'id', render: (v: string) => <Id value={v} /> },
          { title: t('借方', 'Debit'), dataIndex: 'debit_account_id', render: (v: string) => <Id value={v} /> },
          { title: t('贷方', 'Credit'), dataIndex: 'credit_account_id', render: (v: string) => <Id value={v} /> },
          { title: t('金额', 'Amount'), dataIndex: 'amount', align: 'right', render: (v: number, r) => <Money amount={v} currency={r.ledger} /> },
          { title: t('代码', 'Code'), dataIndex: 'code' },
          { title: t('标志', 'Flags'), dataIndex: 'flags', render: (f: LedgerTransfer['flags']) => Object.entries(f).filter(([, on]) => on).map(([k]) => <Tag key={k}>{k}</Tag>) },
          { title: t('时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
        ]}
      />
    </Card>
  );
}
