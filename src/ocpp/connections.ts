import ocppRpc from 'ocpp-rpc';
import type * as serverClient from 'ocpp-rpc/lib/server-client.js';

/**
 * The stations connected to this process, one connection each, and the way to
 * send them CALLs (remote commands: RemoteStartTransaction, Reset, …). At
 * most one CALL per station is outstanding (OCPP-J 1.6 §4.1.1: ocpp-rpc's
 * callConcurrency 1 queues the rest), and each waits at most the configured
 * call timeout for its answer.
 */

export type OutboundCallResult =
  | { ok: true; result: unknown }
  | { ok: false; failure: 'station_not_connected' }
  | { ok: false; failure: 'call_timeout' }
  | { ok: false; failure: 'connection_lost' }
  | { ok: false; failure: 'call_error'; errorCode: string; description: string };

export type StationConnection = serverClient.default;

export class ConnectedStations {
  private readonly byStationId = new Map<string, StationConnection>();

  constructor(private readonly callTimeoutMs: number) {}

  get size(): number {
    return this.byStationId.size;
  }

  isConnected(stationId: string): boolean {
    return this.byStationId.has(stationId);
  }

  stationIds(): string[] {
    return [...this.byStationId.keys()];
  }

  /** Makes `connection` the station's connection; returns the one it replaces, if any. */
  attach(stationId: string, connection: StationConnection): StationConnection | undefined {
    const previous = this.byStationId.get(stationId);
    this.byStationId.set(stationId, connection);
    return previous === connection ? undefined : previous;
  }

  /** Forgets `connection` if it is still the station's connection; false when a newer one replaced it. */
  detach(stationId: string, connection: StationConnection): boolean {
    if (this.byStationId.get(stationId) !== connection) return false;
    this.byStationId.delete(stationId);
    return true;
  }

  all(): StationConnection[] {
    return [...this.byStationId.values()];
  }

  /**
   * Sends a CALL to a connected station and waits for its answer. In strict
   * mode the params and the station's answer are both checked against the
   * action's schema; an answer that fails comes back as a call_error.
   */
  async call(stationId: string, action: string, params: object, options: { timeoutMs?: number } = {}): Promise<OutboundCallResult> {
    const connection = this.byStationId.get(stationId);
    if (connection === undefined) return { ok: false, failure: 'station_not_connected' };
    try {
      const result = await connection.call(action, params, { callTimeoutMs: options.timeoutMs ?? this.callTimeoutMs });
      return { ok: true, result };
    } catch (error) {
      return outboundFailure(error);
    }
  }
}

function outboundFailure(error: unknown): OutboundCallResult {
  if (error instanceof ocppRpc.TimeoutError) return { ok: false, failure: 'call_timeout' };
  if (error instanceof ocppRpc.RPCError) return { ok: false, failure: 'call_error', errorCode: error.rpcErrorCode, description: error.message };
  // The connection closed (or was replaced) before the station answered.
  return { ok: false, failure: 'connection_lost' };
}
