import { Alert, App, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useConsoleSession } from '../session.tsx';
import { useShowError } from './common.tsx';

/** At least this many characters: the API's rule for console passwords. */
export const MIN_PASSWORD_CHARS = 12;

interface PasswordChange {
  current_password: string;
  new_password: string;
  repeat: string;
}

/**
 * The form of POST /v1/console/me/password: the current password, the new one
 * twice. `onChanged` runs once the API took it (the user's other sessions have
 * ended by then).
 */
function usePasswordChange(onChanged: () => Promise<void> | void) {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<PasswordChange>();
  const submit = async (values: PasswordChange) => {
    setBusy(true);
    try {
      await must(consoleApi.POST('/v1/console/me/password', { body: { current_password: values.current_password, new_password: values.new_password } }));
      form.resetFields();
      await onChanged();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, submit };
}

function PasswordFields({ form, submit, currentLabel }: { form: ReturnType<typeof usePasswordChange>['form']; submit(values: PasswordChange): Promise<void>; currentLabel: string }) {
  const { t } = useI18n();
  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <Form.Item name="current_password" label={currentLabel} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" id="current-password" />
      </Form.Item>
      <Form.Item name="new_password" label={t('新密码', 'New password')} rules={[{ required: true, min: MIN_PASSWORD_CHARS, message: t(`至少 ${MIN_PASSWORD_CHARS} 个字符`, `At least ${MIN_PASSWORD_CHARS} characters`) }]}>
        <Input.Password autoComplete="new-password" id="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t('再次输入新密码', 'Repeat the new password')}
        dependencies={['new_password']}
        rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_rule, value) => (value === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error(t('两次输入不一致', 'The two do not match')))) })]}
      >
        <Input.Password autoComplete="new-password" id="repeat-password" />
      </Form.Item>
    </Form>
  );
}

/** The header's "change password": a modal; the user's sessions elsewhere end. */
export function ChangePasswordButton() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const { form, busy, submit } = usePasswordChange(() => {
    setOpen(false);
    void message.success(t('密码已修改，其他设备上的登录已退出。', 'Password changed; your sessions elsewhere were signed out.'));
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="change-password">
        {t('修改密码', 'Change password')}
      </Button>
      <Modal open={open} title={t('修改密码', 'Change password')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: busy, id: 'change-password-ok' }} destroyOnHidden>
        <PasswordFields form={form} submit={submit} currentLabel={t('当前密码', 'Current password')} />
      </Modal>
    </>
  );
}

/**
 * After an admin reset: the console shows nothing but this until the user
 * chooses their own password (the API refuses everything else with
 * `password_change_required`).
 */
export function ForcedPasswordChange() {
  const { t } = useI18n();
  const { user, reload, signOut } = useConsoleSession();
  const { form, busy, submit } = usePasswordChange(reload);
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 440 }} data-testid="forced-password-change">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('请设置新密码', 'Choose your own password')}
        </Typography.Title>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(`${user?.email ?? ''} 正在使用管理员设置的临时密码，设置自己的密码后才能继续。`, `${user?.email ?? ''} signed in with a temporary password an admin set: choose your own to go on.`)} />
        <PasswordFields form={form} submit={submit} currentLabel={t('临时密码', 'Temporary password')} />
        <Button type="primary" block loading={busy} onClick={() => form.submit()} id="forced-password-ok">
          {t('保存并继续', 'Save and go on')}
        </Button>
        <Button type="link" block onClick={() => void signOut()} style={{ marginTop: 8 }}>
          {t('退出登录', 'Sign out')}
        </Button>
      </Card>
    </div>
  );
}
