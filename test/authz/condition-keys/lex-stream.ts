// Condition-key row of Lex V2's StartConversation: on the bot alias (tagged team=blue by root), which documents
// aws:ResourceTag/${TagKey} (the alias's type). The call is the whole conversation: the events sent, every answer
// read to the stream's end, so a refusal before the stream and a failure inside it both reject.
import { StartConversationCommand, type StartConversationRequestEventStream } from '@aws-sdk/client-lex-runtime-v2';
import { botWithAlias, type Row } from './support.js';

async function* events(): AsyncGenerator<StartConversationRequestEventStream> {
  yield { ConfigurationEvent: { responseContentType: 'text/plain; charset=utf-8' } };
  yield { TextInputEvent: { text: 'hello' } };
}

export const rows: Row[] = [
  {
    operation: 'StartConversation',
    action: 'lex:StartConversation',
    type: 'bot alias',
    values: {},
    setup: botWithAlias,
    call: async (u, t) => {
      const response = await u.runtime.send(
        new StartConversationCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'streamed-1', requestEventStream: events() }),
      );
      const answers: unknown[] = [];
      for await (const answer of response.responseEventStream!) answers.push(answer);
      return answers;
    },
  },
];
