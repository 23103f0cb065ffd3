// A request as Z3 variables: its action (lowercased, as the engine compares actions), resource,
// principal, and each context key a policy reads. A key is absent, one value (a string) or a list of
// values (one or more: the engine reads an empty list as absent and a list, even of one value, as
// several values, which a plain operator never matches). A key gets as many list slots as the
// conditions that read it with a set operator (at least one): a list that satisfies a formula keeps
// doing so when cut down to the values that witness its ForAnyValue atoms and falsify its ForAllValues
// atoms, one per atom, so no request is lost by bounding the list there.
import type { Arith, BitVec, Bool, Seq } from 'z3-solver';
import { STAR, type Atom, type Glob } from '../../../policy/glob.js';
import { Patterns, type Regex } from './regex.js';
import type { Formula, Z3 } from './solver.js';

export const enum KeyShape {
  Absent = 0,
  Single = 1,
  List = 2,
}

/** One value slot of a key, with what each operator family reads from its text. */
export class ValueSlot {
  private numberVars?: { ok: Bool<'main'>; value: Arith<'main'> };
  private dateVars?: { ok: Bool<'main'>; value: Arith<'main'> };
  private ipVars?: { ok: Bool<'main'>; v4: Bool<'main'>; bits: BitVec<128, 'main'> };

  constructor(
    private readonly request: SymbolicRequest,
    readonly name: string,
    readonly text: Seq<'main'>,
    /** True when the key has this value. */
    readonly present: Formula,
  ) {}

  // A family's reading of the text (is it a number, which number) is a function of the text that Z3
  // cannot express; it is a variable of its own, shared by every condition that reads this value as a
  // number. Any real request gives these variables their values, so no request is lost; conditions
  // that read one value both as a string and as a number lose only precision (docs/insight.md).
  number(): { ok: Bool<'main'>; value: Arith<'main'> } {
    const z = this.request.z;
    return (this.numberVars ??= { ok: z.Bool.const(`${this.name}#isNumber`), value: z.Real.const(`${this.name}#number`) });
  }

  date(): { ok: Bool<'main'>; value: Arith<'main'> } {
    const z = this.request.z;
    return (this.dateVars ??= { ok: z.Bool.const(`${this.name}#isDate`), value: z.Real.const(`${this.name}#epochMs`) });
  }

  /** An address: IPv4 in the low 32 bits (the others zero), IPv6 in all 128. */
  ip(): { ok: Bool<'main'>; v4: Bool<'main'>; bits: BitVec<128, 'main'> } {
    if (!this.ipVars) {
      const z = this.request.z;
      const vars = { ok: z.Bool.const(`${this.name}#isIp`), v4: z.Bool.const(`${this.name}#isIpv4`), bits: z.BitVec.const(`${this.name}#ip`, 128) };
      this.request.constrain(z.Implies(vars.v4, vars.bits.extract(127, 32).eq(z.BitVec.val(0n, 96))));
      this.ipVars = vars;
    }
    return this.ipVars;
  }
}

export class ContextKey {
  readonly shape: Arith<'main'>;
  readonly length: Arith<'main'>;
  /** Slot 0 is the single value, and the list's first value; slot i the list's (i+1)th. */
  readonly slots: readonly ValueSlot[];

  constructor(request: SymbolicRequest, readonly keyLower: string, slotCount: number) {
    const z = request.z;
    const name = `${request.prefix}ctx[${keyLower}]`;
    this.shape = z.Int.const(`${name}#shape`);
    this.length = z.Int.const(`${name}#length`);
    request.constrain(z.And(this.shape.ge(KeyShape.Absent), this.shape.le(KeyShape.List)));
    request.constrain(z.Implies(this.shape.eq(KeyShape.List), z.And(this.length.ge(1), this.length.le(slotCount))));
    this.slots = Array.from({ length: slotCount }, (_, i) => {
      const inList = z.And(this.shape.eq(KeyShape.List), this.length.gt(i));
      const present = i === 0 ? z.Or(this.shape.eq(KeyShape.Single), inList) : inList;
      return new ValueSlot(request, `${name}[${i}]`, z.String.const(`${name}[${i}]`), present);
    });
  }

