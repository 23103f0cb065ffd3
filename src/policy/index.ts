// The IAM policy engine: parse + validate + compile (parsePolicy), decide (evaluate, the fast path),
// decide and explain (explain), role trust policies (evaluateTrust). No I/O.
export * from './types.js';
export { parsePolicy, policySize, POLICY_CACHE_BYTES, POLICY_SIZE_LIMITS, type ParseOptions } from './parse.js';
export { evaluate } from './evaluate.js';
export { evaluateTrust } from './trust.js';
export { explain, explainTrust } from './explain.js';
export { actionMatches, arnMatches } from './match.js';
export { isValidResource } from './validate.js';
export { parseArn } from './arn.js';
export { compileSimulationRequest, simulationResult, type SimulationRequest, type SimulationResult, type PolicyDocument } from './simulation.js';
export { contextKeys } from './context-keys.js';
export { engineCacheStats, type CacheStats } from './memo.js';
// The pieces IAM Access Analyzer's policy checks read a document with (positions, operators, wildcards).
export { parseJson, toPlain, JsonSyntaxError, type JsonNode, type JsonObject, type JsonArray, type JsonEntry, type JsonScalar } from './json.js';
export { parseOperator, SetOperator, type ConditionOperator } from './conditions/operators.js';
