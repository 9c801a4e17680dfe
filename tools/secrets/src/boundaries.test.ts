import { BOUNDARY_TEST_TIMEOUT_MS, expectImportBoundary } from '@sophia-ai/redact/src/testing/loaded-modules';

test(
  'the sync CLI loads the ESC store, Octokit and the contracts it checks, never the Pulumi engine SDK',
  () =>
    expectImportBoundary('@sophia-ai/secrets/src/cli', {
      loads: ['libs/esc-store', 'node_modules/@pulumi/esc-sdk', 'node_modules/@octokit/rest', 'node_modules/libsodium-wrappers', 'stacks/portkey/contract', 'stacks/snowflake/contract'],
      never: ['node_modules/@pulumi/pulumi'],
    }),
  BOUNDARY_TEST_TIMEOUT_MS,
);
