// Condition-key rows of Lex V2's bot replicas (Global Resiliency): each action is on the bot and documents
// aws:ResourceTag/${TagKey} (the bot's type); the targets are bots made by root (tagged team=blue), with
// AWSServiceRoleForLexV2Replication made first (so CreateBotReplica needs no iam:CreateServiceLinkedRole) and,
// for the operations on a replica, a replica in eu-west-2 made by root and Enabled.
import { CreateServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBotReplicaCommand,
  DeleteBotReplicaCommand,
  DescribeBotReplicaCommand,
  ListBotAliasReplicasCommand,
  ListBotReplicasCommand,
  ListBotVersionReplicasCommand,
} from '@aws-sdk/client-lex-models-v2';
import { waitFor } from '../../support/wait.js';
import { bot, type Clients, type Row, type Target } from './support.js';

const REPLICA = 'eu-west-2';

async function withRole(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  await root.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'replication.lexv2.amazonaws.com' })).catch((error: Error) => {
    if (error.name !== 'InvalidInputException') throw error; // the role exists already
  });
  return made;
}
async function withReplica(root: Clients, n: number): Promise<Target> {
  const made = await withRole(root, n);
  await root.lex.send(new CreateBotReplicaCommand({ botId: made.botId, replicaRegion: REPLICA }));
  await waitFor(() => root.lex.send(new DescribeBotReplicaCommand({ botId: made.botId, replicaRegion: REPLICA })), (r) => r.botReplicaStatus === 'Enabled');
  return made;
}

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onBot = (setup: Row['setup'], calls: [string, Call][]): Row[] => calls.map(([operation, call]) => ({ operation, action: `lex:${operation}`, type: 'bot', values: {}, setup, call }));

export const rows: Row[] = [
  ...onBot(withRole, [
    ['CreateBotReplica', (u, t) => u.lex.send(new CreateBotReplicaCommand({ botId: t.botId, replicaRegion: REPLICA }))],
    ['ListBotReplicas', (u, t) => u.lex.send(new ListBotReplicasCommand({ botId: t.botId }))],
  ]),
  ...onBot(withReplica, [
    ['DescribeBotReplica', (u, t) => u.lex.send(new DescribeBotReplicaCommand({ botId: t.botId, replicaRegion: REPLICA }))],
    ['ListBotVersionReplicas', (u, t) => u.lex.send(new ListBotVersionReplicasCommand({ botId: t.botId, replicaRegion: REPLICA }))],
    ['ListBotAliasReplicas', (u, t) => u.lex.send(new ListBotAliasReplicasCommand({ botId: t.botId, replicaRegion: REPLICA }))],
    ['DeleteBotReplica', (u, t) => u.lex.send(new DeleteBotReplicaCommand({ botId: t.botId, replicaRegion: REPLICA }))],
  ]),
];
