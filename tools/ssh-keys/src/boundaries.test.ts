import { BOUNDARY_TEST_TIMEOUT_MS, expectImportBoundary } from '@sophia-ai/redact/src/testing/loaded-modules';

test(
  'the operator CLI reads namespaces and ESC storage without loading @pulumi/pulumi',
  () =>
    expectImportBoundary('@sophia-ai/ssh-keys/src/cli', {
      loads: ['libs/esc-store', 'stacks/lambda-labs/config', 'node_modules/@pulumi/esc-sdk'],
      never: ['node_modules/@pulumi/pulumi'],
    }),
  BOUNDARY_TEST_TIMEOUT_MS,
);
