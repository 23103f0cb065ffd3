// `linkedrole can` and `linkedrole who-can`: effective permissions read straight from the store (opened
// read-only, as `linkedrole audit` does), decided by the policy engine over IAM's own policy loaders.
import type { Command } from 'commander';
import { Store, StoreOpenError } from '../store/database.js';
import { DEFAULT_ACCOUNT_ID } from '../services/iam/accounts.js';
import { Iam } from '../services/iam/iam.js';
import { Identities } from '../services/iam/identities.js';
import { PolicySimulator } from '../services/iam/simulator.js';
import { accountPrincipals, principalFactsLookup, principalPolicyLoaders } from '../services/iam/account-principals.js';
import { EffectivePermissions, type ActionPermissions, type Grant, type GrantCondition, type PrincipalPermissions, type WhoCanAnswer } from '../services/iam/effective-permissions.js';
import { readResourcePolicies } from '../services/lex/resource-policies.js';
import { roleSessionLookup } from '../services/sts/effective-sessions.js';
import { SessionStore } from '../services/sts/sessions.js';
import { AwsError } from '../aws/errors.js';
import type { MatchedStatement } from '../policy/types.js';

interface StoreFlags {
  dataDir: string;
  store: 'sqlite' | 'postgres';
  databaseUrl?: string;
  account: string;
  json?: boolean;
}

interface CanFlags extends StoreFlags {
  service?: string;
  action?: string;
  resource?: string;
}

function storeOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'the SQLite store of the server', './.linkedrole')
    .option('--store <kind>', 'sqlite or postgres', 'sqlite')
    .option('--database-url <url>', 'PostgreSQL connection URL (or LINKEDROLE_DATABASE_URL)')
    .option('--account <id>', 'account id', DEFAULT_ACCOUNT_ID)
    .option('--json', 'print JSON');
}

export function registerEffectiveCommands(program: Command): void {
  storeOptions(
    program
      .command('can')
      .argument('<principal-arn>', 'a role or user ARN of the account, or a role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION)')
      .description("What may this role or user do: every action of the Service Authorization Reference its policies allow, on which resources, under which conditions, and the statements that grant (or deny) each")
      .option('--service <prefix>', 'only this service, e.g. s3')
      .option('--action <action>', 'only this action (wildcards allowed), e.g. iam:PassRole or s3:Get*')
      .option('--resource <arn>', 'decide this resource (an ARN or *) instead of the resources the policies name'),
  ).action((principalArn: string, flags: CanFlags) =>
    withEffective('can', flags, async (effective) => {
      const answer = await effective.of(flags.account, principalArn, { service: flags.service, action: flags.action, resource: flags.resource });
      process.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : renderCan(answer));
    }),
  );
  storeOptions(
    program
      .command('who-can')
      .argument('<action>', 'an action, e.g. lex:RecognizeText')
      .argument('<resource>', 'a resource ARN (or *)')
      .description("Every role and user of the account whose policies allow the action on the resource (and under which conditions), with the resource's resource-based policy where it has one"),
  ).action((action: string, resource: string, flags: StoreFlags) =>
    withEffective('who-can', flags, async (effective) => {
      const answer = await effective.whoCan(flags.account, action, resource);
      process.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : renderWhoCan(answer));
    }),
  );
}

