// Entry for browsers and bundlers: `await init()` once, then call the functions.
export * from './api.js';

/** Where to load the .wasm from; by default the file next to this module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads and instantiates the .wasm; resolves when the functions are ready. Calling it again does nothing. */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/** Instantiates synchronously from a compiled module or the .wasm bytes. */
export declare function initSync(module: BufferSource | WebAssembly.Module): void;
