import { BOUNDARY_TEST_TIMEOUT_MS, expectImportBoundary } from '@sophia-ai/redact/src/testing/loaded-modules';

test(
  'importing typed config loads neither the ESC store, @pulumi/esc-sdk nor @pulumi/pulumi (loadConfig loads the SDK when a program calls it)',
  () =>
    expectImportBoundary('@sophia-ai/config', {
      loads: ['libs/config'],
      never: ['libs/esc-store', 'node_modules/@pulumi/esc-sdk', 'node_modules/@pulumi/pulumi'],
    }),
  BOUNDARY_TEST_TIMEOUT_MS,
);
