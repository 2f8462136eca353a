import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space, Table, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiFailure, consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, formatTime, parseMoney } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ErrorAlert, TIER_COLOURS, slotTime, tierName, useLoad } from './common.tsx';
import { TariffGrid, slotRanges } from './TariffGrid.tsx';
import { TIERS, type Tariff, type Tier } from './types.ts';

const PRICE = /^\d{1,6}(\.\d{1,5})?$/;

/** Electricity plus service per kWh, exact: two prices of at most 5 decimals added as integers of 10⁻⁵; '—' unless both are prices. */
function pricePerKwhTotal(energy: string, service: string): string {
  if (!PRICE.test(energy) || !PRICE.test(service)) return '—';
  const scaled = (x: string) => BigInt((x.split('.')[0] ?? '0') + (x.split('.')[1] ?? '').padEnd(5, '0'));
  const sum = (scaled(energy) + scaled(service)).toString().padStart(6, '0');
  return `${sum.slice(0, -5)}.${sum.slice(-5)}`;
}

interface Draft {
  name: string;
  currency: string;
  tiers: Record<Tier, { energy_price: string; service_price: string }>;
  slots: Tier[];
  /** Money fields as typed, in major units. */
  idle_fee: string;
  idle_grace_minutes: number;
  session_fee: string;
  min_hold: string;
}

/** Minor units → the major-unit text an operator types ("0.50"). */
function major(minor: number, currency: string): string {
  return formatMoney(minor, currency).replace(/[^\d.-]/g, '');
}

function draftOf(tariff: Tariff): Draft {
  const tier = (name: Tier) => tariff.tiers[name] ?? { energy_price: '0', service_price: '0' };
  return {
    name: tariff.name,
    currency: tariff.currency,
    tiers: { sharp: tier('sharp'), peak: tier('peak'), flat: tier('flat'), valley: tier('valley') },
    slots: tariff.slots.map((s) => (TIERS.includes(s as Tier) ? (s as Tier) : 'flat')),
    idle_fee: major(tariff.idle_fee_per_minute, tariff.currency),
    idle_grace_minutes: tariff.idle_grace_minutes,
    session_fee: major(tariff.session_fee, tariff.currency),
    min_hold: major(tariff.min_hold_amount, tariff.currency),
  };
}

const NEW_DRAFT: Draft = {
  name: '',
  currency: 'cny',
  tiers: {
    sharp: { energy_price: '1.20000', service_price: '0.80000' },
    peak: { energy_price: '1.00000', service_price: '0.60000' },
    flat: { energy_price: '0.70000', service_price: '0.50000' },
    valley: { energy_price: '0.30000', service_price: '0.40000' },
  },
  slots: Array<Tier>(48).fill('flat'),
  idle_fee: '0.50',
  idle_grace_minutes: 10,
  session_fee: '0.00',
  min_hold: '50.00',
};

