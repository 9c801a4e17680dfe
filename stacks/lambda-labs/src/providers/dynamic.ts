/**
 * The serialized dynamic providers of the Lambda kinds (@sophia-ai/dynamic-provider's loader with
 * LAMBDA_RUNTIME): what the engine stores in state and runs in its provider host.
 */
import { filesystemKind } from './filesystem';
import { firewallKind } from './firewall';
import { instanceKind } from './instance';
import { sshKeyKind } from './ssh-key';

export { LAMBDA_RUNTIME } from './kind';
export const instanceProvider = instanceKind.provider;
export const sshKeyProvider = sshKeyKind.provider;
export const firewallProvider = firewallKind.provider;
export const filesystemProvider = filesystemKind.provider;
export const providers = { instance: instanceProvider, sshKey: sshKeyProvider, firewall: firewallProvider, filesystem: filesystemProvider };
