#!/usr/bin/env node
// Generates src/aws/generated/ from the service models the server serves (data/aws-models/, data/extension-models/):
// per model, a TypeScript type for every shape an operation reaches, each operation's input, output and the error
// codes its model lists (`Operations`), and a factory per error shape (`errors`: the code, HTTP status and sender
// fault the model gives); and from the table below, the errors every operation of a protocol may answer (common.ts).
// The types follow what the protocol decoders produce (src/aws/protocols/): timestamps are Dates, blobs
// Buffers, numbers numbers, enums unions of their values.
//   node scripts/generate-api.mjs            writes src/aws/generated/
//   node scripts/generate-api.mjs --out DIR  writes DIR instead (the freshness test compares the two)
// Hand-written: TypeScript's own emitters do not know botocore's model format, and the few tools that do
// (smithy-typescript) work from Smithy models and generate whole clients, not server types.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex === -1 ? join(root, 'src/aws/generated') : process.argv[outIndex + 1];

const MODEL_DIRS = ['data/aws-models', 'data/extension-models'];

/**
 * Errors AWS documents as common to every action of a protocol family, with the status each answers with: the
 * "Common Errors" pages of the API references (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html,
 * .../STS/latest/APIReference/CommonErrors.html, and the same page of CloudTrail's, Lex V2's and AppIntegrations'
 * references; the older form of the page adds the Query protocol's InvalidParameterValue, InvalidParameterCombination,
 * MissingAction and MissingParameter); and the codes linkedrole's wire answers itself (unknown operations, bodies,
 * services). An operation may throw these besides the errors its model lists.
 */
const COMMON_ERRORS = {
  query: {
    // IAM and STS answer a refused permission as AccessDenied with 403 (recorded from both; the Common Errors page
    // names AccessDeniedException), and refuse a malformed parameter as ValidationError, InvalidParameterValue or
    // MissingParameter.
    AccessDenied: 403,
    ValidationError: 400,
    InvalidParameterValue: 400,
    InvalidParameterCombination: 400,
    MissingParameter: 400,
    ThrottlingException: 400,
    ServiceFailure: 500,
    InternalFailure: 500,
    ServiceUnavailable: 503,
    // Authentication and the request itself.
    IncompleteSignature: 400,
    InvalidAction: 400,
    MissingAction: 400,
    InvalidClientTokenId: 403,
    MissingAuthenticationToken: 403,
    SignatureDoesNotMatch: 403,
    ExpiredToken: 403,
    RequestExpired: 400,
    OptInRequired: 403,
    NotAuthorized: 400,
  },
  json: {
    AccessDeniedException: 403,
    ValidationException: 400,
    ThrottlingException: 400,
    InternalServerException: 500,
    InternalFailure: 500,
    ServiceUnavailable: 503,
    SerializationException: 400,
    UnknownOperationException: 404,
    IncompleteSignatureException: 400,
    InvalidSignatureException: 403,
    UnrecognizedClientException: 403,
    MissingAuthenticationTokenException: 403,
    ExpiredTokenException: 403,
    RequestExpired: 400,
    NotAuthorized: 400,
  },
  // linkedrole's own, answered in any protocol before an operation is found: a signing name it does not serve, a
  // region of the partition where the service has no endpoint (in AWS the host name does not resolve), a body over
  // the size limit or cut short. No AWS endpoint answers these (each is answered by another endpoint or by none).
  wire: {
    UnknownService: 400,
    UnsupportedRegionException: 400,
    RequestEntityTooLarge: 413,
    RequestAborted: 400,
  },
};

/**
 * Errors linkedrole answers for an operation although its model does not list them for it, by model and operation,
 * each with why (botocore's per-operation lists are not complete). They join the operation's `errors` and the set
 * the strict check accepts (src/aws/service.ts); anything else an operation throws outside its model is a bug.
 */
