import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { LineCounter, isMap, isScalar, isSeq, type Node } from 'yaml';

/** One shell command quoted in a document. */
export interface DocCommand {
  /** Workspace-relative file and 1-based line. */
  file: string;
  line: number;
  /** The command as written (one simple command or pipeline; comments and `&` dropped). */
  text: string;
  /** Shell words, env assignments (`A=b cmd`) removed; `$(...)` replaced by `X`. */
  argv: string[];
  /** `A=b` assignments written before the command. */
  env: Record<string, string>;
}

/** Words that start a shell command in inline code (`npx nx graph`), as opposed to code (`export const …`). */
const COMMAND_WORDS = /^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(npx|npm|node|pulumi|curl|ssh|sophia-ssh-keys|sophia-secrets|cd|export [A-Z_][A-Z0-9_]*=)(\s|$)/;
const FENCE_LANGS = new Set(['sh', 'bash', 'shell', 'console']);

/** Every command in fenced `sh` blocks and in inline code spans that start with a command word. */
export function extractCommands(root: string, files: string[]): DocCommand[] {
  const out: DocCommand[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
    let fence: string | undefined;
    lines.forEach((raw, i) => {
      const open = /^\s*```(\S*)/.exec(raw);
      if (open) {
        fence = fence === undefined ? open[1] : undefined;
        return;
      }
      const add = (text: string) => out.push(...splitCommands(text).map((c) => ({ file, line: i + 1, ...c })));
      if (fence !== undefined) {
        if (FENCE_LANGS.has(fence)) add(stripComment(raw));
        return;
      }
      for (const m of raw.matchAll(/`([^`]+)`/g)) if (COMMAND_WORDS.test(m[1]!)) add(m[1]!);
    });
  }
  return out;
}

/** Drops a trailing `# comment` (outside quotes) and a trailing `&`. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

/** `a && b; c` → [a, b, c]; `$(x)` becomes its own command too. Pipelines stay whole (`curl … | sh`). */
function splitCommands(text: string): Array<Pick<DocCommand, 'text' | 'argv' | 'env'>> {
  const parts: string[] = [];
  let rest = text.replace(/\s&\s*$/, '');
  for (const sub of rest.matchAll(/\$\(([^()]*)\)/g)) parts.push(sub[1]!);
  rest = rest.replace(/\$\(([^()]*)\)/g, 'X');
  parts.push(...rest.split(/\s*(?:&&|\|\||;)\s*/));
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const words = shellWords(p);
      const env: Record<string, string> = {};
      while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!) && words[0] !== 'export') {
        const [k, ...v] = words.shift()!.split('=');
        env[k!] = v.join('=');
      }
      return { text: p, argv: words, env };
    })
    .filter((c) => c.argv.length > 0);
}

/** Splits like a POSIX shell for the simple cases docs use: spaces, '…', "…". */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word = (word ?? '') + ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word = word ?? '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** `<a|b>` → [a, b]; `<stack>` → `placeholders.stack`; other text as is. Cartesian over every placeholder. */
export function expandPlaceholders(word: string, placeholders: Record<string, string[]>): string[] {
  const m = /<([^<>]+)>/.exec(word);
  if (!m) return [word];
  const options = m[1]!.includes('|') ? m[1]!.split('|') : placeholders[m[1]!];
  if (!options) return [word];
  return options.flatMap((o) => expandPlaceholders(word.replace(m[0], o), placeholders));
}

/** The documents whose commands are checked. */
export function documentedFiles(root: string): string[] {
  const docs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) docs.push(rel);
    }
  };
  walk('docs');
  return ['README.md', ...docs.sort(), 'tools/ssh-keys/README.md', 'tools/sandbox/README.md'];
}

/** The GitHub workflows (their `run:` steps are checked like documented commands). */
export function workflowFiles(root: string): string[] {
  const dir = path.join(root, '.github', 'workflows');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.posix.join('.github', 'workflows', f));
}

/**
 * Every command a workflow's `run:` steps start with a command word (npx, npm, node, …), with the line it is on.
 * `${{ … }}` expressions become `X`, `\`-continued lines are joined, and shell control lines (`if [ … ]; then`,
 * `fi`, `echo`) are not commands of the workspace and are skipped.
 */
export function extractWorkflowCommands(root: string, files: string[]): DocCommand[] {
  const out: DocCommand[] = [];
  for (const file of files) {
    const lineCounter = new LineCounter();
    const doc = YAML.parseDocument(fs.readFileSync(path.join(root, file), 'utf8'), { lineCounter });
    const visit = (node: Node | null | undefined): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isScalar(pair.key) && pair.key.value === 'run' && isScalar(pair.value) && typeof pair.value.value === 'string') {
            const start = lineCounter.linePos(pair.value.range?.[0] ?? 0).line;
            // A block scalar (`run: |`) starts on the line after its indicator.
            const offset = /^[|>]/.test(String(pair.value.source ?? '')) || pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED' ? 1 : 0;
            const lines = pair.value.value.replace(/\$\{\{[^}]*\}\}/g, 'X').replace(/\\\n\s*/g, ' ').split('\n');
            lines.forEach((raw, i) => {
              const text = stripComment(raw).trim();
              if (!COMMAND_WORDS.test(text)) return;
              // `npx nx run x || test $? -eq 2`: only the workspace's commands are checked, not the shell's.
              const ours = splitCommands(text).filter((c) => COMMAND_WORDS.test(c.text));
              out.push(...ours.map((c) => ({ file, line: start + offset + i, ...c })));
            });
          } else {
            visit(pair.value as Node);
          }
        }
      } else if (isSeq(node)) {
        for (const item of node.items) visit(item as Node);
      }
    };
    visit(doc.contents);
  }
  return out;
}
