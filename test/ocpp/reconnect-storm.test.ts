import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { startOcppApp } from './support.ts';

/**
 * A reconnect storm: 1,000 stations connect, boot and report their connectors
 * at once (ev-charging notes, "the real risk"), each on its own WebSocket.
 * Not timed: what matters is that every one is accepted and recorded. The
 * stations are registered beforehand, several at a time, through the module.
 */
const STATIONS = 1_000;

test(`${STATIONS.toLocaleString('en')} stations booting at once are all accepted and recorded online`, async () => {
  const ocpp = await startOcppApp();
  try {
    const ids = Array.from({ length: STATIONS }, (_, i) => `CP-STORM-${String(i).padStart(4, '0')}`);
    await ocpp.registerMany(ids);
    const answers = await Promise.all(
      ids.map(async (id) => {
        const station = await ocpp.connect(id);
        const boot = (await station.call('BootNotification', { chargePointVendor: 'Storm', chargePointModel: 'S1' })) as { status: string };
        const statuses = await Promise.all([1, 2].map((connectorId) => station.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Available' })));
        return { boot: boot.status, statuses };
      }),
    );
    assert.deepEqual(
      answers.filter((answer) => answer.boot !== 'Accepted'),
      [],
    );
    assert.equal(answers.length, STATIONS);
    assert.ok(
      answers.every((answer) => answer.statuses.every((status) => JSON.stringify(status) === '{}')),
      'every StatusNotification is acknowledged',
    );
    assert.equal(ocpp.app.paygrid.ocpp.connected.size, STATIONS);
    for (const id of ids) {
      const station = await ocpp.find(id);
      assert.equal(station.online, true, id);
      assert.equal(station.vendor, 'Storm', id);
      assert.deepEqual(
        station.connectors.map((c) => c.status),
        ['Available', 'Available'],
        id,
      );
    }
  } finally {
    await ocpp.close();
  }
});
