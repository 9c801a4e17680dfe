// Plugin entry registered in nx.json ("./tools/nx-pulumi"): Nx reads these named exports.
// `createNodes` is the Nx 21+ name of the same hook; exporting both keeps older and newer Nx happy.
export { createNodes, createNodesV2 } from './plugin/create-nodes';
export { createDependencies } from './plugin/create-dependencies';
export type { NxPulumiPluginOptions } from './plugin/targets';
