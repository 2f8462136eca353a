import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { COMMAND_ACTIONS, COMMAND_STATUSES, type ParamProblem, type StationCommand, type StationCommands } from '../../charging/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import { ApiError } from '../errors.ts';
import { requireChargingMerchant } from './charging.ts';
import { acceptedResponses, listOf, responses } from './responses.ts';
import { PageQuery, cursorOf, unixSeconds, unixSecondsOrNull } from './wire.ts';

/**
 * Remote commands to a charging operator's stations (OCPP 1.6 CALLs such as
 * RemoteStartTransaction or Reset). A command is queued and answered at once
 * (202); a job sends it and records the station's answer, which the command
 * shows when it is retrieved.
 */
const COMMAND_ID = '^cmd_[0-9a-z]{26}$';
const StationIdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,48}$' }) });
const CommandIdParams = Type.Object({ id: Type.String({ pattern: COMMAND_ID }) });
const ListQuery = PageQuery(COMMAND_ID);
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const OpenObject = (description: string) => Type.Object({}, { additionalProperties: true, description });

const CommandBody = Type.Object(
  {
    action: Literals(COMMAND_ACTIONS),
    params: Type.Optional(
      OpenObject(
        'The action’s OCPP 1.6 payload: RemoteStartTransaction {idTag, connectorId?}, RemoteStopTransaction {transactionId}, Reset {type}, ChangeAvailability {connectorId, type}, UnlockConnector {connectorId}, GetConfiguration {key?}, ChangeConfiguration {key, value}, TriggerMessage {requestedMessage, connectorId?}. {} when left out.',
      ),
    ),
  },
  { additionalProperties: false },
);

const CommandSchema = Type.Object({
  object: Type.Literal('charging_command'),
  id: Type.String(),
  station: Type.String(),
  action: Literals(COMMAND_ACTIONS),
  params: OpenObject('The payload sent, as checked.'),
  reference: Type.Union([Type.String(), Type.Null()], { description: 'What asked for the command (a charging session id), or null.' }),
  status: Literals(COMMAND_STATUSES),
  result: Type.Union([OpenObject('The station’s answer (OCPP 1.6 .conf payload), whole.'), Type.Null()]),
  failure: Type.Union([Type.String(), Type.Null()], { description: 'station_not_connected, call_timeout, connection_lost, call_error:<code>, outcome_unknown, answer_invalid, attempts_exhausted; while queued, the last attempt’s.' }),
  attempts: Type.Integer(),
  expires_at: Type.Integer({ description: 'Unix seconds: never sent from then on.' }),
  created: Type.Integer({ description: 'Unix seconds.' }),
  completed_at: Type.Union([Type.Integer({ description: 'Unix seconds.' }), Type.Null()]),
});

function commandToWire(c: StationCommand): Record<string, unknown> {
  return {
    object: 'charging_command',
    id: c.id,
    station: c.stationId,
    action: c.action,
    params: c.params,
    reference: c.reference,
    status: c.status,
    result: c.result,
    failure: c.failure,
    attempts: c.attempts,
    expires_at: unixSeconds(c.expiresAtMs),
    created: unixSeconds(c.createdAtMs),
    completed_at: unixSecondsOrNull(c.completedAtMs),
  };
}

const noSuchStation = (): ApiError => new ApiError('resource_missing', 'No such charging station.', 'id');

/** `connectorId` → `params[connectorId]`, `key[2]` → `params[key][2]`: nested parameters named as Stripe names them. */
function paramProblemToError(p: ParamProblem): ApiError {
  const param = p.param === '' ? 'params' : `params[${p.param.replace(/^([^[]+)/, '$1]')}`;
  switch (p.failure) {
    case 'param_missing':
      return new ApiError('parameter_missing', `Missing required parameter: ${param} (${p.expected}).`, param);
    case 'param_unknown':
      return new ApiError('parameter_unknown', `Received unknown parameter: ${param} (${p.expected}).`, param);
    case 'param_invalid':
      return new ApiError('parameter_invalid', `Invalid value for ${param}: expected ${p.expected}.`, param);
    case 'connector_not_found':
      return new ApiError('parameter_invalid', `No such connector on this station: expected ${p.expected}.`, param, 'connector_not_found');
    default: {
      const unknown: never = p.failure;
      throw new Error(`unhandled param problem ${String(unknown)}`);
    }
  }
}

export interface ChargingCommandRouteDependencies {
  stationCommands: StationCommands;
  merchants: Merchants;
}

export function registerChargingCommandRoutes(app: FastifyInstance, { stationCommands, merchants }: ChargingCommandRouteDependencies): void {
  const tags = ['Charging'];
  app.post('/v1/charging/stations/:id/commands', {
    schema: {
      tags,
      summary: 'Send a station an OCPP 1.6 command (RemoteStartTransaction, RemoteStopTransaction, Reset, ChangeAvailability, UnlockConnector, GetConfiguration, ChangeConfiguration, TriggerMessage): queued, answered 202',
      params: StationIdParams,
      body: CommandBody,
      response: acceptedResponses(CommandSchema, 'The command, queued: retrieve it for the station’s answer'),
    },
    handler: async (request, reply) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const body = request.body as Static<typeof CommandBody>;
      const sent = await stationCommands.send(merchantId, (request.params as { id: string }).id, { action: body.action as StationCommand['action'], params: body.params ?? {} });
      if ('failure' in sent) throw sent.failure === 'station_not_found' ? noSuchStation() : paramProblemToError(sent);
      return reply.code(202).send(commandToWire(sent.command));
    },
  });

  app.get('/v1/charging/commands/:id', {
    schema: { tags, summary: 'Retrieve a command: its status and the station’s answer', params: CommandIdParams, response: responses(CommandSchema, 'The command') },
    handler: async (request) => {
      const command = await stationCommands.get(await requireChargingMerchant(request, merchants), (request.params as { id: string }).id);
      if (command === undefined) throw new ApiError('resource_missing', 'No such charging command.', 'id');
      return commandToWire(command);
    },
  });

  app.get('/v1/charging/stations/:id/commands', {
    schema: { tags, summary: 'List a station’s commands, newest first', params: StationIdParams, querystring: ListQuery, response: responses(listOf(CommandSchema), 'A page of commands') },
    handler: async (request) => {
      const merchantId = await requireChargingMerchant(request, merchants);
      const stationId = (request.params as { id: string }).id;
      const query = request.query as Static<typeof ListQuery>;
      const page = await stationCommands.list(merchantId, stationId, { limit: query.limit ?? 10, ...cursorOf(query) });
      if ('failure' in page) throw noSuchStation();
      return { object: 'list', url: `/v1/charging/stations/${stationId}/commands`, has_more: page.hasMore, data: page.commands.map(commandToWire) };
    },
  });
}
