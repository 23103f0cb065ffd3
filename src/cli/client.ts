// A SigV4-signed HTTP client for the `linkedrole` commands that call a running server's APIs
// (extensions AWS offers only in its console, and anything else the AWS CLI cannot reach).
import type { Command } from 'commander';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface ServerTarget {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The target from flags or the usual AWS environment variables, defaulting to the local server. */
export function serverTarget(opts: { endpoint?: string; region?: string } = {}): ServerTarget {
  return {
    endpoint: opts.endpoint ?? process.env.LINKEDROLE_ENDPOINT ?? 'http://127.0.0.1:4599',
    region: opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    sessionToken: process.env.AWS_SESSION_TOKEN,
  };
}

export interface SignedResponse {
  status: number;
  body: unknown;
  errorType?: string;
}

export async function signedJsonRequest(
  target: ServerTarget,
  service: string,
  method: string,
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
): Promise<SignedResponse> {
  const url = new URL(target.endpoint);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const request = new HttpRequest({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port) || undefined,
    path,
    query,
    headers: { host: url.host, ...(payload ? { 'content-type': 'application/json' } : {}) },
    body: payload,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey, sessionToken: target.sessionToken },
    region: target.region,
    service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const search = new URLSearchParams(query).toString();
  const response = await fetch(`${target.endpoint}${path}${search ? `?${search}` : ''}`, {
    method,
    headers: signed.headers as Record<string, string>,
    body: payload,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    errorType: response.headers.get('x-amzn-errortype') ?? undefined,
  };
}

/** The flags of every command that calls a running server. */
export interface TargetOptions {
  endpointUrl?: string;
  region?: string;
}

export function withTarget(command: Command): Command {
  return command
    .option('--endpoint-url <url>', 'the linkedrole server (or LINKEDROLE_ENDPOINT)')
    .option('--region <region>', 'the region (or AWS_REGION / AWS_DEFAULT_REGION)');
}

/**
 * Calls one operation of the server as the AWS CLI would and prints the answer: its JSON on stdout, or the
 * error on stderr with exit code 254 (255 when the server cannot be reached).
 */
export async function callOperation(signingName: string, operation: string, opts: TargetOptions, method: string, path: string, body?: unknown): Promise<void> {
  const target = serverTarget({ endpoint: opts.endpointUrl, region: opts.region });
  let response;
  try {
    response = await signedJsonRequest(target, signingName, method, path, body);
  } catch (error) {
    process.stderr.write(`Could not connect to the endpoint URL: "${target.endpoint}${path}" (${(error as Error).message})\n`);
    process.exit(255);
  }
  if (response.status >= 300) {
    // The model's error shape decides the member's spelling: Message (connect-consumers) or message (Lex).
    const message = (response.body as { Message?: string; message?: string } | undefined) ?? {};
    process.stderr.write(`An error occurred (${response.errorType ?? response.status}) when calling the ${operation} operation: ${message.Message ?? message.message ?? ''}\n`);
    process.exit(254);
  }
  process.stdout.write(`${JSON.stringify(response.body ?? {}, null, 4)}\n`);
}