  isShape(shape: KeyShape): Formula {
    return this.shape.eq(shape);
  }

  /** Is slot i one of the list's values? */
  inList(i: number): Formula {
    return this.slots[i].present;
  }
}

export class SymbolicRequest {
  readonly patterns: Patterns;
  readonly action: Seq<'main'>;
  readonly resource: Seq<'main'>;
  readonly principal: Seq<'main'>;
  private readonly keys = new Map<string, ContextKey>();
  private readonly approximations = new Map<string, Bool<'main'>>();
  private readonly constraints: Formula[] = [];
  private readonly texts = new Map<Seq<'main'>, TextAtoms>();
  private atomCount = 0;

  /**
   * `slotCounts`: per lowercased key, how many conditions read it with a set operator (see above).
   */
  /**
   * `outsider`: the principal is of an AWS account the policy does not name (CheckNoPublicAccess,
   * outsider.ts): no Principal element but `*` names it, no NotPrincipal lists it.
   */
  constructor(readonly z: Z3, private readonly slotCounts: ReadonlyMap<string, number>, readonly outsider = false, readonly prefix = '') {
    this.patterns = new Patterns(z);
    this.action = z.String.const(`${prefix}action`);
    this.resource = z.String.const(`${prefix}resource`);
    this.principal = z.String.const(`${prefix}principal`);
  }

  key(keyLower: string): ContextKey {
    let key = this.keys.get(keyLower);
    if (!key) {
      key = new ContextKey(this, keyLower, Math.max(1, this.slotCounts.get(keyLower) ?? 0));
      this.keys.set(keyLower, key);
    }
    return key;
  }

  /** The keys some formula has read so far. */
  readKeys(): ContextKey[] {
    return [...this.keys.values()];
  }

  /**
   * A construct not encoded exactly: a variable of its own, between what surely makes it true
   * (`atLeast`) and what it can be true only under (`atMost`). Whatever the real truth value is for a
   * request, the variable can take it, so no request is lost, in an Allow or a Deny, new or existing
   * policy. One variable per construct (`id`: its text and where it reads), so that the same construct
   * in two policies is the same unknown.
   */
  approximate(id: string, atLeast?: Formula, atMost?: Formula): Formula {
    let variable = this.approximations.get(id);
    if (!variable) {
      variable = this.z.Bool.const(`${this.prefix}approx#${this.approximations.size}`);
      this.approximations.set(id, variable);
      if (atLeast) this.constrain(this.z.Implies(atLeast, variable));
      if (atMost) this.constrain(this.z.Implies(variable, atMost));
    }
    return variable;
  }

  /** How many constructs were approximated (0: every formula is exact). */
  get approximated(): number {
    return this.approximations.size;
  }

  constrain(formula: Formula): void {
    this.constraints.push(formula);
  }

  /** What every formula over this request assumes: the keys' shapes, the approximations' bounds, the text atoms' laws. */
  assumptions(): Formula[] {
    const z = this.z;
    const laws: Formula[] = [];
    for (const [value, atoms] of this.texts) {
      if (atoms.regex) {
        // The value is also in a regular expression: the atoms are its string constraints.
        for (const [text, atom] of atoms.equals) laws.push(atom.eq(value.eq(this.patterns.text(text))));
        for (const [text, atom] of atoms.prefixes) laws.push(atom.eq(this.patterns.text(text).prefixOf(value)));
        continue;
      }
      laws.push(...textLaws(z, atoms));
    }
    return [...this.constraints, ...laws];
  }

  /**
   * Equations and prefix tests of a text are Boolean atoms: Z3's string theory answers even trivial
   * questions over them slowly (seconds, at times not within the timeout), while the atoms with their
   * laws (textLaws) decide the same exactly. A text that is also in a regular expression keeps its
   * atoms defined by the string theory.
   */
  private atomsOf(value: Seq<'main'>): TextAtoms {
    let atoms = this.texts.get(value);
    if (!atoms) {
      atoms = { equals: new Map(), prefixes: new Map(), regex: false };
      this.texts.set(value, atoms);
    }
    return atoms;
  }

