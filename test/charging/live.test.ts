import { strict as assert } from 'node:assert';
import type { EventEmitter } from 'node:events';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { parsePricePerKwh, type Tariff, type Tier } from '../../src/charging/index.ts';
import { ok } from '../support/client.ts';
import { startOcppApp, type OcppTestApp, type StationClient } from '../ocpp/support.ts';

/**
 * The operator's live view over real HTTP on the listening port: server-sent
 * events from strict OCPP 1.6J stations (ocpp-rpc) through the charging
 * module to the console. Nothing here sleeps: each step waits for the event
 * it expects, and the order of the stream shows what did not arrive.
 */

interface SseEvent {
  event: string;
  data: Record<string, any>;
}

/** A text/event-stream reader: every event received, and a way to wait for the next one that matches. */
class EventStream {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private read = 0;
  private waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void; reject: (error: Error) => void }[] = [];
  private ended = false;

  constructor(
    readonly response: IncomingMessage,
    private readonly req: ClientRequest,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
    response.on('close', () => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error('the stream ended'));
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end !== -1; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) this.events.push({ event, data: JSON.parse(data.join('\n')) });
    }
    this.settle();
  }

  private settle(): void {
    while (this.waiters.length > 0 && this.read < this.events.length) {
      const next = this.events[this.read] as SseEvent;
      this.read += 1;
      const waiter = this.waiters[0];
      if (waiter?.match(next)) {
        this.waiters.shift();
        waiter.resolve(next);
      }
    }
  }

  /** The next event (after those already waited for) that matches; events before it are passed over but kept in `events`. */
  next(match: (e: SseEvent) => boolean = () => true): Promise<SseEvent> {
    if (this.ended) return Promise.reject(new Error('the stream ended'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ match, resolve, reject });
      this.settle();
    });
  }

  close(): void {
    this.req.destroy();
  }

  /** Resolves when the server has ended the stream. */
  closed(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.response.once('close', () => resolve()));
  }
}

function open(port: number, key: string): Promise<{ status: number; stream: EventStream; body: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/charging/live', headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' }, agent: false }, (response) => {
      const body = async (): Promise<string> => {
        let text = '';
        for await (const chunk of response) text += String(chunk);
        return text;
      };
      if (response.statusCode !== 200) {
        resolve({ status: response.statusCode ?? 0, stream: undefined as never, body });
        return;
      }
      resolve({ status: 200, stream: new EventStream(response, req), body });
    });
    req.on('error', reject);
    req.end();
  });
}

const price = (text: string): bigint => parsePricePerKwh(text) ?? 0n;
const OTHER_TARIFF: Tariff = {
  currency: 'CNY',
  tiers: Object.fromEntries((['sharp', 'peak', 'flat', 'valley'] as const).map((t) => [t, { energyPricePerKwh: price('1'), servicePricePerKwh: price('0.5') }])) as Tariff['tiers'],
  slots: Array<Tier>(48).fill('flat'),
  idleFeePerMinuteMinor: 0n,
  idleGraceMinutes: 0,
  sessionFeeMinor: 0n,
  minHoldMinor: 1_000n,
};

