import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import { PASSWORD, closedWith, startOcppApp, waitForPresence } from './support.ts';

test('a process holds at most PAYGRID_OCPP_MAX_STATIONS; closing Paygrid closes every station connection (1001 going away), also one that never answers, and marks them offline', async () => {
  const ocpp = await startOcppApp({ PAYGRID_OCPP_MAX_STATIONS: '4' });
  try {
    const ids = ['CP-SHUT-1', 'CP-SHUT-2', 'CP-SHUT-3', 'CP-SILENT'];
    for (const id of [...ids, 'CP-FIFTH']) await ocpp.register(id);
    const stations = await Promise.all(ids.slice(0, 3).map((id) => ocpp.connectBooted(id)));
    const closes = stations.map((station) => closedWith(station));
    // A station whose link died: it never answers the close handshake, so shutdown drops it after a grace period.
    const silentConnected = waitForPresence(ocpp.app, 'connected', 'CP-SILENT');
    const silent = await silentConnection(ocpp.port, 'CP-SILENT');
    await silentConnected;
    const silentGone = once(silent, 'close');
    assert.equal((await ocpp.find('CP-SILENT')).online, true);
    // Full: a fifth station is told to come back later; a connected station may still reconnect.
    const fifth = await ocpp.client('CP-FIFTH').connect().catch((error: unknown) => error);
    assert.ok(fifth instanceof ocppRpc.UnexpectedHttpResponse);
    assert.equal(fifth.code, 503);
    const replaced = closedWith(stations[2]!);
    stations[2] = await ocpp.connect('CP-SHUT-3');
    closes[2] = closedWith(stations[2]);
    assert.equal((await replaced).code, 1000);

    await ocpp.app.paygrid.close();

    for (const closed of await Promise.all(closes)) assert.deepEqual(closed, { code: 1001, reason: 'server shutting down' });
    await silentGone;
    for (const id of ids) assert.equal((await ocpp.find(id)).online, false, id);
    assert.equal(ocpp.app.paygrid.ocpp.connected.size, 0);
  } finally {
    await ocpp.close();
  }
});

/** An authenticated WebSocket that reads nothing and answers nothing once open. */
async function silentConnection(port: number, stationId: string): Promise<Socket> {
  const request = httpRequest({
    host: '127.0.0.1',
    port,
    path: `/ocpp/${stationId}`,
    headers: {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': Buffer.from('paygrid-silent-k').toString('base64'),
      'sec-websocket-protocol': 'ocpp1.6',
      authorization: `Basic ${Buffer.from(`${stationId}:${PASSWORD}`).toString('base64')}`,
    },
  });
  request.end();
  const [, socket] = (await once(request, 'upgrade')) as [unknown, Socket];
  // Reads (so that the server's end of the connection is seen) but never answers.
  socket.resume();
  return socket;
}
