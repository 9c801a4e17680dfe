import { loadConfig } from '@sophia-ai/config';
import { billingConfig } from './config';

export const config = loadConfig(billingConfig);
