// IAM OpenID Connect providers through the AWS SDK and the AWS CLI: the URL's rules and its ARN, client IDs,
// thumbprints, tags, listing, deletion; each refusal with AWS's code, text and status, changing nothing.
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateUserCommand,
  CreateAccessKeyCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  PutUserPolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const T1 = 'a'.repeat(40);

describe('IAM OpenID Connect providers', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('creates a provider: the ARN and the Url without the scheme, client IDs once each, thumbprints lower-cased, tags sorted by key', async () => {
    const created = await env.iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://idp.example.com/tenant/1',
        ClientIDList: ['app-1', 'app-2', 'app-1'],
        ThumbprintList: ['ABCDEF'.padEnd(40, '0')],
        Tags: [{ Key: 'team', Value: 'b' }, { Key: 'Env', Value: 'dev' }],
      }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example.com/tenant/1`;
    assert.equal(created.OpenIDConnectProviderArn, arn);
    assert.deepEqual(created.Tags, [{ Key: 'Env', Value: 'dev' }, { Key: 'team', Value: 'b' }]);
    const got = await env.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'idp.example.com/tenant/1');
    assert.deepEqual(got.ClientIDList, ['app-1', 'app-2']);
    assert.deepEqual(got.ThumbprintList, ['abcdef'.padEnd(40, '0')]);
    assert.deepEqual(got.Tags, [{ Key: 'Env', Value: 'dev' }, { Key: 'team', Value: 'b' }]);
    assert.ok(got.CreateDate instanceof Date);
    // ThumbprintList is optional (AWS fetches the certificate's thumbprint; linkedrole stores none).
    const bare = await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://bare.example.com' }));
    const bareGot = await env.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: bare.OpenIDConnectProviderArn }));
    assert.deepEqual([bareGot.ClientIDList ?? [], bareGot.ThumbprintList ?? [], bareGot.Tags ?? []], [[], [], []]);
  });

  const badUrls: [string, string, string, number][] = [
    ['example.com', 'ValidationError', 'Invalid Open ID Connect Provider URL', 400],
    ['https://', 'ValidationError', 'Invalid Open ID Connect Provider URL', 400],
    ['http://example.com', 'InvalidInput', 'Invalid Open ID Connect Provider URL. The URL must begin with https://.', 400],
    ['https://user:pass@example.com', 'InvalidInput', 'Invalid Open ID Connect Provider URL.', 400],
    ['https://example.com?foo=1', 'InvalidInput', 'Invalid Open ID Connect Provider URL.', 400],
    ['https://example.com#frag', 'InvalidInput', 'Invalid Open ID Connect Provider URL.', 400],
    ['https://example.com:8443', 'InvalidInput', 'Invalid Open ID Connect Provider URL.', 400],
    ['https://exa_mple.com', 'InvalidInput', 'Invalid Open ID Connect Provider URL.', 400],
  ];
  for (const [url, code, message, status] of badUrls) {
    it(`refuses the URL ${url}: ${code}`, async () => {
      await rejectsWith(env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: url })), code, message, status);
    });
  }

  it('refuses a second provider for the same URL (any case), too many thumbprints or client IDs, duplicate tag keys; nothing is created', async () => {
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://dup.example.com', ThumbprintList: [T1] }));
    await rejectsWith(env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://DUP.example.com' })), 'EntityAlreadyExists', 'Provider with url https://DUP.example.com already exists.', 409);
    // A trailing slash makes another provider.
    const slash = await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://dup.example.com/' }));
    assert.equal(slash.OpenIDConnectProviderArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/dup.example.com/`);
    const six = ['1', '2', '3', '4', '5', '6'].map((c) => c.repeat(40));
    await rejectsWith(env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://six.example.com', ThumbprintList: six })), 'InvalidInput', 'Thumbprint list must contain fewer than 5 entries.', 400);
    const many = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    await rejectsWith(
      env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://many.example.com', ClientIDList: many })),
      'LimitExceeded',
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
      409,
    );
    await rejectsWith(
      env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tags.example.com', Tags: [{ Key: 'k', Value: '1' }, { Key: 'K', Value: '2' }] })),
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      400,
    );
    // A thumbprint of another length breaks the model's constraint.
    await rejectsWith(env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://short.example.com', ThumbprintList: ['a'.repeat(39)] })), 'ValidationError', /thumbprint/i, 400);
    const arns = (await env.iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.map((p) => p.Arn);
    for (const host of ['six', 'many', 'tags', 'short']) assert.ok(!arns.includes(`arn:aws:iam::${ACCOUNT}:oidc-provider/${host}.example.com`), host);
  });

  it('client IDs: added once, removed when present; thumbprints replaced; tags added, replaced by key in any case, removed', async () => {
    const { OpenIDConnectProviderArn: arn } = await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://edit.example.com', ClientIDList: ['a'] }));
    await env.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
    await env.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
    await env.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'a' }));
    await env.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-added' }));
    await env.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['B'.repeat(40), 'c'.repeat(40)] }));
    let got = await env.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.ClientIDList, ['b']);
    assert.deepEqual(got.ThumbprintList, ['b'.repeat(40), 'c'.repeat(40)]);
    await rejectsWith(
      env.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['1', '2', '3', '4', '5', '6'].map((c) => c.repeat(40)) })),
      'InvalidInput',
      'Thumbprint list must contain fewer than 5 entries.',
      400,
    );
    await env.iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'z', Value: '1' }, { Key: 'a', Value: '2' }] }));
    await env.iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'Z', Value: '3' }] }));
    assert.deepEqual((await env.iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags, [{ Key: 'Z', Value: '3' }, { Key: 'a', Value: '2' }]);
    const page = await env.iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    assert.deepEqual(page.Tags, [{ Key: 'Z', Value: '3' }]);
    const next = await env.iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, Marker: page.Marker }));
    assert.deepEqual(next.Tags, [{ Key: 'a', Value: '2' }]);
    await env.iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['z'] }));
    got = await env.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.Tags, [{ Key: 'a', Value: '2' }]);
  });

  it('a provider that does not exist: NoSuchEntity with AWS text for each operation; DeleteOpenIDConnectProvider succeeds (idempotent)', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/nobody.example.com`;
    const message = `OpenIDConnect Provider not found for arn ${arn}`;
    const calls = [
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
      new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' }),
      new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' }),
      new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [T1] }),
      new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }),
      new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['k'] }),
      new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }),
    ];
    for (const call of calls) await rejectsWith(env.iam.send(call as never), 'NoSuchEntity', message, 404);
    // Another account's provider is not found either.
    await rejectsWith(
      env.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'arn:aws:iam::999999999999:oidc-provider/dup.example.com' })),
      'NoSuchEntity',
      'OpenIDConnect Provider not found for arn arn:aws:iam::999999999999:oidc-provider/dup.example.com',
      404,
    );
    await env.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  });

  it('deletes a provider with its tags; a new provider for the URL starts without them', async () => {
    const { OpenIDConnectProviderArn: arn } = await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://gone.example.com', Tags: [{ Key: 'k', Value: 'v' }] }));
    await env.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejectsWith(env.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404);
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://gone.example.com' }));
    assert.deepEqual((await env.iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags, []);
  });

  it('is authorized per provider: a user allowed only providers tagged team=a is refused the others', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'oidc-reader' }));
    await env.iam.send(
      new PutUserPolicyCommand({
        UserName: 'oidc-reader',
        PolicyName: 'read-team-a',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } } }],
        }),
      }),
    );
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'oidc-reader' }));
    const reader = env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const a = await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://team-a.example.com', Tags: [{ Key: 'team', Value: 'a' }] }));
    const b = await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://team-b.example.com', Tags: [{ Key: 'team', Value: 'b' }] }));
    assert.equal((await reader.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: a.OpenIDConnectProviderArn }))).Url, 'team-a.example.com');
    await rejectsWith(
      reader.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: b.OpenIDConnectProviderArn })),
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/oidc-reader is not authorized to perform: iam:GetOpenIDConnectProvider on resource: ${b.OpenIDConnectProviderArn} because no identity-based policy allows the iam:GetOpenIDConnectProvider action`,
      403,
    );
  });

  it('works from the AWS CLI', async () => {
    const endpoint = env.server.url;
    const created = await awsCliJson(endpoint, ['iam', 'create-open-id-connect-provider', '--url', 'https://cli.example.com', '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', T1]);
    assert.equal(created.OpenIDConnectProviderArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/cli.example.com`);
    const got = await awsCliJson(endpoint, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', created.OpenIDConnectProviderArn]);
    assert.equal(got.Url, 'cli.example.com');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    const listed = await awsCliJson(endpoint, ['iam', 'list-open-id-connect-providers']);
    assert.ok(listed.OpenIDConnectProviderList.some((p: { Arn: string }) => p.Arn === created.OpenIDConnectProviderArn));
    const refused = await awsCliFails(endpoint, ['iam', 'create-open-id-connect-provider', '--url', 'http://cli.example.com']);
    assert.match(refused, /\(InvalidInput\).*Invalid Open ID Connect Provider URL\. The URL must begin with https:\/\/\./);
  });
});
