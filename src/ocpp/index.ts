/**
 * The OCPP edge's public surface: the 1.6J central system that charging
 * stations connect to, and the registry through which the central system
 * sends them commands. The wire format stops here; handlers call the
 * charging module.
 */
export { OcppServer, type OcppDependencies, type OcppLog, type OcppSettings } from './server.ts';
export { ConnectedStations, type OutboundCallResult } from './connections.ts';
export { OCPP_PATH_PREFIX } from './handshake.ts';
export { OCPP16_CALL_ERROR_CODES, OCPP16_SUBPROTOCOL, type CallErrorCode } from './messages.ts';
export { HANDLED_ACTIONS, type HandledAction } from './handlers.ts';
