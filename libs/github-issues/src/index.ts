export { createGithubClient, githubBaseUrl, githubFailure, mayHaveActed, GithubRequestError, DEFAULT_GITHUB_API_URL, DEFAULT_WRITE_INTERVAL_MS, type GithubClient, type GithubClientOptions } from './client';
export { upsertTrackingIssue, closeTrackingIssue, type TrackingIssueRef, type TrackedIssue } from './tracking-issue';
export { upsertStickyComment, type StickyCommentRef } from './sticky-comment';
export { markerLine, GITHUB_BODY_MAX_CHARS } from './marker';
export type { Outcome } from './converge';
