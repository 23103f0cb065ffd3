// `linkedrole saml keygen | metadata | mint`: a SAML identity provider whose keys the user controls, for
// driving AssumeRoleWithSAML offline. keygen writes an RSA key and a self-signed certificate (sshpk);
// metadata prints the IdP metadata IAM's CreateSAMLProvider takes; mint prints a base64 SAMLResponse
// signed with xml-crypto (the assertion, the response, both, or neither, for tests of the refusals). The
// server verifies what these commands make exactly as it verifies any IdP's: nothing here skips a check.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import sshpk from 'sshpk';
import { SignedXml } from 'xml-crypto';

export const AWS_SAML_ENDPOINT = 'https://signin.aws.amazon.com/saml';
export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
export const SOURCE_IDENTITY_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SourceIdentity';
export const TRANSITIVE_TAG_KEYS_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys';
export const PRINCIPAL_TAG_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:';

export interface IdpKeys {
  /** PKCS#1 PEM RSA private key. */
  privateKey: string;
  /** PEM self-signed X.509 certificate of the key. */
  certificate: string;
}

/** A new RSA 2048 key and a self-signed certificate for it, valid `days` days. */
export function generateIdpKeys(commonName = 'linkedrole-idp', days = 365): IdpKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = sshpk.parsePrivateKey(pem, 'pem');
  const certificate = sshpk.createSelfSignedCertificate(sshpk.identityFromDN(`CN=${commonName}`), key, { lifetime: days * 86400 }).toString('pem');
  return { privateKey: pem, certificate };
}

function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The IdP's SAML 2.0 metadata: its entityID, its signing certificate(s), an SSO endpoint, optionally validUntil. */
export function idpMetadata(options: { entityId: string; certificates: string[]; validUntil?: Date; ssoUrl?: string }): string {
  const keys = options.certificates
    .map(
      (cert) =>
        `    <md:KeyDescriptor use="signing">\n      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\n        <ds:X509Data>\n          <ds:X509Certificate>${certificateBody(cert)}</ds:X509Certificate>\n        </ds:X509Data>\n      </ds:KeyInfo>\n    </md:KeyDescriptor>`,
    )
    .join('\n');
  const validUntil = options.validUntil ? ` validUntil="${options.validUntil.toISOString()}"` : '';
  const sso = escapeXml(options.ssoUrl ?? 'https://idp.example.com/sso');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(options.entityId)}"${validUntil}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${keys}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

export interface MintOptions {
  keys: IdpKeys;
  /** The IdP's entityID (the assertion's Issuer). */
  issuer: string;
  /** NameID. */
  subject: string;
  /** NameID Format: a full URN, or persistent / transient / unspecified / emailAddress. */
  subjectFormat?: string;
  nameQualifier?: string;
  /** Values of the Role attribute: "roleArn,providerArn". */
  roles: string[];
  sessionName?: string;
  sessionDuration?: number;
  sourceIdentity?: string;
  /** PrincipalTag:KEY attributes. */
  principalTags?: Record<string, string>;
  transitiveTagKeys?: string[];
  /** Other attributes, by Name, each with its values. */
  attributes?: Record<string, string[]>;
  audience?: string;
  recipient?: string;
  /** When the response is issued (default now); NotBefore is this, NotOnOrAfter this plus `lifetimeSeconds`. */
  issueInstant?: Date;
  lifetimeSeconds?: number;
  /** The AuthnStatement's SessionNotOnOrAfter, in seconds after issue (none by default): caps the session. */
  sessionLifetimeSeconds?: number;
  /** What is signed: the assertion (default), the response, both, or none. */
  sign?: 'assertion' | 'response' | 'both' | 'none';
}

const NAMEID_FORMATS: Record<string, string> = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
};

