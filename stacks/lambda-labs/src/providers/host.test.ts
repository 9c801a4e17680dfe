/**
 * The serialized providers run by the Pulumi SDK's own dynamic-provider host (the process the engine starts
 * for dynamic resources), spoken to over gRPC exactly like the engine does, against the Lambda emulator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as pulumi from '@pulumi/pulumi';
import { LambdaEmulator, serveEmulator, type RunningEmulator } from '@sophia-ai/sandbox';
import { instanceProvider, sshKeyProvider } from './dynamic';

 
const provrpc = require('@pulumi/pulumi/proto/provider_grpc_pb');
 
const provproto = require('@pulumi/pulumi/proto/provider_pb');
 
const structproto = require('google-protobuf/google/protobuf/struct_pb');

const CANARY = 'canary_host_Ut5Wq2Mz8KdR4pXs9LfB';
const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn sandbox-sample';
const STACK_DIR = path.resolve(__dirname, '../..');
const HOST = require.resolve('@pulumi/pulumi/cmd/dynamic-provider/index.js');

let emulator: LambdaEmulator;
let server: RunningEmulator;
let host: ChildProcess;
let client: any;
let hostOutput: () => string;

jest.setTimeout(60_000);

/** Starts the SDK's dynamic-provider host as the engine does and returns a gRPC client to it. */
async function startHost(url: string): Promise<{ client: any; process: ChildProcess; output: () => string }> {
  let output = '';
  // As the engine does: cwd = the project, argv = [engine address]. No TypeScript loader is preloaded, so the
  // provider's own loader must make the workspace sources loadable.
  const child = spawn(process.execPath, [HOST, '127.0.0.1:1'], {
    cwd: STACK_DIR,
    env: { ...process.env, LAMBDA_API_URL: url, LAMBDA_POLL_INTERVAL_MS: '50', LAMBDA_LAUNCH_INTERVAL_MS: '0', LAMBDA_REQUEST_INTERVAL_MS: '0', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = output.match(/^(\d+)\s*$/m);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`provider host exited ${code}: ${output}`)));
  });
  return { client: new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()), process: child, output: () => output };
}

beforeAll(async () => {
  emulator = new LambdaEmulator({ apiKeys: [CANARY], launchWindowMs: 0, bootMs: 300, terminateMs: 100 });
  server = await serveEmulator(emulator);
  const started = await startHost(server.url);
  client = started.client;
  host = started.process;
  hostOutput = started.output;
});

afterAll(async () => {
  client?.close();
  host?.kill();
  await server?.close();
});