  private atom(table: Map<string, Bool<'main'>>, text: string): Bool<'main'> {
    let atom = table.get(text);
    if (!atom) {
      atom = this.z.Bool.const(`${this.prefix}text#${this.atomCount++}`);
      table.set(text, atom);
    }
    return atom;
  }

  inRe(value: Seq<'main'>, regex: Regex): Formula {
    this.atomsOf(value).regex = true;
    return this.z.InRe(value, regex);
  }

  equals(value: Seq<'main'>, text: string): Formula {
    return this.atom(this.atomsOf(value).equals, text);
  }

  /** Does the value start with the text? */
  startsWith(value: Seq<'main'>, text: string): Formula {
    if (text === '') return this.z.Bool.val(true);
    return this.atom(this.atomsOf(value).prefixes, text);
  }

  /**
   * Does the value match the glob's atoms, a wildcard matching `char` (any character unless given)? A
   * glob without wildcards is an equation and `literal*` a prefix test, which Z3 decides far faster
   * than a regular expression; the rest are regular expressions.
   */
  glob(value: Seq<'main'>, atoms: readonly Atom[], char?: Regex): Formula {
    const literal = atoms.every((a) => typeof a === 'string');
    if (literal) return this.equals(value, atoms.join(''));
    if (char === undefined) {
      const head = atoms.slice(0, -1);
      if (atoms[atoms.length - 1] === STAR && head.every((a) => typeof a === 'string')) {
        return this.startsWith(value, head.join(''));
      }
    }
    return this.inRe(value, this.patterns.atoms(atoms, char));
  }

  /**
   * Does the value match six ARN segment globs (arnMatches on a text with five colons)? When the first
   * five are literal, the ARN is that literal text, its five colons, then the resource segment's glob
   * over any characters: the same texts, as a plain glob.
   */
  arn(value: Seq<'main'>, segments: readonly Glob[]): Formula {
    if (segments.slice(0, 5).every((g) => g.atoms.every((a) => typeof a === 'string'))) {
      const head = segments.slice(0, 5).map((g) => (g.atoms as string[]).join('')).join(':') + ':';
      return this.glob(value, [head, ...segments[5].atoms]);
    }
    return this.inRe(value, this.patterns.arnGlobs(segments));
  }
}

interface TextAtoms {
  equals: Map<string, Bool<'main'>>;
  prefixes: Map<string, Bool<'main'>>;
  /** Is the text also in a regular expression? */
  regex: boolean;
}

/**
 * The laws of equations and prefix tests of one text, which make any assignment of the atoms that obeys
 * them the atoms' values for some text: it equals at most one literal, and then every prefix test is
 * that literal's; two prefixes it has are one the other's prefix, and it has every prefix of a prefix it
 * has. (Then, when it equals none: the longest prefix it has, extended by a character no literal or
 * excluded prefix continues with, is such a text; the alphabet is larger than any policy.)
 */
function textLaws(z: Z3, atoms: TextAtoms): Formula[] {
  const laws: Formula[] = [];
  const equals = [...atoms.equals];
  const prefixes = [...atoms.prefixes];
  for (let i = 0; i < equals.length; i++) {
    for (let j = i + 1; j < equals.length; j++) laws.push(z.Not(z.And(equals[i][1], equals[j][1])));
    for (const [prefix, atom] of prefixes) laws.push(z.Implies(equals[i][1], equals[i][0].startsWith(prefix) ? atom : z.Not(atom)));
  }
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      const [a, atomA] = prefixes[i];
      const [b, atomB] = prefixes[j];
      if (a.startsWith(b)) laws.push(z.Implies(atomA, atomB));
      else if (b.startsWith(a)) laws.push(z.Implies(atomB, atomA));
      else laws.push(z.Not(z.And(atomA, atomB)));
    }
  }
  return laws;
}
