export { parsePulumiResult, urnParts, hasChanges, UnreadableResult, type StackResult, type ResourceChange, type Action } from './pulumi-result';
export { readOutcomes, type StackOutcome } from './results';
export { renderPreviewComment, renderPreviewSummary, planDiffSection, previewMarker } from './preview-comment';
export { renderDriftIssue, renderDriftSummary, driftState, driftMarker, DRIFT_LABEL, type DriftState } from './drift';
export { main } from './cli';
