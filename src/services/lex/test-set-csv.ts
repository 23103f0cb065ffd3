// Lex's CSV test-set format (the Test Workbench's "Test set columns supported by Test Workbench"), read into
// test set records as ListTestSetRecords answers them, and written back (a test set's CSV export). Columns are
// found by name, case-insensitively: Line # / Line Number (ignored, as Lex ignores it), Conversation # /
// Conversation Number (empty, "-" or "N/A": a single input), Source / Conversation Participant (User | Agent),
// Input (text) or Expected Transcription + S3 Audio Location (audio), Expected Output Intent, and the columns
// that may repeat with a number: Expected Output Slot N ("Slot = value"), Session Attribute N and Request
// Attribute N ("name = value"), Input Context Tag N, Expected Output Context Tag N. Other columns are not read.
import type { TestSetModality, TurnSpecification, UserTurnSpecification } from '../../aws/generated/lexv2-models.js';

export interface ParsedRecord {
  recordNumber: number;
  conversationId?: string;
  turnNumber?: number;
  turnSpecification: TurnSpecification;
}

/** The records of a CSV test set, or every reason it is not a valid one (line numbers of the file). */
export type ParsedTestSet = { records: ParsedRecord[] } | { failureReasons: string[] };

/** A conversation has at most 30 turns (the model's TurnNumber). */
const MAX_TURNS = 30;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
export const toCsv = (rows: string[][]): string => rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/** A header's column kind: its name without a trailing number, normalized. */
function kindOf(header: string): string {
  const name = header.trim().toLowerCase().replace(/\s+/g, ' ');
  const aliases: Record<string, string> = { 'line number': 'line #', 'conversation number': 'conversation #', 'conversation participant': 'source' };
  if (aliases[name]) return aliases[name];
  const numbered = /^(expected output slot|session attribute|request attribute|input context tag|expected output context tag|intent expected output slot)(?: \d+)?$/.exec(name);
  if (numbered) return numbered[1] === 'intent expected output slot' ? 'expected output slot' : numbered[1];
  return name;
}

const SINGLE = new Set(['', '-', 'n/a']);

/** "name = value" (the value may hold '='), or undefined. */
function pair(cell: string): [string, string] | undefined {
  const at = cell.indexOf('=');
  if (at <= 0) return undefined;
  const name = cell.slice(0, at).trim();
  const value = cell.slice(at + 1).trim();
  return name && value ? [name, value] : undefined;
}

export function readTestSetCsv(text: string, modality: TestSetModality): ParsedTestSet {
  const rows = parseCsv(text);
  if (rows.length === 0) return { failureReasons: ['The test set file is empty: it needs a header row and at least one User row.'] };
  const kinds = rows[0].map(kindOf);
  const column = (kind: string) => kinds.indexOf(kind);
  const columns = (kind: string) => kinds.flatMap((k, i) => (k === kind ? [i] : []));
  const inputKind = modality === 'Audio' ? 'expected transcription' : 'input';
  const failures: string[] = [];
  for (const needed of ['source', inputKind, 'expected output intent', ...(modality === 'Audio' ? ['s3 audio location'] : [])]) {
    if (column(needed) < 0) failures.push(`The header row has no "${needed.replace(/\b\w/g, (c) => c.toUpperCase())}" column, which a ${modality} test set needs.`);
  }
  if (failures.length > 0) return { failureReasons: failures };
  const records: ParsedRecord[] = [];
  const turnsOf = new Map<string, number>();
  rows.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
    const source = cell(column('source')).toLowerCase();
    const conversation = cell(column('conversation #'));
    const conversationId = SINGLE.has(conversation.toLowerCase()) ? undefined : conversation;
    if (conversationId !== undefined && !/^([0-9a-zA-Z][_-]?)+$/.test(conversationId)) failures.push(`Line ${line}: the conversation number "${conversationId}" may have only letters, digits, _ and -.`);
    const input = cell(column(inputKind));
    let turnNumber: number | undefined;
    if (conversationId !== undefined) {
      turnNumber = (turnsOf.get(conversationId) ?? 0) + 1;
      turnsOf.set(conversationId, turnNumber);
      if (turnNumber > MAX_TURNS) failures.push(`Line ${line}: conversation ${conversationId} has more than ${MAX_TURNS} turns.`);
    }
    const recordNumber = records.length + 1;
    if (source === 'agent') {
      if (conversationId === undefined) failures.push(`Line ${line}: an Agent row belongs to a conversation; give it a conversation number.`);
      if (!input) failures.push(`Line ${line}: the Agent row has no prompt in its ${inputKind} column.`);
      records.push({ recordNumber, conversationId, turnNumber, turnSpecification: { agentTurn: { agentPrompt: input || '-' } } });
      return;
    }
    if (source !== 'user') {
      failures.push(`Line ${line}: Source is "${cell(column('source'))}"; it must be User or Agent.`);
      return;
    }
    const intent = cell(column('expected output intent'));
    if (!intent) failures.push(`Line ${line}: the User row has no Expected Output Intent.`);
    else if (!/^([0-9a-zA-Z][_-]?){1,100}$/.test(intent)) failures.push(`Line ${line}: "${intent}" is not an intent name.`);
    if (!input) failures.push(`Line ${line}: the User row has no ${modality === 'Audio' ? 'Expected Transcription' : 'Input'}.`);
    const pairs = (kind: string, what: string) => {
      const out: Record<string, string> = {};
      for (const i of columns(kind)) {
        const value = cell(i);
        if (!value) continue;
        const parsed = pair(value);
        if (!parsed) failures.push(`Line ${line}: "${value}" in ${rows[0][i].trim()} is not "${what} = value".`);
        else out[parsed[0]] = parsed[1];
      }
      return out;
    };
    const names = (kind: string) => columns(kind).map(cell).filter(Boolean);
    const slots = pairs('expected output slot', 'SlotName');
    const sessionAttributes = pairs('session attribute', 'name');
    const requestAttributes = pairs('request attribute', 'name');
    const inputContexts = names('input context tag');
    const outputContexts = names('expected output context tag');
    const audio = modality === 'Audio' ? cell(column('s3 audio location')) : '';
    if (modality === 'Audio' && !/^s3:\/\/([a-z0-9.-]+)\/(.+)$/.test(audio)) failures.push(`Line ${line}: the S3 Audio Location "${audio}" is not an s3://bucket/key location.`);
    const userTurn: UserTurnSpecification = {
      input: {
        utteranceInput: modality === 'Audio' ? { audioInput: { audioFileS3Location: audio } } : { textInput: input },
        ...(Object.keys(requestAttributes).length > 0 ? { requestAttributes } : {}),
        ...(Object.keys(sessionAttributes).length > 0 || inputContexts.length > 0
          ? { sessionState: { ...(Object.keys(sessionAttributes).length > 0 ? { sessionAttributes } : {}), ...(inputContexts.length > 0 ? { activeContexts: inputContexts.map((name) => ({ name })) } : {}) } }
          : {}),
      },
      expected: {
        intent: { name: intent || '-', ...(Object.keys(slots).length > 0 ? { slots: Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, { value: v }])) } : {}) },
        ...(outputContexts.length > 0 ? { activeContexts: outputContexts.map((name) => ({ name })) } : {}),
        ...(modality === 'Audio' ? { transcript: input } : {}),
      },
    };
    records.push({ recordNumber, conversationId, turnNumber, turnSpecification: { userTurn } });
  });
  if (records.length === 0 && failures.length === 0) failures.push('The test set file has no User rows.');
  return failures.length > 0 ? { failureReasons: failures } : { records };
}

