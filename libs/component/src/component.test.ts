import * as pulumi from '@pulumi/pulumi';
import { startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import { SophiaComponent, typeToken } from './index';

class Part extends pulumi.CustomResource {
  constructor(name: string, opts: pulumi.CustomResourceOptions) {
    super('test:index:Part', name, {}, opts);
  }
}

class Widget extends SophiaComponent {
  readonly parts: pulumi.Resource[] = [];
  constructor(name: string, childParts: string[][], opts?: pulumi.ComponentResourceOptions) {
    super('test-svc', 'Widget', name, opts);
    for (const parts of childParts) {
      this.parts.push(new Part(this.childName(...parts), this.childOptions({ protect: true })));
    }
    this.registerOutputs({ count: this.parts.length });
  }
}

let runtime: MockRuntime;
beforeAll(async () => {
  runtime = await startMockRuntime({ project: 'test-svc', stack: 'dev' });
});

describe('SophiaComponent', () => {
  it('registers sophia:<service>:<Kind> and parents its children, named <name>-<parts>', async () => {
    await runtime.runStack(() => {
      new Widget('w', [[], ['db'], ['schema', 's3-events']]);
    });
    const widget = runtime.resources.find((r) => r.type === 'sophia:test-svc:Widget');
    expect(widget?.name).toBe('w');
    const parts = runtime.resources.filter((r) => r.type === 'test:index:Part');
    expect(parts.map((p) => p.name)).toEqual(['w', 'w-db', 'w-schema-s3-events']);
    for (const p of parts) expect(p.parent).toBe(widget?.urn);
  });

  it('refuses a child name given twice, and a part that is empty or has spaces or colons', () => {
    expect(() => new Widget('dup', [['a-b', 'c'], ['a', 'b-c']])).toThrow('dup: two children would both be named "dup-a-b-c"');
    for (const bad of ['', 'has space', 'a::b']) {
      expect(() => new Widget('bad', [[bad]])).toThrow(/child name part .* must match/);
    }
  });

  it('checks the type token', () => {
    expect(typeToken('lambda-labs', 'Platform')).toBe('sophia:lambda-labs:Platform');
    expect(() => typeToken('Lambda Labs', 'platform')).toThrow(/Invalid component type token/);
  });
});
