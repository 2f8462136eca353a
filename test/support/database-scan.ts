import type { Database } from '../../src/db/database.ts';

/**
 * Where a secret rests in clear: every text, varchar and jsonb column of the
 * current schema (Paygrid's tables, the ledger's metadata, events, saved
 * idempotent responses) whose value contains any of `needles`, as
 * `table.column`. Tests assert that card numbers, CVCs and PINs are never found.
 */
export async function columnsContaining(db: Database, needles: readonly string[]): Promise<string[]> {
  if (needles.length === 0) return [];
  const { rows } = await db.query<{ t: string; c: string }>(
    "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'jsonb', 'character varying') ORDER BY 1, 2",
  );
  const found: string[] = [];
  for (const { t, c } of rows) {
    const hits = await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM "${t}" WHERE "${c}"::text LIKE ANY ($1::text[])`, [needles.map((n) => `%${n}%`)]);
    if ((hits.rows[0]?.n ?? 0n) > 0n) found.push(`${t}.${c}`);
  }
  return found;
}
