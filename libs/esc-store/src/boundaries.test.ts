import { BOUNDARY_TEST_TIMEOUT_MS, expectImportBoundary } from '@sophia-ai/redact/src/testing/loaded-modules';

test(
  'the ESC store does not load @pulumi/pulumi or the config library (tools that only edit ESC do not pay for the engine SDK)',
  () =>
    expectImportBoundary('@sophia-ai/esc-store', {
      loads: ['libs/esc-store', 'node_modules/@pulumi/esc-sdk'],
      never: ['libs/config', 'node_modules/@pulumi/pulumi'],
    }),
  BOUNDARY_TEST_TIMEOUT_MS,
);
