// What evaluation needs from a request, computed once per request: the lowercased action, the
// resource's ARN segments, both accounts, and context lookups by case-insensitive key.
import { ArnText } from './arn-text.js';
import { occursAt } from './glob.js';
import { boundedCache, stringBytes } from './memo.js';
import type { AuthorizationRequest, ContextValues } from './types.js';

// One function for every request's view (the engine's hot path allocates no closure for it).
const NOTHING_KNOWN = (): boolean => false;
let lastStamp = 0;

export class RequestView {
  readonly actionLower: string;
  /** The action's service prefix, lowercased (`appflow`). */
  readonly serviceLower: string;
  readonly resource: ArnText;
  readonly principalAccount: string | undefined;
  readonly resourceAccount: string | undefined;
  readonly isServicePrincipal: boolean;
  /** A KMS key, whose key policy must delegate to the account before IAM policies count. */
  readonly isKmsKey: boolean;
  readonly context: ContextValues | undefined;
  /**
   * Effective permissions (effective.ts): the conditions on keys `knownKey` says the context fixes (what the
   * principal is) are evaluated; a statement whose other conditions remain is taken as applying when it is an
   * Allow and as not applying when it is a Deny, so that a decision says what the policies can allow at all.
   */
  assumeConditions = false;
  knownKey: (keyLower: string) => boolean = NOTHING_KNOWN;
  /**
   * Unique to this view (a counter that no process reaches 2^53 of): shared elements (shared.ts) keep
   * their verdict with the stamp of the view it is for.
   */
  readonly stamp = ++lastStamp;

  constructor(readonly request: AuthorizationRequest) {
    const action = actionNameOf(request.action);
    this.actionLower = action.lower;
    this.serviceLower = action.service;
    this.resource = new ArnText(request.resource);
    this.isServicePrincipal = isServicePrincipal(request.principal);
    this.isKmsKey = isKmsKey(this.resource);
    this.principalAccount = request.principalAccount ?? principalAccountOf(request.principal);
    // A resource without an account (`*`, an S3 bucket) belongs to the caller's account.
    this.resourceAccount = request.resourceAccount || accountSegment(this.resource) || this.principalAccount;
    this.context = request.context;
  }

  private index: Map<string, string | string[]> | undefined | null = null;

  /**
   * A large context gets an index by lowercased key, built on first use; a small one (the common case)
   * is scanned, which is cheaper than building the index.
   */
  contextIndex(): Map<string, string | string[]> | undefined {
    if (this.index === null) {
      const context = this.context;
      let size = 0;
      for (const _ in context) size++;
      if (size <= 6) this.index = undefined;
      else {
        const index = new Map<string, string | string[]>();
        for (const key in context) {
          const lower = key.toLowerCase();
          if (!index.has(lower)) index.set(lower, context[key]);
        }
        this.index = index;
      }
    }
    return this.index;
  }

  get sameAccount(): boolean {
    return this.principalAccount !== undefined && this.principalAccount === this.resourceAccount;
  }
}

/** `lexv2.amazonaws.com`, `states.amazonaws.com.cn`: a service principal is a host name, not an ARN. */
export function isServicePrincipal(principal: string): boolean {
  const arn = principal.charCodeAt(0) === 0x61 && principal.charCodeAt(1) === 0x72 && principal.charCodeAt(2) === 0x6e && principal.charCodeAt(3) === 0x3a;
  return !arn && principal.includes('.amazonaws.com');
}

/** `arn:aws:kms:region:account:key/...`, read in place (no segment is sliced out). */
function isKmsKey(arn: ArnText): boolean {
  const colons = arn.colons;
  if (!colons || colons[2] - colons[1] !== 4) return false;
  const text = arn.text;
  return occursAt(text, 'kms', colons[1] + 1) && text.length - colons[4] > 4 && occursAt(text, 'key/', colons[4] + 1);
}

export function accountOfArn(arn: string): string | undefined {
  return accountSegment(new ArnText(arn));
}

