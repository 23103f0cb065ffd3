// What every family of checks is given: the text (for locations), the kind of policy, and where to
// report a finding; and the policy as the grammar read it (model.ts).
import type { Location, PolicyType, ValidatePolicyFinding, ValidatePolicyResourceType } from '../../../aws/generated/accessanalyzer.js';
import type { JsonEntry, JsonNode } from '../../../policy/index.js';
import { location, type Segment, type SourceText } from './locations.js';
import { checkText, detailsText, LEARN_MORE_PAGE } from './texts.js';

export class CheckContext {
  readonly findings: ValidatePolicyFinding[] = [];

  constructor(
    readonly source: SourceText,
    readonly policyType: PolicyType,
    readonly resourceType: ValidatePolicyResourceType | undefined,
  ) {}

  /** A role trust policy: a resource policy for AWS::IAM::AssumeRolePolicyDocument. */
  get trust(): boolean {
    return this.resourceType === 'AWS::IAM::AssumeRolePolicyDocument';
  }

  report(code: string, locations: Location[], params?: Record<string, string | number>): void {
    const text = checkText(code);
    this.findings.push({
      issueCode: code,
      findingType: text.type,
      findingDetails: detailsText(code, params),
      learnMoreLink: `${LEARN_MORE_PAGE}#access-analyzer-reference-policy-checks-${text.anchor}`,
      locations,
    });
  }

  /** The location of a value. */
  at(path: readonly Segment[], node: JsonNode): Location {
    return location(path, this.source.nodeSpan(node));
  }

  /** The location of an entry's key (path: the object's path). */
  atKey(objectPath: readonly Segment[], entry: JsonEntry): Location {
    return location([...objectPath, { key: entry.key }], this.source.keySpan(entry));
  }
}
