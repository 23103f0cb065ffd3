// Amazon Lex V2 in the console: a bot's Replication page (Global Resiliency). It lists the bot's replicas
// (ListBotReplicas: region, status, failure reasons), adds one in a region chosen from Lex's other regions
// (CreateBotReplica, which creates AWSServiceRoleForLexV2Replication when it is missing) and deletes one
// (DeleteBotReplica). Every call is the signed-in user's own, so IAM decides each.
import { CreateBotReplicaCommand, DeleteBotReplicaCommand, ListBotReplicasCommand } from '@aws-sdk/client-lex-models-v2';
import { serviceRegions } from '../aws/regions.js';
import { apiError } from './aws.js';
import { formatDate, html, seg } from './html.js';
import { attempt, roleHref } from './iam.js';
import { badge, csrf, errorBox, pageHeader, panel, table } from './layout.js';
import { botHref, botPage } from './lex.js';
import { redirect, type Context, type Router } from './router.js';

const ROLE = 'AWSServiceRoleForLexV2Replication';
/** The regions Lex V2's model-building API is offered in: the replica regions the form offers. */
const LEX_REGIONS = serviceRegions('models-v2-lex').regions;

export const replicationHref = (botId: string) => `${botHref(botId)}/replication`;

const statusKind = (status: string | undefined) => (status === 'Enabled' ? 'ok' : status === 'Failed' ? 'bad' : status === 'Deleting' ? 'warn' : 'neutral');

export function lexReplicaRoutes(router: Router): void {
  router.get('/console/lex/bots/:botId/replication', (ctx) =>
    botPage(ctx, 'replication', 'Replication', async (bot) => {
      const region = await ctx.aws.lex.config.region();
      const listed = await attempt(ctx.aws.lex.send(new ListBotReplicasCommand({ botId: bot.botId })));
      const replicas = listed.ok ? (listed.value.botReplicaSummaries ?? []) : [];
      const taken = new Set(replicas.map((r) => r.replicaRegion));
      const choices = LEX_REGIONS.filter((r) => r !== region && !taken.has(r));
      const deleteButton = (replicaRegion: string) =>
        html`<form method="post" action="${replicationHref(bot.botId)}/${seg(replicaRegion)}/delete">${csrf(ctx.session)}<button type="submit" class="button small danger" aria-label="Delete the replica in ${replicaRegion}">Delete</button></form>`;
      return html`${pageHeader('Replication', {
        description: html`Global Resiliency: the bot replicated, read-only, into other regions, with its versions and aliases. Lex replicates through the service-linked role <a href="${roleHref(ROLE)}">${ROLE}</a>, created with the first replica.`,
      })}
${panel(
  'Replicas',
  listed.ok
    ? table(
        'Replicas',
        ['Replica region', 'Status', 'Created', 'Failure reasons', ''],
        replicas.map((r) => [
          r.replicaRegion ?? '',
          badge(r.botReplicaStatus ?? '', statusKind(r.botReplicaStatus)),
          formatDate(r.creationDateTime),
          (r.failureReasons ?? []).join(' '),
          r.botReplicaStatus === 'Enabled' || r.botReplicaStatus === 'Failed' ? deleteButton(r.replicaRegion ?? '') : '',
        ]),
        'No replicas.',
      )
    : errorBox(listed.error, 'Listing replicas'),
)}
${panel(
  'Add a replica',
  html`<form method="post" action="${replicationHref(bot.botId)}/add" class="stack">${csrf(ctx.session)}
  <label for="replicaRegion">Replica region</label>
  <select id="replicaRegion" name="replicaRegion">${choices.map((r) => html`<option value="${r}">${r}</option>`)}</select>
  <button type="submit" class="button primary">Add replica</button>
</form>`,
)}`;
    }),
  );

  router.post('/console/lex/bots/:botId/replication/add', async (ctx: Context) => {
    const botId = ctx.params.botId;
    const replicaRegion = ctx.form.replicaRegion ?? '';
    const done = await attempt(ctx.aws.lex.send(new CreateBotReplicaCommand({ botId, replicaRegion })));
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Adding the replica failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', `The replica in ${replicaRegion} is ${done.value.botReplicaStatus}.`);
    return redirect(replicationHref(botId));
  });

  router.post('/console/lex/bots/:botId/replication/:region/delete', async (ctx: Context) => {
    const { botId, region } = ctx.params;
    const done = await attempt(ctx.aws.lex.send(new DeleteBotReplicaCommand({ botId, replicaRegion: region })));
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Deleting the replica failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', `The replica in ${region} is being deleted.`);
    return redirect(replicationHref(botId));
  });
}
