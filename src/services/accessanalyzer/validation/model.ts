// The policy as the grammar checks read it (grammar.ts), with each element's node and path, for the
// families of checks that follow (actions, resources, conditions, redundancy).
import type { JsonEntry, JsonNode, JsonObject } from '../../../policy/index.js';
import type { Segment } from './locations.js';

export interface StringItem {
  readonly value: string;
  readonly node: JsonNode;
  readonly path: Segment[];
}

/** Action / NotAction / Resource / NotResource: a string or an array of strings. */
export interface ListElement {
  readonly entry: JsonEntry;
  readonly path: Segment[];
  /** Its string values (the others were reported). */
  readonly items: StringItem[];
}

export interface StatementModel {
  readonly index: number;
  readonly node: JsonObject;
  readonly path: Segment[];
  readonly effect?: 'Allow' | 'Deny';
  readonly sid?: StringItem;
  readonly action?: ListElement;
  readonly notAction?: ListElement;
  readonly resource?: ListElement;
  readonly notResource?: ListElement;
  readonly principal?: JsonEntry;
  readonly notPrincipal?: JsonEntry;
  readonly condition?: JsonEntry;
}

export interface PolicyModel {
  readonly root: JsonObject;
  readonly version?: string;
  readonly statements: StatementModel[];
}
