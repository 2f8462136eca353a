import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { ENROLLMENT_MODES, type Enrollment, type EnrollmentMode, type EnrollmentSetting, type PendingStation } from '../../charging/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import { ApiError } from '../errors.ts';
import { StationFieldsBody, StationSchema, newStationFromWire, registerFailureError, requireChargingMerchant, stationToWire } from './charging.ts';
import { listOf, responses } from './responses.ts';
import { PageQuery, cursorOf, unixSeconds, unixSecondsOrNull } from './wire.ts';

/**
 * A charging operator's handling of unknown stations (ids nobody registered):
 * refused, or let in as pending stations with the operator's enrollment key,
 * which the operator then approves (registering the station with a password of
 * its own) or rejects. How a station joins is in docs/ocpp.md, "Unknown
 * stations and enrollment".
 */
const STATION_ID = '^[A-Za-z0-9._-]{1,48}$';
const StationIdParams = Type.Object({ id: Type.String({ pattern: STATION_ID }) });
const ListQuery = PageQuery(STATION_ID);
const EmptyBody = Type.Object({}, { additionalProperties: false });
const Literals = (values: readonly string[], options: { description?: string } = {}) => Type.Union(values.map((v) => Type.Literal(v)), options);
const NullableText = Type.Union([Type.String(), Type.Null()]);
const UnixSecondsOrNull = Type.Union([Type.Integer({ description: 'Unix seconds.' }), Type.Null()]);

const EnrollmentBody = Type.Object(
  {
    unknown_stations: Literals(ENROLLMENT_MODES, {
      description: 'reject: stations with unknown ids are refused. pending: they may join with the enrollment key, as pending stations for you to approve; asking again makes a new key.',
    }),
  },
  { additionalProperties: false },
);

const EnrollmentSchema = Type.Object({
  object: Type.Literal('charging_enrollment'),
  unknown_stations: Literals(ENROLLMENT_MODES),
  enrollment_key: Type.Union([Type.String(), Type.Null()], {
    description: 'The basic-auth password an unknown station presents to join as pending: shown once, in the answer to the request that made it (not in a replay of it); null otherwise.',
  }),
  key_created: Type.Union([Type.Integer({ description: 'Unix seconds.' }), Type.Null()], { description: 'When the current key was made; null when unknown stations are rejected.' }),
  updated: Type.Union([Type.Integer({ description: 'Unix seconds.' }), Type.Null()], { description: 'Null until the setting is first changed.' }),
});

const PendingStationSchema = Type.Object({
  object: Type.Literal('charging_pending_station'),
  id: Type.String({ description: 'The OCPP charge box id the station connected with.' }),
  status: Literals(['pending', 'rejected']),
  vendor: NullableText,
  model: NullableText,
  firmware: NullableText,
  created: Type.Integer({ description: 'Unix seconds: when it first connected with the enrollment key.' }),
  last_seen_at: UnixSecondsOrNull,
});

function enrollmentToWire(setting: EnrollmentSetting, key: string | undefined): Record<string, unknown> {
  return { object: 'charging_enrollment', unknown_stations: setting.mode, enrollment_key: key ?? null, key_created: unixSecondsOrNull(setting.keyCreatedAtMs), updated: unixSecondsOrNull(setting.updatedAtMs) };
}

function pendingToWire(p: PendingStation, status: 'pending' | 'rejected'): Record<string, unknown> {
  return { object: 'charging_pending_station', id: p.id, status, vendor: p.vendor, model: p.model, firmware: p.firmware, created: unixSeconds(p.createdAtMs), last_seen_at: unixSeconds(p.lastSeenAtMs) };
}

/** The enrollment key must not rest in clear in the idempotency table: a replay answers without it. */
function redactKey(body: string): string {
  return body.replace(/"enrollment_key":"[^"]*"/g, '"enrollment_key":null');
}

const noSuchPendingStation = (): ApiError => new ApiError('resource_missing', 'No such pending station.', 'id');

export interface ChargingEnrollmentRouteDependencies {
  enrollment: Enrollment;
  merchants: Merchants;
}

export function registerChargingEnrollmentRoutes(app: FastifyInstance, { enrollment, merchants }: ChargingEnrollmentRouteDependencies): void {
  const tags = ['Charging'];
  app.get('/v1/charging/enrollment', {
    schema: { tags, summary: 'How unknown stations are treated: rejected, or let in as pending with the enrollment key (never shown again)', response: responses(EnrollmentSchema, 'The setting') },
    handler: async (request) => enrollmentToWire(await enrollment.setting(await requireChargingMerchant(request, merchants)), undefined),
  });

  app.post('/v1/charging/enrollment', {
    schema: {
      tags,
      summary: 'Reject unknown stations, or let them join as pending with a new enrollment key (returned this once; the previous key stops working)',
      body: EnrollmentBody,
      response: responses(EnrollmentSchema, 'The setting, with the new enrollment key when unknown_stations is pending'),
    },
    config: { redactSavedResponse: redactKey },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const configured = await enrollment.configure(merchantId, (request.body as Static<typeof EnrollmentBody>).unknown_stations as EnrollmentMode);
      return enrollmentToWire(configured.setting, configured.key);
    },
  });

  app.get('/v1/charging/pending_stations', {
    schema: { tags, summary: 'List the stations waiting for your approval, most recently first seen first', querystring: ListQuery, response: responses(listOf(PendingStationSchema), 'A page of pending stations') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const query = request.query as Static<typeof ListQuery>;
      const page = await enrollment.list(merchantId, { limit: query.limit ?? 10, ...cursorOf(query) });
      return { object: 'list', url: '/v1/charging/pending_stations', has_more: page.hasMore, data: page.stations.map((p) => pendingToWire(p, 'pending')) };
    },
  });

  app.post('/v1/charging/pending_stations/:id/approve', {
    schema: {
      tags,
      summary: 'Approve a pending station: register it under its id (the fields of POST /v1/charging/stations but id); it connects again with the password given here',
      params: StationIdParams,
      body: StationFieldsBody,
      response: responses(StationSchema, 'The registered station'),
    },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const { id } = request.params as { id: string };
      const station = await newStationFromWire(merchants, id, request.body as Static<typeof StationFieldsBody>);
      const approved = await enrollment.approve(merchantId, id, station);
      if ('failure' in approved) throw approved.failure === 'pending_station_not_found' ? noSuchPendingStation() : registerFailureError(approved.failure);
      return stationToWire(approved.station);
    },
  });

  app.post('/v1/charging/pending_stations/:id/reject', {
    schema: { tags, summary: 'Reject a pending station: it is deleted, disconnected, and refused from now on', params: StationIdParams, body: EmptyBody, response: responses(PendingStationSchema, 'The station, rejected') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const rejected = await enrollment.reject(merchantId, (request.params as { id: string }).id);
      if ('failure' in rejected) throw noSuchPendingStation();
      return pendingToWire(rejected.rejected, 'rejected');
    },
  });
}
