// Amazon Lex V2 in the console: creating a bot as the Lex console does. "Create a role with basic Amazon
// Lex permissions" sends CreateBot without a role, and Lex creates the bot's own service-linked role
// (AWSServiceRoleForLexV2Bots_<suffix>, the seed's "when you create ... a bot in the console, Amazon Lex
// creates the service-linked role for you"); "Use an existing role" passes one of those roles.
import { CreateBotCommand } from '@aws-sdk/client-lex-models-v2';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { html } from './html.js';
import { attempt, roleHref } from './iam.js';
import { csrf, errorBox, pageHeader } from './layout.js';
import { botHref, botSideNav, roleNameOfArn } from './lex.js';
import { redirect, type Context, type Router } from './router.js';

const CREATE_BOT_PATH = '/console/lex/bots/create';
const LEX_ROLES = '/aws-service-role/lexv2.amazonaws.com/';

interface BotForm {
  botName: string;
  description: string;
  role: 'new' | 'existing';
  roleArn: string;
  childDirected: string;
  idleMinutes: string;
}

export function lexCreateRoutes(router: Router): void {
  router.get(CREATE_BOT_PATH, (ctx) => createBotPage(ctx, { botName: '', description: '', role: 'new', roleArn: '', childDirected: '', idleMinutes: '5' }));

  router.post(CREATE_BOT_PATH, async (ctx) => {
    const form: BotForm = {
      botName: (ctx.form.botName ?? '').trim(),
      description: (ctx.form.description ?? '').trim(),
      role: ctx.form.role === 'existing' ? 'existing' : 'new',
      roleArn: ctx.form.roleArn ?? '',
      childDirected: ctx.form.childDirected ?? '',
      idleMinutes: (ctx.form.idleMinutes ?? '').trim(),
    };
    const created = await attempt(
      ctx.aws.lex.send(
        new CreateBotCommand({
          botName: form.botName,
          ...(form.description ? { description: form.description } : {}),
          // Without a role, Lex creates the bot's own service-linked role.
          ...(form.role === 'existing' ? { roleArn: form.roleArn } : {}),
          dataPrivacy: { childDirected: form.childDirected === 'yes' },
          idleSessionTTLInSeconds: Math.round(Number(form.idleMinutes) * 60),
        } as ConstructorParameters<typeof CreateBotCommand>[0]),
      ),
    );
    if (!created.ok) return createBotPage(ctx, form, created.error);
    ctx.flash('success', `The bot ${form.botName} is created; its runtime role is ${roleNameOfArn(created.value.roleArn)}.`);
    return redirect(botHref(created.value.botId!));
  });
}

async function createBotPage(ctx: Context, form: BotForm, error?: unknown) {
  const roles = await attempt(ctx.aws.iam.send(new ListRolesCommand({ PathPrefix: LEX_ROLES, MaxItems: 1000 })));
  const existing = roles.ok ? (roles.value.Roles ?? []) : [];
  const checked = (yes: boolean) => (yes ? html` checked` : '');
  const page = ctx.page({
    title: 'Create bot',
    section: 'lex',
    sideNav: botSideNav(undefined, undefined, 'bots'),
    crumbs: [['Lex V2', '/console/lex/bots'], ['Bots', '/console/lex/bots'], ['Create bot']],
    body: html`${pageHeader('Create bot', { description: 'A blank bot with the test alias TSTALIASID. Add a language and intents through the API or the CLI.' })}
${error ? errorBox(error, 'Creating the bot') : ''}
<form method="post" action="${CREATE_BOT_PATH}" class="stack panel standalone">
  ${csrf(ctx.session)}
  <label for="botName">Bot name</label>
  <input id="botName" name="botName" value="${form.botName}" required autocomplete="off">
  <label for="description">Description <span class="hint">(optional)</span></label>
  <input id="description" name="description" value="${form.description}" autocomplete="off">
  <fieldset><legend>IAM permissions: runtime role</legend>
    <label><input type="radio" name="role" value="new"${checked(form.role === 'new')}> Create a role with basic Amazon Lex permissions</label>
    <label><input type="radio" name="role" value="existing"${checked(form.role === 'existing')}${existing.length === 0 ? html` disabled` : ''}> Use an existing role</label>
    <label for="roleArn">Runtime role to use</label>
    <select id="roleArn" name="roleArn">
      ${existing.map((r) => html`<option value="${r.Arn}"${r.Arn === form.roleArn ? html` selected` : ''}>${r.RoleName}</option>`)}
    </select>
    ${existing.length > 0 ? html`<p class="hint">The service-linked roles of Amazon Lex in this account; see them in <a href="${roleHref(existing[0].RoleName!)}">IAM</a>.</p>` : ''}
  </fieldset>
  <fieldset><legend>Children's Online Privacy Protection Act (COPPA): is use of the bot subject to COPPA?</legend>
    <label><input type="radio" name="childDirected" value="yes"${checked(form.childDirected === 'yes')} required> Yes</label>
    <label><input type="radio" name="childDirected" value="no"${checked(form.childDirected === 'no')}> No</label>
  </fieldset>
  <label for="idleMinutes">Idle session timeout (minutes)</label>
  <input id="idleMinutes" name="idleMinutes" type="number" min="1" max="1440" value="${form.idleMinutes}" required>
  <div class="actions"><a class="button" href="/console/lex/bots">Cancel</a> <button type="submit" class="button primary">Create bot</button></div>
</form>`,
  });
  return error ? { ...page, status: 400 } : page;
}
