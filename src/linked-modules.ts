// The linked services the composition root (app.ts) wires, each one ServiceModule
// (src/services/kit/module.ts): adding one is one line in linkedServiceModules (and its options, if any,
// in LinkedModuleOptions). Apart from app.ts so that the App type (app-types.ts) can name their domains
// without importing the composition root.
import type { LexOptions } from './services/lex/context.js';
import { accessAnalyzerModule } from './services/accessanalyzer/index.js';
import { appIntegrationsModule } from './services/appintegrations/index.js';
import { lexModule } from './services/lex/index.js';
import type { DomainsOf } from './services/kit/module.js';

/** The linked services' own options (part of AppOptions). */
export interface LinkedModuleOptions {
  /** Lex V2: how long transitional statuses last, how long a conversation keeps its roles in use. */
  lex?: LexOptions;
}

/** The linked services, each one ServiceModule (src/services/kit/module.ts): adding one is one line here. */
export function linkedServiceModules(options: LinkedModuleOptions) {
  return {
    /** Amazon AppIntegrations: its domain and the AppFlow flows it runs through its role. */
    appIntegrations: appIntegrationsModule(),
    /** Amazon Lex V2: bots, aliases, channels, conversations, and the grants it writes into its roles. */
    lex: lexModule(options.lex),
    /** IAM Access Analyzer: policy validation and checks, analyzers and findings, policy generation. */
    accessAnalyzer: accessAnalyzerModule(),
  };
}

/** The linked services' domains, by their names in linkedServiceModules (app.lex, app.appIntegrations). */
export type LinkedDomains = DomainsOf<ReturnType<typeof linkedServiceModules>>;
