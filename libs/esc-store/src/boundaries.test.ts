import { loadedUnder, modulesLoadedBy } from '@sophia-ai/redact/src/testing/loaded-modules';

jest.setTimeout(60_000);

test('the ESC store does not load @pulumi/pulumi (tools that only edit ESC do not pay for the engine SDK)', () => {
  const loaded = modulesLoadedBy('@sophia-ai/esc-store');
  expect(loadedUnder(loaded, 'node_modules/@pulumi/esc-sdk').length).toBeGreaterThan(0);
  expect(loadedUnder(loaded, 'node_modules/@pulumi/pulumi')).toEqual([]);
  expect(loadedUnder(loaded, 'libs/esc-config')).toEqual([]);
});
