#!/usr/bin/env node
import { Command } from 'commander';
import { registerAppIntegrationsCommands } from './cli/appintegrations.js';
import { registerAuditCommand } from './cli/audit.js';
import { registerConnectConsumerCommands } from './cli/connect-consumers.js';
import { registerDelegationCommands } from './cli/delegation.js';
import { registerEffectiveCommands } from './cli/effective.js';
import { registerLexChannelCommands } from './cli/lex-channels.js';
import { registerOidcCommands } from './cli/oidc.js';
import { registerServeCommand } from './cli/serve.js';
import { registerSimulateCommand } from './cli/simulate.js';
import { registerSamlCommands } from './cli/saml.js';

const program = new Command('linkedrole').description(
  'A local, AWS-compatible implementation of IAM service-linked roles, AppIntegrations and Lex V2',
);
registerServeCommand(program);
registerSimulateCommand(program);
registerAuditCommand(program);
registerEffectiveCommands(program);
registerConnectConsumerCommands(program);
registerAppIntegrationsCommands(program);
registerLexChannelCommands(program);
registerOidcCommands(program);
registerSamlCommands(program);
registerDelegationCommands(program);
await program.parseAsync(process.argv);
