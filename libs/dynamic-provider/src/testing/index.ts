/**
 * The provider test kit: `checkProviderRules` / `checkRule` (plain functions) and `describeProviderRules`
 * (one Jest test per rule). Point it at a kind's runtime and an emulator with fault injection;
 * `sandboxFaults` adapts a @sophia-ai/sandbox server's fault controller.
 */
export * from './rules';
export * from './jest';
export * from './sandbox';
