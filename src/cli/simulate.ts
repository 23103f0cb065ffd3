import type { Command } from 'commander';

/** `linkedrole simulate`: the policy engine on the command line (implemented with the engine). */
export function registerSimulateCommand(program: Command): void {
  program.command('simulate').description('Evaluate IAM authorization requests with the policy engine');
}
