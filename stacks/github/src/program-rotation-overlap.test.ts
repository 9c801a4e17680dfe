import { HOOK, runWithWebhookRotation, SLOT_CANARY } from './program-rotation.support';

// One rotation recorded, window open: the hook signs with the new slot, receivers also get the old secret.
describe('github program, webhook secret rotated once (window open)', () => {
  let run: Awaited<ReturnType<typeof runWithWebhookRotation>>;
  beforeAll(async () => {
    run = await runWithWebhookRotation({ [HOOK]: { rotations: 1, rotatedAt: '2026-11-20T00:00:00.000Z' } });
  });

  it('keeps generation 0 in today\'s resource and makes generation 1 in the second slot', () => {
    expect(run.slots).toEqual([
      { name: 'organisation-sophia-ml-models-hook-ml-events-secret', keepers: undefined },
      { name: 'organisation-sophia-ml-models-hook-ml-events-secret-1', keepers: { generation: '1' } },
    ]);
  });

  it('signs with the new slot and exports the old one as the previous secret, both secret', () => {
    expect(run.signingSecret).toBe(SLOT_CANARY[1]);
    expect(run.outputs.webhook_secrets).toEqual({ value: { [HOOK]: SLOT_CANARY[1] }, isSecret: true, isKnown: true });
    expect(run.outputs.webhook_previous_secrets).toEqual({ value: { [HOOK]: SLOT_CANARY[0] }, isSecret: true, isKnown: true });
  });

  it('prints neither secret in the plan or the outputs', () => {
    for (const canary of SLOT_CANARY) expect(run.printed).not.toContain(canary);
  });
});
