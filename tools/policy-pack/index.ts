// The policy pack the real engine runs: `pulumi preview --policy-pack tools/policy-pack` (see README.md).
import * as path from 'node:path';
import { PolicyPack } from '@pulumi/policy';
import { policiesFor } from './src/policies';
import { loadRuleSets } from './src/rule-sets';
import { decodePropertiesAsPlans } from './src/wire';

decodePropertiesAsPlans();

new PolicyPack('sophia-ai', { policies: policiesFor(loadRuleSets(path.resolve(__dirname, '../..'))) });
