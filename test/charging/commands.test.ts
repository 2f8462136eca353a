import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import type { StationCommand } from '../../src/charging/index.ts';
import type { PaygridClient } from '../../src/client/index.ts';
import { failed, ok } from '../support/client.ts';
import { startOcppApp, type OcppTestApp, type StationClient } from '../ocpp/support.ts';

/**
 * Remote commands to stations over real WebSockets: an operator sends one
 * through the API, the job queue sends the CALL to a strict OCPP 1.6J station
 * (ocpp-rpc's RPCClient), and the station's answer is recorded. The job
 * worker is run by hand and time is a ManualClock; only the timeout tests wait
 * for a real CALL timeout (1 s, the shortest PAYGRID_OCPP_CALL_TIMEOUT_MS).
 */
type Command = { id: string; status: string; result: Record<string, unknown> | null; failure: string | null; attempts: number; params: Record<string, unknown>; expires_at: number; created: number; completed_at: number | null; reference: string | null; station: string; action: string };
/** The station's reply to a CALL: its confirmation payload, or ocpp-rpc's NOREPLY to stay silent. */
type Answer = (action: string, params: unknown) => Record<string, unknown>;
const MINUTE_MS = 60_000;
const COMMAND_ID = /^cmd_[0-9a-z]{26}$/;

