export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER, DYNAMIC_PROVIDER_PLACEHOLDER, REDACTED_PLACEHOLDER } from './markers';
export { scrubSecrets, headerCredentials } from './scrub';
export { PLAN_SECRET_KEY_ENV, fingerprintMarker, isSecretMarker, fingerprintOf } from './fingerprint';
