import { loadedUnder, modulesLoadedBy } from '@sophia-ai/redact/src/testing/loaded-modules';

jest.setTimeout(60_000);

test('libs/http redacts with @sophia-ai/redact and does not load libs/policy', () => {
  const loaded = modulesLoadedBy('@sophia-ai/http');
  expect(loadedUnder(loaded, 'libs/http').length).toBeGreaterThan(0);
  expect(loadedUnder(loaded, 'libs/redact')).toContain('libs/redact/src/scrub.ts');
  expect(loadedUnder(loaded, 'libs/policy')).toEqual([]);
});
