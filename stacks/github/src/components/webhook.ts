import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as github from '@pulumi/github';
import * as random from '@pulumi/random';
import type { RotationRecord } from '@sophia-ai/config';
import { type SecretSlot, slotChildName, slotKeepers, webhookSlots } from '../logic/webhook-slots';

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
  /** The hook's rotation record (`github:webhookSecretRotation`); absent: generation 0, today's single secret. */
  rotation?: RotationRecord;
}

/**
 * One repository webhook. Children: `<name>-secret` and, once rotated, `<name>-secret-1`
 * (`random:index/randomPassword:RandomPassword`, the two slots of ../logic/webhook-slots, when the secret is
 * generated) and `<name>` (`github:index/repositoryWebhook:RepositoryWebhook`), which signs with the current
 * slot. The secrets are `pulumi.secret` everywhere they flow: in the webhook's inputs and in the `secret` and
 * `previousSecret` outputs for receivers.
 */
export class GithubWebhook extends SophiaComponent {
  readonly webhook: github.RepositoryWebhook;
  /** The signing secret (secret Output), or undefined when the webhook is unsigned. */
  readonly secret: pulumi.Output<string> | undefined;
  /** The previous generation's secret during a rotation's window (receivers still accept it), else undefined. */
  readonly previousSecret: pulumi.Output<string> | undefined;

  constructor(name: string, args: GithubWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
    super('github', 'Webhook', name, opts);
    if (args.secret === 'generated') {
      const slots = webhookSlots(args.rotation);
      const password = (s: SecretSlot) =>
        new random.RandomPassword(
          this.childName(...slotChildName(s.slot)),
          // Alphanumeric: receivers paste it into env vars and configs without quoting trouble.
          { length: 40, special: false, keepers: slotKeepers(s) },
          this.childOptions(),
        );
      this.secret = pulumi.secret(password(slots.current).result);
      if (slots.previous) this.previousSecret = pulumi.secret(password(slots.previous).result);
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
    this.registerOutputs({ url: args.url, secret: this.secret, previousSecret: this.previousSecret });
  }
}
