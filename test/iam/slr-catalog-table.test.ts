// The service-linked roles the catalog takes from AWS's documentation (scripts/build-slr-catalog.mjs, DOCUMENTED),
// as a table written out here, apart from the data file, so that a wrong name, principal or policy in either fails:
// CreateServiceLinkedRole makes each role with AWS's name, path, trust policy and attached policy, refuses a custom
// suffix with AWS's text, and refuses a second role with AWS's "has been taken" text; DeleteServiceLinkedRole then
// removes it. The services recorded against AWS are checked by slr-recorded-catalog.test.ts.
import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';
import { waitFor } from '../support/wait.js';

/** [service principal, role name, AWS managed policy (path /aws-service-role/)] */
const DOCUMENTED: [string, string, string][] = [
  ['access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy'],
  ['appstream.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_AppStreamFleet', 'AWSApplicationAutoscalingAppStreamFleetPolicy'],
  ['capacity-reservation-fleet.amazonaws.com', 'AWSServiceRoleForEC2CapacityReservationFleet', 'AWSEC2CapacityReservationFleetRolePolicy'],
  ['clientvpn-connections.amazonaws.com', 'AWSServiceRoleForClientVPNConnections', 'ClientVPNServiceConnectionsRolePolicy'],
  ['clientvpn.amazonaws.com', 'AWSServiceRoleForClientVPN', 'ClientVPNServiceRolePolicy'],
  ['cloud9.amazonaws.com', 'AWSServiceRoleForAWSCloud9', 'AWSCloud9ServiceRolePolicy'],
  ['cloudhsm.amazonaws.com', 'AWSServiceRoleForCloudHSM', 'CloudHSMServiceRolePolicy'],
  ['codebuild.proton.amazonaws.com', 'AWSServiceRoleForProtonCodeBuildProvisioning', 'AWSProtonCodeBuildProvisioningServiceRolePolicy'],
  ['comprehend.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ComprehendEndpoint', 'AWSApplicationAutoscalingComprehendEndpointPolicy'],
  ['custom-resource.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_CustomResource', 'AWSApplicationAutoScalingCustomResourcePolicy'],
  ['dax.amazonaws.com', 'AWSServiceRoleForDAX', 'DAXServiceRolePolicy'],
  ['detective.amazonaws.com', 'AWSServiceRoleForDetective', 'AmazonDetectiveServiceLinkedRolePolicy'],
  ['devops-guru.amazonaws.com', 'AWSServiceRoleForDevOpsGuru', 'AmazonDevOpsGuruServiceRolePolicy'],
  ['directconnect.amazonaws.com', 'AWSServiceRoleForDirectConnect', 'AWSDirectConnectServiceRolePolicy'],
  ['dynamodb.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable', 'AWSApplicationAutoscalingDynamoDBTablePolicy'],
  ['ecs.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ECSService', 'AWSApplicationAutoscalingECSServicePolicy'],
  ['elasticache.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG', 'AWSApplicationAutoscalingElastiCacheRGPolicy'],
  ['elasticmapreduce.amazonaws.com', 'AWSServiceRoleForEMRCleanup', 'AmazonEMRCleanupPolicy'],
  ['es.amazonaws.com', 'AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'],
  ['fms.amazonaws.com', 'AWSServiceRoleForFMS', 'FMSServiceRolePolicy'],
  ['globalaccelerator.amazonaws.com', 'AWSServiceRoleForGlobalAccelerator', 'AWSGlobalAcceleratorSLRPolicy'],
  ['guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'],
  ['health.amazonaws.com', 'AWSServiceRoleForHealth_Organizations', 'Health_OrganizationsServiceRolePolicy'],
  ['internetmonitor.amazonaws.com', 'AWSServiceRoleForInternetMonitor', 'CloudWatchInternetMonitorServiceRolePolicy'],
  ['iotsitewise.amazonaws.com', 'AWSServiceRoleForIoTSiteWise', 'AWSServiceRoleForIoTSiteWise'],
  ['kafka.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_KafkaCluster', 'AWSApplicationAutoscalingKafkaClusterPolicy'],
  ['kinesisreplication.dynamodb.amazonaws.com', 'AWSServiceRoleForDynamoDBKinesisDataStreamsReplication', 'DynamoDBKinesisReplicationServiceRolePolicy'],
  ['lambda.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency', 'AWSApplicationAutoscalingLambdaConcurrencyPolicy'],
  ['license-manager-linux-subscriptions.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerLinuxSubscriptionsService', 'AWSLicenseManagerLinuxSubscriptionsServiceRolePolicy'],
  ['license-manager-user-subscriptions.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerUserSubscriptionsService', 'AWSLicenseManagerUserSubscriptionsServiceRolePolicy'],
  ['license-manager.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerRole', 'AWSLicenseManagerServiceRolePolicy'],
  ['license-manager.master-account.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerMasterAccountRole', 'AWSLicenseManagerMasterAccountRolePolicy'],
  ['license-manager.member-account.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerMemberAccountRole', 'AWSLicenseManagerMemberAccountRolePolicy'],
  ['macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie', 'AmazonMacieServiceRolePolicy'],
  ['maintenance.elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalkMaintenance', 'AWSElasticBeanstalkMaintenance'],
  ['managedblockchain.amazonaws.com', 'AWSServiceRoleForAmazonManagedBlockchain', 'AmazonManagedBlockchainServiceRolePolicy'],
  ['managedupdates.elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalkManagedUpdates', 'AWSElasticBeanstalkManagedUpdatesServiceRolePolicy'],
  ['management.chatbot.amazonaws.com', 'AWSServiceRoleForAWSChatbot', 'AWSChatbotServiceLinkedRolePolicy'],
  ['mediatailor.amazonaws.com', 'AWSServiceRoleForMediaTailor', 'AWSMediaTailorServiceRolePolicy'],
  ['migrationhub.amazonaws.com', 'AWSServiceRoleForMigrationHub', 'MigrationHubServiceRolePolicy'],
  ['neptune.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_NeptuneCluster', 'AWSApplicationAutoscalingNeptuneClusterPolicy'],
  ['organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'],
  ['rds.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_RDSCluster', 'AWSApplicationAutoscalingRDSClusterPolicy'],
  ['sagemaker.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint', 'AWSApplicationAutoscalingSageMakerEndpointPolicy'],
  ['securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy'],
  ['service-sync.proton.amazonaws.com', 'AWSServiceRoleForProtonServiceSync', 'AWSProtonServiceGitSyncServiceRolePolicy'],
  ['sms.amazonaws.com', 'AWSServiceRoleForSMS', 'AWSServiceRoleForSMS'],
  ['spot.amazonaws.com', 'AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy'],
  ['spotfleet.amazonaws.com', 'AWSServiceRoleForEC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy'],
  ['storage-lens.s3.amazonaws.com', 'AWSServiceRoleForS3StorageLens', 'S3StorageLensServiceRolePolicy'],
  ['sync.proton.amazonaws.com', 'AWSServiceRoleForProtonSync', 'AWSProtonSyncServiceRolePolicy'],
  ['transcription.chime.amazonaws.com', 'AWSServiceRoleForAmazonChimeTranscription', 'AmazonChimeTranscriptionServiceLinkedRolePolicy'],
  ['transitgateway.amazonaws.com', 'AWSServiceRoleForVPCTransitGateway', 'AWSVPCTransitGatewayServiceRolePolicy'],
];

