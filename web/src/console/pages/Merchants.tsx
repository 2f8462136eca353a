import { Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, parseMoney } from '../../money.ts';
import type { Merchant } from '../components/api.ts';
import { ErrorAlert, Id, PageTitle, Time, useLoad, useShowError } from '../components/common.tsx';
import { Pager, useCursor } from '../components/Pager.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { useConsoleSession } from '../session.tsx';

const CATEGORIES = ['retail', 'ev_charging', 'food_and_drink', 'travel', 'digital_goods', 'services', 'utilities', 'other'] as const;
type Category = (typeof CATEGORIES)[number];

interface FeePlanForm {
  percent_bps: number;
  fixed: string;
  refund_fee_policy: 'keep_fee' | 'return_fee';
}

/** Merchants: list, create with a fee plan, change the fee plan, roll keys (the new one shown once). */
export default function MerchantsPage() {
  const { t, lang } = useI18n();
  const { can } = useConsoleSession();
  const cursor = useCursor();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/merchants', { params: { query: { limit: 20, ...(cursor.cursor === undefined ? {} : { starting_after: cursor.cursor }) } } })), [cursor.cursor]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Merchant | undefined>(undefined);
  const [secrets, setSecrets] = useState<{ title: string; secrets: { label: string; value: string }[] } | undefined>(undefined);
  const showError = useShowError();
  const rows = loaded.data?.data ?? [];

  const roll = async (merchant: Merchant, type: 'secret' | 'publishable') => {
    try {
      const key = await must(consoleApi.POST('/v1/merchants/{id}/roll_keys', { params: { path: { id: merchant.id } }, body: { type } }));
      setSecrets({ title: t(`${merchant.name} 的新密钥`, `New key for ${merchant.name}`), secrets: [{ label: type, value: key.key }] });
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div>
      <PageTitle
        extra={
          can('merchants:write') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="merchant-create">
              {t('新建商户', 'New merchant')}
            </Button>
          )
        }
      >
        {t('商户', 'Merchants')}
      </PageTitle>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Table<Merchant>
          rowKey="id"
          size="small"
          pagination={false}
          loading={loaded.loading}
          dataSource={rows}
          columns={[
            { title: 'ID', dataIndex: 'id', render: (v: string) => <Id value={v} /> },
            { title: t('名称', 'Name'), dataIndex: 'name' },
            { title: t('类别', 'Category'), dataIndex: 'category' },
            {
              title: t('费率', 'Fee plan'),
              dataIndex: 'fee_plan',
              render: (_: unknown, m) => `${(m.fee_plan.percent_bps / 100).toFixed(2)}% + ${formatMoney(m.fee_plan.fixed_amount, m.default_currency, lang)} · ${m.fee_plan.refund_fee_policy}`,
            },
            { title: t('币种', 'Currency'), dataIndex: 'default_currency', render: (v: string) => v.toUpperCase() },
            { title: t('创建时间', 'Created'), dataIndex: 'created', render: (v: number) => <Time value={v} /> },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, m) => (
                <Space>
                  {can('merchants:write') && (
                    <Button size="small" onClick={() => setEditing(m)}>
                      {t('修改费率', 'Edit fee plan')}
                    </Button>
                  )}
                  {can('users:admin') && (
                    <Popconfirm title={t('旧的密钥将立即失效。继续？', 'The old key stops working at once. Continue?')} onConfirm={() => roll(m, 'secret')}>
                      <Button size="small" danger>
                        {t('轮换密钥', 'Roll secret key')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <Pager page={cursor.page} hasMore={loaded.data?.has_more ?? false} lastId={rows[rows.length - 1]?.id} onNext={cursor.next} onPrevious={cursor.previous} />
      </Card>
      <CreateMerchant
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(m) => {
          setCreating(false);
          setSecrets({ title: t(`商户 ${m.name} 已创建`, `Merchant ${m.name} created`), secrets: [{ label: 'secret_key', value: m.secret_key }, { label: 'publishable_key', value: m.publishable_key }] });
          cursor.reset();
          loaded.reload();
        }}
      />
      {editing !== undefined && (
        <EditFeePlan
          merchant={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            loaded.reload();
          }}
        />
      )}
      <SecretOnce open={secrets !== undefined} title={secrets?.title ?? ''} secrets={secrets?.secrets ?? []} onClose={() => setSecrets(undefined)} />
    </div>
  );
}

function FeePlanFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="percent_bps" label={t('费率（基点，60 = 0.6%）', 'Rate (basis points, 60 = 0.6 %)')} rules={[{ required: true }]}>
        <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="fixed" label={t('每笔固定费（元）', 'Fixed fee per payment (major units)')} rules={[{ validator: async (_, v: string) => { if (parseMoney(v ?? '', 'cny') === undefined) throw new Error(t('如 0.30', 'e.g. 0.30')); } }]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="refund_fee_policy" label={t('退款时手续费', 'Fee on refunds')}>
        <Select
          options={[
            { value: 'keep_fee', label: t('不退还手续费', 'Keep the fee') },
            { value: 'return_fee', label: t('按比例退还', 'Return in proportion') },
          ]}
        />
      </Form.Item>
    </>
  );
}

function CreateMerchant({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (m: Merchant & { secret_key: string; publishable_key: string }) => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<FeePlanForm & { name: string; category: Category }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: FeePlanForm & { name: string; category: Category }) => {
    setBusy(true);
    try {
      const merchant = await must(
        consoleApi.POST('/v1/merchants', {
          body: { name: v.name, category: v.category, fee_plan: { percent_bps: v.percent_bps, fixed_amount: Number(parseMoney(v.fixed, 'cny') ?? 0n), refund_fee_policy: v.refund_fee_policy } },
        }),
      );
      form.resetFields();
      onCreated(merchant);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('新建商户', 'New merchant')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ category: 'retail', percent_bps: 60, fixed: '0.00', refund_fee_policy: 'keep_fee' }}>
        <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="category" label={t('类别', 'Category')}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <FeePlanFields />
      </Form>
    </Modal>
  );
}

function EditFeePlan({ merchant, onClose, onSaved }: { merchant: Merchant; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<FeePlanForm & { name: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: FeePlanForm & { name: string }) => {
    setBusy(true);
    try {
      await must(
        consoleApi.POST('/v1/merchants/{id}', {
          params: { path: { id: merchant.id } },
          body: { name: v.name, fee_plan: { percent_bps: v.percent_bps, fixed_amount: Number(parseMoney(v.fixed, merchant.default_currency) ?? 0n), refund_fee_policy: v.refund_fee_policy } },
        }),
      );
      onSaved();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const fixed = formatMoney(merchant.fee_plan.fixed_amount, merchant.default_currency).replace(/[^\d.]/g, '');
  return (
    <Modal open title={t(`修改 ${merchant.name}`, `Edit ${merchant.name}`)} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: merchant.name, percent_bps: merchant.fee_plan.percent_bps, fixed, refund_fee_policy: merchant.fee_plan.refund_fee_policy }}>
        <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <FeePlanFields />
      </Form>
    </Modal>
  );
}
