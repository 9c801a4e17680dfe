/*
 * What a stack's TypeScript reads from outside itself, found by parsing (no type check, so it is fast and needs no
 * build): the outputs it reads through contracts, and the reads that bypass the typed libraries. The TypeScript types
 * already refuse `ref.output('k')` for a key the contract lacks; this scan is what names the gap across the workspace
 * (and catches `new pulumi.StackReference`, which no type does). A reference is recognised as
 * `const r = referenceStack(<contract>, …)` (also inside a conditional), `new TypedStackReference(<contract>)`, the same
 * assigned to `this.r` or a class property, or a parameter or property typed with `typeof <contract>`
 * (`ReturnType<typeof referenceStack<typeof c>>`); `r.output('<k>')`, `this.r.output('<k>')`,
 * `referenceStack(c).output('<k>')` and `fromStackOutput(c, '<k>')` are reads. Names are file-wide (shadowing is
 * not followed); a read whose key is not a literal is left to the compiler.
 */
import type * as TS from 'typescript';
import type { ContractFacts, StackFacts } from './facts';

let tsModule: typeof TS | undefined;
const ts = (): typeof TS => (tsModule ??= require('typescript') as typeof TS);

function parse(file: string, text: string): TS.SourceFile {
  return ts().createSourceFile(file, text, ts().ScriptTarget.Latest, true, ts().ScriptKind.TS);
}

function unwrap(node: TS.Expression): TS.Expression {
  const t = ts();
  while (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isNonNullExpression(node)) node = node.expression;
  return node;
}

const literal = (node: TS.Node | undefined): string | undefined => (node && ts().isStringLiteralLike(node) ? node.text : undefined);
const propertyName = (name: TS.PropertyName): string | undefined =>
  ts().isIdentifier(name) || ts().isStringLiteralLike(name) ? name.text : undefined;

/** The contracts one file of a contract package declares: `export const <x> = defineStackContract({ project, outputs: {…} })`. */
export function parseContractFile(file: string, text: string): Array<ContractFacts & { exportName: string }> {
  const t = ts();
  const found: Array<ContractFacts & { exportName: string }> = [];
  for (const statement of parse(file, text).statements) {
    if (!t.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === t.SyntaxKind.ExportKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer && unwrap(decl.initializer);
      if (!t.isIdentifier(decl.name) || !init || !t.isCallExpression(init)) continue;
      const callee = init.expression;
      const name = t.isIdentifier(callee) ? callee.text : t.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const arg = init.arguments[0] && unwrap(init.arguments[0]);
      if (name !== 'defineStackContract' || !arg || !t.isObjectLiteralExpression(arg)) continue;
      let project: string | undefined;
      const outputs: string[] = [];
      for (const prop of arg.properties) {
        if (!t.isPropertyAssignment(prop)) continue;
        const key = propertyName(prop.name);
        if (key === 'project') project = literal(unwrap(prop.initializer));
        const value = unwrap(prop.initializer);
        if (key === 'outputs' && t.isObjectLiteralExpression(value)) {
          for (const output of value.properties) {
            const outputName = output.name && propertyName(output.name as TS.PropertyName);
            if (outputName) outputs.push(outputName);
          }
        }
      }
      if (project) found.push({ file, exportName: decl.name.text, project, outputs });
    }
  }
  return found;
}

/** Contract package (`@sophia-ai/<s>-contract`) → export name → the producer's Pulumi project. */
export type ContractPackages = Record<string, Record<string, string>>;

export type StackReads = Pick<StackFacts, 'outputReads' | 'untypedReads'>;