/** A tariff's editor: the 48-slot day painted by tier, the prices per tier and the fees; saving makes a new version. */
export default function TariffEditor() {
  const { id = '' } = useParams();
  const isNew = id === 'new';
  const { t } = useI18n();
  const navigate = useNavigate();
  const { can } = useConsoleSession();
  const mayWrite = can('charging:write');
  const loaded = useLoad(async () => (isNew ? undefined : must(consoleApi.GET('/v1/charging/tariffs/{id}', { params: { path: { id } } }))), [id]);
  const [draft, setDraft] = useState<Draft>(NEW_DRAFT);
  const [paint, setPaint] = useState<Tier>('peak');
  const [saveError, setSaveError] = useState<ApiFailure | undefined>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Tariff | undefined>();

  useEffect(() => {
    if (loaded.data !== undefined) setDraft(draftOf(loaded.data));
  }, [loaded.data]);

  const current = saved ?? loaded.data;
  const setTier = (tier: Tier, field: 'energy_price' | 'service_price', value: string) => setDraft((d) => ({ ...d, tiers: { ...d.tiers, [tier]: { ...d.tiers[tier], [field]: value } } }));

  const money = (text: string, param: string): number => {
    const value = parseMoney(text, draft.currency);
    if (value === undefined) throw new ApiFailure(400, 'amount_invalid', t(`金额格式不正确：${text}`, `Not an amount: ${text}`), param);
    return Number(value);
  };

  const save = async () => {
    setSaveError(undefined);
    setSaving(true);
    try {
      const body = {
        name: draft.name,
        currency: draft.currency,
        tiers: draft.tiers,
        slots: draft.slots,
        idle_fee_per_minute: money(draft.idle_fee, 'idle_fee_per_minute'),
        idle_grace_minutes: draft.idle_grace_minutes,
        session_fee: money(draft.session_fee, 'session_fee'),
        min_hold_amount: money(draft.min_hold, 'min_hold_amount'),
      };
      const result = isNew ? await must(consoleApi.POST('/v1/charging/tariffs', { body })) : await must(consoleApi.POST('/v1/charging/tariffs/{id}', { params: { path: { id } }, body }));
      void message.success(t(`已保存为 v${result.version}`, `Saved as version ${result.version}`));
      setSaved(result);
      setDraft(draftOf(result));
      if (isNew) navigate(`../${encodeURIComponent(result.id)}`, { relative: 'path', replace: true });
    } catch (e) {
      setSaveError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', String(e)));
    } finally {
      setSaving(false);
    }
  };

  const ranges = slotRanges(draft.slots);
  const priceStatus = (v: string) => (PRICE.test(v) ? undefined : ('error' as const));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to=".." relative="path">
        ← {t('全部电价', 'All tariffs')}
      </Link>
      <ErrorAlert error={loaded.error} />
      <Card
        title={
          isNew ? (
            t('新建电价', 'New tariff')
          ) : (
            <Space>
              {current?.name} <Typography.Text code>{id}</Typography.Text>
              {current !== undefined && (
                <Tag color="blue" data-testid="tariff-version" data-version={current.version}>
                  v{current.version}
                </Tag>
              )}
              {current !== undefined && <Typography.Text type="secondary">{formatTime(current.updated)}</Typography.Text>}
            </Space>
          )
        }
        extra={
          mayWrite ? (
            <Button type="primary" onClick={() => void save()} loading={saving} data-testid="save-tariff">
              {isNew ? t('创建', 'Create') : t('保存为新版本', 'Save as a new version')}
            </Button>
          ) : null
        }
      >
        {saveError !== undefined && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="tariff-error"
            message={
              <span>
                <Typography.Text code>{saveError.code}</Typography.Text> {saveError.message}
                {saveError.param !== undefined && (
                  <Typography.Text type="secondary">
                    {' '}
                    ({t('字段', 'field')} {saveError.param})
                  </Typography.Text>
                )}
              </span>
            }
          />
        )}
        {!isNew && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('保存后生成新版本，只对之后开始的充电生效；进行中的充电沿用原版本。', 'Saving makes a new version for sessions that start from now; running sessions keep theirs.')} />}
        <Form layout="vertical" disabled={!mayWrite}>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item label={t('名称', 'Name')} required>
                <Input value={draft.name} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} maxLength={200} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label={t('币种', 'Currency')}>
                <Input value={draft.currency} disabled={!isNew} onChange={(e) => setDraft((d) => ({ ...d, currency: e.target.value.toLowerCase() }))} maxLength={3} />
              </Form.Item>
            </Col>
          </Row>

          <Form.Item label={t('时段（按住拖动以涂刷所选费率）', 'Time of use (press and drag to paint the chosen tier)')}>
            <Space style={{ marginBottom: 8 }} wrap>
              <Radio.Group value={paint} onChange={(e) => setPaint(e.target.value as Tier)} optionType="button" buttonStyle="solid" data-testid="paint-tier">
                {TIERS.map((tier) => (
                  <Radio.Button key={tier} value={tier} data-testid={`paint-${tier}`}>
                    <span style={{ display: 'inline-block', width: 10, height: 10, background: TIER_COLOURS[tier], borderRadius: 2, marginRight: 6 }} />
                    {tierName(tier, t)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Space>
            <TariffGrid slots={draft.slots} paint={paint} onChange={(slots) => setDraft((d) => ({ ...d, slots }))} disabled={!mayWrite} />
            <div style={{ marginTop: 8 }} data-testid="slot-ranges">
              {TIERS.map((tier) => {
                const mine = ranges.filter((r) => r.tier === tier);
                if (mine.length === 0) return null;
                return (
                  <div key={tier}>
                    <Tag color={TIER_COLOURS[tier]}>{tierName(tier, t)}</Tag>
                    {mine.map((r) => `${slotTime(r.from)}–${slotTime(r.to)}`).join(', ')}
                  </div>
                );
              })}
            </div>
          </Form.Item>

          <Table
            size="small"
            pagination={false}
            rowKey={(tier) => tier}
            dataSource={TIERS}
            style={{ marginBottom: 16 }}
            columns={[
              { title: t('费率', 'Tier'), key: 'tier', render: (_, tier: Tier) => <Tag color={TIER_COLOURS[tier]}>{tierName(tier, t)}</Tag> },
              {
                title: t('电费（元/kWh，最多 5 位小数）', 'Electricity per kWh (≤ 5 decimals)'),
                key: 'energy',
                render: (_, tier: Tier) => (
                  <Input value={draft.tiers[tier].energy_price} status={priceStatus(draft.tiers[tier].energy_price)} onChange={(e) => setTier(tier, 'energy_price', e.target.value.trim())} style={{ width: 140 }} data-testid={`price-${tier}-energy`} />
                ),
              },
              {
                title: t('服务费（元/kWh）', 'Service per kWh'),
                key: 'service',
                render: (_, tier: Tier) => (
                  <Input value={draft.tiers[tier].service_price} status={priceStatus(draft.tiers[tier].service_price)} onChange={(e) => setTier(tier, 'service_price', e.target.value.trim())} style={{ width: 140 }} data-testid={`price-${tier}-service`} />
                ),
              },
              {
                title: t('合计', 'Total'),
                key: 'total',
                render: (_, tier: Tier) => pricePerKwhTotal(draft.tiers[tier].energy_price, draft.tiers[tier].service_price),
              },
              { title: t('时长', 'Hours'), key: 'hours', render: (_, tier: Tier) => `${draft.slots.filter((s) => s === tier).length / 2} h` },
            ]}
          />

          <Row gutter={12}>
            <Col span={6}>
              <Form.Item label={t('占位费（元/分钟）', 'Idle fee per minute')}>
                <Input value={draft.idle_fee} onChange={(e) => setDraft((d) => ({ ...d, idle_fee: e.target.value }))} prefix="¥" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('免费占位（分钟）', 'Grace minutes')}>
                <InputNumber value={draft.idle_grace_minutes} min={0} precision={0} onChange={(v) => setDraft((d) => ({ ...d, idle_grace_minutes: v ?? 0 }))} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('单次费用（元）', 'Session fee')}>
                <Input value={draft.session_fee} onChange={(e) => setDraft((d) => ({ ...d, session_fee: e.target.value }))} prefix="¥" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('最低预授权（元）', 'Minimum hold')}>
                <Input value={draft.min_hold} onChange={(e) => setDraft((d) => ({ ...d, min_hold: e.target.value }))} prefix="¥" data-testid="min-hold" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {!isNew && <VersionHistory id={id} latest={current?.version} onUse={(version) => setDraft(draftOf(version))} mayWrite={mayWrite} />}
    </Space>
  );
}

