// AppIntegrations applications through the AWS SDK v3 and the AWS CLI (the members newer than the installed
// SDK: ApplicationType, IframeConfig, InitializationTimeout, ApplicationConfig): create / get / list / update /
// delete, ClientToken idempotency, unique names and namespaces, the permissions AWS documents, approved
// origins, paging, tags on application ARNs, the associations Amazon Connect makes (`linkedrole connect
// create-integration-association`, IntegrationType APPLICATION), deletion refused while one remains, and
// who may do each (decided by the policy engine, audited).
import {
  AppIntegrationsClient,
  CreateApplicationCommand,
  DeleteApplicationCommand,
  GetApplicationCommand,
  ListApplicationAssociationsCommand,
  ListApplicationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-appintegrations';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { linkedrole, linkedroleFails, linkedroleJson } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const source = (AccessUrl: string, ApprovedOrigins?: string[]) => ({ ExternalUrlConfig: { AccessUrl, ...(ApprovedOrigins ? { ApprovedOrigins } : {}) } });
const PERMISSIONS = ['User.Details.View', 'Contact.Details.View', 'Contact.Attributes.View'];

describe('AppIntegrations applications (SDK v3, AWS CLI)', () => {
  const env = useTestServer({ clients: { ai: AppIntegrationsClient, iam: IAMClient } });
  const aws = (...args: string[]) => awsCliJson(env.server.url, args);
  let app: { Id: string; Arn: string };

  before(async () => {
    const made = await env.ai.send(
      new CreateApplicationCommand({
        Name: 'Order lookup',
        Namespace: 'order-lookup',
        Description: 'Looks up the caller’s orders',
        ApplicationSourceConfig: source('https://orders.example.com/agent', ['https://cdn.example.com']),
        Permissions: PERMISSIONS,
        Tags: { team: 'blue' },
        ClientToken: 'app-token-1',
      }),
    );
    app = { Id: made.Id!, Arn: made.Arn! };
  });

  it('creates an application with a UUID id and its ARN; GetApplication by id and by ARN answers what was asked', async () => {
    assert.match(app.Id, UUID);
    assert.equal(app.Arn, `arn:aws:app-integrations:us-east-1:${ACCOUNT}:application/${app.Id}`);
    for (const Arn of [app.Id, app.Arn]) {
      const got = await env.ai.send(new GetApplicationCommand({ Arn }));
      assert.equal(got.Id, app.Id);
      assert.equal(got.Name, 'Order lookup');
      assert.equal(got.Namespace, 'order-lookup');
      assert.equal(got.Description, 'Looks up the caller’s orders');
      assert.deepEqual(got.ApplicationSourceConfig, source('https://orders.example.com/agent', ['https://cdn.example.com']));
      assert.deepEqual(got.Permissions, PERMISSIONS);
      assert.deepEqual(got.Tags, { team: 'blue' });
      assert.ok(got.CreatedTime instanceof Date && got.LastModifiedTime instanceof Date);
    }
    const cli = await aws('appintegrations', 'get-application', '--arn', app.Arn);
    assert.equal(cli.ApplicationType, 'STANDARD');
    assert.equal(cli.IsService, false);
  });

  it('ClientToken: the same request answers the same application; a different one with the token is refused', async () => {
    const again = await env.ai.send(
      new CreateApplicationCommand({
        Name: 'Order lookup',
        Namespace: 'order-lookup',
        Description: 'Looks up the caller’s orders',
        ApplicationSourceConfig: source('https://orders.example.com/agent', ['https://cdn.example.com']),
        Permissions: PERMISSIONS,
        Tags: { team: 'blue' },
        ClientToken: 'app-token-1',
      }),
    );
    assert.deepEqual({ Id: again.Id, Arn: again.Arn }, app);
    await rejectsWith(
      env.ai.send(new CreateApplicationCommand({ Name: 'Other', Namespace: 'other', ApplicationSourceConfig: source('https://other.example.com'), ClientToken: 'app-token-1' })),
      'InvalidRequestException',
      'The ClientToken app-token-1 was already used with different request parameters.',
      400,
    );
  });

  // Each bad request, with the error AWS's model (or linkedrole's check, message in docs) gives; none creates anything.
  const refused: [string, Record<string, unknown>, string, string | RegExp, number][] = [
    ['a name taken', { Name: 'Order lookup', Namespace: 'free-namespace' }, 'DuplicateResourceException', 'An application with the name Order lookup already exists.', 409],
    ['a namespace taken', { Name: 'Free name', Namespace: 'order-lookup' }, 'DuplicateResourceException', 'An application with the namespace order-lookup already exists.', 409],
    ['a namespace with a space', { Name: 'N1', Namespace: 'bad namespace' }, 'ValidationException', /Value 'bad namespace' at 'namespace' failed to satisfy constraint: Member must satisfy regular expression pattern/, 400],
    ['a name with a character outside the pattern', { Name: 'bad|name', Namespace: 'n2' }, 'ValidationException', /Value 'bad\|name' at 'name' failed to satisfy constraint/, 400],
    ['an unknown permission', { Name: 'N3', Namespace: 'n3', Permissions: ['User.Details.View', 'Contact.Everything.Edit'] }, 'InvalidRequestException', /^The permission Contact\.Everything\.Edit is not valid\. Valid permissions: User\.Details\.View, /, 400],
    ['a permission in the wrong case', { Name: 'N4', Namespace: 'n4', Permissions: ['user.details.view'] }, 'InvalidRequestException', /^The permission user\.details\.view is not valid\./, 400],
    ['an approved origin with a path', { Name: 'N5', Namespace: 'n5', ApplicationSourceConfig: source('https://a.example.com', ['https://b.example.com/app']) }, 'InvalidRequestException', 'The approved origin https://b.example.com/app is not an origin: give the scheme, host and optional port only (for example https://example.com).', 400],
    ['an approved origin that is no URL', { Name: 'N6', Namespace: 'n6', ApplicationSourceConfig: source('https://a.example.com', ['ftp://']) }, 'InvalidRequestException', /^The approved origin ftp:\/\/ is not an origin/, 400],
    ['an approved origin without a scheme (the model pattern)', { Name: 'N7', Namespace: 'n7', ApplicationSourceConfig: source('https://a.example.com', ['example.com']) }, 'ValidationException', /Member must satisfy regular expression pattern/, 400],
    ['an http access URL that is not localhost', { Name: 'N8', Namespace: 'n8', ApplicationSourceConfig: source('http://a.example.com') }, 'InvalidRequestException', 'The AccessUrl http://a.example.com is not valid: it must be an https URL (http only for localhost).', 400],
    ['no ExternalUrlConfig', { Name: 'N9', Namespace: 'n9', ApplicationSourceConfig: {} }, 'InvalidRequestException', 'ApplicationSourceConfig needs an ExternalUrlConfig.', 400],
    ['a tag key aws:*', { Name: 'N11', Namespace: 'n11', Tags: { 'aws:team': 'x' } }, 'ValidationException', /Value 'aws:team' at 'tags.key' failed to satisfy constraint/, 400],
  ];
  for (const [what, members, code, message, status] of refused) {
    it(`refuses ${what} (${code}) and creates nothing`, async () => {
      const input = { Name: 'x', Namespace: 'x', ApplicationSourceConfig: source('https://x.example.com'), ...members };
      await rejectsWith(env.ai.send(new CreateApplicationCommand(input as never)), code, message, status);
      const all = await env.ai.send(new ListApplicationsCommand({}));
      assert.deepEqual(all.Applications?.map((a) => a.Name).filter((n) => n !== 'Order lookup' && !n!.startsWith('page-') && !n!.startsWith('mcp') && !n!.startsWith('cli-')), []);
    });
  }

  it('accepts every permission AWS documents, the wildcard, http://localhost and origins with ports', async () => {
    const all = ['User.Details.View', 'User.Configuration.View', 'User.Status.View', 'Contact.Details.View', 'Contact.CustomerDetails.View', 'Contact.Attributes.View', 'User.Status.Edit', 'Contact.Details.Edit', '*'];
    const made = await env.ai.send(
      new CreateApplicationCommand({ Name: 'cli-local', Namespace: 'cli-local', ApplicationSourceConfig: source('http://localhost:3000', ['https://app.example.com:8443', 'http://localhost:3000/']), Permissions: all }),
    );
    assert.deepEqual((await env.ai.send(new GetApplicationCommand({ Arn: made.Id }))).Permissions, all);
    await env.ai.send(new DeleteApplicationCommand({ Arn: made.Id }));
  });

  it('the AWS CLI creates an MCP server application with every newer member, and lists by ApplicationType', async () => {
    const made = await aws(
      'appintegrations', 'create-application', '--name', 'mcp-tools', '--namespace', 'mcp-tools', '--application-type', 'MCP_SERVER',
      '--application-source-config', JSON.stringify(source('https://mcp.example.com/mcp')),
      '--iframe-config', JSON.stringify({ Allow: ['clipboard-write', 'microphone'], Sandbox: ['allow-scripts', 'allow-same-origin'] }),
      '--initialization-timeout', '5000', '--application-config', JSON.stringify({ ContactHandling: { Scope: 'PER_CONTACT' } }),
    );
    const got = await aws('appintegrations', 'get-application', '--arn', made.Arn);
    assert.equal(got.ApplicationType, 'MCP_SERVER');
    assert.equal(got.IsService, false);
    assert.equal(got.InitializationTimeout, 5000);
    assert.deepEqual(got.IframeConfig, { Allow: ['clipboard-write', 'microphone'], Sandbox: ['allow-scripts', 'allow-same-origin'] });
    assert.deepEqual(got.ApplicationConfig, { ContactHandling: { Scope: 'PER_CONTACT' } });
    const mcp = await aws('appintegrations', 'list-applications', '--application-type', 'MCP_SERVER');
    assert.deepEqual(mcp.Applications.map((a: { Name: string }) => a.Name), ['mcp-tools']);
    const service = await aws('appintegrations', 'create-application', '--name', 'mcp-service', '--namespace', 'mcp-service', '--is-service', '--application-source-config', JSON.stringify(source('https://svc.example.com')));
    assert.equal((await aws('appintegrations', 'get-application', '--arn', service.Id)).ApplicationType, 'SERVICE');
    assert.deepEqual(await aws('appintegrations', 'list-application-associations', '--application-id', made.Id), { ApplicationAssociations: [] });
    await aws('appintegrations', 'tag-resource', '--resource-arn', made.Arn, '--tags', 'kind=tools');
    assert.deepEqual((await aws('appintegrations', 'list-tags-for-resource', '--resource-arn', made.Arn)).tags, { kind: 'tools' });
    await aws('appintegrations', 'update-application', '--arn', made.Arn, '--description', 'Tools for agents', '--permissions', 'Contact.Details.View');
    const updated = await aws('appintegrations', 'get-application', '--arn', made.Id);
    assert.equal(updated.Description, 'Tools for agents');
    assert.deepEqual(updated.Permissions, ['Contact.Details.View']);
    assert.equal(updated.ApplicationType, 'MCP_SERVER');
    const contradiction = await awsCliFails(env.server.url, ['appintegrations', 'create-application', '--name', 'mcp-x', '--namespace', 'mcp-x', '--is-service', '--application-type', 'STANDARD', '--application-source-config', JSON.stringify(source('https://x.example.com'))]);
    assert.match(contradiction, /\(InvalidRequestException\).*IsService true contradicts ApplicationType STANDARD/);
    const stderr = await awsCliFails(env.server.url, ['appintegrations', 'create-application', '--name', 'mcp-bad', '--namespace', 'mcp-bad', '--initialization-timeout', '0', '--application-source-config', JSON.stringify(source('https://x.example.com'))]);
    assert.match(stderr, /ParamValidation|InitializationTimeout|ValidationException/);
    await aws('appintegrations', 'delete-application', '--arn', service.Arn);
    assert.match(await awsCliFails(env.server.url, ['appintegrations', 'get-application', '--arn', service.Arn]), /\(ResourceNotFoundException\).*was not found\./);
  });

  it('lists applications by name, in pages (every application once)', async () => {
    for (const n of [1, 2, 3]) await env.ai.send(new CreateApplicationCommand({ Name: `page-${n}`, Namespace: `page-${n}`, ApplicationSourceConfig: source(`https://p${n}.example.com`) }));
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await env.ai.send(new ListApplicationsCommand({ MaxResults: 2, NextToken }));
      names.push(...page.Applications!.map((a) => a.Name!));
      for (const a of page.Applications!) assert.match(a.Arn!, /:application\/[0-9a-f-]{36}$/);
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.deepEqual(names, [...names].sort());
    assert.equal(new Set(names).size, names.length);
    assert.ok(pages >= 3);
    assert.ok(['Order lookup', 'page-1', 'page-2', 'page-3'].every((n) => names.includes(n)));
    await rejectsWith(env.ai.send(new ListApplicationsCommand({ NextToken: 'forged' })), 'InvalidRequestException', 'The nextToken is not valid.', 400);
  });

  it('UpdateApplication replaces the members given and keeps the others; refuses a taken name, a bad permission, a type change', async () => {
    await env.ai.send(new UpdateApplicationCommand({ Arn: app.Arn, Description: 'Orders, returns', Permissions: ['User.Details.View'] }));
    const got = await env.ai.send(new GetApplicationCommand({ Arn: app.Id }));
    assert.equal(got.Description, 'Orders, returns');
    assert.deepEqual(got.Permissions, ['User.Details.View']);
    assert.equal(got.Name, 'Order lookup');
    assert.deepEqual(got.ApplicationSourceConfig, source('https://orders.example.com/agent', ['https://cdn.example.com']));
    assert.ok(got.LastModifiedTime! >= got.CreatedTime!);
    await rejectsWith(env.ai.send(new UpdateApplicationCommand({ Arn: app.Arn, Name: 'page-1' })), 'InvalidRequestException', 'An application with the name page-1 already exists.', 400);
    await rejectsWith(env.ai.send(new UpdateApplicationCommand({ Arn: app.Arn, Permissions: ['Everything'] })), 'InvalidRequestException', /^The permission Everything is not valid\./, 400);
    const stderr = await awsCliFails(env.server.url, ['appintegrations', 'update-application', '--arn', app.Arn, '--application-type', 'MCP_SERVER']);
    assert.match(stderr, /\(UnsupportedOperationException\).*The ApplicationType of the application Order lookup is STANDARD; it cannot be changed to MCP_SERVER\./);
    assert.equal((await env.ai.send(new GetApplicationCommand({ Arn: app.Id }))).Description, 'Orders, returns');
    await env.ai.send(new UpdateApplicationCommand({ Arn: app.Arn, Name: 'Order lookup' }));
  });

  it('an unknown or malformed identifier: ResourceNotFoundException / ValidationException', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const message = `The application ${missing} was not found.`;
    await rejectsWith(env.ai.send(new GetApplicationCommand({ Arn: missing })), 'ResourceNotFoundException', message, 404);
    await rejectsWith(env.ai.send(new UpdateApplicationCommand({ Arn: missing, Description: 'x' })), 'ResourceNotFoundException', message, 404);
    await rejectsWith(env.ai.send(new DeleteApplicationCommand({ Arn: missing })), 'ResourceNotFoundException', message, 404);
    await rejectsWith(env.ai.send(new ListApplicationAssociationsCommand({ ApplicationId: missing })), 'ResourceNotFoundException', message, 404);
    const elsewhere = `arn:aws:app-integrations:eu-west-2:${ACCOUNT}:application/${app.Id}`;
    await rejectsWith(env.ai.send(new GetApplicationCommand({ Arn: elsewhere })), 'ResourceNotFoundException', `The application ${elsewhere} was not found.`, 404);
    await rejectsWith(env.ai.send(new GetApplicationCommand({ Arn: 'Order lookup' })), 'ValidationException', /at 'arn' failed to satisfy constraint/, 400);
  });

  it('tags an application by its ARN (TagResource, ListTagsForResource, UntagResource)', async () => {
    await env.ai.send(new TagResourceCommand({ resourceArn: app.Arn, tags: { stage: 'prod' } }));
    assert.deepEqual((await env.ai.send(new ListTagsForResourceCommand({ resourceArn: app.Arn }))).tags, { team: 'blue', stage: 'prod' });
    await env.ai.send(new UntagResourceCommand({ resourceArn: app.Arn, tagKeys: ['team'] }));
    assert.deepEqual((await env.ai.send(new GetApplicationCommand({ Arn: app.Id }))).Tags, { stage: 'prod' });
    const unknown = `arn:aws:app-integrations:us-east-1:${ACCOUNT}:application/00000000-0000-4000-8000-000000000000`;
    await rejectsWith(env.ai.send(new TagResourceCommand({ resourceArn: unknown, tags: { a: 'b' } })), 'ResourceNotFoundException', `The resource ${unknown} was not found.`, 404);
  });

  describe('associations with Amazon Connect instances', () => {
    const lr = (...args: string[]) => linkedroleJson(env.server.url, args);
    let association: { IntegrationAssociationId: string; IntegrationAssociationArn: string };

    it('Connect associates the application with an instance; ListApplicationAssociations shows it, ClientId the instance', async () => {
      association = await lr('connect', 'create-integration-association', '--instance-id', 'inst-1', '--integration-type', 'APPLICATION', '--integration-arn', app.Arn);
      assert.match(association.IntegrationAssociationArn, new RegExp(`^arn:aws:connect:us-east-1:${ACCOUNT}:instance/inst-1/integration-association/[0-9a-f-]{36}$`));
      const listed = await env.ai.send(new ListApplicationAssociationsCommand({ ApplicationId: app.Id }));
      assert.equal(listed.ApplicationAssociations!.length, 1);
      const [a] = listed.ApplicationAssociations!;
      assert.equal(a.ApplicationArn, app.Arn);
      assert.equal(a.ClientId, `arn:aws:connect:us-east-1:${ACCOUNT}:instance/inst-1`);
      assert.match(a.ApplicationAssociationArn!, new RegExp(`^arn:aws:app-integrations:us-east-1:${ACCOUNT}:application-association/${app.Id}/[0-9a-f-]{36}$`));
      const onInstance = await lr('connect', 'list-integration-associations', '--instance-id', 'inst-1');
      assert.deepEqual(
        onInstance.IntegrationAssociationSummaryList.map((s: Record<string, string>) => [s.IntegrationAssociationId, s.IntegrationType, s.IntegrationArn, s.ApplicationName]),
        [[association.IntegrationAssociationId, 'APPLICATION', app.Arn, 'Order lookup']],
      );
    });

    it('refuses a second association with the same instance, another IntegrationType, an unknown application', async () => {
      const fails = (...args: string[]) => linkedroleFails(env.server.url, args);
      assert.match(await fails('connect', 'create-integration-association', '--instance-id', 'inst-1', '--integration-type', 'APPLICATION', '--integration-arn', app.Arn), /\(DuplicateResourceException\).*already associated with the instance inst-1/);
      assert.match(await fails('connect', 'create-integration-association', '--instance-id', 'inst-1', '--integration-type', 'EVENT', '--integration-arn', app.Arn), /\(InvalidRequestException\).*IntegrationType APPLICATION only; EVENT is not modelled/);
      const unknown = `arn:aws:app-integrations:us-east-1:${ACCOUNT}:application/00000000-0000-4000-8000-000000000000`;
      assert.match(await fails('connect', 'create-integration-association', '--instance-id', 'inst-1', '--integration-type', 'APPLICATION', '--integration-arn', unknown), /\(ResourceNotFoundException\).*The application .* was not found\./);
    });

    it('DeleteApplication is refused while an instance is associated, naming the command that removes it; then succeeds', async () => {
      await lr('connect', 'create-integration-association', '--instance-id', 'inst-2', '--integration-type', 'APPLICATION', '--integration-arn', app.Arn);
      const page = await env.ai.send(new ListApplicationAssociationsCommand({ ApplicationId: app.Arn, MaxResults: 1 }));
      assert.equal(page.ApplicationAssociations!.length, 1);
      const rest = await env.ai.send(new ListApplicationAssociationsCommand({ ApplicationId: app.Arn, NextToken: page.NextToken }));
      assert.equal(rest.NextToken, undefined);
      assert.deepEqual([...page.ApplicationAssociations!, ...rest.ApplicationAssociations!].map((a) => a.ClientId!.split('/').pop()), ['inst-1', 'inst-2']);
      await rejectsWith(
        env.ai.send(new DeleteApplicationCommand({ Arn: app.Arn })),
        'InvalidRequestException',
        new RegExp(`^The application Order lookup cannot be deleted because it has 2 application associations: .*linkedrole connect delete-integration-association --instance-id inst-1 --integration-association-id ${association.IntegrationAssociationId}\\)`),
        400,
      );
      assert.equal((await env.ai.send(new GetApplicationCommand({ Arn: app.Id }))).Name, 'Order lookup');
      for (const instance of ['inst-1', 'inst-2']) {
        const { IntegrationAssociationSummaryList } = await lr('connect', 'list-integration-associations', '--instance-id', instance);
        const removed = await lr('connect', 'delete-integration-association', '--instance-id', instance, '--integration-association-id', IntegrationAssociationSummaryList[0].IntegrationAssociationId);
        assert.equal(removed.Removed.IntegrationArn, app.Arn);
      }
      assert.match(
        await linkedroleFails(env.server.url, ['connect', 'delete-integration-association', '--instance-id', 'inst-1', '--integration-association-id', association.IntegrationAssociationId]),
        /\(ResourceNotFoundException\).*The instance inst-1 has no integration association/,
      );
      assert.deepEqual((await env.ai.send(new ListApplicationAssociationsCommand({ ApplicationId: app.Id }))).ApplicationAssociations, []);
      await env.ai.send(new DeleteApplicationCommand({ Arn: app.Arn }));
      await rejectsWith(env.ai.send(new GetApplicationCommand({ Arn: app.Id })), 'ResourceNotFoundException', `The application ${app.Id} was not found.`, 404);
    });
  });

  describe('who may (the policy engine decides; the audit trail records)', () => {
    let user: AppIntegrationsClient;
    let target: { Id: string; Arn: string };
    const grant = (...Statement: object[]) =>
      env.iam.send(new PutUserPolicyCommand({ UserName: 'app-dev', PolicyName: 'apps', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement }) }));

    before(async () => {
      await env.iam.send(new CreateUserCommand({ UserName: 'app-dev' }));
      const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'app-dev' }));
      user = env.client(AppIntegrationsClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
      const made = await env.ai.send(new CreateApplicationCommand({ Name: 'guarded', Namespace: 'guarded', ApplicationSourceConfig: source('https://g.example.com'), Tags: { team: 'red' } }));
      target = { Id: made.Id!, Arn: made.Arn! };
    });

    // [what the policy allows, the call, allowed?]
    const cases: [string, object[], (u: AppIntegrationsClient) => Promise<unknown>, boolean][] = [
      ['nothing', [], (u) => u.send(new GetApplicationCommand({ Arn: target.Id })), false],
      ['GetApplication on team=red', [{ Effect: 'Allow', Action: 'app-integrations:GetApplication', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } }], (u) => u.send(new GetApplicationCommand({ Arn: target.Id })), true],
      ['GetApplication on team=blue', [{ Effect: 'Allow', Action: 'app-integrations:GetApplication', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } }], (u) => u.send(new GetApplicationCommand({ Arn: target.Id })), false],
      ['DeleteApplication on another application', [{ Effect: 'Allow', Action: 'app-integrations:DeleteApplication', Resource: `arn:aws:app-integrations:us-east-1:${ACCOUNT}:application/00000000-0000-4000-8000-000000000000` }], (u) => u.send(new DeleteApplicationCommand({ Arn: target.Arn })), false],
      ['CreateApplication only with stage=dev tags', [{ Effect: 'Allow', Action: 'app-integrations:CreateApplication', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/stage': 'dev' } } }], (u) => u.send(new CreateApplicationCommand({ Name: 'by-dev', Namespace: 'by-dev', ApplicationSourceConfig: source('https://d.example.com'), Tags: { stage: 'prod' } })), false],
      ['UpdateApplication on its ARN', [{ Effect: 'Allow', Action: 'app-integrations:UpdateApplication', Resource: `arn:aws:app-integrations:us-east-1:${ACCOUNT}:application/*` }], (u) => u.send(new UpdateApplicationCommand({ Arn: target.Arn, Description: 'by dev' })), true],
    ];
    for (const [what, statements, call, allowed] of cases) {
      it(`${what}: ${allowed ? 'allowed' : 'AccessDeniedException, nothing changes'}`, async () => {
        await grant({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }, ...statements);
        if (allowed) await call(user);
        else await rejectsWith(call(user), 'AccessDeniedException', /^User: arn:aws:iam::123456789012:user\/app-dev is not authorized to perform: app-integrations:/, 403);
        assert.equal((await env.ai.send(new GetApplicationCommand({ Arn: target.Id }))).Name, 'guarded');
      });
    }

    it('every decision is in the audit trail, with its operation', async () => {
      const denied = await env.server.app.audit.query({ accountId: ACCOUNT, userName: 'app-dev', decision: 'implicitDeny' });
      assert.ok(denied.some((e) => e.event_name === 'DeleteApplication' && e.action === 'app-integrations:DeleteApplication'));
      const allowed = await env.server.app.audit.query({ accountId: ACCOUNT, userName: 'app-dev', decision: 'allowed' });
      assert.ok(allowed.some((e) => e.event_name === 'UpdateApplication' && e.resource === target.Arn));
    });

    it('Connect association needs connect:CreateIntegrationAssociation and app-integrations:CreateApplicationAssociation', async () => {
      const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'app-dev' }));
      const asDev = { AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!, AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey! };
      const run = () => linkedrole(['connect', 'create-integration-association', '--instance-id', 'inst-9', '--integration-type', 'APPLICATION', '--integration-arn', target.Arn, '--endpoint-url', env.server.url, '--region', 'us-east-1'], asDev);
      await grant({ Effect: 'Allow', Action: 'connect:CreateIntegrationAssociation', Resource: '*' });
      const refused = await run();
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /not authorized to perform: app-integrations:CreateApplicationAssociation on resource: arn:aws:app-integrations:us-east-1:123456789012:application\//);
      await grant({ Effect: 'Allow', Action: ['connect:CreateIntegrationAssociation', 'app-integrations:CreateApplicationAssociation'], Resource: '*' });
      const made = await run();
      assert.equal(made.code, 0, made.stderr);
      assert.equal((await env.ai.send(new ListApplicationAssociationsCommand({ ApplicationId: target.Id }))).ApplicationAssociations!.length, 1);
    });
  });
});
