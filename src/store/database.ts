// One SQL layer (Kysely) over two dialects: embedded SQLite (default) and PostgreSQL. Queries are
// written once against `Database`; only connection setup and transaction retry differ by dialect.
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { Schema } from './schema.js';

export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;

export interface StoreOptions {
  kind: 'sqlite' | 'postgres';
  /** SQLite: the folder holding `linkedrole.db`. */
  dataDir?: string;
  /** PostgreSQL: a connection URL. */
  databaseUrl?: string;
}

export class Store {
  private constructor(
    readonly db: Db,
    readonly kind: 'sqlite' | 'postgres',
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const store = options.kind === 'postgres' ? Store.openPostgres(options.databaseUrl) : Store.openSqlite(options.dataDir);
    await migrateToLatest(store.db);
    return store;
  }

  private static openSqlite(dataDir = '.linkedrole'): Store {
    mkdirSync(dataDir, { recursive: true });
    const file = new SQLite(join(dataDir, 'linkedrole.db'));
    // WAL: readers never block the writer; synchronous=FULL: an acknowledged write survives power loss.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    return new Store(new Kysely<Schema>({ dialect: new SqliteDialect({ database: file }) }), 'sqlite');
  }

  private static openPostgres(url: string | undefined): Store {
    if (!url) throw new Error('--store postgres needs --database-url or LINKEDROLE_DATABASE_URL');
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return new Store(new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }

  /**
   * Runs `work` in one transaction. On PostgreSQL it is SERIALIZABLE and retried on serialization
   * failures (40001) and deadlocks (40P01), so invariants hold across several servers without locks;
   * on SQLite the single connection already serializes transactions.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.kind === 'sqlite') return this.db.transaction().execute(work);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().setIsolationLevel('serializable').execute(work);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if ((code !== '40001' && code !== '40P01') || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
