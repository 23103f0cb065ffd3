// The policy engine as the STS work uses it. Everything in src/services/sts reaches the engine
// through this module, so its exports are named in one place.
export { evaluate, explain, explainTrust, parsePolicy } from '../../policy/index.js';
