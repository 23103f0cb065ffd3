// IAM's account-level operations: the account alias, GetAccountSummary, GetAccountAuthorizationDetails,
// SetSecurityTokenServicePreferences, UpdateGroup, and the operations that need AWS Organizations, which
// answer as AWS answers an account that belongs to no organization (docs/iam.md, "Account").
import { randomUUID } from 'node:crypto';
import { errors, type Operations } from '../../../aws/generated/iam.js';
import type { ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { AccountAuthorizationDetails } from '../account-details.js';
import { updateGroup } from '../account-groups.js';
import type { AccountSettings } from '../account.js';
import { authorizationTarget } from '../condition-keys.js';
import { groupArn } from '../groups.js';
import type { Iam } from '../iam.js';
import type { Identities } from '../identities.js';
import { account, identityTargets, onAll, paged } from './common.js';
import { instanceProfileToWire } from './instance-profiles.js';
import { partition } from '../../../aws/partitions.js';

/** AWS's description of OrganizationNotFoundException: what an account outside any organization is answered. */
export const NO_ORGANIZATION = 'The request was rejected because no organization is associated with your account.';

export function accountOperations(store: Store, iam: Iam, identities: Identities, settings: AccountSettings): ServiceOperations<Operations> {
  const { onGroup } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);
  const details = new AccountAuthorizationDetails(store, iam, identities.groups, identities.policies, { instanceProfile: (p) => instanceProfileToWire(p) });
  const noOrganization = () => errors.OrganizationNotFoundException(NO_ORGANIZATION);
  return {
    // --- alias -------------------------------------------------------------------------------------------
    CreateAccountAlias: {
      summary: 'One alias per account (a new one replaces it), unique across accounts (EntityAlreadyExists)',
      authorize: onAll('iam:CreateAccountAlias'),
      handle: async (input, ctx) => (await settings.createAlias(account(ctx), input.AccountAlias), {}),
    },
    DeleteAccountAlias: {
      summary: 'Deletes the account\'s alias, named exactly',
      authorize: onAll('iam:DeleteAccountAlias'),
      handle: async (input, ctx) => (await settings.deleteAlias(account(ctx), input.AccountAlias), {}),
    },
    ListAccountAliases: {
      summary: 'The account\'s alias (none or one)',
      authorize: onAll('iam:ListAccountAliases'),
      handle: async (input, ctx) => paged(await settings.listAliases(account(ctx), input), 'AccountAliases'),
    },
    // --- the account as a whole ------------------------------------------------------------------------------
    GetAccountSummary: {
      summary: 'Counts of the account\'s users, groups, roles, policies, instance profiles, MFA devices, providers, certificates from the store, with AWS\'s default quotas and the STS token version',
      authorize: onAll('iam:GetAccountSummary'),
      handle: async (_input, ctx) => ({ SummaryMap: await settings.summary(account(ctx)) }),
    },
    GetAccountAuthorizationDetails: {
      summary: 'Every user, group, role (with instance profiles) and managed policy (with versions) and their policies, by Filter, paged across kinds',
      authorize: onAll('iam:GetAccountAuthorizationDetails'),
      handle: (input, ctx) => details.details(account(ctx), input),
    },
    SetSecurityTokenServicePreferences: {
      summary: 'Stores GlobalEndpointTokenVersion, reflected in GetAccountSummary (tokens themselves do not change)',
      authorize: onAll('iam:SetSecurityTokenServicePreferences'),
      handle: async (input, ctx) => (await settings.setGlobalEndpointTokenVersion(account(ctx), input.GlobalEndpointTokenVersion), {}),
    },
    // --- groups ------------------------------------------------------------------------------------------
    UpdateGroup: {
      summary: 'Renames and/or moves a group; members and policies follow; needs the permission on the old and the new name',
      // AWS: the caller needs the permission on the group under its old name and under its new one.
      authorize: async (input, ctx) => {
        const [old] = await onGroup('iam:UpdateGroup')(input, ctx);
        if (!input.NewGroupName && !input.NewPath) return [old];
        const current = await identities.groups.find(account(ctx), input.GroupName);
        const arn = groupArn(account(ctx), input.NewPath ?? current?.path ?? '/', input.NewGroupName ?? current?.groupName ?? input.GroupName);
        return [old, await authorizationTarget('iam:UpdateGroup', arn)];
      },
      handle: async (input, ctx) => (await updateGroup(store, identities.groups, account(ctx), input.GroupName, input), {}),
    },
    // --- AWS Organizations: the account belongs to none ---------------------------------------------------
    EnableOrganizationsRootCredentialsManagement: {
      summary: 'OrganizationNotFoundException: the account belongs to no organization',
      authorize: onAll('iam:EnableOrganizationsRootCredentialsManagement'),
      handle: async () => {
        throw noOrganization();
      },
    },
    EnableOrganizationsRootSessions: {
      summary: 'OrganizationNotFoundException: the account belongs to no organization',
      authorize: onAll('iam:EnableOrganizationsRootSessions'),
      handle: async () => {
        throw noOrganization();
      },
    },
    DisableOrganizationsRootCredentialsManagement: {
      summary: 'OrganizationNotFoundException: the account belongs to no organization',
      authorize: onAll('iam:DisableOrganizationsRootCredentialsManagement'),
      handle: async () => {
        throw noOrganization();
      },
    },
    DisableOrganizationsRootSessions: {
      summary: 'OrganizationNotFoundException: the account belongs to no organization',
      authorize: onAll('iam:DisableOrganizationsRootSessions'),
      handle: async () => {
        throw noOrganization();
      },
    },
    ListOrganizationsFeatures: {
      summary: 'OrganizationNotFoundException: the account belongs to no organization',
      authorize: onAll('iam:ListOrganizationsFeatures'),
      handle: async () => {
        throw noOrganization();
      },
    },
    // A report job is accepted and fails at once: the entity path names an organization the account is not in.
    GenerateOrganizationsAccessReport: {
      summary: 'Accepts the job, which fails: the account belongs to no organization',
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:GenerateOrganizationsAccessReport', `arn:${partition()}:iam::${account(ctx)}:access-report/${input.EntityPath}`, {
          keys: { 'iam:OrganizationsPolicyId': input.OrganizationsPolicyId },
        }),
      ],
      handle: async (input, ctx) => {
        const jobId = randomUUID();
        await store.db
          .insertInto('iam_organizations_access_reports')
          .values({ job_id: jobId, account_id: account(ctx), entity_path: input.EntityPath, create_date: ctx.receivedAt.toISOString() })
          .execute();
        return { JobId: jobId };
      },
    },
    GetOrganizationsAccessReport: {
      summary: 'The job FAILED with ErrorDetails OrganizationNotFoundException',
      authorize: onAll('iam:GetOrganizationsAccessReport'),
      handle: async (input, ctx) => {
        const job = await store.db.selectFrom('iam_organizations_access_reports').selectAll().where('job_id', '=', input.JobId).where('account_id', '=', account(ctx)).executeTakeFirst();
        if (!job) throw errors.NoSuchEntity(`Report with Job ID ${input.JobId} cannot be found.`);
        const created = new Date(job.create_date);
        return {
          JobStatus: 'FAILED',
          JobCreationDate: created,
          JobCompletionDate: created,
          ErrorDetails: { Code: 'OrganizationNotFoundException', Message: NO_ORGANIZATION },
        };
      },
    },
  };
}
