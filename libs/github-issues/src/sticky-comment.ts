/**
 * One comment per marker on an issue or pull request (a PR's conversation comments are issue comments), edited
 * in place on every run: a preview per stack, a drift note per stack. Found by the hidden marker at the top of its
 * body; a dropped connection while creating it never leaves two.
 */
import type { GithubClient } from './client';
import { githubFailure } from './client';
import { findOrCreate, type Outcome } from './converge';
import { carriesMarker, markedBody, markerLine } from './marker';

export interface StickyCommentRef {
  owner: string;
  repo: string;
  /** The issue or pull request number. */
  issueNumber: number;
  marker: string;
  body: string;
}

interface CommentItem {
  id: number;
  body?: string;
  html_url: string;
}

export async function upsertStickyComment(octokit: GithubClient, ref: StickyCommentRef): Promise<{ outcome: Outcome; id: number; url: string }> {
  const line = markerLine(ref.marker);
  const body = markedBody(line, ref.body);
  const at = `#${ref.issueNumber} in ${ref.owner}/${ref.repo}`;
  const { outcome, value } = await findOrCreate<CommentItem>({
    find: async () => {
      try {
        const comments = (await octokit.paginate(octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, per_page: 100 })) as CommentItem[];
        return comments.find((c) => carriesMarker(c.body, line));
      } catch (e) {
        throw githubFailure(`listing the comments of ${at}`, e, ' (the token needs Issues or Pull requests read/write on the repository)');
      }
    },
    update: async (comment) => {
      if (comment.body === body) return false;
      try {
        await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: comment.id, body });
      } catch (e) {
        throw githubFailure(`updating comment ${comment.id} on ${at}`, e);
      }
      return true;
    },
    create: async () => (await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, body, request: { retries: 0 } })).data as CommentItem,
    createFailed: (e) => githubFailure(`commenting on ${at}`, e),
  });
  return { outcome, id: value.id, url: value.html_url };
}
