import { loadConfig } from '@sophia-ai/config';
import { escConfig } from './config';

export const config = loadConfig(escConfig);
