// Append-only rows (the audit trail) written by a worker thread with its own SQLite connection, so
// the commit's fsync (synchronous=FULL: several milliseconds, tens at the 99th percentile) never
// blocks the event loop that answers requests. Each append resolves once its rows are committed;
// the main connection sees them from then on (WAL). Started on first use, not at server start.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker: plain CommonJS, evaluated from this string so it runs the same from src (tsx) and dist. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const statements = new Map();
function insert(table, columns, rows) {
  const key = table + '(' + columns.join(',') + ')';
  let statement = statements.get(key);
  if (!statement) {
    statement = db.prepare('INSERT INTO "' + table + '" (' + columns.map((c) => '"' + c + '"').join(', ') + ') VALUES (' + columns.map(() => '?').join(', ') + ')');
    statements.set(key, statement);
  }
  for (const row of rows) statement.run(row);
}
const write = db.transaction((table, columns, rows) => insert(table, columns, rows));
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.postMessage({ closed: true });
    return;
  }
  try {
    if (message.sql !== undefined) {
      const info = db.prepare(message.sql).run(...message.parameters);
      parentPort.postMessage({ id: message.id, changes: info.changes });
      return;
    }
    write(message.table, message.columns, message.rows);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: error.message, code: error.code } });
  }
});
`;

export class BackgroundWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (changes: number) => void; reject: (error: Error) => void }>();

  constructor(private readonly file: string) {}

  /** Inserts `rows` into `table` in one transaction; resolves when committed. */
  append(table: string, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    const worker = this.start();
    const id = this.nextId++;
    // Pending appends keep the process alive; an idle worker does not.
    if (this.waiting.size === 0) worker.ref();
    // Rows cross to the worker as arrays of values under one list of columns: copying them costs
    // less than copying objects that each repeat every column's name.
    const columns = Object.keys(rows[0]);
    const values = rows.map((row) => columns.map((column) => row[column]));
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve: () => resolve(), reject });
      worker.postMessage({ id, table, columns, rows: values });
    });
  }

  /**
   * Runs one statement that changes rows (the audit trail's retention deletes) on the worker's connection,
   * so its time is not the event loop's; resolves with the number of rows it changed.
   */
  run(statement: string, parameters: readonly unknown[]): Promise<number> {
    const worker = this.start();
    const id = this.nextId++;
    if (this.waiting.size === 0) worker.ref();
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, sql: statement, parameters });
    });
  }

  /** Finishes what was appended, then stops the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    // An idle worker is unref'd; closing must keep the process alive until it has answered.
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.on('message', (message: { closed?: boolean }) => {
        if (message.closed) resolve();
      });
      worker.once('exit', () => resolve());
      worker.postMessage({ close: true });
    });
    await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver }, execArgv: [] });
    worker.on('message', (message: { id?: number; changes?: number; error?: { message: string; code?: string } }) => {
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) worker.unref();
      if (!waiter) return;
      if (message.error) waiter.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiter.resolve(message.changes ?? 0);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.unref();
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.waiting.size > 0) this.failAll(new Error(`the background writer stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
