/** One Jest test per provider rule: `describeProviderRules('lambda sshKey', () => subject)`. */
import { checkRule, RULES, type ProviderUnderTest } from './rules';

export function describeProviderRules(name: string, subject: () => ProviderUnderTest): void {
  describe(`${name}: provider rules`, () => {
    for (const rule of RULES) {
      test(rule, async () => {
        const result = await checkRule(subject(), rule);
        if (result.problem) throw new Error(`${name} breaks "${rule}": ${result.problem}`);
      });
    }
  });
}
