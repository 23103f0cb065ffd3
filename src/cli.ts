#!/usr/bin/env node
import { Command } from 'commander';

/**
 * Each command's module, by the command names it registers, in the order `--help` lists them. Only
 * the module of the command being run is loaded (`linkedrole serve` does not load the SAML signer,
 * SSH key parsing or the audit tools); `--help`, no command or an unknown one load them all, so the
 * help and commander's suggestions are what they always were.
 */
const commandModules: { names: string[]; register: () => Promise<(program: Command) => void> }[] = [
  { names: ['serve'], register: async () => (await import('./cli/serve.js')).registerServeCommand },
  { names: ['simulate'], register: async () => (await import('./cli/simulate.js')).registerSimulateCommand },
  { names: ['audit'], register: async () => (await import('./cli/audit.js')).registerAuditCommand },
  { names: ['can', 'who-can'], register: async () => (await import('./cli/effective.js')).registerEffectiveCommands },
  { names: ['wisdom', 'connect', 'customer-profiles', 'tasks'], register: async () => (await import('./cli/connect-consumers.js')).registerConnectConsumerCommands },
  { names: ['appintegrations'], register: async () => (await import('./cli/appintegrations.js')).registerAppIntegrationsCommands },
  { names: ['lexv2-channels'], register: async () => (await import('./cli/lex-channels.js')).registerLexChannelCommands },
  { names: ['oidc'], register: async () => (await import('./cli/oidc.js')).registerOidcCommands },
  { names: ['saml'], register: async () => (await import('./cli/saml.js')).registerSamlCommands },
  { names: ['delegation-notifications'], register: async () => (await import('./cli/delegation.js')).registerDelegationCommands },
];

const program = new Command('linkedrole').description(
  'A local, AWS-compatible implementation of IAM service-linked roles, AppIntegrations and Lex V2',
);
const named = commandModules.filter((module) => module.names.includes(process.argv[2] ?? ''));
for (const module of named.length > 0 ? named : commandModules) (await module.register())(program);
await program.parseAsync(process.argv);
