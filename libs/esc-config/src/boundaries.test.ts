import { loadedUnder, modulesLoadedBy } from '@sophia-ai/redact/src/testing/loaded-modules';

jest.setTimeout(60_000);

test('a stack program loading its typed config does not load the ESC store or @pulumi/esc-sdk', () => {
  const loaded = modulesLoadedBy('@sophia-ai/esc-config');
  expect(loadedUnder(loaded, 'node_modules/@pulumi/pulumi').length).toBeGreaterThan(0);
  expect(loadedUnder(loaded, 'libs/esc-config')).toContain('libs/esc-config/src/key-location.ts');
  expect(loadedUnder(loaded, 'node_modules/@pulumi/esc-sdk')).toEqual([]);
  expect(loadedUnder(loaded, 'libs/esc-store')).toEqual([]);
});
