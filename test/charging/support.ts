import type { OcppTestApp, StationClient } from '../ocpp/support.ts';

/** A booted strict station that accepts remote starts and stops and records them, its connectors Available. */
export interface AnsweringStation {
  client: StationClient;
  remoteStarts: { connectorId?: number; idTag: string }[];
  remoteStops: number[];
}

/** Connects and boots a registered station that answers RemoteStartTransaction and RemoteStopTransaction with Accepted. */
export async function bootAnsweringStation(ocpp: OcppTestApp, id: string): Promise<AnsweringStation> {
  const client = await ocpp.connectBooted(id);
  const remoteStarts: AnsweringStation['remoteStarts'] = [];
  const remoteStops: number[] = [];
  client.handle('RemoteStartTransaction', async ({ params }) => {
    remoteStarts.push(params as { connectorId?: number; idTag: string });
    return { status: 'Accepted' };
  });
  client.handle('RemoteStopTransaction', async ({ params }) => {
    remoteStops.push((params as { transactionId: number }).transactionId);
    return { status: 'Accepted' };
  });
  for (const connectorId of [1, 2]) await client.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Available' });
  return { client, remoteStarts, remoteStops };
}