/**
 * Every version of the tariff, newest first, with the price per tier (electricity
 * plus service) and the fees: what a session that froze an older one priced
 * with. "Start from this version" loads it into the editor; saving then makes a
 * new version, never changes an old one.
 */
function VersionHistory({ id, latest, onUse, mayWrite }: { id: string; latest: number | undefined; onUse(version: Tariff): void; mayWrite: boolean }) {
  const { t } = useI18n();
  const versions = useLoad(() => must(consoleApi.GET('/v1/charging/tariffs/{id}/versions', { params: { path: { id }, query: { limit: 50 } } })), [id, latest]);
  return (
    <Card title={t('版本历史', 'Version history')} size="small" data-testid="tariff-versions">
      <ErrorAlert error={versions.error} />
      <Table<Tariff>
        size="small"
        rowKey="version"
        pagination={false}
        loading={versions.loading}
        dataSource={versions.data?.data ?? []}
        columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number) => <Tag color={v === latest ? 'blue' : undefined}>v{v}</Tag> },
          { title: t('生效时间', 'Made'), dataIndex: 'updated', render: (v: number) => formatTime(v) },
          ...TIERS.map((tier) => ({ title: `${tierName(tier, t)} (${t('元/kWh', 'per kWh')})`, key: tier, render: (_: unknown, v: Tariff) => (v.tiers[tier] === undefined ? '—' : pricePerKwhTotal(v.tiers[tier].energy_price, v.tiers[tier].service_price)) })),
          { title: t('占位费/分钟', 'Idle fee/min'), dataIndex: 'idle_fee_per_minute', render: (v: number, row: Tariff) => formatMoney(v, row.currency) },
          { title: t('最低预授权', 'Minimum hold'), dataIndex: 'min_hold_amount', render: (v: number, row: Tariff) => formatMoney(v, row.currency) },
          {
            title: '',
            key: 'use',
            render: (_: unknown, v: Tariff) =>
              mayWrite && v.version !== latest ? (
                <Button size="small" onClick={() => onUse(v)} data-testid={`use-version-${v.version}`}>
                  {t('以此版本为基础编辑', 'Start from this version')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
