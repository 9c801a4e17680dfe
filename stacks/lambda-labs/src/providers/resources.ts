/** The Lambda dynamic resources, one file per kind (args + resource) over one runtime module each (runtime/<kind>.ts). */
export * from './ssh-key';
export * from './firewall';
export * from './filesystem';
export * from './instance';
