// One SQL layer (Kysely) over two dialects: embedded SQLite (default) and PostgreSQL. Queries are
// written once against `Database`; only connection setup and transaction retry differ by dialect.
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, type Migration, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig, type Transaction, type Compilable } from 'kysely';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackgroundWriter } from './background-writer.js';
import { migrateToLatest, missingCoreMigrations } from './migrations.js';
import type { Schema } from './schema.js';

export type Db = Kysely<Schema>;
export const DEFAULT_DATA_DIR = '.linkedrole';
/** Attempts of a PostgreSQL transaction that keeps meeting serialization failures. */
const MAX_ATTEMPTS = 30;
export type Tx = Transaction<Schema>;

export interface StoreOptions {
  kind: 'sqlite' | 'postgres';
  /** SQLite: the folder holding `linkedrole.db`. */
  dataDir?: string;
  /** PostgreSQL: a connection URL. */
  databaseUrl?: string;
  /** The service modules' own migrations, applied with the core's (src/store/migrations.ts) in name order. */
  migrations?: Record<string, Migration>[];
}

export class Store {
  private constructor(
    readonly db: Db,
    readonly kind: 'sqlite' | 'postgres',
    /** SQLite: appends go through a worker thread's connection (see background-writer.ts). */
    private readonly writer?: BackgroundWriter,
  ) {}

  /**
   * Inserts rows that are only ever appended (audit events) in one transaction, off the request
   * path: on SQLite a worker thread commits them (its fsync never blocks the event loop); on
   * PostgreSQL they are inserted as usual. Resolves once they are stored.
   */
  async append<T extends keyof Schema & string>(table: T, rows: Schema[T][]): Promise<void> {
    if (rows.length === 0) return;
    if (this.writer) return this.writer.append(table, rows as unknown as Record<string, unknown>[]);
    for (let i = 0; i < rows.length; i += 100) await this.db.insertInto(table).values(rows.slice(i, i + 100) as never).execute();
  }

  /**
   * Runs a statement that changes many rows in the background (the audit trail's retention deletes): on
   * SQLite on the background writer's connection, off the event loop; on PostgreSQL as usual. Resolves
   * with the number of rows it changed.
   */
  async changeInBackground(query: Compilable): Promise<number> {
    const compiled = query.compile();
    if (this.writer) return this.writer.run(compiled.sql, compiled.parameters);
    const result = await this.db.executeQuery(compiled);
    return Number(result.numAffectedRows ?? 0n);
  }

  /**
   * Opens the store and brings its schema up to date. Any failure (a data dir that cannot be
   * created or written, a database that cannot be reached) is a StoreOpenError saying which.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const where = options.kind === 'postgres' ? 'the PostgreSQL database' : `the data dir ${options.dataDir ?? DEFAULT_DATA_DIR}`;
    let store: Store | undefined;
    try {
      store = options.kind === 'postgres' ? await Store.openPostgres(options.databaseUrl) : Store.openSqlite(options.dataDir);
      await migrateToLatest(store.db, store.kind, options.migrations);
      if (store.kind === 'sqlite') await store.checkWritable();
      return store;
    } catch (error) {
      await store?.close().catch(() => {});
      if (error instanceof StoreOpenError) throw error;
      throw new StoreOpenError(`cannot open ${where}: ${describeStoreError(error)}`, error);
    }
  }

  /**
   * Opens an existing store only to read it (`linkedrole audit`): nothing is migrated or written and no
   * lock is taken, so it works beside a running server (which holds the data dir's lock). SQLite opens
   * the file read-only; PostgreSQL's sessions run every transaction READ ONLY. A store whose schema is
   * older than this linkedrole's core (or that no server ever opened) is refused, saying so.
   */
  static async openReadOnly(options: StoreOptions): Promise<Store> {
    const where = options.kind === 'postgres' ? 'the PostgreSQL database' : `the data dir ${options.dataDir ?? DEFAULT_DATA_DIR}`;
    let store: Store | undefined;
    try {
      store = options.kind === 'postgres' ? await Store.openPostgres(options.databaseUrl, true) : Store.openSqliteReadOnly(options.dataDir);
      const missing = await missingCoreMigrations(store.db);
      if (missing.length > 0) {
        throw new StoreOpenError(
          `cannot read ${where}: its schema is older than this linkedrole's (${missing.join(', ')} not applied); start \`linkedrole serve\` on it once to bring it up to date`,
        );
      }
      return store;
    } catch (error) {
      await store?.close().catch(() => {});
      if (error instanceof StoreOpenError) throw error;
      throw new StoreOpenError(`cannot open ${where}: ${describeStoreError(error)}`, error);
    }
  }

