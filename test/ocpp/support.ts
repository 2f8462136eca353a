import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import ocppRpc from 'ocpp-rpc';
import { parsePricePerKwh, type Station, type Tariff, type Tier } from '../../src/charging/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * A Paygrid listening on a real port with a charging operator, a tariff and
 * stations registered through the charging module, and strict OCPP 1.6J
 * stations (ocpp-rpc's RPCClient) to connect to it.
 */

export const PASSWORD = 'correct-horse-battery-staple';
/** Registrations in flight at once in registerMany: the test database pool's size. */
const REGISTER_CONCURRENCY = 8;
export type StationClient = InstanceType<typeof ocppRpc.RPCClient>;
type ClientOptions = ConstructorParameters<typeof ocppRpc.RPCClient>[0];

const price = (text: string): bigint => {
  const parsed = parsePricePerKwh(text);
  if (parsed === undefined) throw new Error(`bad price ${text}`);
  return parsed;
};

const TARIFF: Tariff = {
  currency: 'CNY',
  tiers: {
    sharp: { energyPricePerKwh: price('1.25230'), servicePricePerKwh: price('0.80000') },
    peak: { energyPricePerKwh: price('1.05000'), servicePricePerKwh: price('0.60000') },
    flat: { energyPricePerKwh: price('0.70000'), servicePricePerKwh: price('0.50000') },
    valley: { energyPricePerKwh: price('0.30000'), servicePricePerKwh: price('0.40000') },
  },
  slots: Array<Tier>(48).fill('flat'),
  idleFeePerMinuteMinor: 50n,
  idleGraceMinutes: 10,
  sessionFeeMinor: 0n,
  minHoldMinor: 5_000n,
};

export interface OcppTestApp {
  app: TestApp;
  /** http://127.0.0.1:<port> */
  httpUrl: string;
  /** ws://127.0.0.1:<port>/ocpp: a station's endpoint; its id is the next path segment. */
  endpoint: string;
  port: number;
  merchantId: string;
  /** The charging operator's secret key. */
  merchantKey: string;
  /** Registers a station with connectors 1 and 2 and the shared password. */
  register(id: string): Promise<Station>;
  /** Registers many stations like register(), several at a time (on PostgreSQL they go to the pool's connections in parallel). */
  registerMany(ids: readonly string[]): Promise<void>;
  /** A strict OCPP 1.6J station client (not yet connected), closed by close(). */
  client(id: string, options?: Partial<ClientOptions>): StationClient;
  /** Connects a strict station and waits until the central system has recorded it online. */
  connect(id: string, options?: Partial<ClientOptions>): Promise<StationClient>;
  /** Connects and boots a station (Accepted). */
  connectBooted(id: string): Promise<StationClient>;
  find(id: string): Promise<Station>;
  close(): Promise<void>;
}

export async function startOcppApp(env: Record<string, string> = {}): Promise<OcppTestApp> {
  const app = await startTestApp(env);
  await app.paygrid.listen();
  const { port } = app.paygrid.http.server.address() as AddressInfo;
  const merchant = await app.request('POST', '/v1/merchants', { body: { name: '星星充电', category: 'ev_charging' } });
  if (merchant.status !== 200) throw new Error(`merchant: ${JSON.stringify(merchant.body)}`);
  const merchantId: string = merchant.body.id;
  const merchantKey: string = merchant.body.secret_key;
  const tariff = await app.paygrid.modules.tariffs.create(merchantId, '平价', TARIFF);
  if (!('tariff' in tariff)) throw new Error(`tariff: ${JSON.stringify(tariff)}`);
  const clients: StationClient[] = [];
  const endpoint = `ws://127.0.0.1:${port}/ocpp`;
  const testApp: OcppTestApp = {
    app,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    endpoint,
    merchantId,
    merchantKey,
    async register(id) {
      const result = await app.paygrid.modules.stations.register(merchantId, {
        id,
        name: `Station ${id}`,
        timeZone: 'Asia/Shanghai',
        tariffId: tariff.tariff.id,
        password: PASSWORD,
        connectors: [
          { id: 1, type: 'GB/T DC', maxPowerW: 120_000 },
          { id: 2, type: 'GB/T AC', maxPowerW: 7_000 },
        ],
      });
      if (!('station' in result)) throw new Error(`station ${id}: ${result.failure}`);
      return result.station;
    },
    async registerMany(ids) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < ids.length) await testApp.register(ids[next++] as string);
      };
      await Promise.all(Array.from({ length: REGISTER_CONCURRENCY }, worker));
    },
    client(id, options = {}) {
      const client = new ocppRpc.RPCClient({
        endpoint,
        identity: id,
        password: PASSWORD,
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
        // No keep-alive pings: nothing in a test waits on a timer.
        pingIntervalMs: 0,
        ...options,
      } as ClientOptions);
      clients.push(client);
      return client;
    },
    async connect(id, options) {
      const client = testApp.client(id, options);
      const connected = waitForPresence(app, 'connected', id);
      await client.connect();
      await connected;
      return client;
    },
    async connectBooted(id) {
      const client = await testApp.connect(id);
      const boot = (await client.call('BootNotification', { chargePointVendor: 'Paygrid', chargePointModel: 'Sim' })) as { status: string };
      if (boot.status !== 'Accepted') throw new Error(`boot ${id}: ${boot.status}`);
      return client;
    },
    async find(id) {
      const station = await app.paygrid.modules.stations.find(id);
      if (station === undefined) throw new Error(`no station ${id}`);
      return station;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close({ force: true })));
      await app.close();
    },
  };
  return testApp;
}

