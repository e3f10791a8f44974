// Entry for browsers and bundlers: call `await init()` once before using the
// functions (it fetches registry_access_bg.wasm next to this file), or
// `initSync(moduleOrBytes)` with a compiled module or the bytes.
import wbInit, { initSync as wbInitSync } from './registry_access.js';
import { attach, isReady } from './core.js';

export {
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
} from './core.js';

export default async function init(moduleOrPath) {
  if (isReady()) return;
  const exports = await wbInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  attach(exports);
}

export function initSync(module) {
  if (isReady()) return;
  attach(wbInitSync({ module }));
}
