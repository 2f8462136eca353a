import { Button, Card, Descriptions, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadFailure, PageTitle, useLoad, useShowError } from '../components/common.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { useConsoleSession } from '../session.tsx';

/** The merchant's API keys: stored only as hashes, so the console can only roll them (the new one is shown once). */
export default function ApiKeysPage() {
  const { t } = useI18n();
  const { user } = useConsoleSession();
  const showError = useShowError();
  const merchantId = user?.merchant_id ?? '';
  const loaded = useLoad(() => must(consoleApi.GET('/v1/merchants/{id}', { params: { path: { id: merchantId } } })), [merchantId]);
  const [rolled, setRolled] = useState<{ type: string; key: string } | undefined>(undefined);
  const roll = async (type: 'secret' | 'publishable') => {
    try {
      const key = await must(consoleApi.POST('/v1/merchants/{id}/roll_keys', { params: { path: { id: merchantId } }, body: { type } }));
      setRolled({ type, key: key.key });
    } catch (error) {
      showError(error);
    }
  };
  if (loaded.error !== undefined) return <LoadFailure error={loaded.error} onRetry={loaded.reload} />;
  return (
    <div>
      <PageTitle>{t('API 密钥', 'API keys')}</PageTitle>
      <Card size="small" loading={loaded.loading}>
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('商户', 'Merchant')}>
            {loaded.data?.name} <Typography.Text code>{merchantId}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('密钥', 'Secret key')}>sk_test_••••••••</Descriptions.Item>
          <Descriptions.Item label={t('可公开密钥', 'Publishable key')}>pk_test_••••••••</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('密钥只以哈希形式保存，无法再次显示。轮换后旧密钥立即失效。', 'Keys are stored only as hashes and cannot be shown again. Rolling one stops the old one at once.')}
        </Typography.Paragraph>
        <Space>
          <Popconfirm title={t('旧的密钥将立即失效。继续？', 'The old key stops working at once. Continue?')} onConfirm={() => roll('secret')}>
            <Button danger>{t('轮换密钥 (sk)', 'Roll secret key')}</Button>
          </Popconfirm>
          <Popconfirm title={t('旧的可公开密钥将立即失效。继续？', 'The old publishable key stops working at once. Continue?')} onConfirm={() => roll('publishable')}>
            <Button>{t('轮换可公开密钥 (pk)', 'Roll publishable key')}</Button>
          </Popconfirm>
        </Space>
      </Card>
      <SecretOnce open={rolled !== undefined} title={t('新密钥', 'New key')} secrets={rolled === undefined ? [] : [{ label: rolled.type, value: rolled.key }]} onClose={() => setRolled(undefined)} />
    </div>
  );
}
