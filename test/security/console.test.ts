// The web console, attacked as a browser user would be, kept safe:
// - stored XSS: names, paths, descriptions, tags, policy values, Lex log prefixes and audit-trail
//   resources holding `<script>`, `"><img onerror>` and `javascript:` are shown, as text, on every page
//   that shows them (Chromium parses each page: no element, script, event handler or javascript: link
//   comes from them, no Content-Security-Policy violation, no dialog), and reflected XSS through every
//   query parameter and path segment a page echoes;
// - CSRF: a change without the session's token, with a wrong one, with another session's, or from
//   another origin (a real cross-site page in Chromium, and forged requests) is refused, and nothing
//   changes; the sign-in page's `next` never sends the browser off the console;
// - path traversal: /console/static/../../package.json and its encoded variants answer 4xx, never a file.
//
// Not testable, and why: role, user and policy names and IAM tags cannot hold markup (the IAM model's
// patterns refuse `<`, `"` and `'` with ValidationError before anything is stored), so the IAM payloads
// ride in descriptions, paths and policy documents; no console page turns a stored value into a link
// target (links are built from names, encoded), so `javascript:` is asserted absent from every link,
// form action and frame rather than shown as a link.
import { AppIntegrationsClient, CreateDataIntegrationCommand, CreateEventIntegrationCommand, GetDataIntegrationCommand } from '@aws-sdk/client-appintegrations';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { DescribeBotCommand, LexModelsV2Client, ListBotsCommand, UpdateBotAliasCommand } from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serverTarget, signedJsonRequest } from '../../src/cli/client.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from '../console/support.js';
import { createReadyBot } from '../lex/support.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const KMS = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SLR = 'AWSServiceRoleForAppIntegrations';

/** A stored-XSS payload naming its field: markup in both quote styles, a script, a handler, a javascript: URL. */
const P = (field: string) => `"'><img src=x onerror=alert(1) class=xss data-field=${field}><script class=xss>alert('${field}')</script><a class=xss href="javascript:alert(1)">${field}</a>`;
/** The same for an IAM path (no spaces: `/` + printable ASCII + `/`). */
const PATH = (field: string) => `/"'><svg/onload=alert(1)><b/class=xss>${field}</b>/`;

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