/** Resolves when the central system has recorded the station's connection (or disconnection). */
export function waitForPresence(app: TestApp, event: 'connected', stationId: string): Promise<void>;
export function waitForPresence(app: TestApp, event: 'disconnected', stationId: string): Promise<{ replaced: boolean }>;
export function waitForPresence(app: TestApp, event: 'connected' | 'disconnected', stationId: string): Promise<void | { replaced: boolean }> {
  const events = app.paygrid.ocpp.events;
  return new Promise((resolve) => {
    if (event === 'connected') {
      const listener = (id: string): void => {
        if (id !== stationId) return;
        events.off('connected', listener);
        resolve();
      };
      events.on('connected', listener);
    } else {
      const listener = (id: string, replaced: boolean): void => {
        if (id !== stationId) return;
        events.off('disconnected', listener);
        resolve({ replaced });
      };
      events.on('disconnected', listener);
    }
  });
}

/** The error a failed call rejects with: its OCPP-J CallError code and description. */
export async function callError(promise: Promise<unknown>): Promise<{ code: string; description: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ocppRpc.RPCError) return { code: error.rpcErrorCode, description: error.message };
    throw error;
  }
  throw new Error('the call succeeded; a CallError was expected');
}

let rawId = 0;

/**
 * Sends a frame the strict client would refuse to send (a station that breaks
 * the schema) and resolves to the central system's answer to it.
 */
export async function rawCall(client: StationClient, action: string, params: unknown): Promise<unknown[]> {
  rawId += 1;
  const messageId = `raw-${rawId}`;
  return rawFrame(client, JSON.stringify([2, messageId, action, params]), messageId);
}

/** Sends any text as a frame and resolves to the answer whose message id is `answerId`. */
export async function rawFrame(client: StationClient, frame: string, answerId: string): Promise<unknown[]> {
  const answer = new Promise<unknown[]>((resolve) => {
    const listener = ({ message, outbound }: { message: Buffer | string; outbound: boolean }): void => {
      if (outbound) return;
      const parsed: unknown = JSON.parse(message.toString());
      if (!Array.isArray(parsed) || parsed[1] !== answerId) return;
      client.off('message', listener);
      resolve(parsed);
    };
    client.on('message', listener);
  });
  client.sendRaw(frame);
  return answer;
}

/** The code and reason a client's connection closed with. */
export async function closedWith(client: StationClient): Promise<{ code: number; reason: string }> {
  const [event] = (await once(client, 'close')) as [{ code: number; reason: string }];
  return event;
}
