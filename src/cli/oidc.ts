// `linkedrole oidc ...`: an identity provider of your own for AssumeRoleWithWebIdentity, offline. `keygen` makes a
// signing key pair and registers its public half as the issuer's JWKS in the server's data dir; `register`
// registers a JWKS you have (a real IdP's, saved from its jwks_uri); `mint` signs an ID token with a private key.
// The server verifies every token it is given against the registered keys: nothing here skips a check.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { IssuerKeys, issuerKeysDir, TAGS_CLAIM, TOKEN_ALGORITHMS } from '../services/sts/web-identity.js';

interface KeygenOptions {
  issuer: string;
  out: string;
  alg: string;
  kid?: string;
  dataDir: string;
  add?: boolean;
}

interface MintOptions {
  key: string;
  issuer: string;
  sub: string;
  aud: string[];
  azp?: string;
  expiresIn: string;
  notBefore?: string;
  claim: string[];
  claims?: string;
  tag: string[];
  transitive: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The private key file `keygen` writes: the JWK with its issuer, so `mint` needs only the file. */
interface KeyFile {
  issuer: string;
  jwk: JWK;
}

export function registerOidcCommands(program: Command): void {
  const oidc = program.command('oidc').description('An OpenID Connect identity provider of your own: signing keys, their registration with the server, ID tokens');

  oidc
    .command('keygen')
    .description("Make a signing key pair for an issuer: the private key to a file, the public key registered as the issuer's JWKS")
    .requiredOption('--issuer <url>', 'the issuer URL (an IAM OIDC provider\'s Url, e.g. https://idp.example.com)')
    .requiredOption('--out <file>', 'where to write the private key (JSON)')
    .option('--alg <alg>', `the signing algorithm: ${TOKEN_ALGORITHMS.join(', ')}`, 'RS256')
    .option('--kid <id>', 'the key id (default: a new UUID)')
    .option('--add', "keep the issuer's keys registered so far (a key rotation) instead of replacing them")
    .option('--data-dir <dir>', 'the data dir of the server', './.linkedrole')
    .action(async (opts: KeygenOptions) => {
      if (!TOKEN_ALGORITHMS.includes(opts.alg)) fail(`--alg must be one of ${TOKEN_ALGORITHMS.join(', ')}`);
      const { publicKey, privateKey } = await generateKeyPair(opts.alg, { extractable: true });
      const kid = opts.kid ?? randomUUID();
      const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: opts.alg, use: 'sig' };
      const pub: JWK = { ...(await exportJWK(publicKey)), kid, alg: opts.alg, use: 'sig' };
      const keys = new IssuerKeys(issuerKeysDir(opts.dataDir));
      const kept = opts.add ? (keys.keysFor(opts.issuer)?.keys ?? []).filter((k) => k.kid !== kid) : [];
      register(keys, opts.issuer, { keys: [...kept, pub] });
      writeFileSync(opts.out, `${JSON.stringify({ issuer: opts.issuer, jwk } satisfies KeyFile, null, 2)}\n`, { mode: 0o600 });
      process.stdout.write(`${JSON.stringify({ issuer: opts.issuer, kid, alg: opts.alg, keyFile: opts.out, jwks: { keys: [...kept, pub] } }, null, 2)}\n`);
    });

  oidc
    .command('register')
    .description("Register a JWKS (public keys, e.g. saved from an IdP's jwks_uri) as an issuer's keys")
    .requiredOption('--issuer <url>', 'the issuer URL')
    .requiredOption('--jwks <file>', 'the JWKS file: {"keys": [...]}')
    .option('--data-dir <dir>', 'the data dir of the server', './.linkedrole')
    .action((opts: { issuer: string; jwks: string; dataDir: string }) => {
      let jwks: JSONWebKeySet;
      try {
        jwks = JSON.parse(readFileSync(opts.jwks, 'utf8')) as JSONWebKeySet;
      } catch (error) {
        fail(`cannot read the JWKS ${opts.jwks}: ${(error as Error).message}`);
      }
      register(new IssuerKeys(issuerKeysDir(opts.dataDir)), opts.issuer, jwks);
      process.stdout.write(`${JSON.stringify({ issuer: opts.issuer, keys: jwks.keys.length }, null, 2)}\n`);
    });

