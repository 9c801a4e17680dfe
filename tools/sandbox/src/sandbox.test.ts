import { EMULATORS } from './registry';
import { portFor, startSandbox } from './sandbox';
import { SANDBOX_LAMBDA_API_KEY } from './lambda/emulator';

test('startSandbox serves every registered emulator on loopback and returns env lines', async () => {
  const sandbox = await startSandbox();
  try {
    expect(Object.keys(sandbox.servers)).toEqual(EMULATORS.map((e) => e.name));
    expect(sandbox.env.LAMBDA_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${sandbox.env.LAMBDA_API_URL}/api/v1/ssh-keys`, { headers: { authorization: `Bearer ${SANDBOX_LAMBDA_API_KEY}` } });
    expect(await res.json()).toEqual({ data: [] });
  } finally {
    await sandbox.close();
  }
});

test('fixed ports come from the registration and can be overridden by env', () => {
  const lambda = EMULATORS.find((e) => e.name === 'lambda')!;
  expect(portFor(lambda, {})).toBe(4610);
  expect(portFor(lambda, { SANDBOX_LAMBDA_PORT: '5999' })).toBe(5999);
  expect(() => portFor(lambda, { SANDBOX_LAMBDA_PORT: 'x' })).toThrow(/SANDBOX_LAMBDA_PORT/);
});
