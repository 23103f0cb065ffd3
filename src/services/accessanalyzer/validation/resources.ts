// Resource ARNs against ARN syntax and the Service Authorization Reference's ARN formats: the `arn`
// prefix, six fields, a lowercase known service, a partition, and the region and account fields as the
// service's resource types have them (IAM and S3 buckets take no region; S3 buckets no account).
// Policy variables need Version 2012-10-17; a field holding a wildcard or a variable is not judged.
import { PARTITIONS } from '../../../aws/partitions.js';
import { isPartitionRegion } from '../../../aws/regions.js';
import { arnFormatsByService } from './catalog.js';
import type { CheckContext } from './context.js';
import type { PolicyModel, StringItem } from './model.js';

const VARIABLE = /\$\{[^}]*\}/g;
/** Written where a variable was, so that its own colons do not split fields. */
const MASK = '\u0000';

export async function checkResources(ctx: CheckContext, policy: PolicyModel): Promise<void> {
  if (ctx.trust) return;
  for (const statement of policy.statements) {
    for (const element of [statement.resource, statement.notResource]) {
      for (const item of element?.items ?? []) await checkResource(ctx, policy, item);
    }
  }
}

const open = (field: string) => /[*?]/.test(field) || field.includes(MASK);

async function checkResource(ctx: CheckContext, policy: PolicyModel, item: StringItem): Promise<void> {
  const { value } = item;
  if (value === '*') return;
  const at = [ctx.at(item.path, item.node)];
  if (value.includes('${') && policy.version !== '2012-10-17') ctx.report('VARIABLE_UNSUPPORTED_IN_VERSION', at);
  const fields = value.replace(VARIABLE, MASK).split(':');
  if (fields[0] !== 'arn') {
    ctx.report('INVALID_ARN_PREFIX', at);
    return;
  }
  // An ARN cut short by a final wildcard (arn:aws:codebuild:*) reaches past the remaining colons, as IAM takes it.
  if (fields.length < 6 && !(fields.length >= 4 && fields[fields.length - 1].endsWith('*'))) {
    ctx.report('MISSING_ARN_FIELD', at, { fields: 6 });
    return;
  }
  const [, partition, service, region = '', account = ''] = fields;
  if (service === '' || open(service)) return;
  if (service !== service.toLowerCase()) {
    ctx.report('INVALID_ARN_SERVICE_CASE', at, { service });
    return;
  }
  const formats = (await arnFormatsByService()).get(service);
  if (!formats) {
    ctx.report('INVALID_SERVICE', at, { service });
    return;
  }
  if (!open(partition) && !(PARTITIONS as readonly string[]).includes(partition)) {
    ctx.report('INVALID_PARTITION', at, { service, partition, partitions: PARTITIONS.join(', ') });
    return;
  }
  if (fields.length < 6) return;
  const withoutRegion = formats.every((f) => f.region === '');
  const withRegion = formats.every((f) => f.region !== '');
  if (region !== '' && !open(region)) {
    if (withoutRegion) ctx.report('ARN_REGION_NOT_ALLOWED', at, { service });
    else if (!isPartitionRegion(region)) ctx.report('INVALID_ARN_REGION', at, { region });
  } else if (region === '' && withRegion) ctx.report('MISSING_ARN_REGION', at, { service });
  if (account !== '' && !open(account)) {
    if (formats.every((f) => f.account === '')) ctx.report('ARN_ACCOUNT_NOT_ALLOWED', at, { service });
    // `aws` is the account of AWS managed policies (arn:aws:iam::aws:policy/...).
    else if (!/^\d{12}$/.test(account) && account !== 'aws') ctx.report('INVALID_ARN_ACCOUNT', at, { account });
  }
}
