import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  compileSimulationRequest,
  explain,
  simulationResult,
  type PolicyIssue,
  type SimulationResult,
} from '../policy/index.js';

interface SimulateOptions {
  input?: string;
  json?: boolean;
  policy: string[];
  resourcePolicy?: string;
  trustPolicy?: string;
  action?: string;
  resource: string;
  principal: string;
  context: string[];
}

const DEFAULT_PRINCIPAL = 'arn:aws:iam::123456789012:user/simulated';

/** `linkedrole simulate`: the policy engine on the command line. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('Evaluate IAM authorization requests with the policy engine and explain each decision')
    .option('--input <file>', 'a JSON request object or an array of them ("-" for stdin)')
    .option('--json', 'print JSON results instead of text')
    .option('--policy <file>', 'an identity policy document (repeatable)', collect, [])
    .option('--resource-policy <file>', "the resource's resource-based policy")
    .option('--trust-policy <file>', "the role's trust policy, when the resource is a role (decides sts:AssumeRole*)")
    .option('--action <action>', 'the action, e.g. appflow:StartFlow')
    .option('--resource <arn>', 'the resource ARN', '*')
    .option('--principal <arn>', 'the principal ARN or service principal', DEFAULT_PRINCIPAL)
    .option('--context <key=value>', 'a context value (repeatable; a repeated key makes a list)', collect, [])
    .addHelpText(
      'after',
      `
Request format (--input):
  {"principal": "arn:...", "action": "svc:Action", "resource": "arn:... or *", "resourceAccount": "123456789012",
   "context": {"key": "v" or ["v1", "v2"]}, "identityPolicies": [doc, ...], "resourcePolicy": doc,
   "trustPolicy": doc, "permissionsBoundaries": [doc], "sessionPolicy": doc,
   "serviceControlPolicies": [[doc, ...], ...]}
A doc is a policy document as a JSON object or a string. "trustPolicy" is a role's trust policy, the
resource policy of the role named by "resource" (for sts:AssumeRole and the other sts:AssumeRole* actions):
across accounts the caller's identity policies must allow too, as in AWS. An invalid request or document is reported
with its JSON path and the rule it breaks, and the command exits with status 1.

Examples:
  linkedrole simulate --policy policy.json --action s3:GetObject --resource arn:aws:s3:::bucket/key
  linkedrole simulate --principal arn:aws:iam::111122223333:user/bob --policy bob.json --trust-policy trust.json \
    --action sts:AssumeRole --resource arn:aws:iam::123456789012:role/Auditor
  linkedrole simulate --input requests.json --json`,
    )
    .action((options: SimulateOptions) => {
      const { requests, single } = readRequests(options);
      let invalid = false;
      const outputs = requests.map((request): SimulationResult | { errors: PolicyIssue[] } => {
        const compiled = compileSimulationRequest(request);
        if (!compiled.ok) {
          invalid = true;
          return { errors: compiled.errors };
        }
        // Policies given with --policy are named by their files in matched statements and explanations.
        compiled.request.identityPolicies?.forEach((input, i) => {
          if (options.policy[i] !== undefined) input.id = options.policy[i];
        });
        return simulationResult(explain(compiled.request));
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(single ? outputs[0] : outputs, null, 2)}\n`);
      } else {
        process.stdout.write(`${outputs.map((o, i) => renderText(o, single ? undefined : i)).join('\n\n')}\n`);
      }
      process.exitCode = invalid ? 1 : 0;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function fail(message: string): never {
  process.stderr.write(`linkedrole simulate: ${message}\n`);
  process.exit(1);
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    fail(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function readRequests(options: SimulateOptions): { requests: unknown[]; single: boolean } {
  if (options.input !== undefined) {
    if (options.policy.length > 0 || options.action !== undefined || options.context.length > 0 || options.resourcePolicy || options.trustPolicy) {
      fail('--input cannot be combined with --policy, --resource-policy, --trust-policy, --action or --context');
    }
    const input = readJson(options.input, 'input');
    return Array.isArray(input) ? { requests: input, single: false } : { requests: [input], single: true };
  }
  if (options.action === undefined) fail('give --input FILE, or --action (with --policy, --resource, --context)');
  const context: Record<string, string | string[]> = {};
  for (const pair of options.context) {
    const equals = pair.indexOf('=');
    if (equals <= 0) fail(`--context expects key=value, not ${pair}`);
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const existing = context[key];
    context[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  // Policy files are read as text, so that errors and statement positions refer to the file's lines.
  const read = (file: string) => {
    try {
      return readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (error) {
      fail(`cannot read policy ${file}: ${(error as Error).message}`);
    }
  };
  const identityPolicies = options.policy.map(read);
  const request: Record<string, unknown> = { principal: options.principal, action: options.action, resource: options.resource, context, identityPolicies };
  if (options.resourcePolicy !== undefined) request.resourcePolicy = read(options.resourcePolicy);
  if (options.trustPolicy !== undefined) request.trustPolicy = read(options.trustPolicy);
  return { requests: [request], single: true };
}

function renderText(output: SimulationResult | { errors: PolicyIssue[] }, index: number | undefined): string {
  const heading = index === undefined ? '' : `Request #${index}\n`;
  if ('errors' in output) {
    const lines = output.errors.map((e) => {
      const at = e.position ? ` (line ${e.position.line}, column ${e.position.column})` : '';
      return `  ${e.path || '(document)'}${at}: ${e.message} [${e.rule}]`;
    });
    return `${heading}Invalid request:\n${lines.join('\n')}`;
  }
  return heading + output.explanation;
}
