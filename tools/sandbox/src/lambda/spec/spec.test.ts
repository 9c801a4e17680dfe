import { LAMBDA_LIMITS, LAMBDA_REGIONS, sourceNetworkProblem } from '@sophia-ai/lambda-labs-config';
import { REGIONS } from '../catalog';
import { LambdaSpec } from './conformance';
import spec from './lambda-cloud-openapi-1.8.3.schema.json';

const schemas = (spec as any).components.schemas;

test('the vendored data carries its source and no prose', () => {
  expect((spec as any)['x-source']).toMatchObject({ url: 'https://cloud.lambda.ai/api/v1/openapi.json', version: '1.8.3', license: expect.any(String) });
  const text = JSON.stringify(spec);
  expect(text).not.toMatch(/"(summary|examples?)":/);
  // `description` remains only as a property name (FirewallRule.description, Image.description, ...).
  expect(JSON.stringify(spec, (k, v) => (k === 'properties' ? Object.keys(v) : v))).not.toMatch(/"description":/);
});

test('the shared constraints (the lambda-labs config namespace) are the spec’s', () => {
  expect([...LAMBDA_REGIONS].sort()).toEqual([...schemas.PublicRegionCode.enum].sort());
  expect(Object.keys(REGIONS).sort()).toEqual([...schemas.PublicRegionCode.enum].sort());
  const launch = schemas.InstanceLaunchRequest.properties;
  expect(LAMBDA_LIMITS.hostname.source).toBe(launch.hostname.pattern);
  expect(LAMBDA_LIMITS.nameMax).toBe(launch.name.maxLength);
  expect(LAMBDA_LIMITS.filesystemName.source).toBe(schemas.FilesystemCreateRequest.properties.name.pattern);
  expect(LAMBDA_LIMITS.filesystemNameMax).toBe(schemas.FilesystemCreateRequest.properties.name.maxLength);
  expect(LAMBDA_LIMITS.tagKey.source).toBe(schemas.RequestedTagEntry.properties.key.pattern);
  expect(LAMBDA_LIMITS.tagKeyMax).toBe(schemas.RequestedTagEntry.properties.key.maxLength);
  expect(LAMBDA_LIMITS.tagValueMax).toBe(schemas.RequestedTagEntry.properties.value.maxLength);
  expect(LAMBDA_LIMITS.nameMax).toBe(schemas.FirewallRulesetCreateRequest.properties.name.maxLength);
  expect(LAMBDA_LIMITS.nameMax).toBe(schemas.AddSSHKeyRequest.properties.name.maxLength);
  expect(LAMBDA_LIMITS.publicKeyMax).toBe(schemas.AddSSHKeyRequest.properties.public_key.maxLength);
  expect(LAMBDA_LIMITS.ruleDescriptionMax).toBe(schemas.FirewallRule.properties.description.maxLength);
  expect([...LAMBDA_LIMITS.protocols]).toEqual(schemas.NetworkProtocol.enum);
  expect([LAMBDA_LIMITS.portMin, LAMBDA_LIMITS.portMax]).toEqual([schemas.FirewallRule.properties.port_range.items.minimum, schemas.FirewallRule.properties.port_range.items.maximum]);
  expect(LAMBDA_LIMITS.mountPoint.source).toBe(new RegExp(schemas.RequestedFilesystemMountEntry.properties.mount_point.pattern).source);
});

test('source networks: public IPv4 or 0.0.0.0/0 only', () => {
  for (const ok of ['0.0.0.0/0', '203.0.113.0/24', '198.51.100.7', '8.8.8.8/32', '1.2.3.4']) expect([ok, sourceNetworkProblem(ok)]).toEqual([ok, undefined]);
  for (const bad of ['127.0.0.1/32', '10.0.0.0/33', '10.1.2.3/8', '192.168.1.0/24', '172.20.0.0/16', '169.254.1.1', '100.64.0.1', '224.0.0.1', '8.0.0.0/4', 'ssh', '']) {
    expect([bad, sourceNetworkProblem(bad)]).toEqual([bad, expect.any(String)]);
  }
});

test('the validator fails answers the spec does not document (it can fail)', () => {
  const v = new LambdaSpec();
  expect(v.answerProblems({ method: 'DELETE', path: '/api/v1/ssh-keys/x', status: 404, body: { error: { code: 'global/object-does-not-exist', message: 'm' } } })[0]).toMatch(/status not documented/);
  expect(v.answerProblems({ method: 'GET', path: '/api/v1/firewall-rulesets/x', status: 404, body: { error: { code: 'global/object-does-not-exist', message: 'm' } } })[0]).toMatch(/suggestion/);
  expect(v.answerProblems({ method: 'GET', path: '/api/v1/firewall-rulesets/global', status: 200, body: { data: { id: 'global', name: 'Global Firewall Rules', rules: [] } } })).toEqual([]);
  expect(v.answerProblems({ method: 'GET', path: '/api/v1/regions', status: 200, body: {} })[0]).toMatch(/no such operation/);
  expect(v.requestProblems({ method: 'POST', path: '/api/v1/firewall-rulesets', status: 200, body: {}, requestBody: { name: 'x', region: 'us-east-1', rules: [{ protocol: 'tcp', port_range: [22, 22], source_network: '127.0.0.1/32', description: 'd' }] } })[0]).toMatch(/source_network.*format/);
});
