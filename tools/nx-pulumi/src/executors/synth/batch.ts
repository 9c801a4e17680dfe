import { availableParallelism } from 'node:os';
import { batchImplementation } from '../batch';
import { runSynthTask } from './executor';

/**
 * `nx run-many -t synth` runs in batch mode by default (`preferBatch`): one process starts every stack's runner,
 * upstream plans first, as many at once as the machine has cores (synth is CPU work), without a 2–3 s Nx worker
 * start per stack. `--batch=false` goes back to one worker per task.
 */
export default batchImplementation(runSynthTask, availableParallelism());
