import { Badge, Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n.tsx';
import { formatTime } from '../../money.ts';
import type { Connector, Session, Tier } from './types.ts';

export { ErrorAlert, errorText, showError, useLoad, ageText } from '../risk/common.tsx';

/** 尖 red, 峰 orange, 平 blue, 谷 green: the colours China's tariff sheets use. */
export const TIER_COLOURS: Record<Tier, string> = { sharp: '#cf1322', peak: '#fa8c16', flat: '#1677ff', valley: '#389e0d' };

export function tierName(tier: string, t: (zh: string, en: string) => string): string {
  switch (tier) {
    case 'sharp':
      return t('尖', 'Sharp');
    case 'peak':
      return t('峰', 'Peak');
    case 'flat':
      return t('平', 'Flat');
    case 'valley':
      return t('谷', 'Valley');
    default:
      return tier;
  }
}

/** OCPP 1.6 ChargePointStatus → colour and name. */
const CONNECTOR_STATUS: Record<string, { colour: string; zh: string }> = {
  Available: { colour: 'green', zh: '空闲' },
  Preparing: { colour: 'cyan', zh: '准备中' },
  Charging: { colour: 'blue', zh: '充电中' },
  SuspendedEV: { colour: 'gold', zh: '车辆暂停' },
  SuspendedEVSE: { colour: 'gold', zh: '桩暂停' },
  Finishing: { colour: 'geekblue', zh: '结束中' },
  Reserved: { colour: 'purple', zh: '已预约' },
  Unavailable: { colour: 'default', zh: '不可用' },
  Faulted: { colour: 'red', zh: '故障' },
};

export function ConnectorStatus({ connector, online }: { connector: Connector; online: boolean }) {
  const { t } = useI18n();
  const known = CONNECTOR_STATUS[connector.status];
  const colour = !online ? 'default' : (known?.colour ?? 'default');
  const label = t(known?.zh ?? connector.status, connector.status);
  return (
    <Tooltip title={`${connector.type} · ${connector.max_power_w / 1000} kW${connector.error_code !== 'NoError' && connector.error_code !== '' ? ` · ${connector.error_code}` : ''}${connector.status_at === null ? '' : ` · ${formatTime(connector.status_at)}`}`}>
      <Tag color={colour} data-testid={`connector-${connector.id}`} data-status={connector.status} style={{ opacity: online ? 1 : 0.6 }}>
        #{connector.id} {label}
      </Tag>
    </Tooltip>
  );
}

export function OnlineBadge({ online }: { online: boolean }) {
  const { t } = useI18n();
  return (
    <span data-testid="station-online" data-online={String(online)}>
      <Badge status={online ? 'success' : 'default'} text={online ? t('在线', 'Online') : t('离线', 'Offline')} />
    </span>
  );
}

const SESSION_COLOURS: Record<Session['status'], string> = { starting: 'cyan', charging: 'blue', finishing: 'geekblue', completed: 'green', failed: 'red' };

export function SessionStatus({ status }: { status: Session['status'] }) {
  const { t } = useI18n();
  const zh = { starting: '启动中', charging: '充电中', finishing: '结算中', completed: '已完成', failed: '失败' }[status];
  return (
    <Tag color={SESSION_COLOURS[status]} data-testid="session-status" data-status={status}>
      {t(zh, status)}
    </Tag>
  );
}

/** "HH:MM" of half-hour slot i (0…48). */
export function slotTime(i: number): string {
  return `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`;
}
