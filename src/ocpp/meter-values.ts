import type { MeterReading } from '../charging/index.ts';
import type { MeterValue, SampledValue } from './messages.ts';

/**
 * OCPP 1.6 sampled values to the charging module's meter readings. The
 * energy register is `Energy.Active.Import.Register` (the default measurand)
 * without a phase (the whole connector), in Wh (the default unit) or kWh;
 * power is `Power.Active.Import` in W or kW. Other measurands are ignored.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export type ReadMeterValues = { readings: MeterReading[]; powerW: number | undefined } | { problem: string };

export function readMeterValues(values: readonly MeterValue[], nowMs: number): ReadMeterValues {
  const readings: MeterReading[] = [];
  let powerW: number | undefined;
  for (const value of values) {
    const atMs = Date.parse(value.timestamp);
    if (Number.isNaN(atMs)) return { problem: `meterValue timestamp ${value.timestamp} is not a date-time` };
    for (const sample of value.sampledValue) {
      if (sample.format === 'SignedData' || sample.phase !== undefined) continue;
      const measurand = sample.measurand ?? 'Energy.Active.Import.Register';
      if (measurand !== 'Energy.Active.Import.Register' && measurand !== 'Power.Active.Import') continue;
      if (!DECIMAL.test(sample.value)) return { problem: `sampledValue ${JSON.stringify(sample.value)} is not a decimal number` };
      if (measurand === 'Power.Active.Import') {
        powerW = Math.round(Number(sample.value) * (sample.unit === 'kW' ? 1000 : 1));
        continue;
      }
      const wh = energyWh(sample);
      if (wh === undefined) return { problem: `energy in ${sample.unit ?? 'Wh'} must be a register reading of at least 0 Wh or kWh` };
      // A station whose clock runs fast must not bill time that has not happened yet.
      readings.push({ atMs: Math.min(atMs, nowMs), wh });
    }
  }
  return { readings, powerW };
}

/** The reading in whole Wh, rounded half up; undefined for negative values or units that are not energy. */
function energyWh(sample: SampledValue): bigint | undefined {
  const unit = sample.unit ?? 'Wh';
  if ((unit !== 'Wh' && unit !== 'kWh') || sample.value.startsWith('-')) return undefined;
  const [whole = '0', fraction = ''] = sample.value.split('.');
  // Scale to milli-Wh exactly, without floating point: kWh has three more digits.
  const scale = unit === 'kWh' ? 6 : 3;
  const digits = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return (digits + 500n) / 1000n;
}
