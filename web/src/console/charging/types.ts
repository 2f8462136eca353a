import type { paths } from '../../../../src/client/openapi.ts';

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type Station = Json<'/v1/charging/stations/{id}', 'get'>;
export type Connector = Station['connectors'][number];
export type PendingStation = Json<'/v1/charging/pending_stations', 'get'>['data'][number];
export type Command = Json<'/v1/charging/commands/{id}', 'get'>;
export type Session = Json<'/v1/charging/sessions/{id}', 'get'>;
export type Tariff = Json<'/v1/charging/tariffs/{id}', 'get'>;
export type Stats = Json<'/v1/charging/stats', 'get'>;
export type Tier = 'sharp' | 'peak' | 'flat' | 'valley';
export const TIERS: Tier[] = ['sharp', 'peak', 'flat', 'valley'];