function rpc<T = any>(method: string, req: unknown, via: any = client): Promise<T> {
  return new Promise((resolve, reject) => via[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}
const struct = (o: Record<string, unknown>) => structproto.Struct.fromJavaScript(o);

async function serialized(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return sf.text;
}

test('serialized closures hold the loader only: no API key, no HTTP client, no module state', async () => {
  const text = await serialized(instanceProvider);
  expect(text).toContain('@sophia-ai/lambda-labs/src/providers/runtime');
  expect(text).not.toContain(CANARY);
  expect(text).not.toMatch(/HttpClient|undici|authorization/i);
});

test('SSH key and instance: Check, Diff, Create, Read, Update, Delete through the engine host', async () => {
  const urn = (t: string, n: string) => `urn:pulumi:local::lambda-labs::pulumi-nodejs:dynamic/lambda:${t}::${n}`;

  // --- SSH key ---
  const keyProvider = await serialized(sshKeyProvider);
  const keyInputs = { __provider: keyProvider, apiKey: CANARY, name: 'host-key', publicKey: PUB };
  const keyUrn = urn('SshKey', 'key');
  const checked = await rpc('check', new provproto.CheckRequest().setUrn(keyUrn).setOlds(struct({})).setNews(struct(keyInputs)));
  expect(checked.getFailuresList()).toHaveLength(0);
  const keyCreated = await rpc('create', new provproto.CreateRequest().setUrn(keyUrn).setProperties(struct(keyInputs)));
  const keyId = keyCreated.getId();
  const keyOuts = keyCreated.getProperties().toJavaScript();
  expect(keyOuts).toMatchObject({ name: 'host-key', keyId, __provider: keyProvider });
  const bad = await rpc('check', new provproto.CheckRequest().setUrn(keyUrn).setOlds(struct({})).setNews(struct({ ...keyInputs, publicKey: 'nope' })));
  expect(bad.getFailuresList().map((f: any) => f.getProperty())).toEqual(['publicKey']);

  // --- instance ---
  const provider = await serialized(instanceProvider);
  const instUrn = urn('Instance', 'gpu');
  const inputs = {
    __provider: provider, apiKey: CANARY, region: 'us-east-1', instanceType: 'gpu_1x_a10', sshKeyName: 'host-key',
    name: 'host-gpu', hostname: 'host-gpu', tags: { team: 'ml' }, userData: '#cloud-config\nssh_authorized_keys: []\n',
  };
  const check = await rpc('check', new provproto.CheckRequest().setUrn(instUrn).setOlds(struct({})).setNews(struct(inputs)));
  expect(check.getFailuresList()).toHaveLength(0);
  const created = await rpc('create', new provproto.CreateRequest().setUrn(instUrn).setProperties(check.getInputs()));
  const id = created.getId();
  const outs = created.getProperties().toJavaScript();
  expect(outs).toMatchObject({ instanceId: id, status: 'active', ip: expect.stringMatching(/^192\.0\.2\./), __provider: provider });
  expect(emulator.inspectInstance(id)?.user_data).toBe(inputs.userData);

  const diffRename = await rpc('diff', new provproto.DiffRequest().setId(id).setUrn(instUrn).setOlds(struct(outs)).setNews(struct({ ...inputs, name: 'host-gpu-2' })));
  expect(diffRename.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(diffRename.getReplacesList()).toEqual([]);
  const diffType = await rpc('diff', new provproto.DiffRequest().setId(id).setUrn(instUrn).setOlds(struct(outs)).setNews(struct({ ...inputs, instanceType: 'gpu_1x_h100_pcie' })));
  expect(diffType.getReplacesList()).toEqual(['instanceType']);
  const diffNone = await rpc('diff', new provproto.DiffRequest().setId(id).setUrn(instUrn).setOlds(struct(outs)).setNews(struct(inputs)));
  expect(diffNone.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);

  const updated = await rpc('update', new provproto.UpdateRequest().setId(id).setUrn(instUrn).setOlds(struct(outs)).setNews(struct({ ...inputs, name: 'host-gpu-2' })));
  expect(updated.getProperties().toJavaScript()).toMatchObject({ name: 'host-gpu-2', instanceId: id });
  expect(emulator.inspectInstance(id)?.name).toBe('host-gpu-2');

  const read = await rpc('read', new provproto.ReadRequest().setId(id).setUrn(instUrn).setProperties(struct(outs)));
  expect(read.getId()).toBe(id);
  expect(read.getProperties().toJavaScript()).toMatchObject({ status: 'active', name: 'host-gpu-2' });

  await rpc('delete', new provproto.DeleteRequest().setId(id).setUrn(instUrn).setProperties(struct(outs)));
  const gone = await rpc('read', new provproto.ReadRequest().setId(id).setUrn(instUrn).setProperties(struct(outs)));
  expect(gone.getId()).toBe(''); // the engine treats an empty id as "deleted outside Pulumi"

  await rpc('delete', new provproto.DeleteRequest().setId(keyId).setUrn(keyUrn).setProperties(struct(keyOuts)));
  expect(emulator.allInstances().map((i) => i.status)).toEqual(['terminated']);

  // A failing create reports a clear error over gRPC without the API key.
  const failed = await rpc('create', new provproto.CreateRequest().setUrn(instUrn).setProperties(struct({ ...inputs, sshKeyName: 'missing' }))).catch((e) => e);
  expect(String(failed.message)).toMatch(/global\/object-does-not-exist/);
  expect(`${failed.message}\n${hostOutput()}`).not.toContain(CANARY);
});

test('after an API key rotation, Configure (the stack\'s current config) is what Read and Delete use, not the key in state', async () => {
  const NEW = 'canary_host_new_Qs4Vb8Nn2Lk6Jx0P';
  const provider = await serialized(sshKeyProvider);
  const urn = 'urn:pulumi:local::lambda-labs::pulumi-nodejs:dynamic/lambda:SshKey::rot';
  const inputs = { __provider: provider, apiKey: CANARY, name: 'rot-key', publicKey: PUB };
  const created = await rpc('create', new provproto.CreateRequest().setUrn(urn).setProperties(struct(inputs)));
  const id = created.getId();
  const state = created.getProperties().toJavaScript();
  emulator.control({ apiKeys: [NEW] }); // the key is rotated: the old one is revoked, the config holds the new one
  // `pulumi refresh` / `destroy` start a new provider host; the engine configures it before any call.
  const rotated = await startHost(server.url);
  try {
    // The engine sends the whole stack configuration, secrets marked, to dynamic providers (target.go GetPackageConfig).
    const secret = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: NEW };
    await rpc('configure', new provproto.ConfigureRequest().setArgs(struct({ 'lambda-labs:apiKey': secret, 'lambda-labs:region': 'us-east-1' })), rotated.client);
    const read = await rpc('read', new provproto.ReadRequest().setId(id).setUrn(urn).setProperties(struct(state)), rotated.client);
    expect(read.getId()).toBe(id); // refresh
    await rpc('delete', new provproto.DeleteRequest().setId(id).setUrn(urn).setProperties(struct(state)), rotated.client);
    const gone = await rpc('read', new provproto.ReadRequest().setId(id).setUrn(urn).setProperties(struct(state)), rotated.client);
    expect(gone.getId()).toBe('');
    expect(rotated.output()).not.toContain(NEW);
  } finally {
    emulator.control({ apiKeys: [CANARY] });
    rotated.client.close();
    rotated.process.kill();
  }
});