  private static openSqliteReadOnly(dataDir = DEFAULT_DATA_DIR): Store {
    const path = join(dataDir, 'linkedrole.db');
    if (!existsSync(path)) throw new StoreOpenError(`cannot open the data dir ${dataDir}: it holds no store (${path} does not exist)`);
    const file = new SQLite(path, { readonly: true, fileMustExist: true });
    file.pragma('busy_timeout = 5000');
    return new Store(new Kysely<Schema>({ dialect: new SqliteDialect({ database: file }) }), 'sqlite');
  }

  private static openSqlite(dataDir = DEFAULT_DATA_DIR): Store {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'linkedrole.db');
    const file = new SQLite(path);
    // WAL: readers never block the writer. synchronous=FULL: every commit is fsynced (the WAL) before
    // the write is acknowledged, so an acknowledged write survives a crash of the process (SIGKILL)
    // and of the machine (power loss); NORMAL would only survive the former.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    return new Store(new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(file) }) }), 'sqlite', new BackgroundWriter(path));
  }

  private static async openPostgres(url: string | undefined, readOnly = false): Promise<Store> {
    if (!url) throw new StoreOpenError('--store postgres needs --database-url or LINKEDROLE_DATABASE_URL');
    // Loaded only for PostgreSQL: the SQLite server's start does not pay for it.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool(readOnly ? { connectionString: url, max: 2, options: '-c default_transaction_read_only=on' } : { connectionString: url, max: 10 });
    // An idle connection the database drops (restart, failover, DROP DATABASE) must not crash the
    // server: the pool replaces it, and the next query on it reports the error to its caller.
    pool.on('error', (error) => console.error('linkedrole: PostgreSQL connection lost:', error.message));
    return new Store(new Kysely<Schema>({ dialect: new PortablePostgresDialect({ pool }) }), 'postgres');
  }

  /**
   * A data dir that is read-only, or a disk that is full, fails here, at start, rather than on the
   * first write (SQLite opens a read-only file without complaint).
   */
  private async checkWritable(): Promise<void> {
    await sql`CREATE TABLE IF NOT EXISTS linkedrole_store_check (id integer PRIMARY KEY, checked_at text NOT NULL)`.execute(this.db);
    await sql`INSERT INTO linkedrole_store_check (id, checked_at) VALUES (1, ${new Date().toISOString()}) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`.execute(this.db);
  }

  /**
   * Runs `work` in one transaction. On PostgreSQL it is SERIALIZABLE and retried on serialization
   * failures (40001) and deadlocks (40P01), so invariants hold across several servers without locks
   * (`work` may run several times: it must do nothing but database work);
   * on SQLite the single connection already serializes transactions.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.kind === 'sqlite') return this.db.transaction().execute(work);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().setIsolationLevel('serializable').execute(work);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if ((code !== '40001' && code !== '40P01') || attempt >= MAX_ATTEMPTS) throw error;
        // Full jitter, growing to at most 250 ms: contending servers spread out instead of colliding again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 2 ** attempt)));
      }
    }
  }

  async close(): Promise<void> {
    await this.writer?.close();
    await this.db.destroy();
  }
}

/**
 * Kysely prepares every query anew; preparing costs more than running a point lookup. Statements are
 * kept by their SQL text (queries are parameterized, so the set is small) and reused unless one is
 * still being iterated.
 */
function withStatementCache(database: SQLite.Database): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver) as unknown;
      return (source: string) => {
        const cached = statements.get(source);
        if (cached && !cached.busy) return cached;
        const statement = prepare(source);
        if (!cached) {
          if (statements.size >= 1000) statements.delete(statements.keys().next().value!);
          statements.set(source, statement);
        }
        return statement;
      };
    },
  });
}

/** The store could not be opened: the message says which store and why, for the operator. */
export class StoreOpenError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** What went wrong opening a store, in an operator's words (permission, read-only, full disk, ...). */
export function describeStoreError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.message})`;
    case 'EROFS':
    case 'SQLITE_READONLY':
      return `it is read-only (${e.message})`;
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return `the disk is full (${e.message})`;
    case 'SQLITE_CANTOPEN':
      return `the database file cannot be created or opened: the directory is missing, read-only or not ours (${e.message})`;
    default:
      return e?.message ?? String(error);
  }
}

/**
 * PostgreSQL without Kysely's migration lock (pg_advisory_lock): migrations.ts serializes servers
 * with a row lock instead, which CockroachDB and YugabyteDB support too.
 */
class PortablePostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new PortablePostgresAdapter();
  }
}

class PortablePostgresAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE) rather than on their
 * first write: with a second connection on the file (the background writer), a deferred transaction
 * that read before the other connection committed could not upgrade to a writer and failed at once
 * with SQLITE_BUSY (busy_timeout does not apply to that case); an immediate one waits its turn.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
