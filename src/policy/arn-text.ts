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
  const colons = [3];
  let i = 3;
  while (colons.length < 5) {
    i = text.indexOf(':', i + 1);
    if (i < 0) return undefined;
    colons.push(i);
  }
  return colons;
}
