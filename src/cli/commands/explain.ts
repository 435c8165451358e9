/** `nndoctor explain RULE`: prints a rule's documentation; without RULE, lists every rule. */
import { Command, Option } from 'commander';
import { ExitCode } from '../exit-code.js';
import type { CommandContext } from '../program.js';

export function explainCommand(context: CommandContext): Command {
  return new Command('explain')
    .description("show a rule's documentation: what it checks, why, how to fix; without RULE, list all rules")
    .argument('[rule]', 'rule id, e.g. class-imbalance')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (rule: string | undefined, flags: { format: string }) => {
      // Every rule is loaded to explain one; only when asked (not for --help or another command).
      const { explainRule, listRules } = await import('../../explain.js');
      const text = rule === undefined ? listRules(flags.format === 'json') : explainRule(rule, flags.format === 'json');
      context.io.stdout(text);
      context.exitCode = ExitCode.ok;
    });
}
