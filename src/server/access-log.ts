// The access log: one JSON line per AWS request on stdout. Lines are written by libuv's thread pool
// (fs.write on the descriptor), batched, one write in flight at a time, so a slow reader of stdout (a
// pipe, a terminal) never blocks the event loop the way process.stdout's synchronous pipe writes do.
// A line waits up to BATCH_MS for others to join it: writing each line as it came (whenever no write was in
// flight) cost a thread-pool round trip and a pipe write for almost every request, about 30 µs of a GetRole's CPU.
import { write } from 'node:fs';
import type { AccessLogEntry } from './dispatch.js';

/** Beyond this much unwritten log, lines are written synchronously (the reader has stalled): memory stays bounded. */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

/** How long a line may wait for others to be written with it. */
const BATCH_MS = 5;

export class AccessLog {
  private queue: string[] = [];
  private queuedBytes = 0;
  private writing = false;
  /** The batch's timer, while lines wait for it. */
  private batch: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly fd = 1,
    private readonly fallback: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  readonly write = (entry: AccessLogEntry): void => {
    const line = `${JSON.stringify(entry)}\n`;
    if (this.queuedBytes > MAX_BACKLOG_BYTES) {
      this.fallback(line);
      return;
    }
    this.queue.push(line);
    this.queuedBytes += line.length;
    if (!this.writing && !this.batch) {
      this.batch = setTimeout(() => {
        this.batch = undefined;
        if (!this.writing) this.drain();
      }, BATCH_MS);
    }
  };

  /** Resolves once every line logged so far is written. */
  flush(): Promise<void> {
    if (this.batch) {
      clearTimeout(this.batch);
      this.batch = undefined;
      if (!this.writing) this.drain();
    }
    if (!this.writing) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private drain(): void {
    if (this.queue.length === 0) {
      this.writing = false;
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    this.writing = true;
    const chunk = Buffer.from(this.queue.join(''), 'utf8');
    this.queue = [];
    this.queuedBytes = 0;
    this.writeAll(chunk, 0);
  }

  private writeAll(chunk: Buffer, offset: number): void {
    write(this.fd, chunk, offset, chunk.length - offset, null, (error, written) => {
      if (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          setTimeout(() => this.writeAll(chunk, offset), 1);
          return;
        }
        // stdout is gone (EPIPE: the reader exited): the log has nowhere to go; requests go on.
        this.queue = [];
        this.queuedBytes = 0;
        this.drain();
        return;
      }
      if (offset + written < chunk.length) this.writeAll(chunk, offset + written);
      else this.drain();
    });
  }
}
