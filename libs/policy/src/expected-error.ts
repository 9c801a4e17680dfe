/**
 * An error the user can fix (bad config, a spec or policy violation): its message is the whole story. It carries
 * Pulumi's RunError marker, so the engine's language host prints the message alone instead of "unhandled
 * exception", a stack trace and every field of the object; synth prints it without a trace too.
 * A plain `Error` stays a bug, with its stack. No Pulumi import: pure spec modules can throw it.
 */
export class ExpectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, '__pulumiRunError', { value: true });
  }
}
