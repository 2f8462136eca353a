import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { SignInFailure, useConsoleSession } from './session.tsx';

/**
 * Two steps: email and password, then the six-digit code from the
 * authenticator app. The API checks all three at once and answers the same
 * `invalid_credentials` whichever was wrong, so the page does not say which.
 */
export function SignIn() {
  const { t, lang, setLang } = useI18n();
  const { signIn } = useConsoleSession();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [credentials, setCredentials] = useState({ email: '', password: '' });
  const [failure, setFailure] = useState<SignInFailure | Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submitCode({ code }: { code: string }) {
    setBusy(true);
    setFailure(undefined);
    try {
      await signIn(credentials.email, credentials.password, code.trim());
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('Paygrid 控制台登录', 'Sign in to Paygrid')}
          </Typography.Title>
          <Segmented size="small" value={lang} onChange={(value) => setLang(value === 'en' ? 'en' : 'zh-CN')} options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {step === 'password' ? t('运营人员与商户使用邮箱和密码登录。', 'Operators and merchants sign in with email and password.') : t('请输入身份验证器应用中的 6 位动态码。', 'Enter the 6-digit code from your authenticator app.')}
        </Typography.Paragraph>
        {failure !== undefined && <FailureAlert failure={failure} />}
        {step === 'password' ? (
          <Form
            layout="vertical"
            initialValues={credentials}
            onFinish={(values: { email: string; password: string }) => {
              setCredentials({ email: values.email.trim(), password: values.password });
              setFailure(undefined);
              setStep('code');
            }}
          >
            <Form.Item name="email" label={t('邮箱', 'Email')} rules={[{ required: true, type: 'email', message: t('请输入邮箱', 'Enter your email') }]}>
              <Input autoComplete="username" autoFocus data-testid="sign-in-email" />
            </Form.Item>
            <Form.Item name="password" label={t('密码', 'Password')} rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}>
              <Input.Password autoComplete="current-password" data-testid="sign-in-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block data-testid="sign-in-next">
              {t('下一步', 'Next')}
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={submitCode}>
            <Typography.Paragraph>{credentials.email}</Typography.Paragraph>
            <Form.Item name="code" label={t('动态验证码', 'Authentication code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('请输入 6 位数字', 'Enter 6 digits') }]}>
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus data-testid="sign-in-code" style={{ fontSize: 20, letterSpacing: 6 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
              {t('登录', 'Sign in')}
            </Button>
            <Button type="link" block onClick={() => setStep('password')} style={{ marginTop: 8 }}>
              {t('返回修改邮箱或密码', 'Back to email and password')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}

function FailureAlert({ failure }: { failure: SignInFailure | Error }) {
  const { t } = useI18n();
  const code = failure instanceof SignInFailure ? failure.code : 'network_error';
  let title: string;
  switch (code) {
    case 'invalid_credentials':
      title = t('邮箱、密码或动态码不正确。', 'The email, password or code is not right.');
      break;
    case 'account_locked':
      title = t('账户已暂时锁定。', 'The account is locked for now.');
      break;
    case 'rate_limited':
      title = t('尝试次数过多，请稍后再试。', 'Too many attempts: try again later.');
      break;
    default:
      title = t('登录失败。', 'Sign-in failed.');
  }
  const retry = failure instanceof SignInFailure && failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds : undefined;
  const wait = retry === undefined ? '' : t(`请在 ${Math.ceil(retry / 60)} 分钟后重试。`, `Try again in ${Math.ceil(retry / 60)} min.`);
  return <Alert type="error" showIcon data-testid="sign-in-error" data-code={code} title={title} description={`${code}: ${failure.message} ${wait}`} style={{ marginBottom: 16 }} />;
}
