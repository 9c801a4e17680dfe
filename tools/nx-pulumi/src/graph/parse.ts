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
 * Contracts declared in one file of a stack's contract package (`stacks/<s>/contract/*.ts`):
 * `export const <name> = defineStackContract({ project: '<pulumi-project>', ... })` → `{ name: project }`.
 * Other exports of the package (facts such as `lambdaLabsFirewall`) are not contracts: reading them creates no
 * StackReference, so they order no deploy.
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

/** The runtime names a file takes from each contract package, or why they cannot be known statically. */
export interface ContractUse {
  /** Contract package → the names the file uses from it (sorted); packages it does not use are absent. */
  modules: Record<string, string[]>;
  /** `<file>:<line>: …` for a use the scan cannot resolve; the plugin fails with it rather than drop an edge. */
  unresolved?: string;
}

/** The contract package a module specifier loads (`@sophia-ai/x-contract` or a subpath of it), if any. */
function contractPackageOf(spec: string, packages: readonly string[]): string | undefined {
  return packages.find((p) => spec === p || spec.startsWith(`${p}/`));
}

/**
 * Names a file uses at runtime from the contract packages `packages` (`@sophia-ai/<s>-contract`), so that every
 * StackReference it can create gives an edge: `import { a, b as c }`, re-exports `export { a } from` (a local
 * barrel), a namespace (`import * as refs`, `import refs =`, `require`, `await import`) read as `refs.x`,
 * `refs['x']`, `const { x } = refs` or through an alias `const r = refs`. A use that cannot be resolved statically
 * (`export *`, `refs[key]`, passing `refs` on) is reported in `unresolved` instead of silently giving no edge.
 * Type-only imports are ignored: they create no StackReference, so they must neither order deploys nor widen
 * `affected` (Nx's own import analysis still links the file to the contract project, which is right: the types
 * are read at compile time).
 */
