import { loadConfig } from '@sophia-ai/config';
import { lambda_labsConfig } from './config';

export const config = loadConfig(lambda_labsConfig);
