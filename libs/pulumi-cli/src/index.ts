export { ENGINE_VERSION, engineCacheDir, engineBinDir } from './engine-cache';
export { findOnPath, locatePulumi, missingPulumiMessage, type PulumiCli } from './locate';
