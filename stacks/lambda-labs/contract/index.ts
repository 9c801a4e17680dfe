import { z } from 'zod';
import { defineStackContract } from '@sophia-ai/stack-refs';

/** Outputs of stacks/lambda-labs (GPU instances reachable over SSH). */
export const lambdaLabsStack = defineStackContract({
  project: 'lambda-labs',
  description: 'Lambda Cloud GPU instances, SSH keys, firewall rulesets and filesystems',
  outputs: {
    platform_ip: { schema: z.string(), description: 'Public IPv4 address of the primary GPU instance' },
    instance_ids: { schema: z.array(z.string()), description: 'Lambda instance ids, primary first' },
    ssh_command: { schema: z.string(), description: 'Command that opens a shell on the primary instance' },
    ssh_key_name: { schema: z.string(), description: 'Name of the Lambda SSH key the instances were launched with' },
    region: { schema: z.string(), description: 'Lambda Cloud region of the instances' },
  },
});

/**
 * What the lambda-labs firewall ruleset opens to the internet: TCP 22 only (stacks/lambda-labs
 * src/logic/firewall.ts buildSshFirewallRules). A consumer delivering to the platform on any other port (a webhook
 * to https://<platform_ip>/…) fails on every request; stacks/github's policy refuses that at synth. Not an output:
 * it is a fact of the producer's code, and reading it draws no stack edge.
 */
export const lambdaLabsFirewall = Object.freeze({ project: lambdaLabsStack.project, openTcpPorts: Object.freeze([22]) });
