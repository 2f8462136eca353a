import { Alert, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.tsx';

/** A secret the API shows this once (keys, TOTP secrets): copyable, with a warning. */
export function SecretOnce({ open, title, secrets, extra, onClose }: { open: boolean; title: string; secrets: { label: string; value: string }[]; extra?: ReactNode; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal open={open} title={title} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText={t('我已保存', 'I have saved it')} width={600}>
      <Alert type="warning" showIcon title={t('只显示这一次：关闭后无法再次查看，请立即妥善保存。', 'Shown this once: it cannot be seen again after closing. Save it now.')} style={{ marginBottom: 16 }} />
      {secrets.map((s) => (
        <div key={s.label} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{s.label}</Typography.Text>
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all', marginBottom: 0 }} data-testid={`secret-${s.label}`}>
            {s.value}
          </Typography.Paragraph>
        </div>
      ))}
      {extra}
    </Modal>
  );
}
