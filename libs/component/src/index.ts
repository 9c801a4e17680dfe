import * as pulumi from '@pulumi/pulumi';

/*
 * The one base of Sophia AI component resources (as SST's platform/src/components share `Component`): the type token
 * `sophia:<service>:<Kind>`, children parented to the component, child names derived from the component's name and
 * checked, and outputs registered by the subclass with `this.registerOutputs({...})` at the end of its constructor
 * (the engine marks the component complete only then).
 *
 * Names and tokens are part of every child's URN: changing how a name is derived renames (replaces) deployed
 * resources. The derivation here is `<component name>-<part>-<part>…`, exactly what the stacks spelled by hand.
 */

/** `sophia:<service>:<Kind>`: service in kebab case (the stack's Pulumi project), Kind in PascalCase. */
export const TYPE_TOKEN_PATTERN = /^sophia:[a-z][a-z0-9-]*:[A-Z][A-Za-z0-9]*$/;

/** One part of a child name: what GitHub, Snowflake slugs and Lambda names have in common; no `:`, no spaces. */
export const NAME_PART_PATTERN = /^[A-Za-z0-9._-]+$/;

/** The type token of a component of `service` (a stack's Pulumi project) and `kind`. */
export function typeToken(service: string, kind: string): string {
  const token = `sophia:${service}:${kind}`;
  if (!TYPE_TOKEN_PATTERN.test(token)) {
    throw new Error(`Invalid component type token "${token}": expected sophia:<service in kebab-case>:<Kind in PascalCase>`);
  }
  return token;
}

/** Options of a child resource: the caller's, with the component as parent. */
export type ChildOptions<O extends pulumi.ResourceOptions> = O & { parent: pulumi.Resource };

export abstract class SophiaComponent extends pulumi.ComponentResource {
  /** The name this component was created with: the prefix of every child's name. */
  readonly componentName: string;
  private readonly childNames = new Set<string>();

  /**
   * @param service the stack's Pulumi project (`lambda-labs`, `snowflake`, `github`): the token's middle part
   * @param kind what the component is, PascalCase (`Platform`, `Repository`)
   * @param name the component's name; children are named `<name>-…`
   * @param opts the component's options (its parent, providers, aliases…)
   */
  protected constructor(service: string, kind: string, name: string, opts?: pulumi.ComponentResourceOptions) {
    super(typeToken(service, kind), name, {}, opts);
    this.componentName = name;
  }

  /**
   * The name of a child: `<component name>-<part>-…`, or the component's own name with no parts (the component's
   * main resource, e.g. a repository inside GithubRepository). Each part must match NAME_PART_PATTERN, and a
   * name is given out once per component, so two children can never collide on one URN (which the engine would
   * only report at registration, without saying which spec entries clash).
   */
  childName(...parts: string[]): string {
    for (const part of parts) {
      if (!NAME_PART_PATTERN.test(part)) {
        throw new Error(`${this.componentName}: child name part "${part}" must match ${NAME_PART_PATTERN.source}`);
      }
    }
    const name = [this.componentName, ...parts].join('-');
    if (this.childNames.has(name)) {
      throw new Error(`${this.componentName}: two children would both be named "${name}"; make the names that derive it distinct`);
    }
    this.childNames.add(name);
    return name;
  }

  /** Options for a child: `opts` with this component as parent (providers are inherited from it). */
  childOptions<O extends pulumi.CustomResourceOptions | pulumi.ComponentResourceOptions>(opts?: O): ChildOptions<O> {
    return { ...(opts ?? ({} as O)), parent: this };
  }
}
