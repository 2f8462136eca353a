import type { Measurand, MeterValue, ReadingContext, SampledValue } from './messages.ts';

/**
 * The station's energy meter: a register of imported energy in Wh that only
 * rises, by the charging power over the charging time. Readings are whole Wh,
 * rounded down, so a reading never runs ahead of the energy delivered.
 */
const MS_PER_HOUR = 3_600_000;

/** The register after charging at `powerW` for `elapsedMs` from `startWh` (rounded down to a whole Wh). */
export function registerAfter(startWh: number, powerW: number, elapsedMs: number): number {
  if (!Number.isSafeInteger(startWh) || startWh < 0) throw new Error(`bad meter register ${startWh}`);
  const deliveredWh = Math.floor((powerW * Math.max(0, elapsedMs)) / MS_PER_HOUR);
  return startWh + deliveredWh;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One meter reading with the measurands the station is configured to sample
 * (MeterValuesSampledData, OCPP 1.6 §9.1.16): the energy register in Wh
 * (`Energy.Active.Import.Register`, the default measurand) and the power in W.
 */
export function reading(atMs: number, registerWh: number, powerW: number, context: ReadingContext, measurands: readonly Measurand[]): MeterValue {
  const sampledValue: SampledValue[] = measurands.map((measurand) => {
    switch (measurand) {
      case 'Energy.Active.Import.Register':
        return { value: String(registerWh), context, measurand, location: 'Outlet', unit: 'Wh' };
      case 'Power.Active.Import':
        return { value: String(powerW), context, measurand, location: 'Outlet', unit: 'W' };
      default: {
        const unknown: never = measurand;
        throw new Error(`unknown measurand ${String(unknown)}`);
      }
    }
  });
  return { timestamp: iso(atMs), sampledValue };
}