export function contractImports(fileName: string, text: string, packages: readonly string[]): ContractUse {
  // Cheap pre-filter: most files never mention a contract package, so they are not parsed at all.
  if (!packages.some((p) => text.includes(p))) return { modules: {} };
  const t = ts();
  const file = sourceFile(fileName, text);
  const modules = new Map<string, Set<string>>();
  const add = (module: string, name: string) => {
    if (!modules.has(module)) modules.set(module, new Set());
    modules.get(module)!.add(name);
  };
  let unresolved: string | undefined;
  const fail = (node: TS.Node, why: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    unresolved ??= `${fileName}:${line}: ${why}`;
  };
  const moduleOf = (node: TS.Node | undefined): string | undefined =>
    node && t.isStringLiteralLike(node) ? contractPackageOf(node.text, packages) : undefined;
  /** `require('<pkg>')` or `import('<pkg>')` (possibly awaited): the package, else undefined. */
  const loadOf = (node: TS.Node): string | undefined => {
    const call = t.isAwaitExpression(node) ? node.expression : node;
    if (!t.isCallExpression(call)) return undefined;
    const isLoad = call.expression.kind === t.SyntaxKind.ImportKeyword || (t.isIdentifier(call.expression) && call.expression.text === 'require');
    return isLoad ? moduleOf(call.arguments[0]) : undefined;
  };
  const addSpecifiers = (module: string, elements: readonly (TS.ImportSpecifier | TS.ExportSpecifier)[]) => {
    for (const el of elements) if (!el.isTypeOnly) add(module, (el.propertyName ?? el.name).text);
  };

  // Pass 1: the identifiers that stand for a whole package (imports, require/import(), and aliases of those).
  const namespaces = new Map<string, string>(); // identifier → package
  const declaring = new Set<TS.Node>();
  const addNamespace = (id: TS.Identifier, module: string) => {
    namespaces.set(id.text, module);
    declaring.add(id);
  };
  for (const statement of file.statements) {
    if (t.isImportDeclaration(statement) && moduleOf(statement.moduleSpecifier)) {
      const module = moduleOf(statement.moduleSpecifier)!;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) addNamespace(clause.name, module); // default import under esModuleInterop: the whole module
      const bindings = clause.namedBindings;
      if (bindings && t.isNamespaceImport(bindings)) addNamespace(bindings.name, module);
      else if (bindings) addSpecifiers(module, bindings.elements);
    } else if (t.isImportEqualsDeclaration(statement) && !statement.isTypeOnly) {
      const ref = statement.moduleReference;
      const module = t.isExternalModuleReference(ref) ? moduleOf(ref.expression) : undefined;
      if (module) addNamespace(statement.name, module);
    } else if (t.isExportDeclaration(statement) && moduleOf(statement.moduleSpecifier) && !statement.isTypeOnly) {
      const module = moduleOf(statement.moduleSpecifier)!;
      const clause = statement.exportClause;
      if (clause && t.isNamedExports(clause)) addSpecifiers(module, clause.elements);
      else fail(statement, `re-exports all of ${module}; re-export the contracts by name (export { githubStack } from …)`);
    }
  }
  /** What a variable initializer holds: a package (from a load or a namespace identifier), else undefined. */
  const moduleSource = (init: TS.Expression): string | undefined => {
    const inner = unwrap(init);
    return loadOf(inner) ?? (t.isIdentifier(inner) ? namespaces.get(inner.text) : undefined);
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
      const module = t.isIdentifier(d.name) && !namespaces.has(d.name.text) ? moduleSource(d.initializer!) : undefined;
      if (module) {
        addNamespace(d.name as TS.Identifier, module);
        grew = true;
      }
    }
  }

  // Pass 2: every use of a package gives names, or a reason it cannot.
  const visit = (node: TS.Node): void => {
    const source = t.isVariableDeclaration(node) && node.initializer ? moduleSource(node.initializer) : undefined;
    if (t.isVariableDeclaration(node) && source) {
      if (t.isObjectBindingPattern(node.name)) {
        for (const el of node.name.elements) {
          const key = el.propertyName ?? el.name;
          if (el.dotDotDotToken || !(t.isIdentifier(key) || t.isStringLiteral(key))) {
            fail(el, `cannot tell which stack contracts "${el.getText(file)}" takes from ${source}; name each one`);
          } else {
            add(source, key.text);
          }
        }
      } else if (!t.isIdentifier(node.name)) {
        fail(node, `cannot tell which stack contracts this takes from ${source}; name each one`);
      }
      return; // the initializer is the module itself (or a namespace being aliased): not a use of its own
    }
    const loaded = loadOf(node);
    if (loaded) {
      fail(node, `loads ${loaded} without naming what it uses; assign it (const refs = …) or import the contracts by name`);
      return;
    }
    const module = t.isIdentifier(node) && !declaring.has(node) ? namespaces.get(node.text) : undefined;
    if (module && t.isIdentifier(node)) {
      const parent = node.parent;
      if (t.isPropertyAccessExpression(parent) && parent.expression === node) {
        add(module, parent.name.text);
      } else if (t.isElementAccessExpression(parent) && parent.expression === node && t.isStringLiteralLike(parent.argumentExpression)) {
        add(module, parent.argumentExpression.text);
      } else if (!t.isTypeQueryNode(parent) && !t.isQualifiedName(parent)) {
        fail(node, `cannot tell which stack contracts "${node.text}" gives here; read them as ${node.text}.<contract> or import them by name`);
      }
    }
    t.forEachChild(node, visit);
  };
  for (const statement of file.statements) {
    if (!t.isImportDeclaration(statement) && !t.isImportEqualsDeclaration(statement) && !t.isExportDeclaration(statement)) visit(statement);
  }
  const result: ContractUse = {
    modules: Object.fromEntries([...modules].sort(([a], [b]) => a.localeCompare(b)).map(([m, n]) => [m, [...n].sort()])),
  };
  return unresolved ? { ...result, unresolved } : result;
}