async function withEffective(command: string, flags: StoreFlags, work: (effective: EffectivePermissions) => Promise<void>): Promise<void> {
  let store: Store;
  try {
    store = await Store.openReadOnly({ kind: flags.store, dataDir: flags.dataDir, databaseUrl: flags.databaseUrl ?? process.env.LINKEDROLE_DATABASE_URL });
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    process.stderr.write(`linkedrole ${command}: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  try {
    const iam = new Iam(store);
    const identities = new Identities(store, iam);
    const effective = new EffectivePermissions(new PolicySimulator(principalPolicyLoaders(iam, identities)), accountPrincipals(iam, identities), [
      async (arn) => (await readResourcePolicies(store.db, [arn])).get(arn),
    ], roleSessionLookup(new SessionStore(store), iam), principalFactsLookup(iam, identities));
    await work(effective);
  } catch (error) {
    // IAM's refusal (no such role or user, an action the reference does not know) in its own words.
    if (!(error instanceof AwsError)) throw error;
    process.stderr.write(`linkedrole ${command}: ${error.code}: ${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

/** `RoleName/Policy statement 0 (Sid Read)`: where a statement is. */
function statementRef(s: MatchedStatement): string {
  const where = s.policyId ?? s.source;
  return `${where} statement ${s.statementIndex}${s.sid ? ` (${s.sid})` : ''}${s.source !== 'identity' ? ` [${s.source}]` : ''}`;
}

function conditionText(c: GrantCondition): string {
  return Object.entries(c.condition)
    .flatMap(([operator, keys]) => Object.entries(keys).map(([key, values]) => `${operator} ${key} ${JSON.stringify(values.length === 1 ? values[0] : values)}`))
    .join(' and ');
}

function grantLines(g: Grant): string[] {
  const lines = [`      on ${g.resource}${g.except.length ? ` except ${g.except.join(', ')}` : ''}${g.resourceTypes.length ? `  (${g.resourceTypes.join(', ')})` : ''}`];
  for (const c of g.conditions) lines.push(`        when ${conditionText(c)}`);
  for (const c of g.met) lines.push(`        met by the principal: ${conditionText(c)}`);
  for (const d of g.deniedWhen) lines.push(`        unless ${conditionText(d)}  (denied by ${statementRef(d.statement)})`);
  lines.push(`        granted by ${g.statements.map(statementRef).join('; ')}`);
  return lines;
}

function actionLines(a: ActionPermissions): string[] {
  const lines = [`  ${a.decision.padEnd(12)} ${a.action}  [${a.accessLevel}]`];
  for (const g of a.grants) lines.push(...grantLines(g));
  for (const r of a.refusals) {
    const why = r.reason === 'explicitDeny' ? `denied by ${r.statements.map(statementRef).join('; ')}` : `not allowed by the ${r.reason === 'boundary' ? 'permissions boundary' : 'session policy'}`;
    lines.push(`      on ${r.resource}: ${why}`);
  }
  return lines;
}

function renderCan(answer: PrincipalPermissions): string {
  const count = (d: string) => answer.actions.filter((a) => a.decision === d).length;
  const lines = [
    `${answer.principal} (${answer.serviceLinked ? 'service-linked role: what its service may do in the account' : answer.kind === 'session' ? `a session of ${answer.role}, until ${answer.expiration?.toISOString()}` : answer.kind})`,
    `${count('allowed')} ${count('allowed') === 1 ? 'action' : 'actions'} allowed, ${count('conditional')} allowed under conditions, ${count('denied')} denied`,
  ];
  let service = '';
  for (const a of answer.actions) {
    if (a.service !== service) {
      service = a.service;
      lines.push('', service);
    }
    lines.push(...actionLines(a));
  }
  return `${lines.join('\n')}\n`;
}

function renderWhoCan(answer: WhoCanAnswer): string {
  const lines = [`Who can ${answer.action} on ${answer.resource}`];
  if (answer.resourcePolicy) {
    lines.push('', `Resource-based policy ${answer.resourcePolicy}:`);
    for (const s of answer.resourcePolicyStatements) {
      const condition = Object.keys(s.condition).length ? `  when ${conditionText({ statement: s.statement, condition: s.condition })}` : '';
      lines.push(`  ${s.statement.effect} ${s.notPrincipal ? 'every principal except ' : ''}${JSON.stringify(s.principal)}${condition}  (${statementRef(s.statement)})`);
    }
  }
  lines.push('');
  if (answer.principals.length === 0) lines.push('No role or user of the account.');
  for (const p of answer.principals) lines.push(`${p.principal} (${p.kind})`, ...actionLines(p.permissions));
  return `${lines.join('\n')}\n`;
}
