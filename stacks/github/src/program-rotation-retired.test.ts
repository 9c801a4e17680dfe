import { HOOK, runWithWebhookRotation, SLOT_CANARY } from './program-rotation.support';

// Two rotations, the second's window passed (`retired` recorded by rotate): one slot left, no previous secret.
describe('github program, webhook secret rotated twice and retired', () => {
  let run: Awaited<ReturnType<typeof runWithWebhookRotation>>;
  beforeAll(async () => {
    run = await runWithWebhookRotation({ [HOOK]: { rotations: 2, rotatedAt: '2026-11-01T00:00:00.000Z', retired: true } });
  });

  it('regenerates slot 0 for generation 2 and removes the retired slot', () => {
    expect(run.slots).toEqual([{ name: 'organisation-sophia-ml-models-hook-ml-events-secret', keepers: { generation: '2' } }]);
    expect(run.signingSecret).toBe(SLOT_CANARY[0]);
  });

  it('exports no previous secret for the hook', () => {
    expect(run.outputs.webhook_previous_secrets).toEqual({ value: {}, isSecret: true, isKnown: true });
    expect(run.outputs.webhook_secrets?.value).toEqual({ [HOOK]: SLOT_CANARY[0] });
    for (const canary of SLOT_CANARY) expect(run.printed).not.toContain(canary);
  });
});