describe('remote commands to charging stations', () => {
  let ocpp: OcppTestApp;
  let api: PaygridClient;
  let secretKey: string;
  let otherApi: PaygridClient;
  let shopApi: PaygridClient;
  /** Every CALL each station received, in order. */
  const received = new Map<string, Array<{ action: string; params: unknown }>>();

  before(async () => {
    ocpp = await startOcppApp({ PAYGRID_OCPP_CALL_TIMEOUT_MS: '1000' });
    const rolled = ok(await ocpp.app.client().POST('/v1/merchants/{id}/roll_keys', { params: { path: { id: ocpp.merchantId } }, body: { type: 'secret' } }));
    secretKey = rolled.key;
    api = ocpp.app.client(secretKey);
    const other = await ocpp.app.request('POST', '/v1/merchants', { body: { name: 'Other CPO', category: 'ev_charging' } });
    otherApi = ocpp.app.client(other.body.secret_key);
    const shop = await ocpp.app.request('POST', '/v1/merchants', { body: { name: 'Shop' } });
    shopApi = ocpp.app.client(shop.body.secret_key);
    for (const id of ['CP-ACCEPT', 'CP-REFUSE', 'CP-OFFLINE', 'CP-LATE', 'CP-SILENT', 'CP-BADPARAMS', 'CP-PRIVATE', 'CP-LISTEN']) await ocpp.register(id);
  });
  after(async () => {
    await ocpp.close();
  });

  /** A booted station that records every CALL and answers with `answer`. */
  async function station(id: string, answer: Answer): Promise<StationClient> {
    const client = await ocpp.connectBooted(id);
    const calls: Array<{ action: string; params: unknown }> = [];
    received.set(id, calls);
    client.handle(async ({ method, params }) => {
      calls.push({ action: method ?? '', params });
      return answer(method ?? '', params);
    });
    return client;
  }

  async function send(stationId: string, action: string, params: Record<string, unknown>): Promise<Command> {
    const answered = await api.POST('/v1/charging/stations/{id}/commands', { params: { path: { id: stationId } }, body: { action: action as 'Reset', params } });
    assert.equal(answered.response.status, 202, JSON.stringify(answered.error));
    return answered.data as Command;
  }

  async function read(id: string): Promise<Command> {
    return ok(await api.GET('/v1/charging/commands/{id}', { params: { path: { id } } })) as Command;
  }

  const runJobs = () => ocpp.app.paygrid.jobWorker.runOnce();

  test('each action is sent to the station as given, accepted by its status, and its whole answer stored', async () => {
    const configuration = { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['NoSuchKey'] };
    const cases: Array<{ action: string; params: Record<string, unknown>; answer: Record<string, unknown> }> = [
      { action: 'RemoteStartTransaction', params: { connectorId: 1, idTag: 'CARD-0001' }, answer: { status: 'Accepted' } },
      { action: 'RemoteStartTransaction', params: { idTag: 'APP-7f3a' }, answer: { status: 'Accepted' } },
      { action: 'RemoteStopTransaction', params: { transactionId: 42 }, answer: { status: 'Accepted' } },
      { action: 'Reset', params: { type: 'Soft' }, answer: { status: 'Accepted' } },
      { action: 'ChangeAvailability', params: { connectorId: 0, type: 'Inoperative' }, answer: { status: 'Accepted' } },
      { action: 'ChangeAvailability', params: { connectorId: 2, type: 'Operative' }, answer: { status: 'Scheduled' } },
      { action: 'UnlockConnector', params: { connectorId: 2 }, answer: { status: 'Unlocked' } },
      { action: 'GetConfiguration', params: { key: ['HeartbeatInterval', 'NoSuchKey'] }, answer: configuration },
      { action: 'GetConfiguration', params: {}, answer: {} },
      { action: 'ChangeConfiguration', params: { key: 'HeartbeatInterval', value: '120' }, answer: { status: 'RebootRequired' } },
      { action: 'TriggerMessage', params: { requestedMessage: 'StatusNotification', connectorId: 1 }, answer: { status: 'Accepted' } },
    ];
    let next: Record<string, unknown> = {};
    await station('CP-ACCEPT', () => next);
    for (const [i, c] of cases.entries()) {
      const name = `${c.action} ${JSON.stringify(c.params)}`;
      next = c.answer;
      const queued = await send('CP-ACCEPT', c.action, c.params);
      assert.match(queued.id, COMMAND_ID);
      assert.deepEqual({ status: queued.status, attempts: queued.attempts, result: queued.result, station: queued.station, action: queued.action }, { status: 'queued', attempts: 0, result: null, station: 'CP-ACCEPT', action: c.action }, name);
      assert.equal((await runJobs()).succeeded, 1, name);
      const done = await read(queued.id);
      assert.deepEqual({ status: done.status, result: done.result, failure: done.failure, attempts: done.attempts, params: done.params }, { status: 'accepted', result: c.answer, failure: null, attempts: 1, params: c.params }, name);
      assert.equal(done.completed_at, Math.floor(ocpp.app.clock.nowMs() / 1000), name);
      assert.deepEqual(received.get('CP-ACCEPT')?.[i], { action: c.action, params: c.params }, `${name}: the station got exactly the params`);
    }
    assert.equal(received.get('CP-ACCEPT')?.length, cases.length, 'one CALL per command');
  });

  test('a refusal is recorded as rejected with the answer, and a CallError as failed with its code', async () => {
    const cases: Array<{ action: string; params: Record<string, unknown>; answer: Record<string, unknown> | 'NotSupported'; status: string; failure: string | null }> = [
      { action: 'RemoteStartTransaction', params: { connectorId: 1, idTag: 'CARD-0002' }, answer: { status: 'Rejected' }, status: 'rejected', failure: null },
      { action: 'RemoteStopTransaction', params: { transactionId: 7 }, answer: { status: 'Rejected' }, status: 'rejected', failure: null },
      { action: 'Reset', params: { type: 'Hard' }, answer: { status: 'Rejected' }, status: 'rejected', failure: null },
      { action: 'ChangeAvailability', params: { connectorId: 1, type: 'Inoperative' }, answer: { status: 'Rejected' }, status: 'rejected', failure: null },
      { action: 'UnlockConnector', params: { connectorId: 1 }, answer: { status: 'UnlockFailed' }, status: 'rejected', failure: null },
      { action: 'UnlockConnector', params: { connectorId: 2 }, answer: { status: 'NotSupported' }, status: 'rejected', failure: null },
      { action: 'ChangeConfiguration', params: { key: 'ChargePointId', value: 'x' }, answer: { status: 'Rejected' }, status: 'rejected', failure: null },
      { action: 'ChangeConfiguration', params: { key: 'VendorThing', value: '' }, answer: { status: 'NotSupported' }, status: 'rejected', failure: null },
      { action: 'TriggerMessage', params: { requestedMessage: 'FirmwareStatusNotification' }, answer: { status: 'NotImplemented' }, status: 'rejected', failure: null },
      { action: 'TriggerMessage', params: { requestedMessage: 'MeterValues', connectorId: 2 }, answer: { status: 'Rejected' }, status: 'rejected', failure: null },
      { action: 'Reset', params: { type: 'Soft' }, answer: 'NotSupported', status: 'failed', failure: 'call_error:NotSupported' },
    ];
    let next: Record<string, unknown> | 'NotSupported' = {};
    await station('CP-REFUSE', () => {
      if (next === 'NotSupported') throw ocppRpc.createRPCError('NotSupported', 'not on this model');
      return next;
    });
    for (const c of cases) {
      const name = `${c.action} → ${JSON.stringify(c.answer)}`;
      next = c.answer;
      const queued = await send('CP-REFUSE', c.action, c.params);
      await runJobs();
      const done = await read(queued.id);
      assert.deepEqual({ status: done.status, result: done.result, failure: done.failure, attempts: done.attempts }, { status: c.status, result: c.answer === 'NotSupported' ? null : c.answer, failure: c.failure, attempts: 1 }, name);
    }
    ocpp.app.clock.advanceMs(MINUTE_MS);
    assert.equal((await runJobs()).claimed, 0, 'final commands are not sent again');
    assert.equal(received.get('CP-REFUSE')?.length, cases.length);
  });

  test('a command to an offline station is tried again with backoff until it expires: RemoteStartTransaction after 2 minutes, others after 10', async () => {
    const cases = [
      { action: 'RemoteStartTransaction', params: { connectorId: 1, idTag: 'CARD-0003' }, expiresInMs: 2 * MINUTE_MS },
      { action: 'Reset', params: { type: 'Hard' }, expiresInMs: 10 * MINUTE_MS },
    ];
    for (const c of cases) {
      const queued = await send('CP-OFFLINE', c.action, c.params);
      const createdMs = ocpp.app.clock.nowMs();
      assert.equal(queued.expires_at, Math.floor((createdMs + c.expiresInMs) / 1000), c.action);
      let command = queued;
      // A retry waits at most COMMAND_RETRY_POLICY.maxDelayMs (1 minute): one run a minute finds every retry due.
      for (let run = 0; run < 15 && command.completed_at === null; run += 1) {
        await runJobs();
        command = await read(queued.id);
        if (ocpp.app.clock.nowMs() < createdMs + c.expiresInMs) assert.deepEqual({ status: command.status, failure: command.failure }, { status: 'queued', failure: 'station_not_connected' }, `${c.action} before its expiry`);
        ocpp.app.clock.advanceMs(MINUTE_MS);
      }
      assert.equal(command.status, 'expired', c.action);
      assert.equal(command.failure, 'station_not_connected', `${c.action}: why it expired`);
      assert.equal(command.result, null);
      assert.ok(command.attempts >= c.expiresInMs / MINUTE_MS, `${c.action}: tried about once a minute until it expired (${command.attempts} attempts)`);
      assert.ok((command.completed_at ?? 0) * 1000 >= createdMs + c.expiresInMs, `${c.action}: not given up before its expiry`);
    }
    // The station comes online afterwards: an expired command is never sent.
    await station('CP-OFFLINE', () => ({ status: 'Accepted' }));
    ocpp.app.clock.advanceMs(60 * MINUTE_MS);
    await runJobs();
    assert.deepEqual(received.get('CP-OFFLINE'), []);
  });

  test('a station that comes back before the command expires gets it', async () => {
    const queued = await send('CP-LATE', 'RemoteStartTransaction', { connectorId: 2, idTag: 'CARD-0004' });
    await runJobs();
    assert.deepEqual(await read(queued.id).then((c) => [c.status, c.failure, c.attempts]), ['queued', 'station_not_connected', 1]);
    await station('CP-LATE', () => ({ status: 'Accepted' }));
    ocpp.app.clock.advanceMs(MINUTE_MS);
    await runJobs();
    const done = await read(queued.id);
    assert.deepEqual({ status: done.status, failure: done.failure, attempts: done.attempts }, { status: 'accepted', failure: null, attempts: 2 });
    assert.deepEqual(received.get('CP-LATE'), [{ action: 'RemoteStartTransaction', params: { connectorId: 2, idTag: 'CARD-0004' } }]);
  });

  test('a RemoteStartTransaction that got no answer is failed, never sent twice; other commands are sent again', async () => {
    let silent = true;
    await station('CP-SILENT', () => (silent ? ocppRpc.NOREPLY : { status: 'Accepted' }));
    const start = await send('CP-SILENT', 'RemoteStartTransaction', { connectorId: 1, idTag: 'CARD-0005' });
    await runJobs();
    const failedStart = await read(start.id);
    assert.deepEqual({ status: failedStart.status, failure: failedStart.failure, attempts: failedStart.attempts }, { status: 'failed', failure: 'call_timeout', attempts: 1 });

    const reset = await send('CP-SILENT', 'Reset', { type: 'Soft' });
    await runJobs();
    assert.deepEqual(await read(reset.id).then((c) => [c.status, c.failure]), ['queued', 'call_timeout']);
    silent = false;
    ocpp.app.clock.advanceMs(MINUTE_MS);
    await runJobs();
    assert.deepEqual(await read(reset.id).then((c) => [c.status, c.failure, c.attempts]), ['accepted', null, 2]);

    ocpp.app.clock.advanceMs(60 * MINUTE_MS);
    await runJobs();
    assert.deepEqual(await read(start.id).then((c) => [c.status, c.attempts]), ['failed', 1], 'the start stays failed');
    assert.deepEqual(
      received.get('CP-SILENT')?.map((call) => call.action),
      ['RemoteStartTransaction', 'Reset', 'Reset'],
    );
  });

  test('bad params are refused with the parameter at fault, and nothing is queued', async () => {
    const cases: Array<{ body: unknown; code: string; param: string }> = [
      { body: { action: 'Reset', params: {} }, code: 'parameter_missing', param: 'params[type]' },
      { body: { action: 'Reset' }, code: 'parameter_missing', param: 'params[type]' },
      { body: { action: 'Reset', params: { type: 'Warm' } }, code: 'parameter_invalid', param: 'params[type]' },
      { body: { action: 'Reset', params: { type: 'Soft', delay: 5 } }, code: 'parameter_unknown', param: 'params[delay]' },
      { body: { action: 'UnlockConnector', params: { connectorId: 3 } }, code: 'connector_not_found', param: 'params[connectorId]' },
      { body: { action: 'UnlockConnector', params: { connectorId: 0 } }, code: 'parameter_invalid', param: 'params[connectorId]' },
      { body: { action: 'ChangeAvailability', params: { connectorId: '1', type: 'Operative' } }, code: 'parameter_invalid', param: 'params[connectorId]' },
      { body: { action: 'ChangeAvailability', params: { connectorId: 9, type: 'Operative' } }, code: 'connector_not_found', param: 'params[connectorId]' },
      { body: { action: 'RemoteStartTransaction', params: { idTag: 'X'.repeat(21) } }, code: 'parameter_invalid', param: 'params[idTag]' },
      { body: { action: 'RemoteStartTransaction', params: { idTag: 'CARD-1', chargingProfile: {} } }, code: 'parameter_unknown', param: 'params[chargingProfile]' },
      { body: { action: 'RemoteStartTransaction', params: { connectorId: 1 } }, code: 'parameter_missing', param: 'params[idTag]' },
      { body: { action: 'RemoteStopTransaction', params: { transactionId: 1.5 } }, code: 'parameter_invalid', param: 'params[transactionId]' },
      { body: { action: 'GetConfiguration', params: { key: ['HeartbeatInterval', ''] } }, code: 'parameter_invalid', param: 'params[key][1]' },
      { body: { action: 'ChangeConfiguration', params: { key: 'HeartbeatInterval' } }, code: 'parameter_missing', param: 'params[value]' },
      { body: { action: 'ChangeConfiguration', params: { key: 'K'.repeat(51), value: '1' } }, code: 'parameter_invalid', param: 'params[key]' },
      { body: { action: 'TriggerMessage', params: { requestedMessage: 'Authorize' } }, code: 'parameter_invalid', param: 'params[requestedMessage]' },
      { body: { action: 'MakeCoffee', params: {} }, code: 'parameter_invalid', param: 'action' },
      { body: { action: 'Reset', params: ['Soft'] }, code: 'parameter_invalid', param: 'params' },
      { body: { params: { type: 'Soft' } }, code: 'parameter_missing', param: 'action' },
    ];
    const jobsBefore = await ocpp.app.paygrid.modules.jobs.countByState();
    for (const c of cases) {
      const refused = await ocpp.app.request('POST', '/v1/charging/stations/CP-BADPARAMS/commands', { key: secretKey, body: c.body });
      assert.equal(refused.status, 400, `${JSON.stringify(c.body)}: ${JSON.stringify(refused.body)}`);
      assert.deepEqual({ code: refused.body.error.code, param: refused.body.error.param }, { code: c.code, param: c.param }, JSON.stringify(c.body));
    }
    const listed = ok(await api.GET('/v1/charging/stations/{id}/commands', { params: { path: { id: 'CP-BADPARAMS' } } }));
    assert.deepEqual(listed.data, [], 'no command was recorded');
    assert.deepEqual(await ocpp.app.paygrid.modules.jobs.countByState(), jobsBefore, 'and no job was queued');
  });

  test('commands are the operator’s own: another operator can neither send, see nor list them; other merchants may not send at all', async () => {
    const mine = await send('CP-PRIVATE', 'Reset', { type: 'Soft' });
    const path = { id: 'CP-PRIVATE' };
    assert.equal(failed(await otherApi.POST('/v1/charging/stations/{id}/commands', { params: { path }, body: { action: 'Reset', params: { type: 'Soft' } } }), 404).param, 'id');
    failed(await otherApi.GET('/v1/charging/commands/{id}', { params: { path: { id: mine.id } } }), 404);
    failed(await otherApi.GET('/v1/charging/stations/{id}/commands', { params: { path } }), 404);
    failed(await api.POST('/v1/charging/stations/{id}/commands', { params: { path: { id: 'CP-NOBODY' } }, body: { action: 'Reset', params: { type: 'Soft' } } }), 404);
    failed(await api.GET('/v1/charging/commands/{id}', { params: { path: { id: 'cmd_0000000000aaaaaaaaaaaaaaaa' } } }), 404);
    assert.equal(failed(await shopApi.POST('/v1/charging/stations/{id}/commands', { params: { path }, body: { action: 'Reset', params: { type: 'Soft' } } }), 403).code, 'permission_denied');
    // The platform operator acts only for a charging operator it names (the Paygrid-Merchant header).
    assert.equal(failed(await ocpp.app.client().POST('/v1/charging/stations/{id}/commands', { params: { path }, body: { action: 'Reset', params: { type: 'Soft' } } }), 400).param, 'Paygrid-Merchant');
    const listed = ok(await api.GET('/v1/charging/stations/{id}/commands', { params: { path } }));
    assert.deepEqual(
      listed.data.map((c) => c.id),
      [mine.id],
      'only the one command the operator sent',
    );
  });

  test('a station’s commands are listed newest first, a page at a time', async () => {
    const sent: string[] = [];
    for (const type of ['Soft', 'Hard', 'Soft']) {
      // Apart in time from each other and from the earlier test's command: within one millisecond ids order at random.
      ocpp.app.clock.advanceMs(1_000);
      sent.push((await send('CP-PRIVATE', 'Reset', { type })).id);
    }
    const path = { id: 'CP-PRIVATE' };
    const first = ok(await api.GET('/v1/charging/stations/{id}/commands', { params: { path, query: { limit: 2 } } }));
    assert.deepEqual(
      first.data.map((c) => c.id),
      [sent[2], sent[1]],
    );
    assert.equal(first.has_more, true);
    assert.equal(first.url, '/v1/charging/stations/CP-PRIVATE/commands');
    const second = ok(await api.GET('/v1/charging/stations/{id}/commands', { params: { path, query: { limit: 2, starting_after: sent[1] } } }));
    assert.equal(second.data[0]?.id, sent[0]);
    const back = ok(await api.GET('/v1/charging/stations/{id}/commands', { params: { path, query: { ending_before: sent[0] } } }));
    assert.deepEqual(
      back.data.map((c) => c.id),
      [sent[2], sent[1]],
    );
  });

  test('a retried POST with the same Idempotency-Key queues the command once', async () => {
    const request = { params: { path: { id: 'CP-PRIVATE' }, header: { 'Idempotency-Key': 'reset-cp-private-1' } }, body: { action: 'Reset' as const, params: { type: 'Hard' } } };
    ocpp.app.clock.advanceMs(1_000);
    const first = await api.POST('/v1/charging/stations/{id}/commands', request);
    const again = await api.POST('/v1/charging/stations/{id}/commands', request);
    assert.deepEqual([first.response.status, again.response.status], [202, 202]);
    assert.equal(again.data?.id, first.data?.id);
    const listed = ok(await api.GET('/v1/charging/stations/{id}/commands', { params: { path: { id: 'CP-PRIVATE' }, query: { limit: 2 } } }));
    assert.deepEqual(
      listed.data.map((c) => c.id).filter((id) => id === first.data?.id),
      [first.data?.id],
    );
    assert.notEqual(listed.data[1]?.params.type, 'Hard', 'the command before it is another one');
  });

  test('onFinished hears of every final command with its reference, again after a listener failed', async () => {
    await station('CP-LISTEN', () => ({ status: 'Rejected' }));
    const commands = ocpp.app.paygrid.modules.stationCommands;
    const heard: StationCommand[] = [];
    let failOnce = true;
    let commandId = '';
    const stop = commands.onFinished((command) => {
      // Commands of earlier tests (an offline station's) may finish meanwhile.
      if (command.id !== commandId) return;
      heard.push(command);
      if (failOnce) {
        failOnce = false;
        throw new Error('sessions store unavailable');
      }
    });
    try {
      const sent = await commands.send(ocpp.merchantId, 'CP-LISTEN', { action: 'RemoteStartTransaction', params: { connectorId: 1, idTag: 'APP-123' }, reference: 'cs_test_reference' });
      assert.ok('command' in sent, JSON.stringify(sent));
      commandId = sent.command.id;
      assert.equal(sent.command.reference, 'cs_test_reference');
      await runJobs();
      assert.deepEqual(
        heard.map((c) => [c.id, c.status, c.reference]),
        [[sent.command.id, 'rejected', 'cs_test_reference']],
      );
      ocpp.app.clock.advanceMs(MINUTE_MS);
      await runJobs();
      assert.deepEqual(
        heard.map((c) => [c.id, c.status, c.result]),
        [
          [sent.command.id, 'rejected', { status: 'Rejected' }],
          [sent.command.id, 'rejected', { status: 'Rejected' }],
        ],
        'told again, with the same command',
      );
      assert.equal(received.get('CP-LISTEN')?.length, 1, 'the station was not asked again');
      ocpp.app.clock.advanceMs(60 * MINUTE_MS);
      await runJobs();
      assert.equal(heard.length, 2, 'and not told a third time once every listener heard');
      const sameAsApi = await read(sent.command.id);
      assert.equal(sameAsApi.reference, 'cs_test_reference');
    } finally {
      stop();
    }
  });
});
