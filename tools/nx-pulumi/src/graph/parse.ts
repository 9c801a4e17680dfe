import type * as TS from 'typescript';

// The compiler is loaded on first use only: most graph computations are answered from the hash cache,
// and `require('typescript')` alone costs more than the rest of the plugin.
let tsModule: typeof TS | undefined;
function ts(): typeof TS {
  return (tsModule ??= require('typescript') as typeof TS);
}

function sourceFile(fileName: string, text: string): TS.SourceFile {
  return ts().createSourceFile(fileName, text, ts().ScriptTarget.Latest, true, ts().ScriptKind.TS); // parents: uses are judged by their parent node
}

/** Strips `(x)`, `x as T`, `x satisfies T` and `x!` so `defineStackContract(...) as const` still counts. */
function unwrap(node: TS.Expression): TS.Expression {
  const t = ts();
  while (
    t.isParenthesizedExpression(node) ||
    t.isAsExpression(node) ||
    t.isSatisfiesExpression(node) ||
    t.isNonNullExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

function isDefineStackContract(callee: TS.Expression): boolean {
  const t = ts();
  if (t.isIdentifier(callee)) return callee.text === 'defineStackContract';
  return t.isPropertyAccessExpression(callee) && callee.name.text === 'defineStackContract';
}

function stringValue(node: TS.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const t = ts();
  const inner = unwrap(node);
  return t.isStringLiteral(inner) || t.isNoSubstitutionTemplateLiteral(inner) ? inner.text : undefined;
}

/**
 * Contracts declared in one `libs/stack-refs/src/contracts/*.ts` file:
 * `export const <name> = defineStackContract({ project: '<pulumi-project>', ... })` → `{ name: project }`.
 */
export function parseContracts(fileName: string, text: string): Record<string, string> {
  const t = ts();
  const found: Record<string, string> = {};
  for (const statement of sourceFile(fileName, text).statements) {
    if (!t.isVariableStatement(statement)) continue;
    const exported = statement.modifiers?.some((m) => m.kind === t.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!t.isIdentifier(decl.name) || !decl.initializer) continue;
      const init = unwrap(decl.initializer);
      if (!t.isCallExpression(init) || !isDefineStackContract(init.expression)) continue;
      const arg = init.arguments[0] && unwrap(init.arguments[0]);
      if (!arg || !t.isObjectLiteralExpression(arg)) continue;
      for (const prop of arg.properties) {
        if (!t.isPropertyAssignment(prop)) continue;
        const key = t.isIdentifier(prop.name) || t.isStringLiteral(prop.name) ? prop.name.text : undefined;
        const project = key === 'project' ? stringValue(prop.initializer) : undefined;
        if (project) found[decl.name.text] = project;
      }
    }
  }
  return found;
}

export const STACK_REFS_PACKAGE = '@sophia-ai/stack-refs';

function isStackRefsSpecifier(spec: string): boolean {
  return spec === STACK_REFS_PACKAGE || spec.startsWith(`${STACK_REFS_PACKAGE}/`);
}

/** The runtime names a file takes from `@sophia-ai/stack-refs`, or why they cannot be known statically. */
export interface StackRefsUse {
  names: string[];
  /** `<file>:<line>: …` for a use the scan cannot resolve; the plugin fails with it rather than drop an edge. */
  unresolved?: string;
}

function isStackRefsModule(node: TS.Node | undefined): boolean {
  return !!node && ts().isStringLiteralLike(node) && isStackRefsSpecifier(node.text);
}

/** `require('@sophia-ai/stack-refs')` or `import('@sophia-ai/stack-refs')` (possibly awaited). */
function isStackRefsLoad(node: TS.Node): boolean {
  const t = ts();
  const call = t.isAwaitExpression(node) ? node.expression : node;
  if (!t.isCallExpression(call) || !isStackRefsModule(call.arguments[0])) return false;
  return call.expression.kind === t.SyntaxKind.ImportKeyword || (t.isIdentifier(call.expression) && call.expression.text === 'require');
}

/**
 * Names a file uses at runtime from `@sophia-ai/stack-refs`, so that every StackReference it can create gives an
 * edge: `import { a, b as c }`, re-exports `export { a } from` (a local barrel), a namespace (`import * as refs`,
 * `import refs =`, `require`, `await import`) read as `refs.x`, `refs['x']`, `const { x } = refs` or through an
 * alias `const r = refs`. A use that cannot be resolved statically (`export *`, `refs[key]`, passing `refs` on)
 * is reported in `unresolved` instead of silently giving no edge. Type-only imports are ignored: they create no
 * StackReference, so they must neither order deploys nor widen `affected`.
 */
export function stackRefsImports(fileName: string, text: string): StackRefsUse {
  // Cheap pre-filter: most files never mention the package, so they are not parsed at all.
  if (!text.includes(STACK_REFS_PACKAGE)) return { names: [] };
  const t = ts();
  const file = sourceFile(fileName, text);
  const names = new Set<string>();
  let unresolved: string | undefined;
  const fail = (node: TS.Node, why: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    unresolved ??= `${fileName}:${line}: ${why}`;
  };
  const addSpecifiers = (elements: readonly (TS.ImportSpecifier | TS.ExportSpecifier)[]) => {
    for (const el of elements) if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
  };

  // Pass 1: the identifiers that stand for the whole module (imports, require/import(), and aliases of those).
  const namespaces = new Set<string>();
  const declaring = new Set<TS.Node>();
  const addNamespace = (id: TS.Identifier) => {
    namespaces.add(id.text);
    declaring.add(id);
  };
  for (const statement of file.statements) {
    if (t.isImportDeclaration(statement) && isStackRefsModule(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) addNamespace(clause.name); // default import under esModuleInterop: the whole module
      const bindings = clause.namedBindings;
      if (bindings && t.isNamespaceImport(bindings)) addNamespace(bindings.name);
      else if (bindings) addSpecifiers(bindings.elements);
    } else if (t.isImportEqualsDeclaration(statement) && !statement.isTypeOnly) {
      const ref = statement.moduleReference;
      if (t.isExternalModuleReference(ref) && isStackRefsModule(ref.expression)) addNamespace(statement.name);
    } else if (t.isExportDeclaration(statement) && isStackRefsModule(statement.moduleSpecifier) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (clause && t.isNamedExports(clause)) addSpecifiers(clause.elements);
      else fail(statement, `re-exports all of ${STACK_REFS_PACKAGE}; re-export the contracts by name (export { githubStack } from …)`);
    }
  }
  /** What a variable initializer holds: the module (from a load or a namespace identifier), else undefined. */
  const moduleSource = (init: TS.Expression): string | undefined => {
    const inner = unwrap(init);
    if (isStackRefsLoad(inner)) return STACK_REFS_PACKAGE;
    return t.isIdentifier(inner) && namespaces.has(inner.text) ? inner.text : undefined;
  };
  const declarations: TS.VariableDeclaration[] = [];
  const collect = (node: TS.Node): void => {
    if (t.isVariableDeclaration(node) && node.initializer) declarations.push(node);
    t.forEachChild(node, collect);
  };
  collect(file);
  // Aliases may alias aliases, in any source order: repeat until no declaration adds a namespace.
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of declarations) {
      if (t.isIdentifier(d.name) && !namespaces.has(d.name.text) && moduleSource(d.initializer!)) {
        addNamespace(d.name);
        grew = true;
      }
    }
  }

  // Pass 2: every use of the module gives names, or a reason it cannot.
  const visit = (node: TS.Node): void => {
    if (t.isVariableDeclaration(node) && node.initializer && moduleSource(node.initializer)) {
      const source = moduleSource(node.initializer)!;
      if (t.isObjectBindingPattern(node.name)) {
        for (const el of node.name.elements) {
          const key = el.propertyName ?? el.name;
          if (el.dotDotDotToken || !(t.isIdentifier(key) || t.isStringLiteral(key))) {
            fail(el, `cannot tell which stack contracts "${el.getText(file)}" takes from ${source}; name each one`);
          } else {
            names.add(key.text);
          }
        }
      } else if (!t.isIdentifier(node.name)) {
        fail(node, `cannot tell which stack contracts this takes from ${source}; name each one`);
      }
      return; // the initializer is the module itself (or a namespace being aliased): not a use of its own
    }
    if (isStackRefsLoad(node)) {
      fail(node, `loads ${STACK_REFS_PACKAGE} without naming what it uses; assign it (const refs = …) or import the contracts by name`);
      return;
    }
    if (t.isIdentifier(node) && namespaces.has(node.text) && !declaring.has(node)) {
      const parent = node.parent;
      if (t.isPropertyAccessExpression(parent) && parent.expression === node) {
        names.add(parent.name.text);
      } else if (t.isElementAccessExpression(parent) && parent.expression === node && t.isStringLiteralLike(parent.argumentExpression)) {
        names.add(parent.argumentExpression.text);
      } else if (!t.isTypeQueryNode(parent) && !t.isQualifiedName(parent)) {
        fail(node, `cannot tell which stack contracts "${node.text}" gives here; read them as ${node.text}.<contract> or import them by name`);
      }
    }
    t.forEachChild(node, visit);
  };
  for (const statement of file.statements) {
    if (!t.isImportDeclaration(statement) && !t.isImportEqualsDeclaration(statement) && !t.isExportDeclaration(statement)) visit(statement);
  }
  const sorted = [...names].sort();
  return unresolved ? { names: sorted, unresolved } : { names: sorted };
}
