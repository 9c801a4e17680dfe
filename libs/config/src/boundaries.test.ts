import { BOUNDARY_TEST_TIMEOUT_MS, expectImportBoundary } from '@sophia-ai/redact/src/testing/loaded-modules';

test(
  'a stack program loading its typed config does not load the ESC store or @pulumi/esc-sdk',
  () =>
    expectImportBoundary('@sophia-ai/config', {
      loads: ['libs/config', 'node_modules/@pulumi/pulumi'],
      never: ['libs/esc-store', 'node_modules/@pulumi/esc-sdk'],
    }),
  BOUNDARY_TEST_TIMEOUT_MS,
);