const catalog = JSON.parse(readFileSync(new URL('../../data/service-linked-roles.json', import.meta.url), 'utf8')) as {
  services: Record<string, { roleName: string; customSuffixAllowed: boolean; managedPolicyArns: string[]; source: string }>;
};

describe('the service-linked roles AWS documents', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('the catalog holds at least 120 services, these among them, each with its source', () => {
    assert.ok(Object.keys(catalog.services).length >= 120, `${Object.keys(catalog.services).length} services`);
    for (const [principal, roleName, policy] of DOCUMENTED) {
      const entry = catalog.services[principal];
      assert.ok(entry, principal);
      assert.deepEqual([entry.roleName, entry.managedPolicyArns, entry.customSuffixAllowed], [roleName, [`arn:aws:iam::aws:policy/aws-service-role/${policy}`], false], principal);
      assert.match(entry.source, /^https:\/\/(docs\.aws\.amazon\.com|github\.com\/awsdocs)\//, principal);
    }
  });

  for (const [principal, roleName, policy] of DOCUMENTED) {
    it(principal, async () => {
      const path = `/aws-service-role/${principal}/`;
      const created = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal }));
      assert.equal(created.Role?.RoleName, roleName);
      assert.equal(created.Role?.Path, path);
      assert.equal(created.Role?.Arn, `arn:aws:iam::123456789012:role${path}${roleName}`);
      const { Role } = await env.iam.send(new GetRoleCommand({ RoleName: roleName }));
      assert.equal(Role?.MaxSessionDuration, 3600);
      assert.deepEqual(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '')), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }],
      });
      const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
      assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: policy, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${policy}` }]);
      assert.deepEqual((await env.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames, []);

      await rejectsWith(env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal, CustomSuffix: 'table' })), 'InvalidInput', `Custom suffix is not allowed for ${principal}`, 400);
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal })),
        'InvalidInput',
        `Service role name ${roleName} has been taken in this account, please try a different suffix.`,
        400,
      );

      const { DeletionTaskId } = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }));
      assert.match(DeletionTaskId ?? '', new RegExp(`^task/aws-service-role/${principal.replaceAll('.', '\\.')}/${roleName}/[0-9a-f-]{36}$`));
      const status = await waitFor(() => env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId })), (s) => s.Status === 'SUCCEEDED' || s.Status === 'FAILED');
      assert.equal(status.Status, 'SUCCEEDED');
      await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: roleName })), 'NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
    });
  }
});