function attribute(name: string, values: string[]): string {
  return `<saml:Attribute Name="${escapeXml(name)}">${values.map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
}

/** The unsigned SAMLResponse XML, and the IDs of its Response and Assertion. */
export function samlResponseXml(options: MintOptions): { xml: string; responseId: string; assertionId: string } {
  const issued = options.issueInstant ?? new Date();
  const until = new Date(issued.getTime() + (options.lifetimeSeconds ?? 300) * 1000);
  const responseId = `_${randomUUID()}`;
  const assertionId = `_${randomUUID()}`;
  const format = NAMEID_FORMATS[options.subjectFormat ?? 'persistent'] ?? options.subjectFormat!;
  const attributes: string[] = [attribute(ROLE_ATTRIBUTE, options.roles)];
  if (options.sessionName !== undefined) attributes.push(attribute(SESSION_NAME_ATTRIBUTE, [options.sessionName]));
  if (options.sessionDuration !== undefined) attributes.push(attribute(SESSION_DURATION_ATTRIBUTE, [String(options.sessionDuration)]));
  if (options.sourceIdentity !== undefined) attributes.push(attribute(SOURCE_IDENTITY_ATTRIBUTE, [options.sourceIdentity]));
  for (const [key, value] of Object.entries(options.principalTags ?? {})) attributes.push(attribute(`${PRINCIPAL_TAG_ATTRIBUTE}${key}`, [value]));
  if (options.transitiveTagKeys?.length) attributes.push(attribute(TRANSITIVE_TAG_KEYS_ATTRIBUTE, options.transitiveTagKeys));
  for (const [name, values] of Object.entries(options.attributes ?? {})) attributes.push(attribute(name, values));
  const sessionUntil = options.sessionLifetimeSeconds !== undefined ? ` SessionNotOnOrAfter="${new Date(issued.getTime() + options.sessionLifetimeSeconds * 1000).toISOString()}"` : '';
  const qualifier = options.nameQualifier !== undefined ? ` NameQualifier="${escapeXml(options.nameQualifier)}"` : '';
  const issuer = escapeXml(options.issuer);
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${issued.toISOString()}" Destination="${escapeXml(options.recipient ?? AWS_SAML_ENDPOINT)}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${issued.toISOString()}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${escapeXml(format)}"${qualifier}>${escapeXml(options.subject)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until.toISOString()}" Recipient="${escapeXml(options.recipient ?? AWS_SAML_ENDPOINT)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${issued.toISOString()}" NotOnOrAfter="${until.toISOString()}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience ?? AWS_SAML_ENDPOINT)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued.toISOString()}" SessionIndex="${assertionId}"${sessionUntil}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes.join('')}</saml:AttributeStatement>` +
    `</saml:Assertion></samlp:Response>`;
  return { xml, responseId, assertionId };
}

