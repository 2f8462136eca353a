import { OCPP16_CALL_ERROR_CODES, type CallErrorCode } from './messages.ts';

/**
 * ocpp-rpc 2.2 answers some errors with codes OCPP-J 1.6 does not have: the
 * corrected spelling `OccurrenceConstraintViolation` (which the 1.6 errata
 * section 5.1 chose not to introduce), and OCPP-J 2.0.1's `RpcFrameworkError`
 * and `MessageTypeNotSupported` for frames that are not valid RPC. A 1.6
 * station may refuse a CallError whose code is not in its table, so every
 * CALLERROR this edge sends is rewritten to a 1.6 code.
 */
const OCPP16_EQUIVALENTS: Readonly<Record<string, CallErrorCode>> = {
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  FormatViolation: 'FormationViolation',
  // A frame that is not JSON, not an array, or lacks a message id: it does not conform to the PDU structure.
  RpcFrameworkError: 'FormationViolation',
};

const OCPP16_CODES: ReadonlySet<string> = new Set(OCPP16_CALL_ERROR_CODES);

export function toOcpp16CallErrorCode(code: string): CallErrorCode {
  if (OCPP16_CODES.has(code)) return code as CallErrorCode;
  return OCPP16_EQUIVALENTS[code] ?? 'GenericError';
}

const CALLERROR = 4;

/** The frame with its CallError code made a 1.6 one; any other frame unchanged. */
export function inOcpp16Spelling(frame: string): string {
  if (!frame.startsWith(`[${CALLERROR},`)) return frame;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return frame;
  }
  if (!Array.isArray(parsed) || typeof parsed[2] !== 'string') return frame;
  const code = toOcpp16CallErrorCode(parsed[2]);
  if (code === parsed[2]) return frame;
  parsed[2] = code;
  return JSON.stringify(parsed);
}
