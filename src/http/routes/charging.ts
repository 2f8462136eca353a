import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  MAX_CONNECTORS_PER_STATION,
  MAX_STATION_PASSWORD_CHARS,
  MIN_STATION_PASSWORD_CHARS,
  SLOTS_PER_DAY,
  TIERS,
  formatPricePerKwh,
  MAX_TARIFFS_PER_PAGE,
  parsePricePerKwh,
  type NewStation,
  type RegisterFailure,
  type Station,
  type Stations,
  type StoredTariff,
  type Tariff,
  type TariffProblem,
  type TariffResult,
  type Tariffs,
  type Tier,
} from '../../charging/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import { requireMerchant } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { IdParams } from './ledger-wire.ts';
import { listOf, responses } from './responses.ts';
import { CurrencySchema, StorableText, unixSeconds, unixSecondsOrNull } from './wire.ts';

/**
 * The charging operator's API: time-of-use tariffs (versioned) and stations.
 * Prices per kWh are decimal strings of major units with at most 5 decimals;
 * fees and holds are integer minor units.
 */
const PriceSchema = Type.String({ pattern: '^(0|[1-9]\\d{0,5})(\\.\\d{1,5})?$', description: 'Per kWh, major units, at most 5 decimals: "0.85230".' });
const TierNameSchema = Type.Union(TIERS.map((t) => Type.Literal(t)));
const TierPricesSchema = Type.Object({ energy_price: PriceSchema, service_price: PriceSchema }, { additionalProperties: false });
const MinorSchema = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000, description });

const TariffBody = Type.Object(
  {
    name: StorableText({ minLength: 1, maxLength: 200 }),
    currency: CurrencySchema,
    tiers: Type.Object(Object.fromEntries(TIERS.map((t) => [t, TierPricesSchema])) as Record<Tier, typeof TierPricesSchema>, { additionalProperties: false }),
    slots: Type.Array(TierNameSchema, { minItems: SLOTS_PER_DAY, maxItems: SLOTS_PER_DAY, description: '48 tier names: slot 0 is 00:00–00:30 in the station’s local time.' }),
    idle_fee_per_minute: Type.Optional(MinorSchema('Occupancy fee (占位费) per minute once charging has finished and the grace period is over.')),
    idle_grace_minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
    session_fee: Type.Optional(MinorSchema('A fixed fee per session.')),
    min_hold_amount: MinorSchema('The least a session must hold before charging starts.'),
  },
  { additionalProperties: false },
);

