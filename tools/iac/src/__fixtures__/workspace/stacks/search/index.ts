import { loadConfig } from '@sophia-ai/config';
import { searchConfig } from './config';

export const config = loadConfig(searchConfig);
