import { loadConfig } from '@sophia-ai/config';
import { githubConfig } from './config';

export const config = loadConfig(githubConfig);