const stationFields = {
  name: StorableText({ minLength: 1, maxLength: 200 }),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai: tariff slots follow its wall clock.' }),
  tariff: Type.String({ pattern: '^ctf_[0-9a-z]{26}$' }),
  password: Type.String({ minLength: MIN_STATION_PASSWORD_CHARS, maxLength: MAX_STATION_PASSWORD_CHARS, description: 'The station’s HTTP basic-auth key (OCPP security profile 1).' }),
  site_host: Type.Optional(
    Type.Object(
      {
        merchant: Type.String({ pattern: '^mch_[0-9a-z]{26}$', description: 'The merchant hosting the station: a car park, a mall.' }),
        share_bps: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Their share of each session’s service, idle and session fees (not the electricity), in basis points.' }),
      },
      { additionalProperties: false },
    ),
  ),
  connectors: Type.Array(
    Type.Object({ id: Type.Integer({ minimum: 1, maximum: 99 }), type: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. GB/T DC, GB/T AC, CCS2, Type 2' }), max_power_w: Type.Integer({ minimum: 1, maximum: 2_000_000 }) }, { additionalProperties: false }),
    { minItems: 1, maxItems: MAX_CONNECTORS_PER_STATION },
  ),
};
/** A station's fields but its id: for registration with one, and for approving a pending station under its own (routes/charging-enrollment.ts). */
export const StationFieldsBody = Type.Object(stationFields, { additionalProperties: false });
const StationBody = Type.Object(
  { id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,48}$', description: 'The OCPP charge box id: the last path segment of the station’s WebSocket URL.' }), ...stationFields },
  { additionalProperties: false },
);

export const TariffSchema = Type.Object({
  object: Type.Literal('charging_tariff'),
  id: Type.String(),
  name: Type.String(),
  version: Type.Integer({ description: 'Each change makes a new version; a session keeps the one in force when it started.' }),
  currency: Type.String(),
  tiers: Type.Record(Type.String(), Type.Object({ energy_price: Type.String(), service_price: Type.String() })),
  slots: Type.Array(Type.String()),
  idle_fee_per_minute: Type.Integer(),
  idle_grace_minutes: Type.Integer(),
  session_fee: Type.Integer(),
  min_hold_amount: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
});
export const StationSchema = Type.Object({
  object: Type.Literal('charging_station'),
  id: Type.String(),
  name: Type.String(),
  timezone: Type.String(),
  tariff: Type.String(),
  online: Type.Boolean(),
  last_seen_at: Type.Union([Type.Integer(), Type.Null()]),
  vendor: Type.Union([Type.String(), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  firmware: Type.Union([Type.String(), Type.Null()]),
  site_host: Type.Union([Type.Object({ merchant: Type.String(), share_bps: Type.Integer() }), Type.Null()]),
  connectors: Type.Array(Type.Object({ id: Type.Integer(), type: Type.String(), max_power_w: Type.Integer(), status: Type.String(), error_code: Type.String(), status_at: Type.Union([Type.Integer(), Type.Null()]) })),
  created: Type.Integer(),
});

function tariffFromWire(body: Static<typeof TariffBody>): Tariff {
  const price = (text: string): bigint => {
    const parsed = parsePricePerKwh(text);
    if (parsed === undefined) throw new ApiError('parameter_invalid', `Not a price per kWh: ${text}.`, 'tiers');
    return parsed;
  };
  const tiers = Object.fromEntries(TIERS.map((t) => [t, { energyPricePerKwh: price(body.tiers[t].energy_price), servicePricePerKwh: price(body.tiers[t].service_price) }])) as Tariff['tiers'];
  return {
    currency: body.currency.toUpperCase(),
    tiers,
    slots: body.slots,
    idleFeePerMinuteMinor: BigInt(body.idle_fee_per_minute ?? 0),
    idleGraceMinutes: body.idle_grace_minutes ?? 0,
    sessionFeeMinor: BigInt(body.session_fee ?? 0),
    minHoldMinor: BigInt(body.min_hold_amount),
  };
}

export function tariffToWire(s: StoredTariff): Record<string, unknown> {
  const t = s.tariff;
  return {
    object: 'charging_tariff',
    id: s.id,
    name: s.name,
    version: s.version,
    currency: t.currency.toLowerCase(),
    tiers: Object.fromEntries(TIERS.map((tier) => [tier, { energy_price: formatPricePerKwh(t.tiers[tier].energyPricePerKwh), service_price: formatPricePerKwh(t.tiers[tier].servicePricePerKwh) }])),
    slots: t.slots,
    idle_fee_per_minute: t.idleFeePerMinuteMinor,
    idle_grace_minutes: t.idleGraceMinutes,
    session_fee: t.sessionFeeMinor,
    min_hold_amount: t.minHoldMinor,
    created: unixSeconds(s.createdAtMs),
    updated: unixSeconds(s.updatedAtMs),
  };
}

export function stationToWire(s: Station): Record<string, unknown> {
  return {
    object: 'charging_station',
    id: s.id,
    name: s.name,
    timezone: s.timeZone,
    tariff: s.tariffId,
    online: s.online,
    last_seen_at: unixSecondsOrNull(s.lastSeenAtMs),
    vendor: s.vendor,
    model: s.model,
    firmware: s.firmware,
    site_host: s.siteHost === null ? null : { merchant: s.siteHost.merchantId, share_bps: s.siteHost.shareBps },
    connectors: s.connectors.map((c) => ({ id: c.id, type: c.type, max_power_w: c.maxPowerW, status: c.status, error_code: c.errorCode, status_at: unixSecondsOrNull(c.statusAtMs) })),
    created: unixSeconds(s.createdAtMs),
  };
}

function tariffProblemToError(p: TariffProblem): ApiError {
  switch (p.problem) {
    case 'unknown_currency':
      return new ApiError('parameter_invalid', 'Unknown currency.', 'currency', p.problem);
    case 'slots_must_be_48_tiers':
      return new ApiError('parameter_invalid', 'slots must be 48 tier names (sharp, peak, flat, valley).', 'slots', p.problem);
    case 'negative_amount':
      return new ApiError('parameter_invalid', `${p.field} must not be negative.`, p.field, p.problem);
    case 'idle_grace_out_of_range':
      return new ApiError('parameter_invalid', 'idle_grace_minutes must be 0 to 1440.', 'idle_grace_minutes', p.problem);
    default: {
      const unknown: never = p;
      throw new Error(`unhandled tariff problem ${JSON.stringify(unknown)}`);
    }
  }
}

function tariffOrError(result: TariffResult): Record<string, unknown> {
  if ('tariff' in result) return tariffToWire(result.tariff);
  if (result.failure === 'tariff_not_found') throw new ApiError('resource_missing', 'No such charging tariff.', 'id');
  throw tariffProblemToError(result.problem);
}

const REGISTER_ERRORS: Record<RegisterFailure, () => ApiError> = {
  site_host_invalid: () => new ApiError('parameter_invalid', 'The site host must be another merchant, with a share of 0 to 10000 basis points.', 'site_host', 'site_host_invalid'),
  station_id_invalid: () => new ApiError('parameter_invalid', 'The station id may hold letters, digits, ".", "_" and "-", at most 48.', 'id', 'station_id_invalid'),
  station_id_taken: () => new ApiError('resource_already_exists', 'A station with this id is already registered.', 'id', 'station_id_taken'),
  tariff_not_found: () => new ApiError('resource_missing', 'No such charging tariff.', 'tariff'),
  unknown_time_zone: () => new ApiError('parameter_invalid', 'Unknown IANA time zone.', 'timezone', 'unknown_time_zone'),
  password_length: () => new ApiError('parameter_invalid', `The password must be ${MIN_STATION_PASSWORD_CHARS} to ${MAX_STATION_PASSWORD_CHARS} characters.`, 'password', 'password_length'),
  connectors_invalid: () => new ApiError('parameter_invalid', 'Connector ids must be distinct whole numbers from 1.', 'connectors', 'connectors_invalid'),
};

/** What Stations.register refuses, as the API answers it. */
export function registerFailureError(failure: RegisterFailure): ApiError {
  return REGISTER_ERRORS[failure]();
}

/** A station to register from its wire fields, once its site host (if any) is known to exist. */
export async function newStationFromWire(merchants: Merchants, id: string, body: Static<typeof StationFieldsBody>): Promise<NewStation> {
  if (body.site_host !== undefined && (await merchants.get(body.site_host.merchant)) === undefined) throw new ApiError('resource_missing', 'No such merchant to host the station.', 'site_host[merchant]');
  const siteHost = body.site_host === undefined ? {} : { siteHost: { merchantId: body.site_host.merchant, shareBps: body.site_host.share_bps } };
  return { id, name: body.name, timeZone: body.timezone, tariffId: body.tariff, password: body.password, ...siteHost, connectors: body.connectors.map((c) => ({ id: c.id, type: c.type, maxPowerW: c.max_power_w })) };
}

export interface ChargingRouteDependencies {
  tariffs: Tariffs;
  stations: Stations;
  merchants: Merchants;
}

/**
 * The header by which the platform operator (its station-operations staff in the
 * console) acts for one charging operator, as Stripe's `Stripe-Account` lets a
 * platform act for a connected account.
 */
export const ACTING_MERCHANT_HEADER = 'paygrid-merchant';
const MERCHANT_ID = /^mch_[A-Za-z0-9]{1,64}$/;

/** The merchant the operator acts for: named by the `Paygrid-Merchant` header. */
function actingMerchantOf(request: FastifyRequest): string {
  const header = request.headers[ACTING_MERCHANT_HEADER];
  if (header === undefined || header === '') {
    throw new ApiError('parameter_missing', 'The operator runs stations for a charging operator: name it in the Paygrid-Merchant header (mch_…).', 'Paygrid-Merchant');
  }
  if (typeof header !== 'string' || !MERCHANT_ID.test(header)) throw new ApiError('parameter_invalid', 'Paygrid-Merchant must be one merchant id (mch_…).', 'Paygrid-Merchant');
  return header;
}

/**
 * Only charging operators (merchants of category ev_charging) run stations: with
 * their own secret key, or through the platform operator acting for one of them.
 */
export async function requireChargingMerchant(request: FastifyRequest, merchants: Merchants): Promise<string> {
  const merchantId = request.principal?.role === 'operator' ? actingMerchantOf(request) : requireMerchant(request);
  const merchant = await merchants.get(merchantId);
  if (merchant === undefined && request.principal?.role === 'operator') throw new ApiError('resource_missing', `No such merchant: '${merchantId}'.`, 'Paygrid-Merchant');
  if (merchant?.category !== 'ev_charging') throw new ApiError('permission_denied', 'Only charging operators (merchants of category ev_charging) manage tariffs and stations.');
  return merchantId;
}

const VersionsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TARIFFS_PER_PAGE, default: 20 })) }, { additionalProperties: false });

