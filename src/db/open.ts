import type { DatabaseConfig } from '../config/config.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export async function openDatabase(config: DatabaseConfig, statementTimeoutMs: number): Promise<Database> {
  switch (config.kind) {
    case 'pglite':
      return openPglite(config.dataDir);
    case 'postgres':
      return openPostgres({
        connectionString: config.url,
        poolSize: config.poolSize,
        statementTimeoutMs,
        ...(config.schema === undefined ? {} : { schema: config.schema }),
      });
    default: {
      const unknown: never = config;
      throw new Error(`unknown database kind ${JSON.stringify(unknown)}`);
    }
  }
}
