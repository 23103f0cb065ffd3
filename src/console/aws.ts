// The console's way to read and change anything: linkedrole's own AWS APIs, called with the signed-in
// user's credentials against this very server, so that authorization, validation, errors and the
// audit trail are exactly the API's. AWS SDK v3 clients for the AWS services; the SigV4-signed JSON
// client for linkedrole's extension APIs (consuming services, Lex channel integrations).
import { AppIntegrationsClient } from '@aws-sdk/client-appintegrations';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../aws/errors.js';
import { signedJsonRequest } from '../cli/client.js';
import type { Credentials } from './session.js';

/** An AWS error as the console shows it: AWS's code, message and HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = code;
  }
}

/** Any error from an SDK client or the extension client, in one shape. */
export function apiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // A domain's own refusal, from a server-side read the page made in-process (effective permissions).
  if (error instanceof AwsError) return new ApiError(error.code, error.message, error.status);
  const e = error as Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 500;
  let code = e.name || 'Error';
  if (code === 'Error' && e.Code) code = e.Code;
  return new ApiError(code, e.message || String(error), status);
}

export function isAccessDenied(error: unknown): boolean {
  return /^AccessDenied/.test(apiError(error).code);
}

export interface AwsClients {
  region: string;
  iam: IAMClient;
  sts: STSClient;
  appIntegrations: AppIntegrationsClient;
  lex: LexModelsV2Client;
  cloudTrail: CloudTrailClient;
  /** A call to one of linkedrole's REST-JSON extension APIs (`linkedrole-connect`, `lex` channels). */
  extension<T = Record<string, any>>(signingName: string, method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<T>;
  /** Closes the clients made (their connections). */
  destroy(): void;
}

export function awsClients(endpoint: string, credentials: Credentials, region: string): AwsClients {
  const common = { endpoint, credentials, maxAttempts: 1 };
  // Created on first use, destroyed with destroy() (their keep-alive sockets closed) after the request.
  const made: { destroy(): void }[] = [];
  const lazy = <T extends { destroy(): void }>(make: () => T) => {
    let client: T | undefined;
    return () => {
      if (!client) made.push((client = make()));
      return client;
    };
  };
  // IAM is global: signed for us-east-1 as AWS's clients do.
  const iam = lazy(() => new IAMClient({ ...common, region: 'us-east-1' }));
  const sts = lazy(() => new STSClient({ ...common, region }));
  const appIntegrations = lazy(() => new AppIntegrationsClient({ ...common, region }));
  const lex = lazy(() => new LexModelsV2Client({ ...common, region }));
  const cloudTrail = lazy(() => new CloudTrailClient({ ...common, region }));
  return {
    region,
    get iam() {
      return iam();
    },
    get sts() {
      return sts();
    },
    get appIntegrations() {
      return appIntegrations();
    },
    get lex() {
      return lex();
    },
    get cloudTrail() {
      return cloudTrail();
    },
    async extension(signingName, method, path, body, query = {}) {
      const answer = await signedJsonRequest({ endpoint, region, ...credentials }, signingName, method, path, body, query);
      if (answer.status >= 400) {
        const payload = (answer.body ?? {}) as { message?: string; Message?: string; __type?: string };
        const code = (answer.errorType ?? payload.__type ?? `Http${answer.status}`).split(':')[0].split('#').pop()!;
        throw new ApiError(code, payload.message ?? payload.Message ?? `HTTP ${answer.status}`, answer.status);
      }
      return (answer.body ?? {}) as any;
    },
    destroy() {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}
