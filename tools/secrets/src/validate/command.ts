/*
 * `sophia-secrets validate --env <env>`: the static checks of every namespace key in the environment's ESC
 * environments, then one readiness probe per service (unless --no-probes). Read-only: nothing is written anywhere.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { addEscTargetOptions, type EscTargetOptions, openEscTarget, secretsEnvironment } from '@sophia-ai/esc-store';
import { PROBES } from '../probes';
import { DEFAULT_PROBE_TIMEOUT_MS, validateEnvironment } from './environment';
import { validationExitCode, validationJsonLines, validationTable } from './render';

interface ValidateFlags extends EscTargetOptions {
  probes: boolean;
  json?: boolean;
  timeoutMs: number;
  probeUrl: Record<string, string>;
  probe?: string[];
}

const SERVICES = PROBES.map((p) => p.service);

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number of milliseconds above 0');
  return n;
}

/** `--probe <service>`, repeatable. */
function service(text: string, previous: string[] | undefined): string[] {
  if (!SERVICES.includes(text)) throw new InvalidArgumentError(`expected one of ${SERVICES.join(', ')}`);
  return [...(previous ?? []), text];
}

/** `--probe-url <service>=<url>`, repeatable: collected into service → URL. */
function probeUrl(text: string, previous: Record<string, string>): Record<string, string> {
  const eq = text.indexOf('=');
  const service = text.slice(0, eq);
  const url = text.slice(eq + 1);
  if (eq < 1 || !SERVICES.includes(service)) throw new InvalidArgumentError(`expected <service>=<url> with a service of ${SERVICES.join(', ')}`);
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new InvalidArgumentError(`${service}: expected an http(s) URL`);
  return { ...previous, [service]: url };
}

const HELP_AFTER = `
Exit codes: 0 every key present, well-formed and real, every probe verified; 1 an error (a required key missing,
a wrong shape, a placeholder in production, a credential the service refused, an ESC environment that cannot be
opened or read); 3 needs a look (a placeholder outside production, a probe that could not tell: unknown); 64 bad
command line. Probe base URLs: --probe-url, else ${PROBES.map((p) => `${p.baseUrlEnv} (${p.service})`).join(', ')}, else the real service.`;

export function addValidateCommand(program: Command, io: { out(line: string): void }, result: { code: number }): void {
  addEscTargetOptions(
    program
      .command('validate')
      .description('read-only: every namespace key present, well-formed and not a placeholder in ESC, then a readiness probe per service')
      .option('--no-probes', 'static checks only (no call to any service)')
      .option('--json', 'JSON lines instead of the table')
      .addOption(new Option('--timeout-ms <ms>', 'budget of each probe').argParser(positiveInt).default(DEFAULT_PROBE_TIMEOUT_MS))
      .addOption(new Option('--probe <service>', 'run only this probe (repeatable; default every probe)').argParser(service))
      .addOption(new Option('--probe-url <service=url>', 'base URL of a probed service (repeatable; tests: the sandbox emulators)').argParser(probeUrl).default({}))
      .addHelpText('after', HELP_AFTER),
  ).action(async (flags: ValidateFlags) => {
    const { store, env } = openEscTarget(flags, (e, org) => secretsEnvironment(e, org));
    const v = await validateEnvironment({ store, env, ...(flags.org ? { org: flags.org } : {}), probes: flags.probes ? PROBES.filter((p) => !flags.probe || flags.probe.includes(p.service)) : false, timeoutMs: flags.timeoutMs, baseUrls: flags.probeUrl });
    if (flags.json) for (const l of validationJsonLines(v, env)) io.out(l);
    else {
      io.out(`Validation of ${env} — ESC ${store.describe()}`);
      for (const l of validationTable(v, env)) io.out(l);
    }
    result.code = validationExitCode(v);
  });
}
