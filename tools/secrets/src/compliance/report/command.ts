/*
 * `sophia-secrets report --env <env> --format md|json|html [--out file] [--from report.json]`: the compliance
 * report of one environment, from a live run (validate's checks and probes, the sync's status, the ages) or from
 * an archived JSON report. Read-only. Exit codes as validate's: 0 all green, 1 an error, 3 needs a look; with
 * --from, 0 once rendered.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Command, Option } from 'commander';
import { addEscTargetOptions, type EscTargetOptions } from '@sophia-ai/esc-store';
import { EXIT } from '../../report';
import { renderReport, REPORT_FORMATS, type ReportFormat } from './render';
import { reportSummary, type ReportInput } from './rows';
import { snapshotFromJson } from './snapshot';

export interface ReportFlags extends EscTargetOptions {
  format: ReportFormat;
  out?: string;
  from?: string;
  probes: boolean;
}

/** A live snapshot of the environment (cli.ts: validate + status + ages). */
export type CollectSnapshot = (flags: ReportFlags) => Promise<ReportInput>;

export const statusExitCode = (input: ReportInput): number => ({ ok: EXIT.clean, warning: EXIT.attention, error: EXIT.error })[reportSummary(input).status];

/** An archived report, for `--from`; a wrong environment is refused (its issue and summary would be mislabelled). */
export function readArchivedReport(file: string, env: string): ReportInput {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`--from ${file}: cannot read the file`);
  }
  const input = snapshotFromJson(text, `--from ${file}`);
  if (input.env !== env) throw new Error(`--from ${file} is the report of ${input.env}, not --env ${env}`);
  return input;
}

/** Writes next to the target, then renames: a reader never sees half a report. */
export function writeWhole(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function addReportCommand(program: Command, io: { out(line: string): void }, result: { code: number }, collect: CollectSnapshot): void {
  addEscTargetOptions(
    program
      .command('report')
      .description('read-only: the compliance report of an environment (presence, placeholders, readiness, age vs policy, last sync, GitHub vs ESC per key)')
      .addOption(new Option('--format <format>', 'md (for $GITHUB_STEP_SUMMARY), json (archives; --from reads it) or html (a self-contained page)').choices(REPORT_FORMATS).default('md'))
      .option('--out <file>', 'write the report to this file instead of stdout')
      .option('--from <report.json>', 'render an archived JSON report instead of checking the environment now')
      .option('--no-probes', 'static checks only (no call to any service)')
      .addHelpText('after', '\nExit codes: 0 every key green; 1 an error (the issue-opening kind); 3 needs a look (warnings only); 64 bad command line. With --from: 0 once rendered.'),
  ).action(async (flags: ReportFlags) => {
    const input = flags.from ? readArchivedReport(flags.from, flags.env) : await collect(flags);
    const text = renderReport(input, flags.format);
    if (flags.out) {
      writeWhole(flags.out, text);
      io.out(`${reportSummary(input).line} (${flags.format} report: ${flags.out})`);
    } else io.out(text.trimEnd());
    // The live run's exit code carries the status; rendering an archive again is not a second verdict.
    result.code = flags.from ? EXIT.clean : statusExitCode(input);
  });
}
