import escSpec from './esc-openapi-0.1.0.schema.json';
import githubSpec from '../../github/spec/github-rest-1.1.4.schema.json';

test.each([
  ['esc', escSpec, { version: '0.1.0', url: expect.stringContaining('pulumi/esc-sdk') }],
  ['github', githubSpec, { version: '1.1.4', url: expect.stringContaining('github/rest-api-description') }],
])('the vendored %s spec carries its source and license, and no prose', (_name, spec, source) => {
  expect((spec as any)['x-source']).toMatchObject({ ...source, license: expect.any(String), generatedBy: expect.stringMatching(/^tools\/sandbox\/scripts\/vendor-/) });
  // Prose keys may remain only as property names (EnvironmentDiagnostic.summary, ...).
  const keys = new Set<string>();
  JSON.stringify(spec, (k, v) => (keys.add(k), k === 'properties' ? Object.keys(v) : v));
  expect(['description', 'summary', 'example', 'examples', 'externalDocs', 'tags'].filter((k) => keys.has(k))).toEqual([]);
});

test('the ESC operations the emulator answers are all in the vendored spec', () => {
  const ops = Object.entries((escSpec as any).paths).flatMap(([p, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${p}`));
  const E = '/environments/{orgName}/{projectName}/{envName}';
  for (const op of [`GET /environments/{orgName}`, `POST /environments/{orgName}`, `GET ${E}`, `HEAD ${E}`, `PATCH ${E}`, `DELETE ${E}`, `GET ${E}/decrypt`, `POST ${E}/open`, `GET ${E}/open/{openSessionID}`, `GET ${E}/open//{openSessionID}`, `GET ${E}/versions`, `GET ${E}/versions/{version}`, `POST ${E}/versions/{version}/open`]) {
    expect(ops).toContain(op);
  }
});
