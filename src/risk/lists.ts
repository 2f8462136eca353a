import type { Database } from '../db/database.ts';
import { UNIQUE_VIOLATION, sqlState } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { ListKind, RiskListEntry } from './types.ts';

export const MAX_LIST_ENTRIES = 100_000;

interface EntryRow {
  id: string;
  list: 'allow' | 'block';
  kind: ListKind;
  value: string;
  note: string;
  created_at: Date;
}

function fromRow(r: EntryRow): RiskListEntry {
  return { id: r.id, list: r.list, kind: r.kind, value: r.value, note: r.note, createdAtMs: r.created_at.getTime() };
}

/** Block and allow lists of consumers, cards (by fingerprint), devices, IP addresses and merchants. */
export class RiskLists {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Adds an entry; adding one that exists returns the existing entry. */
  async add(list: 'allow' | 'block', kind: ListKind, value: string, note: string): Promise<{ entry: RiskListEntry } | { failure: 'too_many_list_entries'; max: number }> {
    const existing = await this.find(list, kind, value);
    if (existing !== undefined) return { entry: existing };
    const { rows } = await this.db.query<{ n: bigint }>('SELECT count(*) AS n FROM risk_list_entries');
    if ((rows[0]?.n ?? 0n) >= BigInt(MAX_LIST_ENTRIES)) return { failure: 'too_many_list_entries', max: MAX_LIST_ENTRIES };
    const now = this.clock.nowMs();
    const entry: RiskListEntry = { id: newId('rle', now), list, kind, value, note, createdAtMs: now };
    try {
      await this.db.query('INSERT INTO risk_list_entries (id, list, kind, value, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [entry.id, list, kind, value, note, new Date(now)]);
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      const raced = await this.find(list, kind, value);
      if (raced === undefined) throw error;
      return { entry: raced };
    }
    return { entry };
  }

  private async find(list: string, kind: string, value: string): Promise<RiskListEntry | undefined> {
    const { rows } = await this.db.query<EntryRow>('SELECT id, list, kind, value, note, created_at FROM risk_list_entries WHERE list = $1 AND kind = $2 AND value = $3', [list, kind, value]);
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM risk_list_entries WHERE id = $1', [id]);
    return rowCount > 0;
  }

  async all(): Promise<RiskListEntry[]> {
    const { rows } = await this.db.query<EntryRow>('SELECT id, list, kind, value, note, created_at FROM risk_list_entries ORDER BY created_at, id');
    return rows.map(fromRow);
  }
}
