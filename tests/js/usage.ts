// Type-checked with `tsc --noEmit --strict` against the installed package
// (tests/js/types.test.mjs): every option and result field is named and typed.
import init, {
  initSync,
  validateImage,
  validateImages,
  parseImage,
  diagnosticCodes,
  InvalidImageReference,
  type Validation,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  type Component,
  type Profile,
  type State,
  type Span,
  type Fix,
  type Components,
  type ImageOptions,
  type ParsedImage,
} from 'registry-access';

export async function usage(): Promise<void> {
  await init();
  const options: ImageOptions = { profile: 'oci' };
  const profile: Profile | undefined = options.profile;
  const v: Validation = validateImage('nginx', options);
  const valid: boolean = v.valid;
  const state: State = v.state;
  const normalized: string | null = v.normalized;
  const familiar: string | null = v.familiar;
  const c: Components = v.components;
  const parts: (string | null)[] = [c.registry, c.namespace, c.repository, c.tag, c.digest];
  for (const d of v.diagnostics) {
    const code: DiagnosticCode = d.code;
    const severity: Severity = d.severity;
    const component: Component = d.component;
    const message: string = d.message;
    const span: Span = d.span;
    const n: number = span.start + span.end;
    const fix: Fix | undefined = d.fix;
    const replacement: string | undefined = fix?.replacement;
    const label: string | undefined = fix?.label;
    console.log(code, severity, component, message, n, replacement, label);
  }
  const all: Validation[] = validateImages(['nginx', 'us.icr.io/team1/app:1.0'] as const);
  try {
    const p: ParsedImage = parseImage('nginx');
    const s: string = p.normalized;
    const notes: Diagnostic[] = p.diagnostics;
    console.log(s, notes.length, p.familiar, p.components.repository);
  } catch (e) {
    if (e instanceof InvalidImageReference) {
      const name: 'InvalidImageReference' = e.name;
      const code: DiagnosticCode = e.code;
      const component: Component = e.component;
      const span: Span = e.span;
      console.log(name, code, component, span.start, e.message);
    }
  }
  const codes: DiagnosticCode[] = diagnosticCodes();
  initSync(new Uint8Array(0));
  console.log(profile, valid, state, normalized, familiar, parts, all, codes);

  // @ts-expect-error: only the two profiles exist
  validateImage('nginx', { profile: 'docker' });
  // @ts-expect-error: codes are a closed union
  const bad: DiagnosticCode = 'no_such_code';
  // @ts-expect-error: severities are a closed union
  const sev: Severity = 'fatal';
  // @ts-expect-error: the input is a string
  validateImage(42);
  console.log(bad, sev);
}