// Browser-side code, as source text (this project's TypeScript has no DOM types).
/** Records Content-Security-Policy violations (an init script runs before the page's own). */
const RECORD_VIOLATIONS = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ': ' + (e.sample || e.blockedURI)));`;
/**
 * Inspects the parsed page: every element, script, event handler, javascript: URL or frame a payload
 * made, the CSP violations, and for each wanted text whether the page shows it (as text, in a field's
 * value, or as a JSON string in a policy document, where a quote is written \").
 */
const INSPECT = `(wanted) => {
  const injected = [];
  for (const el of document.querySelectorAll('.xss, [data-field]')) injected.push('element ' + el.outerHTML.slice(0, 80));
  for (const script of document.scripts) if (!script.src.endsWith('/console/static/console.js')) injected.push('script ' + script.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) injected.push('handler ' + attr.name + ' on <' + el.tagName.toLowerCase() + '>');
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(attr.name) && /^\\s*javascript:/i.test(attr.value)) injected.push('javascript: in ' + attr.name + ' of <' + el.tagName.toLowerCase() + '>');
    }
  }
  for (const frame of document.querySelectorAll('iframe, frame, object, embed')) injected.push('frame ' + frame.outerHTML.slice(0, 80));
  for (const v of window.__violations) injected.push('CSP violation ' + v);
  const text = document.documentElement.textContent || '';
  const values = [...document.querySelectorAll('input, textarea')].map((i) => i.value);
  const shown = Object.fromEntries(wanted.map((t) => {
    const json = JSON.stringify(t).slice(1, -1);
    return [t, text.includes(t) || text.includes(json) || values.some((v) => v.includes(t))];
  }));
  return { injected, shown };
}`;

/** What Chromium found on a page: anything made from a payload, and which payload texts it shows. */
interface PageFindings {
  status: number;
  injected: string[];
  shown: Record<string, boolean>;
}

describe('console: stored and reflected XSS, CSRF, path traversal', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let iam: IAMClient;
  let lex: LexModelsV2Client;
  let botId: string;
  let botRoleName: string;
  let channelId: string;
  let roleArnWithPath: string;
  const dialogs: string[] = [];

  before(async () => {
    env = await startConsoleEnv({ lex: { transitionMs: 30 } });
    iam = new IAMClient(env.server.clientConfig());
    lex = new LexModelsV2Client(env.server.clientConfig());
    const appIntegrations = new AppIntegrationsClient(env.server.clientConfig());
    // IAM
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'xss-role',
        Description: P('roleDescription'),
        AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': P('trustValue') } } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'xss-role',
        PolicyName: 'xss-inline',
        PolicyDocument: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': P('policyValue') } } }),
      }),
    );
    roleArnWithPath = (await iam.send(new CreateRoleCommand({ RoleName: 'xss-path-role', Path: PATH('rolePath'), AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) }))).Role!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'xss-user', Path: PATH('userPath') }));
    await iam.send(new CreateGroupCommand({ GroupName: 'xss-group', Path: PATH('groupPath') }));
    await iam.send(new CreatePolicyCommand({ PolicyName: 'xss-policy', Description: P('policyDescription'), PolicyDocument: policy({ Effect: 'Deny', Action: 'lex:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/x': P('managedPolicyValue') } } }) }));
    // AppIntegrations (its service-linked role's description too)
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    await iam.send(new UpdateRoleDescriptionCommand({ RoleName: SLR, Description: P('slrDescription') }));
    await appIntegrations.send(new CreateDataIntegrationCommand({ Name: 'xss-data', KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/xss', Description: P('dataDescription'), Tags: { owner: P('dataTag') } }));
    await appIntegrations.send(new CreateEventIntegrationCommand({ Name: 'xss-events', Description: P('eventDescription'), EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default', Tags: { owner: P('eventTag') } }));
    // The audit trail: a decision on a resource named by the caller.
    await assert.rejects(appIntegrations.send(new GetDataIntegrationCommand({ Identifier: P('auditResource') })), { name: 'ResourceNotFoundException' });
    appIntegrations.destroy();
    // Lex: a bot description, an alias whose audio-log prefix Lex writes into the bot's role, a channel.
    const bot = await createReadyBot(lex, 'XssBot', { description: P('botDescription') });
    botId = bot.botId!;
    botRoleName = bot.roleArn!.split('/').pop()!;
    await lex.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        conversationLogSettings: { audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: 'arn:aws:s3:::xss-audio', logPrefix: P('audioPrefix') } } }] },
      }),
    );
    const channel = await signedJsonRequest(serverTarget({ endpoint: env.server.url, region: REGION }), 'lex', 'PUT', `/bots/${botId}/channels/`, {
      channelName: 'xss-channel',
      description: P('channelDescription'),
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      platform: 'Slack',
      platformConfiguration: { slack: { clientId: 'c', clientSecret: 's', verificationToken: 'v', signingSecret: 'g' } },
    });
    assert.equal(channel.status, 200, JSON.stringify(channel.body));
    channelId = (channel.body as { channelId: string }).channelId;

    // Anything a payload runs or is blocked from running is recorded: dialogs, and CSP violations
    // (the policy would stop an injected inline script; an injection must not happen in the first place).
    env.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await env.context.addInitScript(RECORD_VIOLATIONS);
    await signInDefault(env);
  });
  after(async () => {
    iam?.destroy();
    lex?.destroy();
    await env?.stop();
  });

  /** Opens a console page in Chromium and inspects the parsed document. */
  async function inspect(path: string, texts: string[]): Promise<PageFindings> {
    const response = await env.page.goto(`${env.server.url}${path}`);
    const found = (await env.page.evaluate(`(${INSPECT})(${JSON.stringify(texts)})`)) as Omit<PageFindings, 'status'>;
    return { status: response?.status() ?? 0, ...found };
  }

  /** Every page that shows a stored value, and the values it shows. */
  const storedPages = (): [string, string[]][] => [
    ['/console/iam/roles', [P('roleDescription'), P('slrDescription')]],
    ['/console/iam/roles/xss-role', [P('roleDescription'), P('trustValue'), P('policyValue')]],
    ['/console/iam/roles/xss-path-role', [PATH('rolePath'), roleArnWithPath]],
    [`/console/iam/roles/${SLR}`, [P('slrDescription')]],
    [`/console/iam/roles/${botRoleName}`, [`arn:aws:s3:::xss-audio/${P('audioPrefix')}*`]],
    ['/console/iam/users', [`arn:aws:iam::${ACCOUNT}:user${PATH('userPath')}xss-user`]],
    ['/console/iam/groups', [`arn:aws:iam::${ACCOUNT}:group${PATH('groupPath')}xss-group`]],
    ['/console/iam/policies', ['xss-policy']],
    [`/console/iam/policies/view?arn=${encodeURIComponent(`arn:aws:iam::${ACCOUNT}:policy/xss-policy`)}`, [P('policyDescription'), P('managedPolicyValue')]],
    ['/console/appintegrations', ['xss-data', 'xss-events']],
    ['/console/appintegrations/data/xss-data', [P('dataDescription'), P('dataTag')]],
    ['/console/appintegrations/events/xss-events', [P('eventDescription'), P('eventTag')]],
    ['/console/insight/audit?action=app-integrations%3AGetDataIntegration', [P('auditResource')]],
    ['/console/insight/map', [`arn:aws:s3:::xss-audio/${P('audioPrefix')}*`]],
    [`/console/insight/simulator?principal=${encodeURIComponent(`arn:aws:iam::${ACCOUNT}:role/xss-role`)}&action=s3%3AGetObject`, [P('policyValue')]],
    ['/console/lex/bots', [P('botDescription')]],
    [`/console/lex/bots/${botId}`, [P('botDescription')]],
    [`/console/lex/bots/${botId}/settings`, [P('botDescription')]],
    [`/console/lex/bots/${botId}/aliases/TSTALIASID`, [P('audioPrefix')]],
    [`/console/lex/bots/${botId}/channels/${channelId}`, [P('channelDescription')]],
  ];

  it('stored XSS: every page that shows a stored payload shows it as text, and nothing of it runs or parses as markup', async () => {
    assert.equal((await lex.send(new DescribeBotCommand({ botId }))).description, P('botDescription'), 'the payload is stored as sent');
    const before = await targets();
    for (const [path, texts] of storedPages()) {
      const page = await inspect(path, texts);
      assert.equal(page.status, 200, path);
      assert.deepEqual(page.injected, [], `${path}: nothing made from a payload`);
      for (const text of texts) assert.ok(page.shown[text], `${path} shows ${text.slice(0, 60)}…`);
    }
    assert.deepEqual(dialogs, [], 'no dialog opened');
    assert.deepEqual(await targets(), before, 'reading pages (GET) changes nothing');
  });

  /** Pages that echo what the address says (query parameters, path segments). */
  const reflectedPages = (): [string, string[]][] => {
    const q = (field: string) => encodeURIComponent(P(field));
    return [
      [`/console/insight/simulator?principal=${q('sPrincipal')}&action=${q('sAction')}&resource=${q('sResource')}&context=${q('sContext')}`, [P('sPrincipal'), P('sAction'), P('sResource'), P('sContext')]],
      [`/console/insight/audit?identity=${q('aIdentity')}&role=${q('aRole')}&action=${q('aAction')}&from=${q('aFrom')}`, [P('aIdentity'), P('aRole'), P('aAction')]],
      [`/console/iam/roles?q=${q('rq')}&service=${q('rService')}`, [P('rq').toLowerCase()]],
      [`/console/iam/create-service-linked-role?service=${q('cService')}`, []],
      [`/console/iam/deletion?task=${q('dTask')}&role=${q('dRole')}`, [P('dTask'), P('dRole')]],
      [`/console/iam/roles/${q('roleName')}`, [P('roleName')]],
      [`/console/iam/policies/view?arn=${q('pArn')}`, [P('pArn')]],
      [`/console/lex/bots/${q('botId')}`, []],
      [`/console/appintegrations/data/${q('dataName')}`, [P('dataName')]],
      [`/console/no-such-page/${q('missing')}`, []],
      [`/console/signin?next=${q('next')}`, []],
    ];
  };

  it('reflected XSS: payloads in query parameters and path segments are echoed as text only', async () => {
    for (const [path, texts] of reflectedPages()) {
      const page = await inspect(path, texts);
      assert.ok(page.status >= 200 && page.status < 500, `${path}: ${page.status}`);
      assert.deepEqual(page.injected, [], `${path}: nothing made from a payload`);
      for (const text of texts) assert.ok(page.shown[text], `${path} echoes ${text.slice(0, 60)}…`);
    }
    assert.deepEqual(dialogs, [], 'no dialog opened');
  });

  // ---- CSRF ------------------------------------------------------------------------------------------

  /** The browser's session cookie, and the CSRF token its pages carry. */
  async function browserSession(): Promise<{ cookie: string; csrf: string }> {
    const cookie = (await env.context.cookies()).find((c) => c.name === 'linkedrole_console')!;
    await env.page.goto(`${env.server.url}/console/iam/roles/xss-role`);
    const csrf = await env.page.locator('input[name="_csrf"]').first().inputValue();
    return { cookie: `${cookie.name}=${cookie.value}`, csrf };
  }

  /** Another signed-in session (the attacker's own): its token must not work with the victim's cookie. */
  async function otherSessionToken(): Promise<string> {
    const form = await fetch(`${env.server.url}/console/signin`);
    const cookie = /linkedrole_console=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const signedIn = await fetch(`${env.server.url}/console/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: env.server.url },
      body: new URLSearchParams({ _csrf: csrf, accessKeyId: 'test', secretAccessKey: 'test', next: '/console' }).toString(),
    });
    const session = /linkedrole_console=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![0];
    const page = await fetch(`${env.server.url}/console/iam/roles`, { headers: { cookie: session } });
    return /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  }

  /** The state the forged changes below aim at, read through the API. */
  async function targets() {
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'xss-role' }))).Role!;
    const slr = (await iam.send(new GetRoleCommand({ RoleName: SLR }))).Role!;
    const bot = await lex.send(new DescribeBotCommand({ botId }));
    const appIntegrations = new AppIntegrationsClient(env.server.clientConfig());
    const data = await appIntegrations.send(new GetDataIntegrationCommand({ Identifier: 'xss-data' })).finally(() => appIntegrations.destroy());
    const home = await (await fetch(`${env.server.url}/console`, { headers: { cookie: (await browserSession()).cookie } })).text();
    return { role: role.Description, slr: slr.Description, bot: bot.botName, data: data.Name, region: /<option value="([^"]+)" selected>/.exec(home)?.[1] };
  }

  /** Changes an attacker would forge: every POST route kind (edit, delete, create, session settings). */
  const forgeries = (): [string, Record<string, string>][] => [
    ['/console/iam/roles/xss-role/description', { description: 'forged' }],
    [`/console/iam/roles/${SLR}/delete`, { confirm: SLR }],
    ['/console/iam/roles/xss-role/delete', { confirm: 'xss-role' }],
    ['/console/iam/create-service-linked-role', { service: 'lexv2.amazonaws.com', suffix: 'Forged' }],
    ['/console/lex/bots/delete', { botId, confirm: 'delete' }],
    ['/console/lex/bots/create', { botName: 'ForgedBot', role: 'new', idleMinutes: '5', localeId: 'en_US', confidence: '0.40' }],
    ['/console/appintegrations/data/xss-data/delete', { confirm: 'xss-data' }],
    ['/console/region', { region: 'eu-west-2' }],
    ['/console/signout', {}],
  ];

  it('CSRF: a change without the token, with a wrong one, with another session\'s, or from another origin is refused and changes nothing', async () => {
    const { cookie, csrf } = await browserSession();
    const foreignToken = await otherSessionToken();
    const before = await targets();
    const variants: [string, (form: Record<string, string>) => { headers: Record<string, string>; body: string }][] = [
      ['no token', (form) => ({ headers: {}, body: new URLSearchParams(form).toString() })],
      ['an empty token', (form) => ({ headers: {}, body: new URLSearchParams({ ...form, _csrf: '' }).toString() })],
      ['a wrong token', (form) => ({ headers: {}, body: new URLSearchParams({ ...form, _csrf: `${csrf.slice(0, -2)}xx` }).toString() })],
      ["another session's token", (form) => ({ headers: {}, body: new URLSearchParams({ ...form, _csrf: foreignToken }).toString() })],
      ['the right token from another origin', (form) => ({ headers: { origin: 'http://evil.example' }, body: new URLSearchParams({ ...form, _csrf: csrf }).toString() })],
      ['the right token from a look-alike origin', (form) => ({ headers: { origin: `${env.server.url}.evil.example` }, body: new URLSearchParams({ ...form, _csrf: csrf }).toString() })],
      ['a wrong token in the X-CSRF-Token header', (form) => ({ headers: { 'x-csrf-token': foreignToken }, body: new URLSearchParams(form).toString() })],
    ];
    for (const [path, form] of forgeries()) {
      for (const [variant, build] of variants) {
        const { headers, body } = build(form);
        const answer = await fetch(`${env.server.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body,
        });
        const text = await answer.text();
        if (path === '/console/signout') {
          // Sign-out answers a redirect whatever happens; the session must still be signed in.
          assert.equal(answer.status, 303, `${path}, ${variant}`);
          const still = await fetch(`${env.server.url}/console`, { headers: { cookie }, redirect: 'manual' });
          assert.equal(still.status, 200, `${path}, ${variant}: still signed in`);
        } else {
          assert.equal(answer.status, 403, `${path}, ${variant}: ${text.slice(0, 200)}`);
          assert.match(text, /Request refused/, `${path}, ${variant}`);
        }
      }
      // JSON bodies go through the same gate.
      const json = await fetch(`${env.server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(form) });
      assert.equal(json.status, path === '/console/signout' ? 303 : 403, `${path}, JSON without a token`);
    }
    assert.deepEqual(await targets(), before, 'no forged change happened');
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'xss-role' }));
    assert.ok(Role, 'the role is still there');
  });

  /** A page on another site (localhost, where the console is at 127.0.0.1: another site for SameSite). */
  async function crossSitePage(body: string): Promise<{ url: string; close(): Promise<void> }> {
    const evil: Server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>${body}`));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://localhost:${(evil.address() as AddressInfo).port}/`,
      close: async () => {
        evil.closeAllConnections();
        await new Promise<void>((resolve) => evil.close(() => resolve()));
      },
    };
  }

  it('CSRF in Chromium: an auto-submitting form on another site changes nothing', async () => {
    const before = await targets();
    const target = `${env.server.url}/console/iam/roles/xss-role/description`;
    const evil = await crossSitePage(`<form id=f method=post action="${target}"><input name=description value=forged-cross-site><input name=_csrf value=guess></form><script>document.getElementById('f').submit()</script>`);
    try {
      const landed = env.page.waitForURL((url) => url.href.startsWith(env.server.url));
      await env.page.goto(evil.url);
      await landed;
      // Refused: the cookie (SameSite=Strict) does not travel cross-site, so the console asks to sign in.
      assert.match(await env.page.content(), /Sign in to linkedrole|Request refused/);
    } finally {
      await evil.close();
    }
    // Signed in or not after it (the next test checks that a cross-site navigation keeps the session),
    // read the console's state signed in.
    await ensureSignedIn();
    assert.deepEqual(await targets(), before, 'nothing changed');
  });

  /** Signs the browser in with the default account unless it is signed in. */
  async function ensureSignedIn(): Promise<void> {
    await env.page.goto(`${env.server.url}/console`);
    if (await env.page.getByRole('heading', { name: 'Console home' }).isVisible()) return;
    await env.page.getByRole('button', { name: /Sign in as the default account/ }).click();
    await env.page.getByRole('heading', { name: 'Console home' }).waitFor();
  }

  it('a plain link from another site does not sign the user out', async () => {
    await ensureSignedIn();
    const sessionCookie = async () => (await env.context.cookies()).find((c) => c.name === 'linkedrole_console')?.value;
    const signedInCookie = await sessionCookie();
    const evil = await crossSitePage(`<a id=go href="${env.server.url}/console/iam/roles">the console</a>`);
    try {
      await env.page.goto(evil.url);
      await env.page.click('#go');
      await env.page.waitForURL((url) => url.href.startsWith(env.server.url));
    } finally {
      await evil.close();
    }
    // Cross-site, the cookie stays behind: the sign-in page is expected. Back on the console itself,
    // the user must still be signed in.
    await env.page.goto(`${env.server.url}/console/iam/roles`);
    const signedIn = await env.page.getByRole('heading', { name: 'Roles' }).isVisible();
    assert.equal(await sessionCookie(), signedInCookie, 'the session cookie was not replaced');
    await ensureSignedIn();
    assert.ok(signedIn, 'still signed in after following a link from another site');
  });

  it('no escalation through the console: a read-only user\'s forms, with its own valid token, change nothing', async () => {
    // The console acts with the signed-in user's own keys: what the API refuses, the console cannot do.
    await iam.send(new CreateUserCommand({ UserName: 'console-reader' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'console-reader', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'console-reader' }));
    const form = await fetch(`${env.server.url}/console/signin`);
    const anonymous = /linkedrole_console=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![0];
    const signedIn = await fetch(`${env.server.url}/console/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded', origin: env.server.url },
      body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(await form.text())![1], accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey!, next: '/console' }).toString(),
    });
    assert.equal(signedIn.status, 303);
    const cookie = /linkedrole_console=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${env.server.url}/console/iam/roles`, { headers: { cookie } })).text())![1];
    const before = await targets();
    for (const [path, fields] of forgeries().filter(([path]) => path !== '/console/region' && path !== '/console/signout')) {
      const answer = await fetch(`${env.server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: env.server.url },
        body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
      });
      assert.ok(answer.status < 500, `${path}: ${answer.status}`);
      // The refusal is shown: on the page itself, or on the page the console redirects to.
      const shown = answer.status === 303 ? await (await fetch(new URL(answer.headers.get('location')!, env.server.url), { headers: { cookie } })).text() : await answer.text();
      assert.match(shown, /AccessDenied/, `${path}: the user sees AWS's refusal`);
    }
    assert.deepEqual(await targets(), before, 'nothing changed');
    assert.equal((await lex.send(new ListBotsCommand({}))).botSummaries?.some((b) => b.botName === 'ForgedBot'), false, 'no bot was created');
  });

  it("sign-in's next never leaves the console (no open redirect)", async () => {
    const nexts = ['//evil.example/', 'https://evil.example/', 'javascript:alert(1)', '/\\evil.example', 'http:evil.example', '/console@evil.example', `/console${encodeURIComponent('\r\nLocation: https://evil.example')}`];
    for (const next of nexts) {
      const form = await fetch(`${env.server.url}/console/signin?next=${encodeURIComponent(next)}`);
      const cookie = /linkedrole_console=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![0];
      const html = await form.text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
      const answer = await fetch(`${env.server.url}/console/signin`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: env.server.url },
        body: new URLSearchParams({ _csrf: csrf, accessKeyId: 'test', secretAccessKey: 'test', next }).toString(),
      });
      assert.equal(answer.status, 303, next);
      const location = answer.headers.get('location')!;
      const resolved = new URL(location, env.server.url);
      assert.equal(resolved.origin, env.server.url, `${next} -> ${location}`);
      assert.match(resolved.pathname, /^\/console/, `${next} -> ${location}`);
    }
  });

  // ---- path traversal --------------------------------------------------------------------------------

  /** A raw GET: the path goes on the wire exactly as written (fetch would resolve the dot segments). */
  function rawGet(path: string, cookie?: string): Promise<{ status: number; body: string }> {
    const url = new URL(env.server.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers: cookie ? { cookie } : {} }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  const traversals = [
    '/console/static/../../package.json',
    '/console/static/../../../package.json',
    '/console/static/..%2f..%2fpackage.json',
    '/console/static/..%2F..%2F..%2Fpackage.json',
    '/console/static/%2e%2e/%2e%2e/package.json',
    '/console/static/%2e%2e%2f%2e%2e%2fpackage.json',
    '/console/static/.%2e/.%2e/package.json',
    '/console/static/%252e%252e%252f%252e%252e%252fpackage.json',
    '/console/static/..%5c..%5cpackage.json',
    '/console/static/..\\..\\package.json',
    '/console/static/....//....//package.json',
    '/console/static/..%c0%af..%c0%afpackage.json',
    '/console/static/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
    '/console/static/..%00/package.json',
    '/console/static/console.css/../../../package.json',
    '/console/static/console.css%00../../package.json',
    '/console/static/../index.ts',
    '/console/static/..%2findex.ts',
    '/console/static/%2fetc%2fpasswd',
    '/console/static//etc/passwd',
    '/console/static/../../../../../../../../etc/passwd',
    '/console/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/console/../package.json',
    '/console/%2e%2e/package.json',
    '/favicon.ico/../package.json',
    '/package.json',
    '/src/console/index.ts',
    '/../../../../etc/passwd',
  ];

  it('path traversal: every variant answers 4xx and no file contents, signed in or not', async () => {
    const { cookie } = await browserSession();
    for (const auth of [undefined, cookie]) {
      for (const path of traversals) {
        const answer = await rawGet(path, auth);
        assert.ok(answer.status >= 400 && answer.status < 500, `${path}${auth ? ' (signed in)' : ''}: ${answer.status} ${answer.body.slice(0, 200)}`);
        assert.doesNotMatch(answer.body, /"name": "linkedrole"|"dependencies"|root:x:0:0|createConsole|import \{/, `${path}: no file contents`);
      }
    }
    // The static files themselves are still served (the test above would pass on a server that serves nothing).
    assert.equal((await rawGet('/console/static/console.css')).status, 200);
  });
});