/** Signs the element with ID `id` (enveloped, exclusive C14N, RSA-SHA256), the signature placed after its Issuer. */
export function signElement(xml: string, id: string, keys: IdpKeys): string {
  const signer = new SignedXml({
    privateKey: keys.privateKey,
    publicCert: keys.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: `//*[@ID='${id}']`,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: `//*[@ID='${id}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

/** A SAMLResponse as an IdP posts it: signed as asked, base64. */
export function mintSamlResponse(options: MintOptions): string {
  const { xml, responseId, assertionId } = samlResponseXml(options);
  const sign = options.sign ?? 'assertion';
  let signed = xml;
  if (sign === 'assertion' || sign === 'both') signed = signElement(signed, assertionId, options.keys);
  if (sign === 'response' || sign === 'both') signed = signElement(signed, responseId, options.keys);
  return Buffer.from(signed, 'utf8').toString('base64');
}

function readKeys(keyFile: string, certFile: string): IdpKeys {
  return { privateKey: readFileSync(keyFile, 'utf8'), certificate: readFileSync(certFile, 'utf8') };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function pairs(values: string[], what: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new Error(`${what} must be NAME=VALUE: ${value}`);
    (out[value.slice(0, eq)] ??= []).push(value.slice(eq + 1));
  }
  return out;
}

export function registerSamlCommands(program: Command): void {
  const saml = program.command('saml').description('A SAML identity provider with your own keys, for AssumeRoleWithSAML (docs/federation.md)');
  saml
    .command('keygen')
    .description('Write an RSA private key and a self-signed certificate for it (PEM)')
    .requiredOption('--key-out <file>', 'where to write the private key')
    .requiredOption('--cert-out <file>', 'where to write the certificate')
    .option('--common-name <name>', 'the certificate\'s CN', 'linkedrole-idp')
    .option('--days <n>', 'days the certificate is valid', (v) => Number.parseInt(v, 10), 365)
    .action((opts: { keyOut: string; certOut: string; commonName: string; days: number }) => {
      const keys = generateIdpKeys(opts.commonName, opts.days);
      writeFileSync(opts.keyOut, keys.privateKey, { mode: 0o600 });
      writeFileSync(opts.certOut, keys.certificate);
    });
  saml
    .command('metadata')
    .description('Print the IdP metadata document for CreateSAMLProvider')
    .requiredOption('--entity-id <id>', 'the IdP\'s entityID (the Issuer of its assertions)')
    .requiredOption('--cert <file>', 'the signing certificate (PEM); repeat for several', collect)
    .option('--valid-until <time>', 'the metadata\'s validUntil (ISO 8601)')
    .action((opts: { entityId: string; cert: string[]; validUntil?: string }) => {
      const certificates = opts.cert.map((file) => readFileSync(file, 'utf8'));
      process.stdout.write(idpMetadata({ entityId: opts.entityId, certificates, validUntil: opts.validUntil ? new Date(opts.validUntil) : undefined }));
    });
  saml
    .command('mint')
    .description('Print a signed, base64 SAMLResponse for AssumeRoleWithSAML (with --json, also the matching metadata)')
    .requiredOption('--key <file>', 'the IdP\'s private key (PEM)')
    .requiredOption('--cert <file>', 'the IdP\'s certificate (PEM)')
    .requiredOption('--issuer <entityId>', 'the IdP\'s entityID')
    .requiredOption('--subject <nameId>', 'the NameID (saml:sub)')
    .requiredOption('--role <roleArn,providerArn>', 'a Role attribute value; repeat for several', collect)
    .option('--subject-format <format>', 'persistent, transient, unspecified, emailAddress or a URN', 'persistent')
    .option('--name-qualifier <value>', 'the NameID\'s NameQualifier')
    .option('--session-name <name>', 'the RoleSessionName attribute')
    .option('--session-duration <seconds>', 'the SessionDuration attribute (the console session\'s length; the API does not use it)', (v) => Number.parseInt(v, 10))
    .option('--session-lifetime <seconds>', 'SessionNotOnOrAfter, seconds after issue: the session ends then at the latest', (v) => Number.parseInt(v, 10))
    .option('--source-identity <value>', 'the SourceIdentity attribute')
    .option('--tag <key=value>', 'a PrincipalTag:KEY attribute (a session tag); repeat for several', collect)
    .option('--transitive-tag-key <key>', 'a TransitiveTagKeys value; repeat for several', collect)
    .option('--attribute <name=value>', 'another attribute value (repeat a name for several values)', collect)
    .option('--audience <url>', 'the Audience', AWS_SAML_ENDPOINT)
    .option('--recipient <url>', 'the Recipient (and Destination)', AWS_SAML_ENDPOINT)
    .option('--lifetime <seconds>', 'seconds from issue to NotOnOrAfter', (v) => Number.parseInt(v, 10), 300)
    .option('--issue-instant <time>', 'when it is issued (ISO 8601; default now)')
    .option('--sign <what>', 'assertion, response, both or none', 'assertion')
    .option('--json', 'print {"SAMLResponse", "metadata"} as JSON')
    .action((opts: {
      key: string; cert: string; issuer: string; subject: string; role: string[]; subjectFormat: string; nameQualifier?: string; sessionName?: string;
      sessionDuration?: number; sourceIdentity?: string; tag?: string[]; transitiveTagKey?: string[]; attribute?: string[]; audience: string; recipient: string;
      lifetime: number; sessionLifetime?: number; issueInstant?: string; sign: string; json?: boolean;
    }) => {
      if (!['assertion', 'response', 'both', 'none'].includes(opts.sign)) throw new Error(`--sign must be assertion, response, both or none: ${opts.sign}`);
      const keys = readKeys(opts.key, opts.cert);
      const tags = Object.fromEntries(Object.entries(pairs(opts.tag ?? [], '--tag')).map(([k, v]) => [k, v[v.length - 1]]));
      const response = mintSamlResponse({
        keys,
        issuer: opts.issuer,
        subject: opts.subject,
        subjectFormat: opts.subjectFormat,
        nameQualifier: opts.nameQualifier,
        roles: opts.role,
        sessionName: opts.sessionName,
        sessionDuration: opts.sessionDuration,
        sourceIdentity: opts.sourceIdentity,
        principalTags: tags,
        transitiveTagKeys: opts.transitiveTagKey,
        attributes: pairs(opts.attribute ?? [], '--attribute'),
        audience: opts.audience,
        recipient: opts.recipient,
        lifetimeSeconds: opts.lifetime,
        sessionLifetimeSeconds: opts.sessionLifetime,
        issueInstant: opts.issueInstant ? new Date(opts.issueInstant) : undefined,
        sign: opts.sign as MintOptions['sign'],
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ SAMLResponse: response, metadata: idpMetadata({ entityId: opts.issuer, certificates: [keys.certificate] }) }, null, 2)}\n`);
      } else process.stdout.write(`${response}\n`);
    });
}
