export { diffPlanSets, diffStack, type StackDiff, type ResourceChange, type PlanSet } from './diff';
export { diffInputs, type InputChange } from './input-changes';
export { estimateStackCost, costAssumptions, defaultPriceBook, type StackCost, type CostItem, type PriceBook } from './cost';
export { buildReport, type PlanDiffReport } from './report';
export { renderMarkdown, COMMENT_MARKER } from './render';
export { readPlanSet, stackProjects } from './plans';
export { main } from './cli';
