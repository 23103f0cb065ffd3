// The URLs Lex V2 hands out for its archives, served by this server instead of S3: DescribeExport's
// downloadUrl (GET the zip) and CreateUploadUrl's uploadUrl (PUT the zip). Like S3's presigned URLs they
// need no SigV4: each carries its expiry and an HMAC-SHA256 of method, path and expiry under a key kept
// with its export or import (so every server sharing the store accepts it, and only for that one resource):
//   GET <origin>/lexv2-transfers/exports/<exportId>/<fileName>?X-Linkedrole-Expires=<unix s>&X-Linkedrole-Signature=<hex>
//   PUT <origin>/lexv2-transfers/imports/<importId>?X-Linkedrole-Expires=<unix s>&X-Linkedrole-Signature=<hex>
//   GET <origin>/lexv2-transfers/test-executions/<testExecutionId>/<fileName>?... (GetTestExecutionArtifactsUrl's CSV)
// Refusals are S3's (XML <Error>, AccessDenied "Request has expired", SignatureDoesNotMatch, NoSuchKey),
// since a client of these URLs expects S3. server.ts routes the prefix here; this module has no HTTP types.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LexContext } from './context.js';

export const TRANSFER_PREFIX = '/lexv2-transfers/';
/** How long a URL works: AWS documents 5 minutes for an export's downloadUrl; we use the same for uploads. */
export const URL_LIFETIME_MS = 5 * 60 * 1000;

const EXPIRES = 'X-Linkedrole-Expires';
const SIGNATURE = 'X-Linkedrole-Signature';

export interface TransferAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** What the exports and imports give the URL server: a resource's key, and reading or writing its archive. */
export interface TransferStore {
  /** The export's URL key and archive (base64), if it exists and is Completed. */
  exportArchive(exportId: string): Promise<{ urlKey: string; archive: string; fileName: string } | undefined>;
  /** The import's URL key, if it exists and has not been started. */
  uploadKey(importId: string): Promise<{ urlKey: string; expiresAt: string } | undefined>;
  storeUpload(importId: string, archive: Buffer): Promise<void>;
  /** A Completed test execution's URL key and results CSV. */
  executionArtifacts(testExecutionId: string): Promise<{ urlKey: string; fileName: string; csv: string } | undefined>;
}

export const newUrlKey = (): string => randomBytes(32).toString('hex');

const sign = (key: string, method: string, path: string, expires: string) => createHmac('sha256', Buffer.from(key, 'hex')).update(`${method}\n${path}\n${expires}`).digest('hex');

function s3Error(status: number, code: string, message: string): TransferAnswer {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
const noSuchKey = () => s3Error(404, 'NoSuchKey', 'The specified key does not exist.');

export class TransferUrls {
  constructor(
    private readonly ctx: LexContext,
    private readonly store: TransferStore,
  ) {}

  private url(origin: string, method: string, path: string, key: string, expiresAt: Date): string {
    const expires = String(Math.floor(expiresAt.getTime() / 1000));
    return `${origin}${path}?${EXPIRES}=${expires}&${SIGNATURE}=${sign(key, method, path, expires)}`;
  }

  downloadUrl(origin: string, exportId: string, fileName: string, key: string): string {
    return this.url(origin, 'GET', `${TRANSFER_PREFIX}exports/${exportId}/${encodeURIComponent(fileName)}`, key, new Date(this.ctx.clock().getTime() + URL_LIFETIME_MS));
  }

  artifactsUrl(origin: string, testExecutionId: string, fileName: string, key: string): string {
    return this.url(origin, 'GET', `${TRANSFER_PREFIX}test-executions/${testExecutionId}/${encodeURIComponent(fileName)}`, key, new Date(this.ctx.clock().getTime() + URL_LIFETIME_MS));
  }

  uploadUrl(origin: string, importId: string, key: string, expiresAt: Date): string {
    return this.url(origin, 'PUT', `${TRANSFER_PREFIX}imports/${importId}`, key, expiresAt);
  }

  /** Checks a URL's expiry and signature against the resource's key. */
  private refusal(method: string, url: URL, key: string): TransferAnswer | undefined {
    const expires = url.searchParams.get(EXPIRES);
    const signature = url.searchParams.get(SIGNATURE);
    if (!expires || !signature || !/^\d+$/.test(expires)) return s3Error(403, 'AccessDenied', 'Query-string authentication requires the Signature and Expires parameters.');
    const wanted = Buffer.from(sign(key, method, url.pathname, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    }
    if (Number(expires) * 1000 < this.ctx.clock().getTime()) return s3Error(403, 'AccessDenied', 'Request has expired');
    return undefined;
  }

  /** Answers a request under TRANSFER_PREFIX: GET of an export's zip, PUT of an import's. */
  async answer(method: string, url: URL, body: () => Promise<Buffer>): Promise<TransferAnswer> {
    const download = /^\/lexv2-transfers\/exports\/([0-9A-Za-z]{10})\/[^/]+$/.exec(url.pathname);
    const upload = /^\/lexv2-transfers\/imports\/([0-9A-Za-z]{10})$/.exec(url.pathname);
    const artifacts = /^\/lexv2-transfers\/test-executions\/([0-9A-Za-z]{10})\/[^/]+$/.exec(url.pathname);
    if (artifacts && (method === 'GET' || method === 'HEAD')) {
      const found = await this.store.executionArtifacts(artifacts[1]);
      if (!found) return noSuchKey();
      const refused = this.refusal('GET', url, found.urlKey);
      if (refused) return refused;
      const csv = Buffer.from(found.csv, 'utf8');
      return {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-length': String(csv.length), 'content-disposition': `attachment; filename="${found.fileName}"` },
        body: method === 'HEAD' ? '' : csv,
      };
    }
    if (download && (method === 'GET' || method === 'HEAD')) {
      const found = await this.store.exportArchive(download[1]);
      if (!found) return noSuchKey();
      const refused = this.refusal('GET', url, found.urlKey);
      if (refused) return refused;
      const zip = Buffer.from(found.archive, 'base64');
      return {
        status: 200,
        headers: { 'content-type': 'application/zip', 'content-length': String(zip.length), 'content-disposition': `attachment; filename="${found.fileName}"` },
        body: method === 'HEAD' ? '' : zip,
      };
    }
    if (upload && method === 'PUT') {
      const found = await this.store.uploadKey(upload[1]);
      if (!found) return noSuchKey();
      const refused = this.refusal('PUT', url, found.urlKey);
      if (refused) return refused;
      let file: Buffer;
      try {
        file = await body();
      } catch {
        return s3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      }
      await this.store.storeUpload(upload[1], file);
      return { status: 200, headers: {}, body: '' };
    }
    if (download || upload || artifacts) return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    return noSuchKey();
  }
}
