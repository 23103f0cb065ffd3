// Amazon Lex V2 as one ServiceModule (kit/module.ts): bots, aliases, channels, conversations and the
// grants Lex writes into its roles (lex.ts), what uses the roles of lexv2.amazonaws.com and
// channels.lexv2.amazonaws.com, its API binding (models, runtime, channels) and its tables.
import type { ServiceModuleDefinition } from '../kit/module.js';
import { lexApi } from './api.js';
import type { LexOptions } from './context.js';
import { CHANNELS_PRINCIPAL, LEX_PRINCIPAL } from './ids.js';
import { Lex } from './lex.js';
import { REPLICATION_PRINCIPAL } from './replicas.js';
import { LEX_MIGRATIONS } from './migrations.js';

export function lexModule(options: LexOptions = {}): ServiceModuleDefinition<Lex> {
  return {
    migrations: LEX_MIGRATIONS,
    create(platform) {
      const lex = new Lex(platform, options);
      return {
        domain: lex,
        apis: [lexApi(lex)],
        linkedServices: { [LEX_PRINCIPAL]: lex.botRoleUsage, [CHANNELS_PRINCIPAL]: lex.channelRoleUsage, [REPLICATION_PRINCIPAL]: lex.replicas },
        workers: [],
      };
    },
  };
}
