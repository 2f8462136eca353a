import { Button, Card, Form, Input, Popconfirm, Radio, Segmented, Select, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';
import { ErrorAlert, showError, useLoad } from './common.tsx';
import type { ListEntry } from './types.ts';

type Kind = ListEntry['kind'];
const KINDS: Kind[] = ['customer', 'card', 'device', 'ip', 'merchant'];

/** Allow and block lists by kind of entity, with add and delete. */
export default function Lists() {
  const { t } = useI18n();
  const { can } = useConsoleSession();
  const mayWrite = can('risk:write');
  const entries = useLoad(async () => (await must(consoleApi.GET('/v1/risk/list_entries'))).data, []);
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const [list, setList] = useState<'allow' | 'block'>('block');
  const [newKind, setNewKind] = useState<Kind>('customer');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const kindLabel = (k: Kind) =>
    ({ customer: t('消费者', 'Consumer'), card: t('卡', 'Card'), device: t('设备', 'Device'), ip: 'IP', merchant: t('商户', 'Merchant') })[k];

  const add = async () => {
    setBusy(true);
    try {
      await must(consoleApi.POST('/v1/risk/list_entries', { body: { list, kind: newKind, value: value.trim(), ...(note.trim() === '' ? {} : { note: note.trim() }) } }));
      setValue('');
      setNote('');
      void message.success(t('已添加', 'Added'));
      await entries.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await must(consoleApi.DELETE('/v1/risk/list_entries/{id}', { params: { path: { id } } }));
      await entries.reload();
    } catch (e) {
      showError(e);
    }
  };

  const shown = (entries.data ?? []).filter((e) => kind === 'all' || e.kind === kind);

  return (
    <Card title={t('黑白名单', 'Allow and block lists')} extra={<Button onClick={() => void entries.reload()}>{t('刷新', 'Refresh')}</Button>}>
      <ErrorAlert error={entries.error} />
      {mayWrite && (
        <Form layout="inline" style={{ marginBottom: 16 }} onFinish={() => void add()}>
          <Form.Item>
            <Select value={list} onChange={setList} style={{ width: 110 }} options={[{ value: 'block', label: t('黑名单', 'Block') }, { value: 'allow', label: t('白名单', 'Allow') }]} />
          </Form.Item>
          <Form.Item>
            <Radio.Group value={newKind} onChange={(e) => setNewKind(e.target.value as Kind)} optionType="button">
              {KINDS.map((k) => (
                <Radio.Button key={k} value={k} data-testid={`kind-${k}`}>
                  {kindLabel(k)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item>
            <Input value={value} onChange={(e) => setValue(e.target.value)} placeholder={t('值：cus_… / 指纹 / 设备号 / IP / mch_…', 'Value: cus_… / fingerprint / device / IP / mch_…')} style={{ width: 300 }} data-testid="list-value" />
          </Form.Item>
          <Form.Item>
            <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('备注', 'Note')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={value.trim() === ''}>
              {t('添加', 'Add')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Segmented
        style={{ marginBottom: 12 }}
        value={kind}
        onChange={(v) => setKind(v as Kind | 'all')}
        options={[{ value: 'all', label: t('全部', 'All') }, ...KINDS.map((k) => ({ value: k, label: `${kindLabel(k)} (${(entries.data ?? []).filter((e) => e.kind === k).length})` }))]}
      />
      <Table<ListEntry>
        size="small"
        rowKey="id"
        loading={entries.loading}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('名单', 'List'), dataIndex: 'list', render: (v: string) => (v === 'block' ? <Tag color="red">{t('黑名单', 'block')}</Tag> : <Tag color="green">{t('白名单', 'allow')}</Tag>) },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (v: Kind) => kindLabel(v) },
          { title: t('值', 'Value'), dataIndex: 'value', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
          { title: t('备注', 'Note'), dataIndex: 'note' },
          { title: t('添加时间', 'Added'), dataIndex: 'created', render: (v: number) => formatTime(v) },
          {
            title: '',
            key: 'delete',
            render: (_, e) =>
              mayWrite ? (
                <Popconfirm title={t('删除这条名单？', 'Delete this entry?')} onConfirm={() => void remove(e.id)} okText={t('删除', 'Delete')} cancelText={t('取消', 'Cancel')}>
                  <Button size="small" danger>
                    {t('删除', 'Delete')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
