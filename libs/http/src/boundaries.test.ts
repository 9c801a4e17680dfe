import { BOUNDARY_TEST_TIMEOUT_MS, expectImportBoundary } from '@sophia-ai/redact/src/testing/loaded-modules';

test(
  'libs/http redacts with @sophia-ai/redact and does not load libs/policy',
  () => expectImportBoundary('@sophia-ai/http', { loads: ['libs/http', 'libs/redact'], never: ['libs/policy'] }),
  BOUNDARY_TEST_TIMEOUT_MS,
);
