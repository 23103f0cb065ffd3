import type { IncomingMessage } from 'node:http';
import { AwsError } from '../aws/errors.js';

/** The largest body any supported operation accepts (Lex V2 imports aside, which we do not serve). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads a request body, refusing bodies over the limit before buffering them. */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new AwsError('RequestEntityTooLarge', `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`, 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AwsError('RequestEntityTooLarge', `Request body exceeds the limit of ${limit} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
