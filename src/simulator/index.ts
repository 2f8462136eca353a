/**
 * The charger simulator's public surface: simulated OCPP 1.6J stations on real
 * WebSockets, a fleet of them, their registration through the HTTP API, and
 * the `paygrid sim chargers` command. A tool, not part of the server: it talks
 * to Paygrid only over the wire, as a real station and operator do.
 */
export { SimulatedStation, type BootStatus, type ConnectorView, type SessionStart, type SessionStop, type Sent, type StationEvents, type StationOptions, type StationStats } from './station.ts';
export { SimulatedFleet, MAX_FLEET_STATIONS, type FleetOptions, type FleetStats, type SessionPlan, type StationCredentials } from './fleet.ts';
export { provisionStations, simulatorStationIds, stationPassword, type ProvisionOptions, type ProvisionResult } from './provision.ts';
export { runSimulatorCli, SIM_USAGE, describeStats, type SimulatorIo } from './cli.ts';
export type { Answer, Delivery, DropReason } from './outbox.ts';
export { TRANSACTION_ACTIONS, type ChargePointStatus, type StopReason, type TransactionAction } from './messages.ts';
