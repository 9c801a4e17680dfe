import type * as TS from 'typescript';

// The compiler is loaded on first use only: most graph computations are answered from the hash cache,
// and `require('typescript')` alone costs more than the rest of the plugin.
let tsModule: typeof TS | undefined;
function ts(): typeof TS {
  return (tsModule ??= require('typescript') as typeof TS);
}

function sourceFile(fileName: string, text: string): TS.SourceFile {
  return ts().createSourceFile(fileName, text, ts().ScriptTarget.Latest, false, ts().ScriptKind.TS);
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

/**
 * Names a file imports at runtime from `@sophia-ai/stack-refs`: `import { a, b as c }` gives `a`, `b`;
 * `import * as refs` gives every `refs.<name>` the file reads. Type-only imports are ignored: they create
 * no StackReference, so they must neither order deploys nor widen `affected`.
 */
export function stackRefsImports(fileName: string, text: string): string[] {
  // Cheap pre-filter: most files never mention the package, so they are not parsed at all.
  if (!text.includes(STACK_REFS_PACKAGE)) return [];
  const t = ts();
  const names = new Set<string>();
  const namespaces = new Set<string>();
  const file = sourceFile(fileName, text);
  for (const statement of file.statements) {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!isStackRefsSpecifier(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings) continue;
    if (t.isNamespaceImport(clause.namedBindings)) {
      namespaces.add(clause.namedBindings.name.text);
      continue;
    }
    for (const el of clause.namedBindings.elements) {
      if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
    }
  }
  if (namespaces.size > 0) {
    const visit = (node: TS.Node): void => {
      if (
        t.isPropertyAccessExpression(node) &&
        t.isIdentifier(node.expression) &&
        namespaces.has(node.expression.text)
      ) {
        names.add(node.name.text);
      }
      t.forEachChild(node, visit);
    };
    visit(file);
  }
  return [...names].sort();
}
