// Types of registry-access's functions and results (shared by every entry).
// `DiagnosticCode` is filled in from the Rust code table when the package is
// built (`make pkg`), so it always lists exactly the codes the .wasm reports.

/** Which rules to validate with: Code Engine's (the default) or exactly distribution/reference's. */
export type Profile = 'codeEngine' | 'oci';

/** Only `error` makes a reference invalid. */
export type Severity = 'error' | 'warning' | 'info';

/** The part of an image reference a diagnostic is about. */
export type Component = 'reference' | 'registry' | 'namespace' | 'repository' | 'tag' | 'digest';

/** `incomplete`: every error sits at the end and typing more could clear it. */
export type State = 'valid' | 'incomplete' | 'invalid';

/** Every code an image diagnostic can carry. */
export type DiagnosticCode = /*CODES*/;

/** A half-open range of the input in UTF-16 code units (JS string indices). */
export interface Span {
  start: number;
  end: number;
}

/** A suggested repair; `replacement` is the whole corrected input. */
export interface Fix {
  label: string;
  replacement: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  component: Component;
  /** Short, lowercase, no trailing period; quotes the offending text. */
  message: string;
  span: Span;
  fix?: Fix;
}

/** The components as typed (not defaulted); `null` when absent. */
export interface Components {
  registry: string | null;
  namespace: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
}

export interface Validation {
  /** No diagnostic of severity `error`. */
  valid: boolean;
  state: State;
  /** The full form with defaults applied; `null` when invalid. */
  normalized: string | null;
  /** Docker's short form; `null` when invalid. */
  familiar: string | null;
  components: Components;
  diagnostics: Diagnostic[];
}

export interface ImageOptions {
  /** Default `"codeEngine"`. */
  profile?: Profile;
}

/** What `parseImage` returns for a valid reference. */
export interface ParsedImage {
  normalized: string;
  familiar: string | null;
  components: Components;
  /** The warnings and notes (never an error). */
  diagnostics: Diagnostic[];
}

/** Thrown by `parseImage`: the first error diagnostic of the input. */
export declare class InvalidImageReference extends Error {
  readonly name: 'InvalidImageReference';
  readonly code: DiagnosticCode;
  readonly component: Component;
  readonly span: Span;
  constructor(diagnostic: Pick<Diagnostic, 'code' | 'component' | 'span' | 'message'>);
}

/** Validates one image reference; never throws for a string. */
export declare function validateImage(input: string, options?: ImageOptions): Validation;

/** Validates many references in one call; equal to validateImage on each. */
export declare function validateImages(inputs: readonly string[], options?: ImageOptions): Validation[];

/** Parses a reference, or throws InvalidImageReference. */
export declare function parseImage(input: string, options?: ImageOptions): ParsedImage;

/** Every diagnostic code of the table, in table order. */
export declare function diagnosticCodes(): DiagnosticCode[];
