// Entry for edge workers (the "workerd" export condition, which Wrangler and
// other workerd tooling resolve; not the broader "worker", which web-worker
// builds of other bundlers may match without importing .wasm as modules): the
// .wasm is imported as a compiled WebAssembly.Module, as Cloudflare Workers
// and other module-based runtimes do, so the functions are ready on import.
// The names are re-bound here (not `export * from`) so that a bundler that
// trusts `sideEffects: false` cannot skip this module and its initSync.
import wasm from './registry_access_bg.wasm';
import * as api from './index.js';

api.initSync(wasm);

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
