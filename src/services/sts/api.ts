// STS's operations, named as AWS names them. GetCallerIdentity needs no permission (AWS answers it
// even under an explicit deny), nor does GetSessionToken; AssumeRole needs sts:AssumeRole from the caller's own policies, and
// the role's trust policy decides the rest in the domain.
import { loadModel } from '../../aws/model.js';
import type { Operations } from '../../aws/generated/sts.js';
import type { ServiceApi, ServiceOperations } from '../../aws/service.js';
import { authorizationTarget, roleFacts, type RequestFacts } from '../iam/condition-keys.js';
import { samlOperations } from './saml.js';
import { accessKeyInfoOperations } from './access-key-info.js';
import { assumeRootOperations } from './assume-root.js';
import { authorizationMessageOperations } from './authorization-message.js';
import { federationTokenOperations } from './federation-token.js';
import { delegatedAccessOperations } from './delegated-access.js';
import type { Sts } from './sts.js';
import { getWebIdentityTokenOperation, type OutboundWebIdentity } from './outbound-web-identity.js';
import { assumeRoleWithWebIdentityOperation, type WebIdentity } from './web-identity.js';

/** The federation operations' domains (web identity: web-identity.ts; outbound: outbound-web-identity.ts). */
export interface StsFederation {
  webIdentity: WebIdentity;
  outbound: OutboundWebIdentity;
}

export function stsApi(sts: Sts, federation: StsFederation): ServiceApi<Operations> {
  const operations: ServiceOperations<Operations> = {
    ...samlOperations(sts),
    ...delegatedAccessOperations(sts),
    ...accessKeyInfoOperations(sts),
    ...authorizationMessageOperations(sts),
    ...assumeRootOperations(sts),
    ...federationTokenOperations(sts),
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentityOperation(federation.webIdentity),
    GetWebIdentityToken: getWebIdentityTokenOperation(federation.outbound),
    GetCallerIdentity: {
      authorize: () => [],
      handle: (_input, ctx) => sts.getCallerIdentity(ctx.caller),
    },
    AssumeRole: {
      authorize: async (input, ctx) => {
        // The parameters (RoleArn, session tags) are checked before any permission: a malformed request is
        // refused as malformed, whoever sends it.
        await sts.checkAssumeRole(ctx.caller, input);
        // The role's tags, the session tags and the request's own keys; authorizationTarget keeps what each action documents.
        const facts: RequestFacts = {
          ...(await roleFacts(sts.store, ctx.caller.accountId, input.RoleArn)),
          requestTags: input.Tags,
          keys: {
            'sts:RoleSessionName': input.RoleSessionName,
            'sts:ExternalId': input.ExternalId,
            'sts:SourceIdentity': input.SourceIdentity,
            'sts:TransitiveTagKeys': input.TransitiveTagKeys,
          },
        };
        return [
          await authorizationTarget('sts:AssumeRole', input.RoleArn, facts),
          ...((input.Tags?.length ?? 0) > 0 ? [await authorizationTarget('sts:TagSession', input.RoleArn, facts)] : []),
          ...(input.SourceIdentity !== undefined ? [await authorizationTarget('sts:SetSourceIdentity', input.RoleArn, facts)] : []),
        ];
      },
      handle: (input, ctx) =>
        sts.assumeRole(ctx.caller, input, ctx.region, { requestId: ctx.requestId, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent }),
    },
    // No permission: AWS does not let policies control this authentication operation. Only long-term
    // credentials (an IAM user's, the root's) may call it; the domain refuses session credentials.
    GetSessionToken: {
      authorize: () => [],
      handle: (input, ctx) =>
        sts.getSessionToken(ctx.caller, input, ctx.region, { requestId: ctx.requestId, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent }),
    },
  };
  return { signingName: 'sts', protocol: 'query', models: [loadModel('sts')], operations };
}