const BEYOND_MODEL = {
  iam: {
    // A PermissionsBoundary that does not exist, or is a service-role policy: the texts of AttachRolePolicy
    // (NoSuchEntity "Policy ... does not exist or is not attachable.", PolicyNotAttachable), which AWS answers for a
    // boundary as for an attachment.
    CreateRole: { NoSuchEntity: 'the boundary policy does not exist', PolicyNotAttachable: 'the boundary is a service-role policy' },
    CreateUser: { NoSuchEntity: 'the boundary policy does not exist', PolicyNotAttachable: 'the boundary is a service-role policy' },
    // A role that is not service-linked (docs/iam.md).
    DeleteServiceLinkedRole: { InvalidInput: 'the role is not service-linked' },
  },
  accessanalyzer: {
    // The archive rules of an analyzer that does not exist; a recommendation for an analyzer or a finding that
    // does not exist (docs/insight.md).
    ListArchiveRules: { ResourceNotFoundException: 'the analyzer does not exist' },
    GenerateFindingRecommendation: { ResourceNotFoundException: 'the analyzer or the finding does not exist' },
  },
  appintegrations: {
    // Renaming a data integration to the name of another (docs/appintegrations.md).
    UpdateDataIntegration: { DuplicateResourceException: 'the new name is taken' },
  },
  'lexv2-models': {
    // The locales, intents, versions or aliases of a bot (or bot version, locale) that does not exist.
    ListBotLocales: { ResourceNotFoundException: 'the bot does not exist' },
    ListIntents: { ResourceNotFoundException: 'the bot, its version or its locale does not exist' },
    ListBotVersions: { ResourceNotFoundException: 'the bot does not exist' },
    ListBotAliases: { ResourceNotFoundException: 'the bot does not exist' },
    ListSlotTypes: { ResourceNotFoundException: 'the bot, its version or its locale does not exist' },
    ListSlots: { ResourceNotFoundException: 'the bot, its version, its locale or the intent does not exist' },
    // The replicas of a bot that does not exist, or of a replica region it has no replica in (docs/lex.md).
    ListBotReplicas: { ResourceNotFoundException: 'the bot does not exist' },
    ListBotAliasReplicas: { ResourceNotFoundException: 'the bot or its replica does not exist' },
    ListBotVersionReplicas: { ResourceNotFoundException: 'the bot or its replica does not exist' },
  },
};

/** The same, for every operation of a model whose input has a member of the name. */
const BEYOND_MODEL_BY_MEMBER = {
  // IAM's paging: a Marker that is not one of ours is InvalidInput "Invalid Marker." on every list.
  iam: { Marker: { InvalidInput: 'the Marker is not valid' } },
};

/** The errors (code: why) linkedrole answers for `operation` of model `name` beyond those its model lists. */
function beyondModel(name, model, operation) {
  const input = operation.input ? model.shapes[operation.input.shape] : undefined;
  const byMember = Object.entries(BEYOND_MODEL_BY_MEMBER[name] ?? {}).filter(([member]) => input?.members?.[member]);
  const listed = new Set((operation.errors ?? []).map((e) => errorCode(e.shape, model.shapes[e.shape])));
  const codes = Object.assign({}, ...byMember.map(([, codes]) => codes), BEYOND_MODEL[name]?.[operation.name]);
  return Object.fromEntries(Object.entries(codes).filter(([code]) => !listed.has(code)));
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names a declared shape must not take: the module's own exports and the globals its types use. */
const TAKEN = new Set(['Operations', 'errors', 'Date', 'Buffer', 'Record', 'Array', 'Partial']);

function modelFiles() {
  return MODEL_DIRS.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ name: basename(f, '.json'), source: `${dir}/${f}` })),
  );
}

function typeName(name) {
  return TAKEN.has(name) ? `${name}Shape` : name;
}