/** The ARN's account segment when it is 12 digits. */
function accountSegment(arn: ArnText): string | undefined {
  const colons = arn.colons;
  if (!colons || colons[4] - colons[3] !== 13) return undefined;
  const text = arn.text;
  for (let i = colons[3] + 1; i < colons[4]; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return text.slice(colons[3] + 1, colons[4]);
}

/** An action's lowercased name and service prefix. */
interface ActionName {
  readonly lower: string;
  readonly service: string;
}

// Services call a few hundred actions: each one's lowercased name is made once and then shared, so that
// the documents' action indexes (compile.ts) look up one string whose hash is already known.
const actionNames = boundedCache<ActionName>('actionNames', 1 << 20, (name, action) => stringBytes(action) + 2 * (name.lower.length + name.service.length) + 200);
let lastActionText: string | undefined;
let lastActionName: ActionName = { lower: '', service: '' };

function actionNameOf(action: string): ActionName {
  if (action !== lastActionText) {
    let name = actionNames.get(action);
    if (name === undefined) {
      const lower = action.toLowerCase();
      name = { lower, service: lower.slice(0, Math.max(0, lower.indexOf(':'))) };
      actionNames.set(action, name);
    }
    lastActionText = action;
    lastActionName = name;
  }
  return lastActionName;
}

// Services call with a handful of principals; remembering their accounts saves parsing each time.
// A principal with no account (a service principal) is remembered as ''.
const principalAccounts = boundedCache<string>('principalAccounts', 1 << 20, (account, principal) => stringBytes(principal) + 2 * account.length + 160);

// Requests come in runs from one principal: the last one is kept aside, sparing the LRU's bookkeeping.
let lastPrincipal: string | undefined;
let lastAccount = '';

function principalAccountOf(principal: string): string | undefined {
  if (principal !== lastPrincipal) {
    let account = principalAccounts.get(principal);
    if (account === undefined) {
      account = accountOfArn(principal) ?? '';
      principalAccounts.set(principal, account);
    }
    lastPrincipal = principal;
    lastAccount = account;
  }
  return lastAccount === '' ? undefined : lastAccount;
}

/**
 * The value of a context key (given lowercased) or undefined when absent. An empty list counts as
 * absent. A few keys AWS always sets are derived from the principal when the caller did not give them.
 * `spelled`, the key as a policy writes it, is compared first: callers mostly spell keys alike, and
 * equal strings compare faster than a lowercasing loop (the first key that matches still wins).
 */
export function lookupContext(view: RequestView, keyLower: string, spelled?: string): string | string[] | undefined {
  const context = view.context;
  if (context) {
    const index = view.contextIndex();
    if (index) {
      const value = index.get(keyLower);
      if (value !== undefined) return value.length === 0 ? undefined : value;
    } else {
      for (const key in context) {
        if ((key === spelled && key.length === keyLower.length) || equalsLowercase(key, keyLower)) {
          const value = context[key];
          return Array.isArray(value) && value.length === 0 ? undefined : value;
        }
      }
    }
  }
  return derivedContextValue(view, keyLower);
}

function derivedContextValue(view: RequestView, keyLower: string): string | undefined {
  const principal = view.request.principal;
  switch (keyLower) {
    case 'aws:principalaccount':
      return view.principalAccount;
    case 'aws:principalarn':
      // A session's aws:PrincipalArn is its role's ARN, whose path the session ARN does not carry.
      return principal.startsWith('arn:') && !principal.includes(':assumed-role/') ? principal : undefined;
    case 'aws:username': {
      const user = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principal);
      return user ? user[1] : undefined;
    }
    case 'aws:principalservicename':
      return view.isServicePrincipal ? principal : undefined;
    default:
      return undefined;
  }
}

/** Compares `key` with an already lowercased name, without allocating for ASCII keys. */
export function equalsLowercase(key: string, lower: string): boolean {
  if (key.length !== lower.length) return false;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    else if (c > 0x7f) return key.toLowerCase() === lower;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}
