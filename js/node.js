// Entry for Node (the "node" export condition): ready on import, no init().
// The names are re-bound here (not `export * from`) so that a bundler that
// trusts `sideEffects: false` cannot skip this module and its initSync.
import { readFileSync } from 'node:fs';
import * as api from './index.js';

api.initSync(readFileSync(new URL('./registry_access_bg.wasm', import.meta.url)));

export const {
  validateImage,
  validateImages,
  parseImage,
  registryInfo,
  serverForImage,
  createRegistrySecret,
  inspectDockerConfig,
  upsertCredential,
  removeCredential,
  mergeDockerConfigs,
  matchCredentials,
  validateSecretName,
  InvalidImageReference,
  DockerConfigEditError,
  diagnosticCodes,
  evaluateImagePolicy,
  pinImage,
  ImagePolicyError,
  ImagePinError,
  initSync,
} = api;
export default api.default;
