// STS AssumeRoleWithSAML: a SAMLResponse from an IdP the account registered as a SAML provider becomes a
// role session. The call is unsigned, as in AWS (the assertion is the credential). Checked in AWS's order
// as far as it is known: the XML, the signature (xml-crypto, against the provider's metadata certificates
// only; the response or the assertion signed; and what is read is the signed XML itself, so an element
// wrapped around or beside the signed one (XML signature wrapping) is never read), the issuer, the times,
// the audience and recipient, the Role attribute's pair, RoleSessionName; then the role's trust policy,
// with the SAML condition keys AWS documents (saml:aud, saml:sub, saml:iss, saml:namequalifier, the
// eduPerson and X.500 attributes ...), for sts:AssumeRoleWithSAML and, when the assertion carries session
// tags or a source identity, sts:TagSession and sts:SetSourceIdentity.
import { createHash } from 'node:crypto';
import type { DOMParser, Document, Element } from '@xmldom/xmldom';
import type { SignedXml } from 'xml-crypto';
import { callerFields } from '../../audit/trail.js';
import type { AwsError } from '../../aws/errors.js';
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse, Operations } from '../../aws/generated/sts.js';
import { commonErrors, errors } from '../../aws/generated/sts.js';
import type { RequestContext, ServiceOperations } from '../../aws/service.js';
import type { ContextValues } from '../../policy/types.js';
import { timeContext } from '../iam/request-context.js';
import { loadXmlDom, parseSamlProviderArn, type SamlProvider, SamlProviders } from '../iam/saml-providers.js';
import { onFirstUse } from '../../on-first-use.js';
import { sessionPolicyDocument, packedPolicyPercent } from './session-policies.js';
import { sessionTagsFor } from './session-tags.js';
import type { RoleSessionRecord } from './sessions.js';
import { checkRoleArn, checkRoleDuration, roleSessionIdentity, type Sts } from './sts.js';

/** The XML parser and xml-crypto's verifier, loaded by the first AssumeRoleWithSAML, not at start. */
const loadXmlSignature = onFirstUse(async () => ({ DOMParser: (await loadXmlDom()).DOMParser, SignedXml: (await import('xml-crypto')).SignedXml }));
type XmlSignature = { DOMParser: typeof DOMParser; SignedXml: typeof SignedXml };

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const ATTRIBUTES = 'https://aws.amazon.com/SAML/Attributes/';
const ROLE = `${ATTRIBUTES}Role`;
const ROLE_SESSION_NAME = `${ATTRIBUTES}RoleSessionName`;
const SOURCE_IDENTITY = `${ATTRIBUTES}SourceIdentity`;
const TRANSITIVE_TAG_KEYS = `${ATTRIBUTES}TransitiveTagKeys`;
const PRINCIPAL_TAG = `${ATTRIBUTES}PrincipalTag:`;
/** AWS's sign-in endpoint, global or regional: the audience and recipient AWS accepts. */
const AWS_ENDPOINT = /^https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d\.)?signin\.aws\.amazon\.com\/saml(?:\/acs\/[A-Z0-9]+)?$/;
/** The legacy audience AWS's own instructions still give IdPs. */
const LEGACY_AUDIENCE = 'urn:amazon:webservices';
/** AWS: a SAML response must be redeemed within 5 minutes of its IssueInstant. */
const REDEEM_WITHIN_MS = 5 * 60 * 1000;
const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const SOURCE_IDENTITY_PATTERN = /^[\w+=,.@-]{2,64}$/;
const DEFAULT_DURATION_SECONDS = 3600;

/**
 * The SAML attributes AWS turns into condition keys (the IAM User Guide's "Available keys for SAML-based
 * federation"): each key's attribute, by its OID name. saml:primaryGroupSID is not supplied (docs/identities.md).
 */
