//! The image module's own functions (the cold-path ones, registry knowledge,
//! policies and pinning, are in `registry`).
