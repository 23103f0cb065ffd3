// `linkedrole lexv2-channels ...`: Lex V2 channel integrations (Slack, Facebook, Twilio SMS), which AWS
// offers only in its console, sent to a running server's channel extension API (signed as `lex`,
// model data/extension-models/lex-channels.json) with the usual AWS credentials.
import type { Command } from 'commander';
import { callOperation, withTarget, type TargetOptions } from './client.js';

const call = (operation: string, opts: TargetOptions, method: string, path: string, body?: unknown) => callOperation('lex', operation, opts, method, path, body);

const segment = (value: string) => encodeURIComponent(value);

function platformConfiguration(platform: string, opts: Record<string, string | undefined>): Record<string, unknown> {
  const need = (name: string, flag: string): string => {
    const value = opts[name];
    if (!value) {
      process.stderr.write(`the ${platform} platform needs ${flag}\n`);
      process.exit(252);
    }
    return value;
  };
  switch (platform) {
    case 'Slack':
      return {
        slack: {
          clientId: need('clientId', '--client-id'),
          clientSecret: need('clientSecret', '--client-secret'),
          verificationToken: need('verificationToken', '--verification-token'),
          signingSecret: need('signingSecret', '--signing-secret'),
        },
      };
    case 'Facebook':
      return { facebook: { pageAccessToken: need('pageAccessToken', '--page-access-token'), appSecretKey: need('appSecretKey', '--app-secret-key'), verifyToken: need('verifyToken', '--verify-token') } };
    case 'TwilioSms':
      return { twilioSms: { accountSid: need('accountSid', '--account-sid'), authToken: need('authToken', '--auth-token') } };
    default:
      process.stderr.write(`--platform must be Slack, Facebook or TwilioSms, not ${platform}\n`);
      process.exit(252);
  }
}

export function registerLexChannelCommands(program: Command): void {
  const channels = program
    .command('lexv2-channels')
    .description("Amazon Lex V2 channel integrations (the console's Channel integrations; each gets its own AWSServiceRoleForLexV2Channels_ role)");
  withTarget(channels.command('create'))
    .description('Create a channel integration on a bot alias (creates its AWSServiceRoleForLexV2Channels_<suffix> role)')
    .requiredOption('--bot-id <id>', 'the bot')
    .requiredOption('--channel-name <name>', 'the channel integration name')
    .requiredOption('--bot-alias-id <id>', 'the bot alias the channel converses with')
    .requiredOption('--locale-id <locale>', 'the locale, e.g. en_US')
    .requiredOption('--platform <platform>', 'Slack, Facebook or TwilioSms')
    .option('--description <text>', 'a description')
    .option('--session-timeout-in-minutes <minutes>', 'idle session timeout')
    .option('--client-id <id>', 'Slack: client id')
    .option('--client-secret <secret>', 'Slack: client secret')
    .option('--verification-token <token>', 'Slack: verification token')
    .option('--signing-secret <secret>', 'Slack: signing secret')
    .option('--page-access-token <token>', 'Facebook: page access token')
    .option('--app-secret-key <key>', 'Facebook: app secret key')
    .option('--verify-token <token>', 'Facebook: verify token')
    .option('--account-sid <sid>', 'Twilio SMS: account SID')
    .option('--auth-token <token>', 'Twilio SMS: auth token')
    .action((opts: TargetOptions & Record<string, string | undefined>) =>
      call('CreateBotChannel', opts, 'PUT', `/bots/${segment(opts.botId!)}/channels/`, {
        channelName: opts.channelName,
        description: opts.description,
        botAliasId: opts.botAliasId,
        localeId: opts.localeId,
        platform: opts.platform,
        platformConfiguration: platformConfiguration(opts.platform!, opts),
        sessionTimeoutInMinutes: opts.sessionTimeoutInMinutes ? Number(opts.sessionTimeoutInMinutes) : undefined,
      }),
    );
  withTarget(channels.command('list'))
    .description('List the channel integrations of a bot')
    .requiredOption('--bot-id <id>', 'the bot')
    .action((opts: TargetOptions & { botId: string }) => call('ListBotChannels', opts, 'POST', `/bots/${segment(opts.botId)}/channels/`, {}));
  withTarget(channels.command('describe'))
    .description("Describe a channel integration (its General configuration, with the IAM role's name)")
    .requiredOption('--bot-id <id>', 'the bot')
    .requiredOption('--channel-id <id>', 'the channel integration')
    .action((opts: TargetOptions & { botId: string; channelId: string }) =>
      call('DescribeBotChannel', opts, 'GET', `/bots/${segment(opts.botId)}/channels/${segment(opts.channelId)}/`),
    );
  withTarget(channels.command('delete'))
    .description('Delete a channel integration (its role stays: delete it in IAM)')
    .requiredOption('--bot-id <id>', 'the bot')
    .requiredOption('--channel-id <id>', 'the channel integration')
    .action((opts: TargetOptions & { botId: string; channelId: string }) =>
      call('DeleteBotChannel', opts, 'DELETE', `/bots/${segment(opts.botId)}/channels/${segment(opts.channelId)}/`),
    );
  withTarget(channels.command('post-message'))
    .description("Deliver a message as the platform would, to the channel's webhook; prints the bot's answer")
    .requiredOption('--channel-id <id>', 'the channel integration')
    .requiredOption('--token <token>', "the platform's token (Slack verification token, Facebook verify token, Twilio auth token)")
    .requiredOption('--user-id <id>', 'the platform user')
    .requiredOption('--text <text>', 'the message')
    .action((opts: TargetOptions & { channelId: string; token: string; userId: string; text: string }) =>
      call('PostChannelMessage', opts, 'POST', `/lex/channels/${segment(opts.channelId)}/webhook`, { token: opts.token, userId: opts.userId, text: opts.text }),
    );
}