export const ATTRIBUTE_KEYS: Readonly<Record<string, readonly string[]>> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['saml:edupersonaffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': ['saml:edupersonnickname'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': ['saml:edupersonorgdn'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': ['saml:edupersonorgunitdn'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': ['saml:edupersonprimaryaffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['saml:edupersonprincipalname'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': ['saml:edupersonentitlement'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': ['saml:edupersonprimaryorgunitdn'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': ['saml:edupersonscopedaffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': ['saml:edupersontargetedid'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': ['saml:edupersonassurance'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': ['saml:eduorghomepageuri'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': ['saml:eduorgidentityauthnpolicyuri'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.4': ['saml:eduorglegalname'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.5': ['saml:eduorgsuperioruri'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.6': ['saml:eduorgwhitepagesuri'],
  'urn:oid:2.5.4.3': ['saml:cn', 'saml:commonName'],
  'urn:oid:2.5.4.4': ['saml:surname'],
  'urn:oid:2.5.4.41': ['saml:name'],
  'urn:oid:2.5.4.42': ['saml:givenName'],
  'urn:oid:2.5.4.45': ['saml:x500UniqueIdentifier'],
  'urn:oid:0.9.2342.19200300.100.1.1': ['saml:uid'],
  'urn:oid:0.9.2342.19200300.100.1.3': ['saml:mail'],
  'urn:oid:0.9.2342.19200300.100.1.45': ['saml:organizationStatus'],
};

const NAMEID_TYPES: Record<string, string> = {
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'transient',
};

/** AWS's texts where they are known (docs/federation.md says which are confirmed). */
const invalidToken = (message: string): AwsError => errors.InvalidIdentityToken(message);
const SIGNATURE_INVALID = 'Response signature invalid';
const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithSAML';

/** What AssumeRoleWithSAML reads of a verified assertion. */
export interface SamlClaims {
  issuer: string;
  subject: string;
  subjectFormat?: string;
  nameQualifier?: string;
  audiences: string[];
  recipient?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  issueInstant?: Date;
  /** The AuthnStatement's SessionNotOnOrAfter: the session ends then at the latest. */
  sessionNotOnOrAfter?: Date;
  /** Attribute values by Name. */
  attributes: Map<string, string[]>;
}

function parseXml(text: string, { DOMParser }: Pick<XmlSignature, 'DOMParser'>): Document {
  const malformed = () => invalidToken('Invalid SAML response: the SAMLAssertion is not a well-formed XML document.');
  let failed = false;
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level) => {
        if (level !== 'warning') failed = true;
      },
    }).parseFromString(text, 'application/xml');
  } catch {
    throw malformed();
  }
  if (failed || !doc.documentElement) throw malformed();
  return doc;
}

function children(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === localName) found.push(node as Element);
  }
  return found;
}

function child(parent: Element | undefined, ns: string, localName: string): Element | undefined {
  return parent ? children(parent, ns, localName)[0] : undefined;
}

function time(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidToken('Invalid SAML response: a time in it cannot be read.');
  return date;
}

/**
 * The element `signature` signs, as the signed XML itself, when it is verified by one of `certificates`:
 * xml-crypto checks the digest and signature (no certificate from the document's KeyInfo is trusted), and
 * the one signed reference must be `target` (same element name and ID): the signature must cover what is read.
 */
function verifiedElement(xml: string, signature: Element, target: Element, certificates: string[], xmlSignature: XmlSignature): Element | undefined {
  const { SignedXml } = xmlSignature;
  for (const certificate of certificates) {
    const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
    try {
      verifier.loadSignature(signature);
      if (!verifier.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const signed = verifier.getSignedReferences();
    if (signed.length !== 1) return undefined;
    const root = parseXml(signed[0], xmlSignature).documentElement!;
    const id = target.getAttribute('ID');
    if (!id || root.namespaceURI !== target.namespaceURI || root.localName !== target.localName || root.getAttribute('ID') !== id) return undefined;
    return root;
  }
  return undefined;
}

/** The claims of a SAMLResponse whose signature one of the provider's certificates verifies. */
export async function verifySamlResponse(assertion: string, provider: Pick<SamlProvider, 'certificates' | 'assertionEncryptionMode'>): Promise<SamlClaims> {
  const xmlSignature = await loadXmlSignature();
  const decoded = Buffer.from(assertion, 'base64').toString('utf8');
  const doc = parseXml(decoded, xmlSignature);
  const response = doc.documentElement!;
  if (response.namespaceURI !== PROTOCOL_NS || response.localName !== 'Response') throw invalidToken('Invalid SAML response: it is not a SAML 2.0 Response.');
  const status = child(child(response, PROTOCOL_NS, 'Status'), PROTOCOL_NS, 'StatusCode')?.getAttribute('Value');
  if (status !== SUCCESS) throw errors.IDPRejectedClaim(`The SAML response's status is not Success: ${status ?? 'none'}.`);
  if (children(response, ASSERTION_NS, 'EncryptedAssertion').length > 0) {
    throw invalidToken('Invalid SAML response: encrypted assertions are not supported by linkedrole (docs/federation.md).');
  }
  const assertions = children(response, ASSERTION_NS, 'Assertion');
  if (assertions.length !== 1) throw invalidToken('Invalid SAML response: it must contain exactly one Assertion.');
  if (provider.assertionEncryptionMode === 'Required') throw invalidToken('Invalid SAML response: the provider requires encrypted assertions.');
  // Either signature may be the one that covers the assertion, and every signature present must verify.
  const responseSignature = child(response, DSIG_NS, 'Signature');
  const assertionSignature = child(assertions[0], DSIG_NS, 'Signature');
  if (!responseSignature && !assertionSignature) throw invalidToken(SIGNATURE_INVALID);
  let signedAssertion: Element | undefined;
  if (responseSignature) {
    const signedResponse = verifiedElement(decoded, responseSignature, response, provider.certificates, xmlSignature);
    const inside = signedResponse ? children(signedResponse, ASSERTION_NS, 'Assertion') : [];
    if (inside.length !== 1) throw invalidToken(SIGNATURE_INVALID);
    signedAssertion = inside[0];
  }
  if (assertionSignature) {
    const verified = verifiedElement(decoded, assertionSignature, assertions[0], provider.certificates, xmlSignature);
    if (!verified) throw invalidToken(SIGNATURE_INVALID);
    signedAssertion ??= verified;
  }
  if (!signedAssertion) throw invalidToken(SIGNATURE_INVALID);
  return claimsOf(signedAssertion, response);
}

function claimsOf(assertion: Element, response: Element): SamlClaims {
  const issuer = child(assertion, ASSERTION_NS, 'Issuer')?.textContent?.trim() ?? '';
  const subject = child(assertion, ASSERTION_NS, 'Subject');
  const nameId = child(subject, ASSERTION_NS, 'NameID');
  const confirmation = child(child(subject, ASSERTION_NS, 'SubjectConfirmation'), ASSERTION_NS, 'SubjectConfirmationData');
  const conditions = child(assertion, ASSERTION_NS, 'Conditions');
  const audiences = conditions
    ? children(conditions, ASSERTION_NS, 'AudienceRestriction').flatMap((r) => children(r, ASSERTION_NS, 'Audience').map((a) => a.textContent?.trim() ?? ''))
    : [];
  const attributes = new Map<string, string[]>();
  for (const statement of children(assertion, ASSERTION_NS, 'AttributeStatement')) {
    for (const attribute of children(statement, ASSERTION_NS, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = children(attribute, ASSERTION_NS, 'AttributeValue').map((v) => v.textContent?.trim() ?? '');
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  const confirmationUntil = time(confirmation?.getAttribute('NotOnOrAfter'));
  const conditionsUntil = time(conditions?.getAttribute('NotOnOrAfter'));
  const until = [confirmationUntil, conditionsUntil].filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    issuer,
    subject: nameId?.textContent?.trim() ?? '',
    subjectFormat: nameId?.getAttribute('Format') || undefined,
    nameQualifier: nameId?.getAttribute('NameQualifier') || undefined,
    audiences,
    recipient: confirmation?.getAttribute('Recipient') || undefined,
    notBefore: time(conditions?.getAttribute('NotBefore')),
    notOnOrAfter: until,
    issueInstant: time(assertion.getAttribute('IssueInstant') || response.getAttribute('IssueInstant')),
    sessionNotOnOrAfter: time(child(assertion, ASSERTION_NS, 'AuthnStatement')?.getAttribute('SessionNotOnOrAfter')),
    attributes,
  };
}

/** The Role attribute's "roleArn,providerArn" pairs (either order), as AWS reads them. */
function rolePairs(values: string[]): { role: string; provider: string }[] {
  const pairs: { role: string; provider: string }[] = [];
  for (const value of values) {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length !== 2) continue;
    const provider = parts.find((p) => parseSamlProviderArn(p) !== undefined);
    const role = parts.find((p) => p !== provider);
    if (provider && role) pairs.push({ role, provider });
  }
  return pairs;
}

/** saml:namequalifier: BASE64(SHA1(issuer + account id + "/" + provider name)), as the IAM User Guide gives it. */
export function samlNameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
}

function subjectType(format: string | undefined): string {
  if (!format) return 'unspecified';
  return NAMEID_TYPES[format] ?? format;
}

export class SamlFederation {
  private readonly providers: SamlProviders;

  constructor(private readonly sts: Sts) {
    this.providers = new SamlProviders(sts.store);
  }

  async assumeRoleWithSaml(input: AssumeRoleWithSAMLRequest, ctx: RequestContext): Promise<AssumeRoleWithSAMLResponse> {
    const now = ctx.receivedAt;
    const target = checkRoleArn(input.RoleArn);
    const providerArn = parseSamlProviderArn(input.PrincipalArn);
    if (!providerArn) throw commonErrors.ValidationError(`${input.PrincipalArn} is invalid`);
    const provider = providerArn.accountId === target.accountId ? await this.providers.find(input.PrincipalArn) : undefined;
    if (!provider) throw invalidToken(`Specified provider doesn't exist`);
    if (provider.validUntil && provider.validUntil.getTime() <= now.getTime()) throw invalidToken("Specified provider's metadata has expired");

    const claims = await verifySamlResponse(input.SAMLAssertion, provider);
    if (claims.issuer !== provider.entityId) throw invalidToken('Issuer not present in specified provider');
    if (claims.issueInstant && now.getTime() - claims.issueInstant.getTime() > REDEEM_WITHIN_MS) {
      throw errors.ExpiredTokenException('Token must be redeemed within 5 minutes of issuance');
    }
    if (claims.notOnOrAfter && now.getTime() >= claims.notOnOrAfter.getTime()) throw errors.ExpiredTokenException('Response has expired');
    if (claims.notBefore && now.getTime() < claims.notBefore.getTime()) throw invalidToken('Invalid SAML response: it is not valid yet (NotBefore).');
    if (!claims.audiences.some((a) => AWS_ENDPOINT.test(a) || a === LEGACY_AUDIENCE)) throw invalidToken('Invalid SAML response: its Audience is not AWS.');
    if (!claims.recipient || !AWS_ENDPOINT.test(claims.recipient)) throw invalidToken('Invalid SAML response: its Recipient is not AWS.');
    if (!claims.subject) throw invalidToken('Invalid SAML response: it has no Subject NameID.');

    const pairs = rolePairs(claims.attributes.get(ROLE) ?? []);
    if (!pairs.some((p) => p.role === input.RoleArn && p.provider === input.PrincipalArn)) throw commonErrors.AccessDenied(NOT_AUTHORIZED);
    const sessionName = claims.attributes.get(ROLE_SESSION_NAME)?.[0];
    if (sessionName === undefined) throw invalidToken('RoleSessionName is required in AuthnResponse');
    if (!ROLE_SESSION_NAME_PATTERN.test(sessionName)) throw invalidToken(`Invalid RoleSessionName in AuthnResponse: ${sessionName}`);
    const sourceIdentity = claims.attributes.get(SOURCE_IDENTITY)?.[0];
    if (sourceIdentity !== undefined && (!SOURCE_IDENTITY_PATTERN.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))) {
      throw invalidToken(`Invalid SourceIdentity in AuthnResponse: ${sourceIdentity}`);
    }
    // AWS: the session lasts DurationSeconds (one hour by default) or until the AuthnStatement's
    // SessionNotOnOrAfter, whichever is shorter. The SessionDuration attribute is the console session's length
    // (the federation endpoint's), which the API does not use.
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (claims.sessionNotOnOrAfter && claims.sessionNotOnOrAfter.getTime() <= now.getTime()) throw errors.ExpiredTokenException('Response has expired');
    const tagInput = {
      Tags: [...claims.attributes.entries()].filter(([name]) => name.startsWith(PRINCIPAL_TAG)).map(([name, values]) => ({ Key: name.slice(PRINCIPAL_TAG.length), Value: values[0] ?? '' })),
      TransitiveTagKeys: claims.attributes.get(TRANSITIVE_TAG_KEYS),
    };
    const tags = sessionTagsFor(tagInput);

    const iam = this.sts.iam;
    const role = await iam.roles.find(target.accountId, target.roleName);
    const context = this.trustContext(claims, provider, now, ctx.region, sessionName, sourceIdentity, tagInput);
    // The role's tags, as aws:ResourceTag/* and iam:ResourceTag/* (the role resource type's keys).
    for (const tag of role ? await iam.roles.tags(role.accountId, role.roleName) : []) {
      context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
      context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
    }
    const actions = ['sts:AssumeRoleWithSAML'];
    if (tagInput.Tags.length > 0) actions.push('sts:TagSession');
    if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
    // The caller, for the audit trail: the federated subject, in the role's account.
    const caller = { accountId: target.accountId, arn: input.PrincipalArn, userId: claims.subject, type: 'anonymous' as const, accessKeyId: '', name: claims.subject };
    for (const action of actions) {
      const decision = role && role.arn === input.RoleArn ? await this.sts.checkTrust(role, provider.arn, context, action) : undefined;
      this.sts.audit.record({
        time: now,
        ...callerFields(caller),
        kind: 'api',
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRoleWithSAML',
        region: ctx.region,
        sourceIp: ctx.sourceIp,
        userAgent: ctx.userAgent,
        roleArn: input.RoleArn,
        action,
        resource: input.RoleArn,
        decision: decision?.decision ?? 'implicitDeny',
        errorCode: decision?.decision === 'allowed' ? undefined : 'AccessDenied',
        detail: decision
          ? { policyType: 'trust', matchedStatements: decision.matchedStatements, explanation: decision.explanation, subject: claims.subject }
          : { explanation: 'The role does not exist.' },
        requestId: ctx.requestId,
      });
      if (decision?.decision !== 'allowed') throw commonErrors.AccessDenied(action === 'sts:AssumeRoleWithSAML' ? NOT_AUTHORIZED : `Not authorized to perform ${action}`);
    }
    if (!role) throw commonErrors.AccessDenied(NOT_AUTHORIZED);
    checkRoleDuration(role, duration);
    const sessionPolicy = await sessionPolicyDocument(iam, input);
    const packed = input.Policy !== undefined || (input.PolicyArns?.length ?? 0) > 0 || tags !== undefined ? packedPolicyPercent(input, tags?.tags) : undefined;

    const session: RoleSessionRecord = {
      ...roleSessionIdentity(role, sessionName),
      sourceArn: provider.arn,
      region: ctx.region,
      createdAt: now,
      expiration: new Date(Math.min(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000, claims.sessionNotOnOrAfter?.getTime() ?? Infinity)),
      sessionPolicy,
      sessionTags: tags?.tags,
      transitiveTagKeys: tags && tags.transitiveKeys.length > 0 ? tags.transitiveKeys : undefined,
    };
    await this.sts.sessions.insert(session);
    await this.sts.markRoleUsed(role, ctx.region, now);
    return {
      Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration },
      AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: session.assumedRoleArn },
      PackedPolicySize: packed,
      Subject: claims.subject,
      SubjectType: subjectType(claims.subjectFormat),
      Issuer: claims.issuer,
      Audience: claims.recipient,
      NameQualifier: samlNameQualifier(claims.issuer, provider.accountId, provider.name),
      SourceIdentity: sourceIdentity,
    };
  }

  /** The trust policy's context: the SAML keys AWS documents, the session's name, tags and source identity. */
  private trustContext(
    claims: SamlClaims,
    provider: SamlProvider,
    now: Date,
    region: string,
    sessionName: string,
    sourceIdentity: string | undefined,
    tagInput: { Tags: { Key: string; Value: string }[]; TransitiveTagKeys?: string[] },
  ): ContextValues {
    const context: ContextValues = {
      ...timeContext(now),
      'aws:RequestedRegion': region,
      'saml:aud': claims.recipient!,
      'saml:iss': claims.issuer,
      'saml:sub': claims.subject,
      'saml:sub_type': subjectType(claims.subjectFormat),
      'saml:namequalifier': samlNameQualifier(claims.issuer, provider.accountId, provider.name),
      'saml:doc': `${provider.accountId}/${provider.name}`,
      'sts:RoleSessionName': sessionName,
    };
    for (const [name, values] of claims.attributes) {
      for (const key of ATTRIBUTE_KEYS[name] ?? []) context[key] = values.length === 1 ? values[0] : values;
    }
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    if (tagInput.Tags.length > 0) {
      for (const tag of tagInput.Tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
      context['aws:TagKeys'] = tagInput.Tags.map((t) => t.Key);
    }
    if (tagInput.TransitiveTagKeys?.length) context['sts:TransitiveTagKeys'] = tagInput.TransitiveTagKeys;
    return context;
  }
}

/** STS's AssumeRoleWithSAML binding: no permission of a caller (the call is unsigned); the trust policy decides. */
export function samlOperations(sts: Sts): ServiceOperations<Operations> {
  const federation = new SamlFederation(sts);
  return {
    AssumeRoleWithSAML: {
      summary: 'Unsigned: the SAMLResponse verified with xml-crypto against the provider\'s certificates (no signature wrapping), its claims checked, the trust policy decided with the SAML keys; a role session',
      authorize: () => [],
      handle: (input, ctx) => federation.assumeRoleWithSaml(input, ctx),
    },
  };
}