/** The output reads and untyped reads of one program file (`file` is workspace-relative, for messages). */
export function scanReads(file: string, text: string, packages: ContractPackages): StackReads {
  const t = ts();
  const source = parse(file, text);
  const lineOf = (node: TS.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const packageOf = (spec: string) => Object.keys(packages).find((p) => spec === p || spec.startsWith(`${p}/`));

  const contractNames = new Map<string, string>(); // local identifier → producer project
  const contractNamespaces = new Map<string, string>(); // local identifier → contract package
  const pulumiNamespaces = new Set<string>();
  const pulumiNames = new Map<string, string>(); // local identifier → exported name of @pulumi/pulumi
  for (const statement of source.statements) {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) continue;
    const spec = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (spec === '@pulumi/pulumi') {
      if (bindings && t.isNamespaceImport(bindings)) pulumiNamespaces.add(bindings.name.text);
      else if (bindings) for (const el of bindings.elements) pulumiNames.set(el.name.text, (el.propertyName ?? el.name).text);
      continue;
    }
    const pkg = packageOf(spec);
    if (!pkg || !bindings) continue;
    if (t.isNamespaceImport(bindings)) contractNamespaces.set(bindings.name.text, pkg);
    else {
      for (const el of bindings.elements) {
        const project = packages[pkg]![(el.propertyName ?? el.name).text];
        if (project) contractNames.set(el.name.text, project);
      }
    }
  }

  const contractOf = (node: TS.Node | undefined): string | undefined => {
    if (!node) return undefined;
    const inner = t.isExpression(node) ? unwrap(node) : node;
    if (t.isIdentifier(inner)) return contractNames.get(inner.text);
    // `ns.contract` in a value, `typeof ns.contract` in a type (a qualified name there).
    const [left, right] = t.isPropertyAccessExpression(inner) ? [inner.expression, inner.name] : t.isQualifiedName(inner) ? [inner.left, inner.right] : [];
    const pkg = left && t.isIdentifier(left) ? contractNamespaces.get(left.text) : undefined;
    return pkg && right ? packages[pkg]![right.text] : undefined;
  };
  const calleeName = (expr: TS.Expression) => (t.isIdentifier(expr) ? expr.text : t.isPropertyAccessExpression(expr) ? expr.name.text : undefined);
  /** The producer of `referenceStack(c, …)` / `new TypedStackReference(c)` found in `node` (first one). */
  const referencedIn = (node: TS.Node): string | undefined => {
    if ((t.isCallExpression(node) && calleeName(node.expression) === 'referenceStack') || (t.isNewExpression(node) && calleeName(node.expression) === 'TypedStackReference')) {
      return contractOf(node.arguments?.[0]);
    }
    return t.forEachChild(node, referencedIn);
  };
  /** The producer named by a reference type: `TypedStackReference<typeof c>`, `ReturnType<typeof referenceStack<typeof c>>`. */
  const typedReference = (type: TS.TypeNode): string | undefined => {
    if (!/\b(referenceStack|TypedStackReference)\b/.test(type.getText(source))) return undefined;
    const visit = (node: TS.Node): string | undefined => (t.isTypeQueryNode(node) ? contractOf(node.exprName) : undefined) ?? t.forEachChild(node, visit);
    return visit(type);
  };
  const isPulumi = (expr: TS.Expression, name: string) =>
    (t.isIdentifier(expr) && pulumiNames.get(expr.text) === name) ||
    (t.isPropertyAccessExpression(expr) && expr.name.text === name && t.isIdentifier(expr.expression) && pulumiNamespaces.has(expr.expression.text));

  /** What holds a reference: `r` for a variable or parameter, `this.r` for a class property. */
  const holder = (expr: TS.Expression): string | undefined => {
    const inner = unwrap(expr);
    if (t.isIdentifier(inner)) return inner.text;
    return t.isPropertyAccessExpression(inner) && inner.expression.kind === t.SyntaxKind.ThisKeyword ? `this.${inner.name.text}` : undefined;
  };
  const references = new Map<string, string>(); // holder → producer
  const collect = (node: TS.Node): void => {
    const declared =
      (t.isVariableDeclaration(node) || t.isParameter(node)) && t.isIdentifier(node.name)
        ? node.name.text
        : t.isPropertyDeclaration(node) && t.isIdentifier(node.name)
          ? `this.${node.name.text}`
          : undefined;
    if (declared && (t.isVariableDeclaration(node) || t.isParameter(node) || t.isPropertyDeclaration(node))) {
      const producer = (node.initializer && referencedIn(node.initializer)) ?? (node.type && typedReference(node.type));
      if (producer) references.set(declared, producer);
    }
    if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      const name = holder(node.left);
      const producer = referencedIn(node.right);
      if (name && producer) references.set(name, producer);
    }
    t.forEachChild(node, collect);
  };
  collect(source);

  const reads: StackReads = { outputReads: [], untypedReads: [] };
  const visit = (node: TS.Node): void => {
    if (t.isCallExpression(node)) {
      const callee = node.expression;
      const key = literal(node.arguments[0]);
      if (t.isPropertyAccessExpression(callee) && callee.name.text === 'output' && key !== undefined) {
        const name = holder(callee.expression);
        const producer = (name && references.get(name)) ?? referencedIn(unwrap(callee.expression));
        if (producer) reads.outputReads.push({ file, line: lineOf(node), producer, output: key });
      }
      if (calleeName(callee) === 'fromStackOutput') {
        const producer = contractOf(node.arguments[0]);
        const output = literal(node.arguments[1]);
        if (producer && output !== undefined) reads.outputReads.push({ file, line: lineOf(node), producer, output });
      }
    }
    if (t.isNewExpression(node)) {
      if (isPulumi(node.expression, 'StackReference')) reads.untypedReads.push({ file, line: lineOf(node), what: 'stack-reference' });
      if (isPulumi(node.expression, 'Config')) reads.untypedReads.push({ file, line: lineOf(node), what: 'config' });
    }
    t.forEachChild(node, visit);
  };
  visit(source);
  return reads;
}
