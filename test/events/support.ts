import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecretSealer } from '../../src/events/index.ts';

/**
 * A stand-in for the vault: AES-256-GCM under a fixed test key, with the
 * context as associated data, so that the tests can show secrets are stored
 * sealed, never in clear, and bound to their endpoint.
 */
export class TestSealer implements SecretSealer {
  private readonly key = Buffer.alloc(32, 7);
  seal(plain: string, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `test1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
  }
  open(sealed: string, context = ''): string {
    const bytes = Buffer.from(sealed.slice('test1.'.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}

export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers to its n-th request (1-based): a status code, or no answer at all. */
export type Answer = (requestNumber: number) => number | 'hang';

/** A webhook receiver on a real socket (127.0.0.1, a free port). */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves when the receiver has had `count` requests in all. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(answer: Answer): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answer(requests.length);
      for (const waiter of waiters.filter((w) => w.count <= requests.length)) waiter.resolve();
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 200 && status < 300 ? 'ok' : `failing on purpose (${status})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks`;
}

/**
 * A resolver for tests that must not depend on real DNS: the documentation
 * names resolve to a public address (example.com's), everything else fails as
 * getaddrinfo does.
 */
export const PUBLIC_TEST_ADDRESS = '93.184.215.14';
export async function publicDns(hostname: string): Promise<readonly string[]> {
  if (hostname === 'example.com' || hostname === 'example.org' || hostname.endsWith('.example.com')) return [PUBLIC_TEST_ADDRESS];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
}

/** A resolver whose answers a test changes as it goes (a DNS rebinding attack). */
export class TestDns {
  private readonly records = new Map<string, readonly string[]>();
  readonly lookups: string[] = [];
  set(hostname: string, addresses: readonly string[]): void {
    this.records.set(hostname, addresses);
  }
  readonly resolve = async (hostname: string): Promise<readonly string[]> => {
    this.lookups.push(hostname);
    const addresses = this.records.get(hostname);
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses;
  };
}

export function randomMerchantId(): string {
  return `mch_test_${randomBytes(6).toString('hex')}`;
}