describe('the live view of an operator’s stations', () => {
  let ocpp: OcppTestApp;
  let otherKey: string;
  let baseline: { station: number; session: number };
  const streams: EventStream[] = [];
  const iso = (ms: number): string => new Date(ms).toISOString();

  before(async () => {
    ocpp = await startOcppApp();
    await ocpp.register('LIVE-1');
    const other = await ocpp.app.request('POST', '/v1/merchants', { body: { name: 'Other CPO', category: 'ev_charging' } });
    otherKey = other.body.secret_key;
    const tariff = await ocpp.app.paygrid.modules.tariffs.create(other.body.id, 'other', OTHER_TARIFF);
    assert.ok('tariff' in tariff);
    const registered = await ocpp.app.paygrid.modules.stations.register(other.body.id, {
      id: 'OTHER-1',
      name: 'Not yours',
      timeZone: 'Asia/Shanghai',
      tariffId: tariff.tariff.id,
      password: 'correct-horse-battery-staple',
      connectors: [{ id: 1, type: 'GB/T DC', maxPowerW: 60_000 }],
    });
    assert.ok('station' in registered);
    baseline = listeners();
  });
  after(async () => {
    // A stream is still open: closing the server ends it rather than waiting for the console.
    assert.ok(streams.length > 0);
    const ended = streams.map((s) => s.closed());
    await ocpp.close();
    await Promise.all(ended);
  });

  function listeners(): { station: number; session: number } {
    const m = ocpp.app.paygrid.modules;
    return { station: m.stations.events.listenerCount('station'), session: m.chargingSessions.events.listenerCount('session') };
  }

  /** Resolves once the live view has taken its listeners off the charging module's emitters. */
  function listenersRemoved(): Promise<void> {
    // EventEmitter's own 'removeListener' event, which the module's typed event map does not list.
    const emitter: EventEmitter = ocpp.app.paygrid.modules.chargingSessions.events as EventEmitter;
    return new Promise((resolve) => {
      const check = (): void => {
        if (listeners().session !== baseline.session) return;
        emitter.off('removeListener', check);
        resolve();
      };
      emitter.on('removeListener', check);
    });
  }

  async function connect(key = ocpp.merchantKey): Promise<EventStream> {
    const opened = await open(ocpp.port, key);
    assert.equal(opened.status, 200, await (opened.status === 200 ? Promise.resolve('') : opened.body()));
    streams.push(opened.stream);
    return opened.stream;
  }

  let live: EventStream;
  let station: StationClient;
  let transactionId: number;

  test('opens with a snapshot of the operator’s own stations only', async () => {
    live = await connect();
    assert.match(String(live.response.headers['content-type']), /^text\/event-stream/);
    const first = await live.next();
    assert.equal(first.event, 'snapshot');
    assert.equal(first.data.object, 'charging_live_snapshot');
    assert.deepEqual(
      first.data.stations.map((s: any) => s.id),
      ['LIVE-1'],
    );
    const [s] = first.data.stations;
    assert.equal(s.online, false);
    assert.deepEqual(
      s.connectors.map((c: any) => [c.id, c.status, c.session]),
      [
        [1, 'Unavailable', null],
        [2, 'Unavailable', null],
      ],
    );
  });

  test('a StatusNotification from the operator’s station arrives as a station event; another operator’s does not', async () => {
    const other = await ocpp.connectBooted('OTHER-1');
    await other.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    station = await ocpp.connectBooted('LIVE-1');
    await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const available = await live.next((e) => e.event === 'station' && e.data.connectors[0].status === 'Available');
    assert.equal(available.data.object, 'charging_station');
    assert.equal(available.data.id, 'LIVE-1');
    assert.equal(available.data.online, true);
    assert.equal(available.data.vendor, 'Paygrid', 'the boot was recorded before');
    assert.deepEqual(
      live.events.filter((e) => e.data.id === 'OTHER-1' || e.data.station === 'OTHER-1'),
      [],
      'the other operator’s station changed first, and nothing of it came',
    );
  });

  test('a session’s changes arrive as session events with energy, power and the running cost; another operator’s do not', async () => {
    // Another operator's station starts a session with a tag nobody knows: a session of theirs changes.
    const other = await ocpp.connect('OTHER-1');
    await other.call('StartTransaction', { connectorId: 1, idTag: 'STRANGER', meterStart: 0, timestamp: iso(ocpp.app.clock.nowMs()) });

    const card = await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 20_000 } });
    const tag = await ocpp.app.request('POST', '/v1/charging/id_tags', { key: ocpp.merchantKey, body: { id_tag: 'TAG-LIVE', prepaid_card: card.body.id } });
    assert.equal(tag.status, 200, JSON.stringify(tag.body));
    const t0 = ocpp.app.clock.nowMs();
    const start = (await station.call('StartTransaction', { connectorId: 1, idTag: 'TAG-LIVE', meterStart: 1_000, timestamp: iso(t0) })) as { transactionId: number };
    transactionId = start.transactionId;
    ocpp.app.clock.advanceMs(15 * 60_000);
    await station.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: iso(t0 + 15 * 60_000),
          sampledValue: [
            { value: '6000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '20.5', measurand: 'Power.Active.Import', unit: 'kW' },
          ],
        },
      ],
    });
    const metered = await live.next((e) => e.event === 'session' && e.data.energy_wh > 0);
    assert.equal(metered.data.object, 'charging_session');
    assert.equal(metered.data.station, 'LIVE-1');
    assert.equal(metered.data.status, 'charging');
    assert.equal(metered.data.energy_wh, 5_000);
    assert.equal(metered.data.power_w, 20_500);
    assert.equal(metered.data.amount, 600, '5 kWh × ¥1.20');
    assert.deepEqual(
      live.events.filter((e) => e.event === 'session' && e.data.station !== 'LIVE-1'),
      [],
    );
  });

  test('a new stream’s snapshot shows each connector’s current session', async () => {
    const second = await connect();
    const { data } = await second.next();
    const [connector1, connector2] = data.stations[0].connectors;
    assert.equal(connector1.status, 'Available');
    assert.equal(connector1.session.transaction_id, transactionId);
    assert.equal(connector1.session.energy_wh, 5_000);
    assert.equal(connector1.session.power_w, 20_500);
    assert.equal(connector1.session.amount, 600);
    assert.equal(connector2.session, null);
    // The first stream goes on too: stopping completes the session on both.
    await station.call('StopTransaction', { transactionId, meterStop: 11_000, timestamp: iso(ocpp.app.clock.nowMs()), reason: 'Local' });
    for (const stream of [live, second]) {
      const completed = await stream.next((e) => e.event === 'session' && e.data.status === 'completed');
      assert.equal(completed.data.amount, 1_200, '10 kWh × ¥1.20');
    }
  });

  test('closing the streams takes the live view’s listeners off the emitters', async () => {
    assert.deepEqual(listeners(), { station: baseline.station + 1, session: baseline.session + 1 }, 'one listener each, however many streams');
    const removed = listenersRemoved();
    for (const s of streams.splice(0)) s.close();
    await removed;
    assert.deepEqual(listeners(), baseline);
  });

  test('an operator opens at most 20 streams at once; other merchants are refused', async () => {
    const many: EventStream[] = [];
    for (let i = 0; i < 20; i += 1) {
      const stream = await connect();
      await stream.next((e) => e.event === 'snapshot');
      many.push(stream);
    }
    const refused = await open(ocpp.port, ocpp.merchantKey);
    assert.equal(refused.status, 429);
    assert.equal(JSON.parse(await refused.body()).error.code, 'too_many_live_streams');
    // Another operator has its own allowance.
    const theirs = await connect(otherKey);
    assert.deepEqual((await theirs.next()).data.stations.map((s: any) => s.id), ['OTHER-1']);

    const shop = await ocpp.app.request('POST', '/v1/merchants', { body: { name: 'Shop' } });
    const forbidden = await open(ocpp.port, shop.body.secret_key);
    assert.equal(forbidden.status, 403);
    assert.equal((await open(ocpp.port, 'sk_test_nope')).status, 401);

    const removed = listenersRemoved();
    for (const s of streams.splice(0)) s.close();
    await removed;
    const again = await connect();
    assert.equal((await again.next()).event, 'snapshot', 'closed streams free their places');
  });

  test('the consoles list the operator’s stations and tariffs, newest first, a page at a time', async () => {
    await ocpp.register('LIST-1');
    ocpp.app.clock.advanceMs(1_000);
    await ocpp.register('LIST-2');
    const client = ocpp.app.client(ocpp.merchantKey);
    const first = ok(await client.GET('/v1/charging/stations', { params: { query: { limit: 2 } } }));
    assert.deepEqual([first.data.map((s) => s.id), first.has_more], [['LIST-2', 'LIST-1'], true]);
    const rest = ok(await client.GET('/v1/charging/stations', { params: { query: { limit: 2, starting_after: 'LIST-1' } } }));
    assert.deepEqual([rest.data.map((s) => s.id), rest.has_more], [['LIVE-1'], false]);
    assert.deepEqual(rest.data[0]?.connectors.map((c) => [c.id, c.status]), [
      [1, 'Available'],
      [2, 'Unavailable'],
    ]);
    const back = ok(await client.GET('/v1/charging/stations', { params: { query: { limit: 1, ending_before: 'LIVE-1' } } }));
    assert.deepEqual(back.data.map((s) => s.id), ['LIST-1']);

    const tariffs = ok(await client.GET('/v1/charging/tariffs'));
    assert.deepEqual(tariffs.data.map((t) => [t.name, t.version, t.min_hold_amount]), [['平价', 1, 5_000]]);
    const theirs = ok(await ocpp.app.client(otherKey).GET('/v1/charging/stations'));
    assert.deepEqual(theirs.data.map((s) => s.id), ['OTHER-1'], 'each operator sees only its own');
    assert.deepEqual(ok(await ocpp.app.client(otherKey).GET('/v1/charging/tariffs')).data.map((t) => t.name), ['other']);
  });
});
