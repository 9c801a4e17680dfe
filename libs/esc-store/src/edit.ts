import YAML, { isMap, isSeq, type Document } from 'yaml';

/** One surgical change to an ESC definition. Paths start at the document root (e.g. `['values', 'x']`). */
export type DefinitionEdit =
  | { op: 'set'; path: string[]; value: unknown; secret?: boolean }
  | { op: 'remove'; path: string[] }
  | { op: 'import'; name: string };

export interface EditResult {
  yaml: string;
  /** False when every edit was already in place (nothing to write). */
  changed: boolean;
}

/** Parses a definition with the `yaml` Document API (comments and formatting are kept on re-serialisation). */
export function parseDefinition(text: string): Document.Parsed {
  const doc = YAML.parseDocument(text.trim() === '' ? 'values: {}\n' : text);
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message.split('\n')[0]).join('; '));
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new Error('the top level is not a mapping');
  // Empty `{}` maps would otherwise grow in flow style.
  YAML.visit(doc, {
    Map(_, map) {
      if (map.items.length === 0) map.flow = false;
    },
  });
  return doc;
}

function pruneEmpty(doc: Document, path: string[]) {
  for (let i = path.length - 1; i > 1; i--) {
    const parent = doc.getIn(path.slice(0, i));
    if (isMap(parent) && parent.items.length === 0) doc.deleteIn(path.slice(0, i));
    else break;
  }
}

/**
 * Applies edits to definition text, keeping imports, comments and every key not named in an edit.
 * Secret values are written as `fn::secret: <plaintext>`; ESC encrypts them on save. Pure.
 */
export function editDefinition(text: string, edits: DefinitionEdit[]): EditResult {
  const doc = parseDefinition(text);
  const before = doc.toString({ lineWidth: 0 });
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  for (const edit of edits) {
    if (edit.op === 'import') {
      let imports = doc.get('imports');
      if (!isSeq(imports)) {
        imports = doc.createNode([]);
        // `imports` first, like every ESC example.
        (doc.contents as YAML.YAMLMap).items.unshift(doc.createPair('imports', imports));
      }
      const seq = imports as YAML.YAMLSeq;
      const present = seq.items.some((it) => {
        const v = YAML.isScalar(it) ? it.value : isMap(it) ? (it.items[0]?.key as YAML.Scalar | undefined)?.value : undefined;
        return v === edit.name;
      });
      if (!present) seq.add(doc.createNode(edit.name));
    } else if (edit.op === 'set') {
      if (edit.path.length === 0) throw new Error('empty path');
      if (!edit.secret) {
        const current = doc.getIn(edit.path, true);
        const currentJs = current === undefined ? undefined : YAML.isNode(current) ? current.toJSON() : current;
        if (JSON.stringify(currentJs) === JSON.stringify(edit.value)) continue;
      }
      const node = doc.createNode(edit.secret ? { 'fn::secret': edit.value } : edit.value);
      const existing = doc.getIn(edit.path, true);
      // Keep the comment attached to a replaced value.
      if (YAML.isNode(existing) && YAML.isNode(node)) {
        node.comment = existing.comment;
        node.commentBefore = existing.commentBefore;
      }
      doc.setIn(edit.path, node);
    } else {
      if (doc.hasIn(edit.path)) {
        doc.deleteIn(edit.path);
        pruneEmpty(doc, edit.path);
      }
    }
  }
  const after = doc.toString({ lineWidth: 0 });
  return { yaml: after, changed: after !== before };
}

/** Reads a plain value at `path` from a parsed definition (JS form; `fn::secret` objects as-is). */
export function valueAt(definition: unknown, path: string[]): unknown {
  let cur: unknown = definition;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