  oidc
    .command('mint')
    .description('Sign an ID token (a JWT) with a key from `oidc keygen`; prints the token')
    .requiredOption('--key <file>', 'the private key file written by `oidc keygen`')
    .requiredOption('--sub <subject>', 'the sub claim')
    .option('--aud <audience>', 'an aud claim (repeat for several)', collect, [])
    .option('--issuer <url>', 'the iss claim (default: the key file\'s issuer)')
    .option('--azp <client>', 'the azp claim (authorized party)')
    .option('--expires-in <seconds>', 'exp, in seconds from now (negative: already expired)', '3600')
    .option('--not-before <seconds>', 'nbf, in seconds from now')
    .option('--claim <name=value>', 'another claim, a string (repeat for several)', collect, [])
    .option('--claims <json>', 'more claims, as a JSON object')
    .option('--tag <key=value>', `a session tag, in the ${TAGS_CLAIM} claim (repeat for several)`, collect, [])
    .option('--transitive <key>', 'a transitive session tag key (repeat for several)', collect, [])
    .action(async (opts: MintOptions) => {
      let file: KeyFile;
      try {
        file = JSON.parse(readFileSync(opts.key, 'utf8')) as KeyFile;
        if (!file.jwk?.alg || !('d' in file.jwk)) throw new Error('no private JWK');
      } catch (error) {
        fail(`${opts.key} is not a key file of \`linkedrole oidc keygen\` (${(error as Error).message})`);
      }
      const claims: Record<string, unknown> = { ...(opts.claims ? (JSON.parse(opts.claims) as Record<string, unknown>) : {}) };
      for (const pair of opts.claim) claims[name(pair)] = value(pair);
      if (opts.azp) claims.azp = opts.azp;
      if (opts.tag.length > 0 || opts.transitive.length > 0) {
        claims[TAGS_CLAIM] = {
          principal_tags: Object.fromEntries(opts.tag.map((pair) => [name(pair), [value(pair)]])),
          ...(opts.transitive.length > 0 ? { transitive_tag_keys: opts.transitive } : {}),
        };
      }
      const seconds = (text: string, option: string): number => {
        const n = Number(text);
        if (!Number.isInteger(n)) fail(`${option} must be a whole number of seconds, not ${text}`);
        return n;
      };
      const expiresIn = seconds(opts.expiresIn, '--expires-in');
      const notBefore = opts.notBefore !== undefined ? seconds(opts.notBefore, '--not-before') : undefined;
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: file.jwk.alg!, kid: file.jwk.kid, typ: 'JWT' })
        .setIssuer(opts.issuer ?? file.issuer)
        .setSubject(opts.sub)
        .setIssuedAt(now)
        .setJti(randomUUID())
        .setExpirationTime(now + expiresIn);
      if (opts.aud.length > 0) jwt.setAudience(opts.aud.length === 1 ? opts.aud[0] : opts.aud);
      if (notBefore !== undefined) jwt.setNotBefore(now + notBefore);
      process.stdout.write(`${await jwt.sign(await importJWK(file.jwk, file.jwk.alg))}\n`);
    });
}

function register(keys: IssuerKeys, issuer: string, jwks: JSONWebKeySet): void {
  try {
    keys.register(issuer, jwks);
  } catch (error) {
    fail((error as Error).message);
  }
}

function name(pair: string): string {
  const at = pair.indexOf('=');
  if (at <= 0) fail(`expected name=value, not ${pair}`);
  return pair.slice(0, at);
}

function value(pair: string): string {
  return pair.slice(pair.indexOf('=') + 1);
}

function fail(message: string): never {
  process.stderr.write(`linkedrole oidc: ${message}\n`);
  process.exit(2);
}
