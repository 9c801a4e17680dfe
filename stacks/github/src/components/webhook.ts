import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as github from '@pulumi/github';
import * as random from '@pulumi/random';

export interface GithubWebhookArgs {
  /** Repository name the webhook is installed on. */
  repository: pulumi.Input<string>;
  /** Delivery URL (may come from another stack's output). */
  url: pulumi.Input<string>;
  /** GitHub event names (validated by the spec). */
  events: string[];
  /** Payload encoding: `json` (application/json) or `form` (application/x-www-form-urlencoded). */
  contentType: 'json' | 'form';
  /** Whether GitHub delivers events. */
  active: boolean;
  /** `generated`: a 40-character random secret signs deliveries (X-Hub-Signature-256). `none`: unsigned (policy flags it). */
  secret: 'generated' | 'none';
}

/**
 * One repository webhook. Children: `<name>-secret` (`random:index/randomPassword:RandomPassword`, when the
 * secret is generated) and `<name>` (`github:index/repositoryWebhook:RepositoryWebhook`). The secret is a
 * `pulumi.secret` everywhere it flows: in the webhook's inputs and in the `secret` output for receivers.
 */
export class GithubWebhook extends SophiaComponent {
  readonly webhook: github.RepositoryWebhook;
  /** The signing secret (secret Output), or undefined when the webhook is unsigned. */
  readonly secret: pulumi.Output<string> | undefined;

  constructor(name: string, args: GithubWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
    super('github', 'Webhook', name, opts);
    if (args.secret === 'generated') {
      const password = new random.RandomPassword(
        this.childName('secret'),
        // Alphanumeric: receivers paste it into env vars and configs without quoting trouble.
        { length: 40, special: false },
        this.childOptions(),
      );
      this.secret = pulumi.secret(password.result);
    }
    this.webhook = new github.RepositoryWebhook(
      this.childName(),
      {
        repository: args.repository,
        events: args.events,
        active: args.active,
        configuration: {
          url: args.url,
          contentType: args.contentType,
          insecureSsl: false,
          secret: this.secret,
        },
      },
      this.childOptions(),
    );
    this.registerOutputs({ url: args.url, secret: this.secret });
  }
}
