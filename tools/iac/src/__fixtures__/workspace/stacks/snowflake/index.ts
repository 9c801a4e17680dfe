import { loadConfig } from '@sophia-ai/config';
import { snowflakeConfig } from './config';

export const config = loadConfig(snowflakeConfig);
