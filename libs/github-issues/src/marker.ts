/**
 * The hidden line that makes an issue or comment ours: `<!-- sophia-ai:<marker> -->`, the first line of its body.
 * GitHub renders HTML comments as nothing; a person quoting the body starts their text with `>`, so only a body
 * that begins with the marker counts.
 */
const MARKER_NAME = /^[A-Za-z0-9][A-Za-z0-9:._/-]{0,99}$/;

export function markerLine(marker: string): string {
  if (!MARKER_NAME.test(marker)) {
    throw new Error(`marker "${marker.slice(0, 120)}" is not usable: 1–100 characters of letters, digits and : . _ / -, starting with a letter or digit`);
  }
  return `<!-- sophia-ai:${marker} -->`;
}

export const carriesMarker = (body: string | null | undefined, line: string) => (body ?? '').startsWith(line);

/** GitHub refuses issue and comment bodies over 65536 characters. */
export const GITHUB_BODY_MAX_CHARS = 65_536;
const TRUNCATED = '\n\n… (cut to fit GitHub\'s 65536-character limit)';

/** The marker line, then the text, cut to GitHub's limit (the marker always survives). */
export function markedBody(line: string, text: string): string {
  const body = `${line}\n${text}`;
  return body.length <= GITHUB_BODY_MAX_CHARS ? body : body.slice(0, GITHUB_BODY_MAX_CHARS - TRUNCATED.length) + TRUNCATED;
}
