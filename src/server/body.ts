import type { IncomingMessage } from 'node:http';
import { AwsError } from '../aws/errors.js';

/** The largest body any supported operation accepts (Lex V2 imports aside, which we do not serve). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

/** Reads a request body, refusing bodies over the limit before buffering them. */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new AwsError('RequestEntityTooLarge', `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`, 413));
  // Plain stream events: an async iterator costs more than the small bodies AWS calls carry.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new AwsError('RequestEntityTooLarge', `Request body exceeds the limit of ${limit} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error('the client closed the connection before sending its whole body'));
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
