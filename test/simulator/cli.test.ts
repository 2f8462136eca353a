import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { runSimulatorCli, stationPassword, type SimulatorIo } from '../../src/simulator/index.ts';
import { startOcppApp, waitForPresence, type OcppTestApp } from '../ocpp/support.ts';
import { START_DEADLINE_MS, STOP_DEADLINE_MS, spawnPaygrid } from '../support/process.ts';

/**
 * `paygrid sim chargers` against a Paygrid listening on a real port: it
 * registers its stations through the HTTP API with passwords derived from the
 * operator's key, runs them until a signal, and exits cleanly; a second run
 * finds the stations and reconnects with the same passwords.
 */
describe('paygrid sim chargers', () => {
  let ocpp: OcppTestApp;
  let tariffId: string;

  before(async () => {
    ocpp = await startOcppApp();
    tariffId = (await ocpp.register('CLI-TARIFF-HOLDER')).tariffId;
  });
  after(async () => {
    await ocpp.close();
  });

  /** Fake standard streams and signals: `signal()` sends SIGTERM once `waitFor` has been printed. */
  function fakeIo(): { io: SimulatorIo; out: () => string; err: () => string; signalWhen: (text: string) => Promise<void>; printed: (text: string) => Promise<void>; signal: () => void } {
    let out = '';
    let err = '';
    let listener: ((signal: string) => void) | undefined;
    const waiting: Array<{ text: string; resolve: () => void }> = [];
    const check = (): void => {
      for (const w of waiting.splice(0)) {
        if (out.includes(w.text)) w.resolve();
        else waiting.push(w);
      }
    };
    const io: SimulatorIo = {
      out: {
        write(text: string) {
          out += text;
          check();
        },
      },
      err: {
        write(text: string) {
          err += text;
        },
      },
      onSignal(l) {
        listener = l;
        return () => (listener = undefined);
      },
    };
    return {
      io,
      out: () => out,
      err: () => err,
      signalWhen: (text) =>
        new Promise<void>((resolve) => waiting.push({ text, resolve })).then(() => {
          listener?.('SIGTERM');
        }),
      printed: (text) => new Promise<void>((resolve) => waiting.push({ text, resolve })),
      signal: () => listener?.('SIGINT'),
    };
  }

  const url = (): string => `ws://127.0.0.1:${ocpp.port}`;

  test('registers SIM-0001… with passwords derived from the key, boots them, stops cleanly on SIGTERM; a rerun reconnects, and without --tariff new stations get the first listed tariff', async () => {
    for (const run of ['first', 'second'] as const) {
      const { io, out, err, signalWhen } = fakeIo();
      const stopped = signalWhen('[sim] running');
      // The server records a station offline after its socket closes, then says so: wait for that, not for the CLI alone.
      const offline = ['SIM-0001', 'SIM-0002', 'SIM-0003'].map((id) => waitForPresence(ocpp.app, 'disconnected', id));
      const code = await runSimulatorCli(['chargers', '--url', url(), '--api-key', ocpp.merchantKey, '--count', '3', '--tariff', tariffId, '--seed', '5'], io);
      await stopped;
      await Promise.all(offline);
      assert.equal(code, 0, `${run}: ${err()}`);
      assert.match(out(), run === 'first' ? /0 registered already, 3 registered now/ : /3 registered already, 0 registered now/, run);
      assert.match(out(), /\[sim\] 3\/3 booted/, run);
      assert.match(out(), /SIGTERM received/, run);
    }
    for (const id of ['SIM-0001', 'SIM-0002', 'SIM-0003']) {
      const station = await ocpp.find(id);
      assert.equal(station.vendor, 'Paygrid', id);
      assert.equal(station.online, false, `${id} disconnected at the end`);
      assert.equal(await ocpp.app.paygrid.modules.stations.authenticate(id, stationPassword(ocpp.merchantKey, id)), true, id);
    }
    // Without --tariff, a station it must register gets the operator's first listed tariff.
    const { io, err, signalWhen } = fakeIo();
    const stopped = signalWhen('[sim] running');
    assert.equal(await runSimulatorCli(['chargers', '--url', url(), '--api-key', ocpp.merchantKey, '--count', '4'], io), 0, err());
    await stopped;
    assert.equal((await ocpp.find('SIM-0004')).tariffId, tariffId);
    assert.equal(stationPassword(ocpp.merchantKey, 'SIM-0001').length, 32);
    assert.notEqual(stationPassword(ocpp.merchantKey, 'SIM-0001'), stationPassword(ocpp.merchantKey, 'SIM-0002'));
  });

  test('runs given stations with --stations, without registering anything', async () => {
    await ocpp.register('CLI-GIVEN');
    const { io, out, err, signalWhen } = fakeIo();
    const stopped = signalWhen('[sim] running');
    const code = await runSimulatorCli(['chargers', '--url', `${url()}/ocpp`, '--stations', 'CLI-GIVEN:correct-horse-battery-staple'], io);
    await stopped;
    assert.equal(code, 0, err());
    assert.match(out(), /\[sim\] 1\/1 booted/);
    assert.equal((await ocpp.find('CLI-GIVEN')).vendor, 'Paygrid');
  });

  test('with --id-tags each connector runs RFID sessions with meter values on real timers, and SIGINT stops them before disconnecting', async () => {
    await ocpp.register('CLI-SESSIONS');
    const card = await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 100_000 } });
    for (const idTag of ['CLI-TAG-1', 'CLI-TAG-2']) {
      const tag = await ocpp.app.request('POST', '/v1/charging/id_tags', { key: ocpp.merchantKey, body: { id_tag: idTag, prepaid_card: card.body.id } });
      assert.equal(tag.status, 200, JSON.stringify(tag.body));
    }
    const { io, out, err, printed, signal } = fakeIo();
    const running = printed('[sim] running');
    const exited = runSimulatorCli(['chargers', '--url', url(), '--stations', 'CLI-SESSIONS:correct-horse-battery-staple', '--id-tags', 'CLI-TAG-1,CLI-TAG-2', '--session-s', '3', '--gap-s', '0', '--meter-interval-s', '1', '--power-kw', '50'], io);
    await running;
    // Real time passes here: the run mode's timers drive the sessions.
    const sessions = async () => (await ocpp.app.request('GET', '/v1/charging/sessions?station=CLI-SESSIONS', { key: ocpp.merchantKey })).body.data as Array<{ status: string }>;
    for (let polls = 0; polls < 100 && !(await sessions()).some((s) => s.status === 'completed'); polls += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    signal();
    assert.equal(await exited, 0, err());
    assert.match(out(), /SIGINT received: stopping the running sessions/);
    assert.match(out(), /Final: .*[1-9]\d* sessions started, [1-9]\d* stopped, [1-9]\d* meter values/);
    const all = await sessions();
    assert.ok(all.some((s) => s.status === 'completed'), JSON.stringify(all));
    assert.deepEqual(
      all.filter((s) => s.status !== 'completed'),
      [],
      'every session is stopped before the simulator disconnects',
    );
  });

  test('the real `paygrid sim chargers` process boots its stations and exits 0 on SIGTERM, leaving them offline', async () => {
    await ocpp.register('CLI-PROCESS');
    const online = waitForPresence(ocpp.app, 'connected', 'CLI-PROCESS');
    const sim = spawnPaygrid(['sim', 'chargers', '--url', url(), '--stations', 'CLI-PROCESS:correct-horse-battery-staple'], {});
    try {
      await sim.waitForStdout(/\[sim\] running/, START_DEADLINE_MS);
      await online;
      assert.equal((await ocpp.find('CLI-PROCESS')).vendor, 'Paygrid');
      const offline = waitForPresence(ocpp.app, 'disconnected', 'CLI-PROCESS');
      sim.child.kill('SIGTERM');
      const exit = await sim.waitForExit(STOP_DEADLINE_MS);
      assert.deepEqual(exit, { code: 0, signal: null }, sim.stderr());
      await offline;
      assert.equal((await ocpp.find('CLI-PROCESS')).online, false);
    } finally {
      await sim.kill();
    }
  });

  test('usage and registration problems are reported with exit codes 2 and 3', async () => {
    // An operator without stations or tariffs: the simulator must register SIM-0001 and has no tariff to give it.
    const other = (await ocpp.app.request('POST', '/v1/merchants', { body: { name: '另一家充电', category: 'ev_charging' } })).body.secret_key as string;
    const cases: Array<{ argv: string[]; code: number; message: RegExp }> = [
      { argv: ['chargers', '--count', '3'], code: 2, message: /--url ws:\/\/host:port is required/ },
      { argv: ['chargers', '--url', 'http://127.0.0.1:1'], code: 2, message: /must start with ws:\/\/ or wss:\/\// },
      { argv: ['chargers', '--url', url()], code: 2, message: /give --api-key/ },
      { argv: ['chargers', '--url', url(), '--stations', 'nopassword'], code: 2, message: /id:password pairs/ },
      { argv: ['chargers', '--url', url(), '--api-key', 'sk_x', '--id-tags', 'a-tag-that-is-far-too-long-for-ocpp'], code: 2, message: /1 to 20 printable ASCII/ },
      { argv: ['trucks', '--url', url()], code: 2, message: /"paygrid sim chargers"/ },
      { argv: ['chargers', '--url', url(), '--api-key', other, '--count', '1'], code: 3, message: /this operator has none/ },
      { argv: ['chargers', '--url', url(), '--api-key', 'sk_test_not_a_key_at_all_0000000000', '--count', '1'], code: 3, message: /HTTP 401/ },
    ];
    for (const c of cases) {
      const { io, err } = fakeIo();
      assert.equal(await runSimulatorCli(c.argv, io), c.code, c.argv.join(' '));
      assert.match(err(), c.message, c.argv.join(' '));
    }
  });
});
