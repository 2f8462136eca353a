import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import qrcode from 'qrcode-generator';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n.tsx';
import { consoleApi, must } from '../../api.ts';
import type { ConsoleUserRow } from '../components/api.ts';
import { ErrorAlert, Id, PageTitle, Time, useLoad, useShowError } from '../components/common.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { MIN_PASSWORD_CHARS } from '../components/ChangePassword.tsx';

const ROLES = ['admin', 'risk_analyst', 'finance', 'support', 'station_operator', 'merchant'] as const;

interface CreatedUser {
  user: ConsoleUserRow;
  totp: { secret: string; otpauth_url: string };
}

/** A user's authenticator secret, shown once: after creating them, or resetting their credentials. */
interface Enrolment {
  answer: CreatedUser;
  reset: boolean;
}

/**
 * Console users (admin): list, create one, reset one who lost their password
 * or authenticator, disable or enable; a new TOTP secret is shown once, with a
 * QR code.
 */
export default function UsersPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/console/users', { params: { query: { limit: 100 } } })), []);
  const [creating, setCreating] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | undefined>(undefined);
  const [resetting, setResetting] = useState<ConsoleUserRow | undefined>(undefined);
  const [resetForm] = Form.useForm<{ password: string }>();
  const [form] = Form.useForm<{ email: string; name: string; role: (typeof ROLES)[number]; merchant_id?: string; password: string }>();
  const role = Form.useWatch('role', form);
  const create = async (v: { email: string; name: string; role: (typeof ROLES)[number]; merchant_id?: string; password: string }) => {
    try {
      const answer: CreatedUser = await must(
        consoleApi.POST('/v1/console/users', { body: { email: v.email.trim(), name: v.name.trim(), role: v.role, password: v.password, ...(v.role === 'merchant' && v.merchant_id ? { merchant_id: v.merchant_id.trim() } : {}) } }),
      );
      setCreating(false);
      form.resetFields();
      setEnrolment({ answer, reset: false });
      loaded.reload();
    } catch (error) {
      showError(error);
    }
  };
  const reset = async (user: ConsoleUserRow, password: string) => {
    try {
      const answer: CreatedUser = await must(consoleApi.POST('/v1/console/users/{id}/reset_credentials', { params: { path: { id: user.id } }, body: { password } }));
      setResetting(undefined);
      resetForm.resetFields();
      setEnrolment({ answer, reset: true });
    } catch (error) {
      showError(error);
    }
  };
  const setDisabled = async (user: ConsoleUserRow, disabled: boolean) => {
    try {
      await must(consoleApi.POST('/v1/console/users/{id}', { params: { path: { id: user.id } }, body: { disabled } }));
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
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              render: (_: unknown, user: ConsoleUserRow) => (
                <Space size="small">
                  <Button size="small" onClick={() => setResetting(user)} data-testid={`reset-${user.id}`}>
                    {t('重置密码与验证器', 'Reset password and authenticator')}
                  </Button>
                  <Popconfirm
                    title={user.disabled ? t('启用该用户？', 'Enable this user?') : t('停用该用户？其所有登录将立即退出。', 'Disable this user? Their sessions end at once.')}
                    onConfirm={() => void setDisabled(user, !user.disabled)}
                  >
                    <Button size="small" danger={!user.disabled}>
                      {user.disabled ? t('启用', 'Enable') : t('停用', 'Disable')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
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
          <Form.Item name="password" label={t('初始密码', 'Initial password')} rules={[{ required: true, min: MIN_PASSWORD_CHARS, message: t(`至少 ${MIN_PASSWORD_CHARS} 个字符`, `At least ${MIN_PASSWORD_CHARS} characters`) }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={resetting !== undefined}
        title={t(`重置 ${resetting?.email ?? ''} 的密码与身份验证器`, `Reset the password and authenticator of ${resetting?.email ?? ''}`)}
        onCancel={() => setResetting(undefined)}
        onOk={() => resetForm.submit()}
        okButtonProps={{ id: 'reset-ok' }}
        destroyOnHidden
      >
        <p>{t('旧密码和旧验证器立即失效，该用户的所有登录将退出，登录锁定解除。', 'The old password and authenticator stop working at once, their sessions end and a sign-in lock is lifted.')}</p>
        <Form form={resetForm} layout="vertical" onFinish={(v: { password: string }) => resetting !== undefined && void reset(resetting, v.password)}>
          <Form.Item name="password" label={t('新的临时密码', 'New temporary password')} rules={[{ required: true, min: MIN_PASSWORD_CHARS, message: t(`至少 ${MIN_PASSWORD_CHARS} 个字符`, `At least ${MIN_PASSWORD_CHARS} characters`) }]}>
            <Input.Password autoComplete="new-password" id="reset-password" />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnce
        open={enrolment !== undefined}
        title={
          enrolment?.reset === true
            ? t(`已重置 ${enrolment.answer.user.email}：请用身份验证器扫码`, `Reset ${enrolment.answer.user.email}: scan with an authenticator app`)
            : t(`已创建 ${enrolment?.answer.user.email ?? ''}：请用身份验证器扫码`, `Created ${enrolment?.answer.user.email ?? ''}: scan with an authenticator app`)
        }
        secrets={enrolment === undefined ? [] : [{ label: 'TOTP secret', value: enrolment.answer.totp.secret }, { label: 'otpauth URL', value: enrolment.answer.totp.otpauth_url }]}
        extra={enrolment !== undefined && <TotpQr url={enrolment.answer.totp.otpauth_url} />}
        onClose={() => setEnrolment(undefined)}
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
