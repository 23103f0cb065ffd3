// AppIntegrations applications: the keys the Service Authorization Reference documents for the Application
// operations (the `application` resource type: aws:ResourceTag/<key>; CreateApplication: aws:RequestTag/<key>,
// aws:TagKeys), and app-integrations:CreateApplicationAssociation as Amazon Connect's
// CreateIntegrationAssociation (the linkedrole-connect extension) asks it, on the application and its tags.
import { CreateApplicationCommand, DeleteApplicationCommand, GetApplicationCommand, UpdateApplicationCommand } from '@aws-sdk/client-appintegrations';
import { next, none, RIGHT_TAG, TAG, type Clients, type Row, type Target } from './support.js';

const source = (n: number) => ({ ExternalUrlConfig: { AccessUrl: `https://app-${n}.example.com` } });

async function application(root: Clients, n: number): Promise<Target> {
  const made = await root.ai.send(new CreateApplicationCommand({ Name: `app-${n}`, Namespace: `app-${n}`, ApplicationSourceConfig: source(n), Tags: { [TAG[0]]: TAG[1], stage: 'prod' } }));
  return { id: made.Id!, arn: made.Arn! };
}

export const rows: Row[] = [
  {
    operation: 'CreateApplication',
    action: 'app-integrations:CreateApplication',
    type: 'application',
    values: RIGHT_TAG,
    setup: none,
    call: (u) => {
      const n = next();
      return u.ai.send(new CreateApplicationCommand({ Name: `new-app-${n}`, Namespace: `new-app-${n}`, ApplicationSourceConfig: source(n), Tags: { stage: 'prod' } }));
    },
  },
  ...(
    [
      ['GetApplication', (u, t) => u.ai.send(new GetApplicationCommand({ Arn: t.id }))],
      ['UpdateApplication', (u, t) => u.ai.send(new UpdateApplicationCommand({ Arn: t.arn, Description: 'changed' }))],
      ['DeleteApplication', (u, t) => u.ai.send(new DeleteApplicationCommand({ Arn: t.arn }))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `app-integrations:${operation}`, type: 'application', values: {}, setup: application, call })),
  {
    operation: 'CreateConnectIntegrationAssociation',
    action: 'app-integrations:CreateApplicationAssociation',
    type: 'application',
    values: {},
    setup: application,
    call: (u, t) => u.rest('linkedrole-connect', 'PUT', `/connect/instance/instance-${next()}/integration-associations`, { IntegrationType: 'APPLICATION', IntegrationArn: t.arn }),
    notApplicable: {
      'aws:RequestTag/${TagKey}': "Connect's CreateIntegrationAssociation of an application sets no tags on the application association (the association carries none here)",
      'aws:TagKeys': "Connect's CreateIntegrationAssociation of an application sets no tags on the application association (the association carries none here)",
    },
  },
];
