export { synthStack, type SynthOptions, type SynthResult } from './synth';
export { main, parseArgs } from './cli';
export { renderTree } from './tree';
export { SynthError } from './errors';