/** The text a user turn says: its text input, or an audio turn's expected transcription. */
export function userText(turn: UserTurnSpecification): string {
  return turn.input.utteranceInput.textInput ?? turn.expected.transcript ?? '';
}

/** Records back in the CSV format (a test set's export), with as many numbered columns as the widest row needs. */
export function writeTestSetCsv(records: ParsedRecord[], modality: TestSetModality): string {
  const user = (r: ParsedRecord) => r.turnSpecification.userTurn;
  const widest = (count: (r: ParsedRecord) => number) => Math.max(0, ...records.map(count));
  const slotCols = widest((r) => Object.keys(user(r)?.expected.intent.slots ?? {}).length);
  const sessionCols = widest((r) => Object.keys(user(r)?.input.sessionState?.sessionAttributes ?? {}).length);
  const requestCols = widest((r) => Object.keys(user(r)?.input.requestAttributes ?? {}).length);
  const contextCols = widest((r) => (user(r)?.input.sessionState?.activeContexts ?? []).length);
  const outContextCols = widest((r) => (user(r)?.expected.activeContexts ?? []).length);
  const numbered = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name} ${i + 1}`);
  const header = [
    'Line #',
    'Conversation #',
    'Source',
    ...(modality === 'Audio' ? ['Expected Transcription', 'S3 Audio Location'] : ['Input']),
    'Expected Output Intent',
    ...numbered('Expected Output Slot', slotCols),
    ...numbered('Session Attribute', sessionCols),
    ...numbered('Request Attribute', requestCols),
    ...numbered('Input Context Tag', contextCols),
    ...numbered('Expected Output Context Tag', outContextCols),
  ];
  const padded = (values: string[], n: number) => [...values, ...Array<string>(n - values.length).fill('')];
  const pairs = (map: Record<string, string> | undefined) => Object.entries(map ?? {}).map(([k, v]) => `${k} = ${v}`);
  const rows = records.map((r) => {
    const u = user(r);
    const conversation = r.conversationId ?? 'N/A';
    if (!u) {
      const prompt = r.turnSpecification.agentTurn?.agentPrompt ?? '';
      return padded([String(r.recordNumber), conversation, 'Agent', ...(modality === 'Audio' ? [prompt, ''] : [prompt])], header.length);
    }
    return [
      String(r.recordNumber),
      conversation,
      'User',
      ...(modality === 'Audio' ? [u.expected.transcript ?? '', u.input.utteranceInput.audioInput?.audioFileS3Location ?? ''] : [u.input.utteranceInput.textInput ?? '']),
      u.expected.intent.name,
      ...padded(Object.entries(u.expected.intent.slots ?? {}).map(([k, v]) => `${k} = ${v.value ?? ''}`), slotCols),
      ...padded(pairs(u.input.sessionState?.sessionAttributes), sessionCols),
      ...padded(pairs(u.input.requestAttributes), requestCols),
      ...padded((u.input.sessionState?.activeContexts ?? []).map((c) => c.name), contextCols),
      ...padded((u.expected.activeContexts ?? []).map((c) => c.name), outContextCols),
    ];
  });
  return toCsv([header, ...rows]);
}
