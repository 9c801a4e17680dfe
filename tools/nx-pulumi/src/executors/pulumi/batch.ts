import { batchImplementation } from '../batch';
import { runPulumiTask } from './executor';

/**
 * `nx run-many -t up --batch` (the deploy workflow): every pulumi task of the run in one process, each stack's
 * command started the moment its upstream stacks are done, every ready stack at once. Nothing prompts (stdin is
 * closed), so `up` needs --yes or CI.
 */
export default batchImplementation(runPulumiTask);
