import { strict as assert } from 'node:assert';
import { lookup as systemLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { LookupAddress } from 'node:dns';
import type { EndpointInputFailure } from './types.ts';

/**
 * Where webhooks may go. A merchant chooses the URL, so without a check a
 * merchant could make Paygrid POST to the cloud metadata service
 * (169.254.169.254), the database host or an admin port on localhost (SSRF).
 * Webhooks go to public addresses only: the host is checked when an endpoint
 * is registered, and again at every delivery on the address actually
 * connected to, because a name's DNS records can change after registration
 * (DNS rebinding). Operators can allow private destinations for local testing
 * (PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS).
 */

/** The kinds of address a webhook must not go to. */
export type AddressRange = 'loopback' | 'unspecified' | 'private' | 'link_local' | 'carrier_grade_nat' | 'multicast' | 'reserved';

/** Every address of a host name, as getaddrinfo gives them; tests pass their own. */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

export interface DestinationOptions {
  /** Allow loopback, private and other non-public destinations (PAYGRID_WEBHOOK_ALLOW_PRIVATE_URLS); false when absent. */
  allowPrivateDestinations?: boolean;
  /** Resolves host names, at registration and for each connection; the system resolver when absent. */
  resolveHost?: HostResolver;
}

/** The settled form of DestinationOptions. */
export interface DestinationPolicy {
  allowPrivate: boolean;
  resolveHost: HostResolver;
}

/** A registration waits this long for DNS at most; a name that does not answer in time counts as unresolvable. */
export const HOST_RESOLVE_TIMEOUT_MS = 5_000;

export const systemResolver: HostResolver = async (hostname) => (await systemLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export function destinationPolicy(options: DestinationOptions): DestinationPolicy {
  return { allowPrivate: options.allowPrivateDestinations ?? false, resolveHost: options.resolveHost ?? systemResolver };
}

/**
 * IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
 * updates), less the few entries that are globally reachable, by the reason
 * a webhook may not go there. IPv6 outside 2000::/3 (global unicast) is
 * refused as reserved after these; IPv4 embedded in IPv6 (mapped, NAT64,
 * 6to4) is judged as the IPv4 address it reaches.
 */
const RANGES: readonly (readonly [AddressRange, 'ipv4' | 'ipv6', string, number])[] = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['loopback', 'ipv6', '::1', 128],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['private', 'ipv4', '172.16.0.0', 12],
  ['private', 'ipv4', '192.168.0.0', 16],
  ['private', 'ipv6', 'fc00::', 7],
  // Site-local (deprecated by RFC 3879, still routed internally by some networks).
  ['private', 'ipv6', 'fec0::', 10],
  // Local-use IPv4/IPv6 translation (RFC 8215): reaches whatever the operator's translator reaches.
  ['private', 'ipv6', '64:ff9b:1::', 48],
  ['link_local', 'ipv4', '169.254.0.0', 16],
  ['link_local', 'ipv6', 'fe80::', 10],
  // Shared Address Space (RFC 6598): carrier-grade NAT, also used inside cloud networks.
  ['carrier_grade_nat', 'ipv4', '100.64.0.0', 10],
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['multicast', 'ipv6', 'ff00::', 8],
  ['reserved', 'ipv4', '192.0.0.0', 24],
  ['reserved', 'ipv4', '192.0.2.0', 24],
  ['reserved', 'ipv4', '192.88.99.0', 24],
  ['reserved', 'ipv4', '198.18.0.0', 15],
  ['reserved', 'ipv4', '198.51.100.0', 24],
  ['reserved', 'ipv4', '203.0.113.0', 24],
  // 240.0.0.0/4 "reserved for future use", with the broadcast address 255.255.255.255.
  ['reserved', 'ipv4', '240.0.0.0', 4],
  ['reserved', 'ipv6', '100::', 64],
  ['reserved', 'ipv6', '2001::', 23],
  ['reserved', 'ipv6', '2001:db8::', 32],
  ['reserved', 'ipv6', '3fff::', 20],
  ['reserved', 'ipv6', '5f00::', 16],
];

/** Checked in this order, so that an address is named by its most specific reason. */
const RANGE_ORDER: readonly AddressRange[] = ['unspecified', 'loopback', 'private', 'link_local', 'carrier_grade_nat', 'multicast', 'reserved'];

const BLOCK_LISTS: ReadonlyMap<AddressRange, BlockList> = new Map(
  RANGE_ORDER.map((range) => {
    const list = new BlockList();
    for (const [name, type, network, prefix] of RANGES) if (name === range) list.addSubnet(network, prefix, type);
    return [range, list];
  }),
);

const GLOBAL_UNICAST = subnet('2000::', 3);
/** IPv6 forms that carry an IPv4 address: where the IPv4 address sits, as a 16-bit group index. */
const IPV4_CARRIERS: readonly { list: BlockList; group: number }[] = [
  { list: subnet('::ffff:0:0', 96), group: 6 },
  // Well-Known NAT64 prefix (RFC 6052): on DNS64 networks every IPv4-only host resolves to one of these.
  { list: subnet('64:ff9b::', 96), group: 6 },
  // 6to4 (RFC 3056): 2002:AABB:CCDD::/48 routes to AA.BB.CC.DD.
  { list: subnet('2002::', 16), group: 1 },
];

function subnet(network: string, prefix: number): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, 'ipv6');
  return list;
}

