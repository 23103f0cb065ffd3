// An ARN's text with the offsets of its first five `:` (partition, service, region, account, resource).
/** Where the first five `:` of an ARN are, found once per request value. */
export class ArnText {
  /** Offsets of the five separating colons, or undefined when the text is not an ARN. */
  readonly colons: readonly number[] | undefined;
  constructor(readonly text: string) {
    this.colons = findArnColons(text);
  }
  segment(index: number): string {
    const colons = this.colons;
    if (!colons) return '';
    const start = index === 0 ? 0 : colons[index - 1] + 1;
    return this.text.slice(start, index === 5 ? this.text.length : colons[index]);
  }
}

function findArnColons(text: string): number[] | undefined {
  if (!text.startsWith('arn:')) return undefined;
  // Four searches into locals, then one array of the right size.
  const c1 = text.indexOf(':', 4);
  if (c1 < 0) return undefined;
  const c2 = text.indexOf(':', c1 + 1);
  if (c2 < 0) return undefined;
  const c3 = text.indexOf(':', c2 + 1);
  if (c3 < 0) return undefined;
  const c4 = text.indexOf(':', c3 + 1);
  if (c4 < 0) return undefined;
  return [3, c1, c2, c3, c4];
}
