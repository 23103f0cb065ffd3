// The Lex V2 model-building domain, assembled from one module per resource: bots, their locales and
// intents, versions, aliases and tags. AWS's rules live in those modules, which callers (the API binding,
// conversations, channels) use directly; this class only wires them together. Results use AWS's member names.
import { BotAliases } from './bot-aliases.js';
import { BotLocales } from './bot-locales.js';
import { BotVersions } from './bot-versions.js';
import { Bots } from './bots.js';
import type { LexContext } from './context.js';
import { DownstreamResources } from './downstream.js';
import { RoleGrants } from './grants.js';
import { Intents } from './intents.js';
import { LexTags } from './tags.js';
import { ResourcePolicies } from './resource-policies.js';
import { Slots } from './slots.js';
import { SlotTypes } from './slot-types.js';
import { CustomVocabularies } from './vocabularies.js';

export class LexModels {
  readonly grants: RoleGrants;
  readonly downstream: DownstreamResources;
  readonly bots: Bots;
  readonly locales: BotLocales;
  /** The intents of the bots' locales (`intents` is the operation that lists one locale's). */
  readonly localeIntents: Intents;
  readonly versions: BotVersions;
  readonly aliases: BotAliases;
  readonly tagging: LexTags;
  readonly slotTypes: SlotTypes;
  readonly slots: Slots;
  readonly vocabularies: CustomVocabularies;
  readonly resourcePolicies: ResourcePolicies;

  constructor(ctx: LexContext) {
    this.grants = new RoleGrants(ctx);
    this.downstream = new DownstreamResources(ctx);
    this.bots = new Bots(ctx, this.grants);
    this.locales = new BotLocales(ctx, this.bots, this.grants);
    this.localeIntents = new Intents(ctx, this.bots, this.locales, this.grants, this.downstream);
    this.versions = new BotVersions(ctx, this.bots, this.locales, this.grants);
    this.aliases = new BotAliases(ctx, this.bots, this.locales, this.versions, this.grants, this.downstream);
    this.tagging = new LexTags(ctx, this.bots, this.aliases);
    this.slotTypes = new SlotTypes(ctx, this.bots, this.locales);
    this.slots = new Slots(ctx, this.bots, this.locales, this.slotTypes);
    this.vocabularies = new CustomVocabularies(ctx, this.locales);
    this.resourcePolicies = new ResourcePolicies(ctx, this.bots, this.aliases);
  }
}