function propertyName(name) {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** The wire code of an error shape: Query's `error.code` where the model gives one, else the shape's name. */
function errorCode(name, shape) {
  return shape.error?.code ?? name;
}

function errorStatus(shape) {
  return shape.error?.httpStatusCode ?? 400;
}

/** The model's sender fault where it says (Query), else a `fault` shape is the server's, else the status decides. */
function senderFault(shape) {
  if (shape.error?.senderFault !== undefined) return shape.error.senderFault;
  if (shape.fault) return false;
  return errorStatus(shape) < 500;
}

function generateModel({ name, source }) {
  const model = JSON.parse(readFileSync(join(root, source), 'utf8'));
  const shapes = model.shapes;
  const declared = new Set();
  const order = [];

  /** The TypeScript type of a reference to `shapeName`; structures and enums are declared once, by name. */
  function refType(shapeName) {
    const shape = shapes[shapeName];
    if (!shape) throw new Error(`${source}: unknown shape ${shapeName}`);
    switch (shape.type) {
      case 'structure':
        declare(shapeName);
        // An event stream is a sequence of events, each one member of its union (as the SDK types it).
        return shape.eventstream ? `AsyncIterable<${typeName(shapeName)}>` : typeName(shapeName);
      case 'list':
        return `${refType(shape.member.shape)}[]`;
      case 'map':
        return `Record<string, ${refType(shape.value.shape)}>`;
      case 'string':
        if (shape.enum) {
          declare(shapeName);
          return typeName(shapeName);
        }
        return 'string';
      case 'integer':
      case 'long':
      case 'double':
      case 'float':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'blob':
        return 'Buffer';
      default:
        throw new Error(`${source}: shape ${shapeName} has type ${shape.type}, which the generator does not know`);
    }
  }

  function declare(shapeName) {
    if (declared.has(shapeName)) return;
    declared.add(shapeName);
    const shape = shapes[shapeName];
    if (shape.type === 'string') {
      order.push(`export type ${typeName(shapeName)} = ${shape.enum.map((v) => JSON.stringify(v)).join(' | ')};`);
      return;
    }
    const slot = order.length;
    order.push('');
    const required = new Set(shape.required ?? []);
    const members = Object.entries(shape.members ?? {}).map(
      ([member, ref]) => `  ${propertyName(member)}${required.has(member) ? '' : '?'}: ${refType(ref.shape)};`,
    );
    order[slot] = members.length === 0 ? `export interface ${typeName(shapeName)} {}` : `export interface ${typeName(shapeName)} {\n${members.join('\n')}\n}`;
  }

  const operations = Object.values(model.operations).sort((a, b) => (a.name < b.name ? -1 : 1));
  const operationLines = operations.map((op) => {
    const input = op.input ? refType(op.input.shape) : 'NoInput';
    const output = op.output ? refType(op.output.shape) : 'NoOutput';
    const beyond = Object.keys(beyondModel(name, model, op));
    const codes = [...(op.errors ?? []).map((e) => errorCode(e.shape, shapes[e.shape])), ...beyond].map((code) => JSON.stringify(code));
    return `  ${op.name}: { input: ${input}; output: ${output}; errors: ${codes.length ? [...new Set(codes)].join(' | ') : 'never'} };`;
  });

  const errorShapes = Object.entries(shapes)
    .filter(([, shape]) => shape.exception)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const errorLines = errorShapes.map(([shapeName, shape]) => {
    const required = new Set(shape.required ?? []);
    const extra = Object.entries(shape.members ?? {}).filter(([member]) => member !== 'message' && member !== 'Message');
    const fields = extra.length
      ? `<${JSON.stringify(errorCode(shapeName, shape))}, { ${extra.map(([m, ref]) => `${propertyName(m)}${required.has(m) ? '' : '?'}: ${refType(ref.shape)}`).join('; ')} }>`
      : '';
    const code = errorCode(shapeName, shape);
    const note = code === shapeName ? '' : ` (the shape ${shapeName})`;
    return `  /** ${code}${note}: HTTP ${errorStatus(shape)}, ${senderFault(shape) ? 'the sender' : 'the server'}'s fault. */\n  ${propertyName(code)}: errorFactory${fields}(${JSON.stringify(code)}, ${errorStatus(shape)}, ${senderFault(shape)}),`;
  });

  const protocol = model.metadata.protocol === 'query' ? 'query' : 'json';
  return [
    `// Generated by scripts/generate-api.mjs from ${source} (npm run generate): do not edit.`,
    `import { errorFactory } from '../errors.js';`,
    `import type { NoInput, NoOutput } from '../service.js';`,
    '',
    `/** The errors every ${model.metadata.serviceId} operation may answer besides its own: the ${protocol === 'query' ? 'Query' : 'JSON'} protocol's common errors. */`,
    `export { ${protocol}Errors as commonErrors } from './common.js';`,
    '',
    `/** Each operation of ${model.metadata.serviceId}: its input, its output and the codes of the errors its model lists. */`,
    'export type Operations = {',
    ...operationLines,
    '};',
    '',
    `/** ${model.metadata.serviceId}'s errors by their wire code, each with the model's HTTP status and fault. */`,
    'export const errors = {',
    ...errorLines,
    '} as const;',
    '',
    ...order.flatMap((text) => [text, '']),
  ].join('\n');
}

/** The codes a model's errors have (its factories'), for checking BEYOND_MODEL. */
function modelErrorCodes(source) {
  const { shapes } = JSON.parse(readFileSync(join(root, source), 'utf8'));
  return new Set(Object.entries(shapes).filter(([, shape]) => shape.exception).map(([shapeName, shape]) => errorCode(shapeName, shape)));
}

function generateBeyondModel(models) {
  for (const name of [...Object.keys(BEYOND_MODEL), ...Object.keys(BEYOND_MODEL_BY_MEMBER)]) {
    if (!models.some((m) => m.name === name)) throw new Error(`BEYOND_MODEL names ${name}, which is no served model`);
  }
  const lines = [];
  for (const { name, source } of models) {
    const model = JSON.parse(readFileSync(join(root, source), 'utf8'));
    const known = modelErrorCodes(source);
    for (const operation of Object.keys(BEYOND_MODEL[name] ?? {})) {
      if (!model.operations[operation]) throw new Error(`BEYOND_MODEL: ${name} has no operation ${operation}`);
    }
    const entries = Object.values(model.operations)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((operation) => [operation.name, beyondModel(name, model, operation)])
      .filter(([, codes]) => Object.keys(codes).length > 0);
    if (entries.length === 0) continue;
    lines.push(`  /** ${name} */`, `  ${JSON.stringify(model.metadata.serviceId)}: {`);
    for (const [operation, codes] of entries) {
      for (const code of Object.keys(codes)) if (!known.has(code)) throw new Error(`BEYOND_MODEL: ${name} has no error ${code}`);
      lines.push(`    /** ${Object.entries(codes).map(([code, why]) => `${code}: ${why}`).join('; ')}. */`, `    ${operation}: ${JSON.stringify(Object.keys(codes))},`);
    }
    lines.push('  },');
  }
  return [
    '/**',
    " * Errors linkedrole answers for an operation although its model does not list them for it, by the model's serviceId",
    ' * and operation (the tables BEYOND_MODEL and BEYOND_MODEL_BY_MEMBER of scripts/generate-api.mjs, with why).',
    ' */',
    'export const errorsBeyondModels: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {',
    ...lines,
    '};',
    '',
  ];
}

function generateCommon(models) {
  const block = (protocol) => [
    `export const ${protocol}Errors = {`,
    ...Object.entries(COMMON_ERRORS[protocol]).map(([code, status]) => `  ${code}: errorFactory(${JSON.stringify(code)}, ${status}, ${status < 500}),`),
    '} as const;',
  ];
  return [
    '// Generated by scripts/generate-api.mjs from its table of common errors (npm run generate): do not edit.',
    '// The errors AWS documents as common to every action of a protocol family, and those the wire answers itself.',
    `import { errorFactory } from '../errors.js';`,
    '',
    '/** IAM and STS (the Query protocol). */',
    ...block('query'),
    '',
    '/** The JSON and REST-JSON services (CloudTrail, AppIntegrations, AppFlow, Lex V2, the extensions). */',
    ...block('json'),
    '',
    "/** linkedrole's own, in any protocol: before an operation is found (the service, the region, the body). */",
    ...block('wire'),
    '',
    ...generateBeyondModel(models),
  ].join('\n');
}

const models = modelFiles();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'common.ts'), generateCommon(models));
for (const model of models) writeFileSync(join(outDir, `${model.name}.ts`), generateModel(model));
