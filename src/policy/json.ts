// A small strict JSON parser that keeps positions. JSON.parse loses them, and IAM reports statement
// positions (SimulateCustomPolicy's StartPosition/EndPosition) and rejects duplicate keys, which
// JSON.parse silently merges.
import type { Position } from './types.js';

export type JsonNode = JsonObject | JsonArray | JsonScalar;

interface NodeBase {
  start: Position;
  end: Position;
}
export interface JsonObject extends NodeBase {
  type: 'object';
  entries: JsonEntry[];
}
export interface JsonEntry {
  key: string;
  keyStart: Position;
  value: JsonNode;
}
export interface JsonArray extends NodeBase {
  type: 'array';
  items: JsonNode[];
}
export interface JsonScalar extends NodeBase {
  type: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
    /** For duplicate keys: the path of the object holding them, and the key. */
    readonly duplicateKey?: { objectPath: (string | number)[]; key: string },
  ) {
    super(message);
  }
}

// Deeper documents are not policies; the limit keeps hostile input from overflowing the stack.
const MAX_DEPTH = 64;

export function parseJson(text: string): JsonNode {
  return new Parser(text).parseDocument();
}

class Parser {
  private index = 0;
  private line = 1;
  private lineStart = 0;
  private readonly path: (string | number)[] = [];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.index = this.lineStart = 1; // a BOM is not content
  }

  parseDocument(): JsonNode {
    this.skipWhitespace();
    const node = this.parseValue(0);
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail('Unexpected text after the document');
    return node;
  }

  private position(): Position {
    return { line: this.line, column: this.index - this.lineStart + 1 };
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.position());
  }

  private skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.index);
      if (c === 0x20 || c === 0x09 || c === 0x0d) this.index++;
      else if (c === 0x0a) {
        this.index++;
        this.line++;
        this.lineStart = this.index;
      } else return;
    }
  }

  private parseValue(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('Document nested too deeply');
    const c = this.text[this.index];
    if (c === '{') return this.parseObject(depth);
    if (c === '[') return this.parseArray(depth);
    const start = this.position();
    if (c === '"') {
      const value = this.parseString();
      return { type: 'string', value, start, end: this.lastCharPosition() };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const value = this.parseNumber();
      return { type: 'number', value, start, end: this.lastCharPosition() };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return { type: value === null ? 'null' : 'boolean', value, start, end: this.lastCharPosition() };
      }
    }
    this.fail(c === undefined ? 'Unexpected end of document' : `Unexpected character ${JSON.stringify(c)}`);
  }

  /** Position of the character just consumed (element ends are inclusive, as IAM reports them). */
  private lastCharPosition(): Position {
    return { line: this.line, column: this.index - this.lineStart };
  }

  private parseObject(depth: number): JsonObject {
    const start = this.position();
    this.index++;
    const entries: JsonEntry[] = [];
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return { type: 'object', entries, start, end: this.lastCharPosition() };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail('Expected a quoted key');
      const keyStart = this.position();
      const key = this.parseString();
      if (seen.has(key)) {
        throw new JsonSyntaxError(`Duplicate key ${JSON.stringify(key)}`, keyStart, {
          objectPath: [...this.path],
          key,
        });
      }
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail('Expected ":"');
      this.index++;
      this.skipWhitespace();
      this.path.push(key);
      const value = this.parseValue(depth + 1);
      this.path.pop();
      entries.push({ key, keyStart, value });
      this.skipWhitespace();
      const c = this.text[this.index++];
      if (c === '}') return { type: 'object', entries, start, end: this.lastCharPosition() };
      if (c !== ',') {
        this.index--;
        this.fail('Expected "," or "}"');
      }
    }
  }

  private parseArray(depth: number): JsonArray {
    const start = this.position();
    this.index++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return { type: 'array', items, start, end: this.lastCharPosition() };
    }
    for (;;) {
      this.skipWhitespace();
      this.path.push(items.length);
      items.push(this.parseValue(depth + 1));
      this.path.pop();
      this.skipWhitespace();
      const c = this.text[this.index++];
      if (c === ']') return { type: 'array', items, start, end: this.lastCharPosition() };
      if (c !== ',') {
        this.index--;
        this.fail('Expected "," or "]"');
      }
    }
  }

  private parseString(): string {
    const text = this.text;
    let i = this.index + 1;
    let out = '';
    let chunkStart = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.index = i;
        this.fail('Unterminated string');
      }
      if (c === 0x22) break;
      if (c < 0x20) {
        this.index = i;
        this.fail('Control character in string');
      }
      if (c === 0x5c) {
        out += text.slice(chunkStart, i);
        const e = text[i + 1];
        const simple = e === undefined ? undefined : ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          this.index = i;
          this.fail('Invalid escape in string');
        }
        chunkStart = i;
        continue;
      }
      i++;
    }
    out += text.slice(chunkStart, i);
    this.index = i + 1;
    return out;
  }

  private parseNumber(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.index, this.index + 400));
    if (!match) this.fail('Invalid number');
    this.index += match[0].length;
    return Number(match[0]);
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** The plain value of a node (used where only the data matters, e.g. when echoing a document). */
export function toPlain(node: JsonNode): unknown {
  if (node.type === 'object') return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
  if (node.type === 'array') return node.items.map(toPlain);
  return node.value;
}