/** Why `address` is not a public destination, or undefined when it is one. `address` must be an IP address. */
export function nonPublicRange(address: string): AddressRange | undefined {
  const bare = withoutZone(address);
  const family = isIP(bare);
  assert(family === 4 || family === 6, 'nonPublicRange takes an IP address');
  if (family === 4) return rangeOf(bare, 'ipv4');
  const embedded = embeddedIpv4(bare);
  if (embedded !== undefined) return rangeOf(embedded, 'ipv4');
  return rangeOf(bare, 'ipv6') ?? (GLOBAL_UNICAST.check(bare, 'ipv6') ? undefined : 'reserved');
}

function rangeOf(address: string, type: 'ipv4' | 'ipv6'): AddressRange | undefined {
  return RANGE_ORDER.find((range) => BLOCK_LISTS.get(range)?.check(address, type) === true);
}

/** A zone (`fe80::1%eth0`) names an interface, not an address. */
function withoutZone(address: string): string {
  const percent = address.indexOf('%');
  return percent === -1 ? address : address.slice(0, percent);
}

function embeddedIpv4(ipv6: string): string | undefined {
  const carrier = IPV4_CARRIERS.find(({ list }) => list.check(ipv6, 'ipv6'));
  if (carrier === undefined) return undefined;
  const groups = ipv6Groups(ipv6);
  const high = groups[carrier.group] ?? 0;
  const low = groups[carrier.group + 1] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (isIP said so), expanding `::` and a trailing dotted quad. */
function ipv6Groups(ipv6: string): number[] {
  let text = ipv6;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0');
  const groups = [...headGroups, ...zeros, ...tailGroups].map((group) => Number.parseInt(group, 16));
  assert(groups.length === 8, 'an IPv6 address has eight groups');
  return groups;
}

/** The URL's host as an address or a name: WHATWG URLs keep IPv6 literals in brackets. */
export function hostOf(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

const REGISTRATION_FAILURES: Readonly<Record<AddressRange, EndpointInputFailure>> = {
  loopback: 'url_host_loopback',
  unspecified: 'url_host_unspecified',
  private: 'url_host_private',
  link_local: 'url_host_link_local',
  carrier_grade_nat: 'url_host_carrier_grade_nat',
  multicast: 'url_host_multicast',
  reserved: 'url_host_reserved',
};

/**
 * The check at registration: the host (a literal address, or every address a
 * name resolves to) must be public. A name that does not resolve is refused
 * too: it could not be delivered to, and it would be checked only later.
 * With private destinations allowed nothing is resolved, so that local
 * development works offline.
 */
export async function checkRegistrationUrl(url: URL, policy: DestinationPolicy): Promise<EndpointInputFailure | undefined> {
  if (policy.allowPrivate) return undefined;
  const host = hostOf(url);
  if (isIP(host) !== 0) return failureFor(nonPublicRange(host));
  const addresses = await resolveWithin(policy.resolveHost, host, HOST_RESOLVE_TIMEOUT_MS);
  if (addresses === undefined || addresses.length === 0) return 'url_host_unresolvable';
  for (const address of addresses) {
    const failure = isIP(withoutZone(address)) === 0 ? 'url_host_unresolvable' : failureFor(nonPublicRange(address));
    if (failure !== undefined) return failure;
  }
  return undefined;
}

function failureFor(range: AddressRange | undefined): EndpointInputFailure | undefined {
  return range === undefined ? undefined : REGISTRATION_FAILURES[range];
}

async function resolveWithin(resolveHost: HostResolver, host: string, timeoutMs: number): Promise<readonly string[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([resolveHost(host).catch(() => undefined), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Thrown into a connection whose destination is not allowed; the delivery log shows `destination_not_allowed: …`. */
export class DestinationNotAllowed extends Error {
  readonly code = 'destination_not_allowed';
  constructor(host: string, range: AddressRange, resolved: boolean) {
    super(`${host} ${resolved ? 'resolves to' : 'is'} ${RANGE_ARTICLES[range]} address; webhooks go to public addresses only`);
    this.name = 'DestinationNotAllowed';
  }
}

const RANGE_ARTICLES: Readonly<Record<AddressRange, string>> = {
  loopback: 'a loopback',
  unspecified: 'an unspecified',
  private: 'a private',
  link_local: 'a link-local',
  carrier_grade_nat: 'a carrier-grade NAT',
  multicast: 'a multicast',
  reserved: 'a reserved',
};

/** The check at delivery for a URL whose host is a literal address: no lookup happens for those. */
export function literalRefusal(host: string, policy: DestinationPolicy): DestinationNotAllowed | undefined {
  if (policy.allowPrivate || isIP(host) === 0) return undefined;
  const range = nonPublicRange(host);
  return range === undefined ? undefined : new DestinationNotAllowed(host, range, false);
}

/**
 * A `lookup` for node:http that resolves with the policy's resolver and
 * refuses the connection when any address is not public, so that the address
 * checked is the address connected to. Refusing the whole name (rather than
 * connecting to its public addresses only) keeps a half-internal name from
 * working sometimes.
 */
export function guardedLookup(policy: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    policy.resolveHost(hostname).then(
      (resolved) => {
        const family = familyOf(options);
        const addresses = resolved.filter((address) => family === 0 || isIP(withoutZone(address)) === family);
        const first = addresses[0];
        if (first === undefined || addresses.some((address) => isIP(withoutZone(address)) === 0)) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
          return;
        }
        const refused = policy.allowPrivate ? undefined : addresses.map(nonPublicRange).find((range) => range !== undefined);
        if (refused !== undefined) {
          callback(new DestinationNotAllowed(hostname, refused, true), '');
          return;
        }
        const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(withoutZone(address)) }));
        if (options.all === true) callback(null, entries);
        else callback(null, first, isIP(withoutZone(first)));
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
}

/** Node passes 4, 6 or 0 (either); the older 'IPv4' and 'IPv6' spellings mean the same. */
function familyOf(options: { family?: number | 'IPv4' | 'IPv6' | undefined }): 0 | 4 | 6 {
  if (options.family === 4 || options.family === 'IPv4') return 4;
  if (options.family === 6 || options.family === 'IPv6') return 6;
  return 0;
}
