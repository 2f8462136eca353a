/**
 * Reads processor JSON (`unknown`) into typed wire objects without a schema library. Each
 * read records a failure instead of throwing, so a parser builds its object in one pass and
 * checks `ok` once. Unknown fields are ignored: processors add fields to answers without
 * notice (Stripe treats new fields as backwards compatible), and refusing them would turn a
 * harmless addition into an outage.
 */

/** Any single text field of a processor answer longer than this is not one we understand. */
export const MAX_WIRE_TEXT_CHARS = 2_048;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class WireReader {
  private failed = false;

  /** A reader of a nested object reports its failures to the reader of the enclosing one. */
  constructor(
    private readonly object: Record<string, unknown>,
    private readonly parent?: WireReader,
  ) {}

  get ok(): boolean {
    return !this.failed;
  }

  string(key: string, maxChars: number = MAX_WIRE_TEXT_CHARS): string {
    const value = this.object[key];
    if (typeof value === 'string' && value.length <= maxChars) return value;
    this.fail();
    return '';
  }

  nullableString(key: string, maxChars: number = MAX_WIRE_TEXT_CHARS): string | null {
    return this.object[key] === null ? null : this.string(key, maxChars);
  }

  integer(key: string, min: number, max: number): number {
    const value = this.object[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.fail();
    return min;
  }

  oneOf<T extends string>(key: string, values: readonly [T, ...T[]]): T {
    const value = this.object[key];
    const found = values.find((v) => v === value);
    if (found !== undefined) return found;
    this.fail();
    return values[0];
  }

  record(key: string): WireReader {
    const value = this.object[key];
    if (isRecord(value)) return new WireReader(value, this);
    this.fail();
    return new WireReader({}, this);
  }

  private fail(): void {
    this.failed = true;
    this.parent?.fail();
  }
}
