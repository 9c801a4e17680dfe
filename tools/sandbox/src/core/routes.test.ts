import { routeTable } from './routes';

const find = routeTable<string>([
  { path: '/items', GET: 'list', POST: 'create' },
  { path: '/items/:id', GET: 'get', DELETE: 'delete' },
  { path: '/items/:id/versions/:version', GET: 'version' },
]);

test.each([
  ['GET', '/items', 'list', {}],
  ['POST', '/items/', 'create', {}],
  ['GET', '/items/a1', 'get', { id: 'a1' }],
  ['GET', '/items/a1/versions/3', 'version', { id: 'a1', version: '3' }],
])('%s %s → %s', (method, path, handler, params) => {
  expect(find(method, path)).toEqual({ handler, params });
});

test.each([
  ['PUT', '/items/a1'],
  ['GET', '/items/a1/other'],
  ['GET', '/nothing'],
])('%s %s has no route', (method, path) => {
  expect(find(method, path)).toBeUndefined();
});
