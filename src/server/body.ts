import type { IncomingMessage } from 'node:http';
import type { AwsError } from '../aws/errors.js';
import { wireErrors } from '../aws/generated/common.js';

/** The largest body any supported operation accepts, and the largest Lex V2 archive an upload URL takes. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

function tooLarge(limit: number, declared?: number): AwsError {
  return declared === undefined
    ? wireErrors.RequestEntityTooLarge(`Request body exceeds the limit of ${limit} bytes`)
    : wireErrors.RequestEntityTooLarge(`Request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
}

/**
 * Reads a request body, refusing bodies over the limit: at once when Content-Length says so, else as
 * soon as the body grows past it. What follows a refused body is read and dropped (never buffered)
 * until the caller closes the connection, so that the client is not reset before it reads the answer.
 */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    request.once('error', reject);
    request.once('aborted', () => reject(wireErrors.RequestAborted('The client closed the connection before sending the whole body')));
  });
}
