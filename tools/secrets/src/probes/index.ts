/** Every readiness probe, one per service, in the order `validate` prints them. */
import { estuaryProbe } from './estuary';
import { githubProbe } from './github';
import { lambdaLabsProbe } from './lambda-labs';
import { portkeyProbe } from './portkey';
import { pulumiProbe } from './pulumi';
import { snowflakeProbe } from './snowflake';
import type { Probe } from './types';

export type { Probe, ProbeInputs, ProbeOptions } from './types';
export { PULUMI_TOKEN_KEY } from './pulumi';

export const PROBES: readonly Probe[] = [lambdaLabsProbe, portkeyProbe, githubProbe, estuaryProbe, snowflakeProbe, pulumiProbe];
