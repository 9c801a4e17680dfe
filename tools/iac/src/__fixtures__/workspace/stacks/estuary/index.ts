import { loadConfig } from '@sophia-ai/config';
import { estuaryConfig } from './config';

export const config = loadConfig(estuaryConfig);
