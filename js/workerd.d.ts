// Entry for edge workers: the functions are ready on import; init() is kept for code
// shared with browsers and does nothing.
export * from './api.js';

export default function init(moduleOrPath?: unknown): Promise<void>;
export declare function initSync(module: unknown): void;
