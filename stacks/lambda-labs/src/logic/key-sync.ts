/**
 * SSH key rotation on running instances, without relaunching them. cloud-init authorises keys only at first
 * boot, so a change of `sshPublicKeys` is carried to live instances over SSH by a `command.local.Command` the
 * engine tracks: `create` runs once per instance, `update` on every later change of the key list. Each run
 * authorises every current key (the rotation window keeps the previous one) and removes the keys that were
 * current at the previous run but are not any more (the command's previous stdout, PULUMI_COMMAND_STDOUT, is
 * the key list of that run). Lines of authorized_keys the stack never managed are left alone.
 *
 * Pure: the scripts are plain strings, tested against a real sshd (key-sync.test.ts).
 */

/**
 * Runs on the instance (POSIX sh + awk). Stdin: `+<key line>` for each key to authorise, `-<key line>` for each
 * retired key. A key is identified by its base64 body, wherever it stands in a line (options may precede it).
 * The file is rewritten through a temporary file and renamed, so sshd never reads half a file.
 */
export const REMOTE_SYNC_SCRIPT = [
  'set -eu',
  'f="${AUTHORIZED_KEYS:-$HOME/.ssh/authorized_keys}"',
  'mkdir -p "$(dirname "$f")"',
  'touch "$f"',
  'tmp="$f.sophia-sync.$$"',
  "awk 'FILENAME == \"-\" {",
  '  kind = substr($0, 1, 1); line = substr($0, 2); split(line, part, " ")',
  '  if (kind == "+") { add[++n] = line; want[part[2]] = 1 } else if (kind == "-") { gone[part[2]] = 1 }',
  '  next',
  '}',
  '{ keep = 1; for (i = 1; i <= NF; i++) if (($i in gone) && !($i in want)) keep = 0',
  '  if (keep) { print; for (i = 1; i <= NF; i++) have[$i] = 1 } }',
  "END { for (j = 1; j <= n; j++) { split(add[j], part, \" \"); if (!(part[2] in have)) print add[j] } }' - \"$f\" > \"$tmp\"",
  'chmod 600 "$tmp"',
  'mv "$tmp" "$f"',
].join('\n');

/**
 * Runs on the machine running `pulumi up` (bash), as the command's `create` and `update`. Environment: HOST,
 * SSH_USER, KEYS (current OpenSSH public key lines, newline-separated, newest first), KEY_PATHS (`:`-separated
 * private key files tried in order, `~` allowed; an ssh-agent is used as well), optional PORT, SSH_OPTIONS,
 * AUTHORIZED_KEYS_FILE (remote path; default ~/.ssh/authorized_keys). Prints KEYS: the next run's previous set.
 * Nothing secret is in the command, its environment or its output: private keys stay in their files.
 */
export const LOCAL_SYNC_SCRIPT = [
  'set -euo pipefail',
  'ids=()',
  'IFS=":" read -ra paths <<< "${KEY_PATHS:-}"',
  'for p in "${paths[@]}"; do p="${p/#\\~/$HOME}"; if [ -f "$p" ]; then ids+=(-i "$p"); fi; done',
  `remote=$(printf '%s' ${JSON.stringify(Buffer.from(REMOTE_SYNC_SCRIPT).toString('base64'))})`,
  '{',
  '  while IFS= read -r k; do if [ -n "$k" ]; then printf "+%s\\n" "$k"; fi; done <<< "$KEYS"',
  '  while IFS= read -r k; do',
  '    if [ -n "$k" ] && ! grep -qxF -- "$k" <<< "$KEYS"; then printf -- "-%s\\n" "$k"; fi',
  '  done <<< "${PULUMI_COMMAND_STDOUT:-}"',
  '} | ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=20 -o ConnectionAttempts=10 ${SSH_OPTIONS:-} \\',
  '  "${ids[@]}" -p "${PORT:-22}" "$SSH_USER@$HOST" \\',
  '  "AUTHORIZED_KEYS=\'${AUTHORIZED_KEYS_FILE:-}\' sh -c \\"\\$(echo $remote | base64 -d)\\""',
  'printf "%s\\n" "$KEYS"',
].join('\n');

/** The command's environment for one instance (public values only). */
export function keySyncEnvironment(host: string, publicKeys: readonly string[], keyPaths: readonly string[], user = 'ubuntu'): Record<string, string> {
  return { HOST: host, SSH_USER: user, KEYS: publicKeys.join('\n'), KEY_PATHS: keyPaths.join(':') };
}