export function registerChargingRoutes(app: FastifyInstance, { tariffs, stations, merchants }: ChargingRouteDependencies): void {
  const tags = ['Charging'];
  app.post('/v1/charging/tariffs', {
    schema: { tags, summary: 'Create a time-of-use tariff: four tiers of electricity and service prices per kWh, 48 half-hour slots, idle and session fees', body: TariffBody, response: responses(TariffSchema, 'The tariff, version 1') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const body = request.body as Static<typeof TariffBody>;
      return tariffOrError(await tariffs.create(merchantId, body.name, tariffFromWire(body)));
    },
  });

  app.post('/v1/charging/tariffs/:id', {
    schema: { tags, summary: 'Change a tariff: a new version for sessions starting from now; running sessions keep theirs', params: IdParams, body: TariffBody, response: responses(TariffSchema, 'The tariff’s new version') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const body = request.body as Static<typeof TariffBody>;
      return tariffOrError(await tariffs.update(merchantId, (request.params as { id: string }).id, { name: body.name, tariff: tariffFromWire(body) }));
    },
  });

  app.get('/v1/charging/tariffs/:id', {
    schema: { tags, summary: 'Retrieve a tariff (its current version)', params: IdParams, response: responses(TariffSchema, 'The tariff') },
    handler: async (request) => {
      const tariff = await tariffs.get(await requireChargingMerchant(request, merchants), (request.params as { id: string }).id);
      if (tariff === undefined) throw new ApiError('resource_missing', 'No such charging tariff.', 'id');
      return tariffToWire(tariff);
    },
  });

  app.get('/v1/charging/tariffs/:id/versions', {
    schema: { tags, summary: 'A tariff’s versions, newest first: each as it stood, with `updated` the time it was made', params: IdParams, querystring: VersionsQuery, response: responses(listOf(TariffSchema), 'The versions') },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const limit = (request.query as Static<typeof VersionsQuery>).limit ?? 20;
      const found = await tariffs.history(await requireChargingMerchant(request, merchants), id, limit);
      if (found === undefined) throw new ApiError('resource_missing', 'No such charging tariff.', 'id');
      return { object: 'list', url: `/v1/charging/tariffs/${id}/versions`, has_more: found.hasMore, data: found.versions.map(tariffToWire) };
    },
  });

  app.post('/v1/charging/stations', {
    schema: { tags, summary: 'Register a station (its OCPP charge box id, time zone, tariff, basic-auth password and connectors)', body: StationBody, response: responses(StationSchema, 'The station') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const body = request.body as Static<typeof StationBody>;
      const registered = await stations.register(merchantId, await newStationFromWire(merchants, body.id, body));
      if ('failure' in registered) throw registerFailureError(registered.failure);
      return stationToWire(registered.station);
    },
  });

  app.get('/v1/charging/stations/:id', {
    schema: { tags, summary: 'Retrieve a station: online state and each connector’s status', params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,48}$' }) }), response: responses(StationSchema, 'The station') },
    handler: async (request) => {
      const station = await stations.get(await requireChargingMerchant(request, merchants), (request.params as { id: string }).id);
      if (station === undefined) throw new ApiError('resource_missing', 'No such charging station.', 'id');
      return stationToWire(station);
    },
  });
}
