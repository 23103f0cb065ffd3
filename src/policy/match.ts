// String-level helpers for code outside the engine (e.g. checking one ARN against a pattern). They
// compile their pattern on each call; the engine itself uses compiled statements.
import { arnMatches as compiledArnMatches, compileArnPattern } from './arn.js';
import { ArnText } from './arn-text.js';
import { actionsMatch, compileActions } from './compile.js';

/** Does `action` (e.g. `appflow:StartFlow`) match `pattern` (e.g. `appflow:Start*`), ignoring case? */
export function actionMatches(pattern: string, action: string): boolean {
  return actionsMatch(compileActions([pattern]), action.toLowerCase());
}

/** Does `arn` match `pattern`, segment by segment as IAM matches Resource elements? */
export function arnMatches(pattern: string, arn: string): boolean {
  return compiledArnMatches(compileArnPattern(pattern, undefined, true), new ArnText(arn));
}
