import { Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd';
import qrcode from 'qrcode-generator';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { ConsoleUserRow } from '../components/api.ts';
import { ErrorAlert, Id, PageTitle, Time, useLoad, useShowError } from '../components/common.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';

const ROLES = ['admin', 'risk_analyst', 'finance', 'support', 'station_operator', 'merchant'] as const;

interface CreatedUser {
  user: ConsoleUserRow;
  totp: { secret: string; otpauth_url: string };
}

/** Console users (admin): list, and create one; the new user's TOTP secret is shown once, with a QR code. */
export default function UsersPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/console/users', { params: { query: { limit: 100 } } })), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedUser | undefined>(undefined);
  const [form] = Form.useForm<{ email: string; name: string; role: (typeof ROLES)[number]; merchant_id?: string; password: string }>();
  const role = Form.useWatch('role', form);
  const create = async (v: { email: string; name: string; role: (typeof ROLES)[number]; merchant_id?: string; password: string }) => {
    try {
      const answer: CreatedUser = await must(
        consoleApi.POST('/v1/console/users', { body: { email: v.email.trim(), name: v.name.trim(), role: v.role, password: v.password, ...(v.role === 'merchant' && v.merchant_id ? { merchant_id: v.merchant_id.trim() } : {}) } }),
      );
      setCreating(false);
      form.resetFields();
      setCreated(answer);
      loaded.reload();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <div>
      <PageTitle extra={<Button type="primary" onClick={() => setCreating(true)}>{t('新建用户', 'New user')}</Button>}>{t('控制台用户', 'Console users')}</PageTitle>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Table<ConsoleUserRow>
          rowKey="id"
          size="small"
          pagination={false}
          loading={loaded.loading}
          dataSource={loaded.data?.data ?? []}
          columns={[
            { title: 'ID', dataIndex: 'id', render: (v: string) => <Id value={v} /> },
            { title: t('姓名', 'Name'), dataIndex: 'name' },
            { title: t('邮箱', 'Email'), dataIndex: 'email' },
            { title: t('角色', 'Role'), dataIndex: 'role', render: (v: string) => <Tag>{v}</Tag> },
            { title: t('商户', 'Merchant'), dataIndex: 'merchant_id', render: (v: string | null) => <Id value={v} /> },
            { title: t('状态', 'Status'), dataIndex: 'disabled', render: (v: boolean) => (v ? <Tag>{t('已停用', 'disabled')}</Tag> : <Tag color="green">{t('正常', 'active')}</Tag>) },
            { title: t('创建时间', 'Created'), dataIndex: 'created_at', render: (v: number) => <Time value={v} /> },
          ]}
        />
      </Card>
      <Modal open={creating} title={t('新建控制台用户', 'New console user')} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ role: 'support' }}>
          <Form.Item name="email" label={t('邮箱', 'Email')} rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('角色', 'Role')}>
            <Select options={ROLES.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          {role === 'merchant' && (
            <Form.Item name="merchant_id" label={t('商户 ID', 'Merchant id')} rules={[{ required: true }]}>
              <Input placeholder="mch_…" />
            </Form.Item>
          )}
          <Form.Item name="password" label={t('初始密码', 'Initial password')} rules={[{ required: true, min: 12, message: t('至少 12 个字符', 'At least 12 characters') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnce
        open={created !== undefined}
        title={t(`已创建 ${created?.user.email ?? ''}：请用身份验证器扫码`, `Created ${created?.user.email ?? ''}: scan with an authenticator app`)}
        secrets={created === undefined ? [] : [{ label: 'TOTP secret', value: created.totp.secret }, { label: 'otpauth URL', value: created.totp.otpauth_url }]}
        extra={created !== undefined && <TotpQr url={created.totp.otpauth_url} />}
        onClose={() => setCreated(undefined)}
      />
    </div>
  );
}

function TotpQr({ url }: { url: string }) {
  const src = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(url);
    qr.make();
    return qr.createDataURL(5, 8);
  }, [url]);
  return <img src={src} alt="otpauth QR" style={{ display: 'block', margin: '0 auto' }} data-testid="totp-qr" />;
}
