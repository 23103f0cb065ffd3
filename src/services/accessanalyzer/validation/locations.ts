// Where a finding is: the JSON path of the element (PathElement: `value` for the value under a key, `key`
// for the key itself, `index` for an array item) and its span in the text. AWS's API reference defines a
// position's line from 1, its column and its offset from 0; a span starts at the element's first
// character and ends just after its last (a string's quotes included), so end minus start is its length.
import type { Location, PathElement, Position, Span } from '../../../aws/generated/accessanalyzer.js';
import type { JsonEntry, JsonNode } from '../../../policy/index.js';

/** A path as this module writes it: a key's value (string), an array item (number), or a key itself. */
export type Segment = string | number | { key: string };

/** Converts the parser's positions (line and column from 1, end inclusive) into AWS's. */
export class SourceText {
  private readonly lineStarts: number[] = [];

  constructor(readonly text: string) {
    // The parser skips a byte-order mark and counts columns after it.
    this.lineStarts.push(text.charCodeAt(0) === 0xfeff ? 1 : 0);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) this.lineStarts.push(i + 1);
  }

  /** The position of the character at the parser's (line, column). */
  at(line: number, column: number): Position {
    const offset = (this.lineStarts[line - 1] ?? 0) + column - 1;
    return { line, column: offset - (this.lineStarts[line - 1] ?? 0), offset };
  }

  /** The position just after the character at the parser's (line, column). */
  after(line: number, column: number): Position {
    const start = this.at(line, column);
    return { line, column: start.column + 1, offset: start.offset + 1 };
  }

  /** The position of a character offset. */
  offsetPosition(offset: number): Position {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= offset) line++;
    return { line: line + 1, column: offset - this.lineStarts[line], offset };
  }

  nodeSpan(node: JsonNode): Span {
    return { start: this.at(node.start.line, node.start.column), end: this.after(node.end.line, node.end.column) };
  }

  /** The span of an entry's key, quotes included (a key is a string, on one line). */
  keySpan(entry: JsonEntry): Span {
    const start = this.at(entry.keyStart.line, entry.keyStart.column);
    let i = start.offset + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
    const length = i + 1 - start.offset;
    return { start, end: { line: start.line, column: start.column + length, offset: start.offset + length } };
  }

  /** The whole document: from its first character to the end of the text. */
  documentSpan(): Span {
    return { start: this.offsetPosition(this.lineStarts[0]), end: this.offsetPosition(this.text.length) };
  }
}

export function pathElements(path: readonly Segment[]): PathElement[] {
  return path.map((segment) => (typeof segment === 'number' ? { index: segment } : typeof segment === 'string' ? { value: segment } : { key: segment.key }));
}

export function location(path: readonly Segment[], span: Span): Location {
  return { path: pathElements(path), span };
}
