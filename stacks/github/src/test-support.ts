// Shared by this stack's tests (not a test itself): mock runtime options and plan building.
import type { RecordedResource, MockRuntimeOptions } from '@sophia-ai/pulumi-testing';
import { buildPlan } from '@sophia-ai/pulumi-testing';
import type { SynthPlan } from '@sophia-ai/policy';

/** Canary value the mocked RandomPassword returns: it must only ever appear inside secret wrappers. */
export const CANARY_WEBHOOK_SECRET = 'CANARYwebhookSECRET0123456789abcdefGHIJ';

/** State the real providers would add beyond the inputs (slug, htmlUrl, generated password). */
export const resourceOutputs: MockRuntimeOptions['resourceOutputs'] = (args) => {
  switch (args.type) {
    case 'github:index/team:Team':
      return { slug: String(args.inputs.name) };
    case 'github:index/repository:Repository':
      return { htmlUrl: `https://github.com/sophia-ai-sandbox/${String(args.inputs.name)}` };
    case 'random:index/randomPassword:RandomPassword':
      return { result: CANARY_WEBHOOK_SECRET };
    default:
      return undefined;
  }
};

/** A synth-style plan from recorded resources (inputs redacted as the synth runner writes them). */
export function toPlan(resources: readonly RecordedResource[], env: string, filter?: (r: RecordedResource) => boolean): SynthPlan {
  return buildPlan({ stack: 'github', project: 'github', env, resources: resources.filter((r) => (filter ? filter(r) : true)) });
}
