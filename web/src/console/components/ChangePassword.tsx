import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useShowError } from './common.tsx';

/** At least this many characters: the API's rule for console passwords. */
const MIN_PASSWORD_CHARS = 12;

/**
 * The signed-in user changes their own password with the current one
 * (POST /v1/console/me/password); their sessions elsewhere end.
 */
export function ChangePasswordButton() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ current_password: string; new_password: string; repeat: string }>();
  const submit = async (values: { current_password: string; new_password: string }) => {
    setBusy(true);
    try {
      await must(consoleApi.POST('/v1/console/me/password', { body: { current_password: values.current_password, new_password: values.new_password } }));
      setOpen(false);
      form.resetFields();
      void message.success(t('密码已修改，其他设备上的登录已退出。', 'Password changed; your sessions elsewhere were signed out.'));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="change-password">
        {t('修改密码', 'Change password')}
      </Button>
      <Modal open={open} title={t('修改密码', 'Change password')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: busy, id: 'change-password-ok' }} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="current_password" label={t('当前密码', 'Current password')} rules={[{ required: true }]}>
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
      </Modal>
    </>
  );
}
