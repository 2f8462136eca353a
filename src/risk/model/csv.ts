/**
 * A small streaming reader for the benchmark's CSV files, gzip-compressed or plain.
 *
 * The files hold numbers and identifiers only, with no quoted fields, so a line is split on
 * commas. A row with the wrong number of fields is an error that names the file and line:
 * silently skipping it would shift every later feature into the wrong column.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Rows one read may return: the full simulated data set is 1.75 M rows; this bound catches a wrong file. */
export const DEFAULT_MAX_CSV_ROWS = 20_000_000;

/** How often, in rows, `onProgress` is called during a read unless told otherwise. */
export const CSV_PROGRESS_EVERY_ROWS = 100_000;

export interface ReadCsvOptions {
  /** Called every `progressEveryRows` data rows and once at the end. */
  onProgress?: (rowsRead: number) => void;
  progressEveryRows?: number;
  /** Fails the read when the file has more data rows than this. */
  maxRows?: number;
}

export interface CsvSummary {
  header: string[];
  rowsRead: number;
}

/**
 * Reads `path` line by line, calling `onRow` for each data row with its fields and the
 * header. Gzip input is detected by its magic bytes, not the file name. Blank lines are
 * skipped. The `fields` array is new for each row, so callers may keep it.
 */
export async function readCsv(
  path: string,
  onRow: (fields: string[], header: string[]) => void,
  options: ReadCsvOptions = {},
): Promise<CsvSummary> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_CSV_ROWS;
  const progressEveryRows = options.progressEveryRows ?? CSV_PROGRESS_EVERY_ROWS;
  const input = await openText(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | undefined;
  let lineNumber = 0;
  let rowsRead = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.length === 0) continue;
      const fields = line.split(',');
      if (header === undefined) {
        header = fields;
        continue;
      }
      if (fields.length !== header.length) {
        throw new Error(`${path}: line ${lineNumber} has ${fields.length} fields, expected ${header.length} as in the header`);
      }
      rowsRead += 1;
      if (rowsRead > maxRows) {
        throw new Error(`${path}: more than ${maxRows} data rows (line ${lineNumber}); raise maxRows if this file is expected`);
      }
      onRow(fields, header);
      if (rowsRead % progressEveryRows === 0) options.onProgress?.(rowsRead);
    }
  } finally {
    // Stops decompressing and closes the file when the read ends early on an error.
    lines.close();
    input.destroy();
  }
  if (header === undefined) throw new Error(`${path}: the file is empty, expected a header line`);
  options.onProgress?.(rowsRead);
  return { header, rowsRead };
}

/** The index of each named column in `header`; throws naming the file and the missing columns. */
export function columnIndexes(path: string, header: readonly string[], names: readonly string[]): number[] {
  const missing = names.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new Error(`${path}: missing column(s) ${missing.join(', ')}`);
  return names.map((name) => header.indexOf(name));
}

async function openText(path: string): Promise<Readable> {
  const gzip = await hasGzipMagic(path);
  const raw = createReadStream(path);
  if (!gzip) return raw;
  const gunzip = createGunzip();
  // pipeline() carries a read error (file vanished, corrupt gzip) to the reader through the
  // gunzip stream, and closes the file when the reader destroys that stream early.
  pipeline(raw, gunzip, () => {});
  return gunzip;
}

/** Gzip streams start with the bytes 1f 8b (RFC 1952, section 2.3.1). */
async function hasGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
