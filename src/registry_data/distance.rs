//! The known ICR domain closest to a mistyped one.

use super::known::ICR_REGIONS;

/// The known ICR domain (public or private) closest to `host` by edit
/// distance, without regard to ASCII case. A mistyped host is a letter
/// inserted, dropped or replaced (`uss.icr.io`, `private.us.icr.oi`), which
/// is what this distance counts. Public domains are tried first, so a tie
/// goes to a public domain (then to the earlier row of [`ICR_REGIONS`]).
/// The one suggestion behind both `icr_unknown_domain` diagnostics (image
/// names and registry servers), so both fields suggest the same domain.
pub fn closest_icr_domain(host: &str) -> &'static str {
    let host_len = host.chars().count();
    let candidates = ICR_REGIONS.iter().map(|r| r.domain).chain(ICR_REGIONS.iter().map(|r| r.private));
    let mut best = (usize::MAX, ICR_REGIONS[0].domain);
    for d in candidates {
        // The distance is at least the difference in length.
        if host_len.abs_diff(d.len()) >= best.0 {
            continue;
        }
        if let Some(dist) = edit_distance_below(host, d, best.0) {
            best = (dist, d);
        }
    }
    best.1
}

/// Levenshtein distance between `a` (compared ASCII-case-insensitively, one
/// unit per character) and the lowercase ASCII domain `b`, if it is below
/// `bound`. This runs for every unknown `*.icr.io` host a form sees,
/// keystroke by keystroke, against every known domain, so it only computes
/// the band of cells within `bound - 1` of the diagonal (a path leaving it
/// already costs `bound`) and stops once a whole row reaches `bound`.
fn edit_distance_below(a: &str, b: &str, bound: usize) -> Option<usize> {
    const CELLS: usize = 64;
    let b = b.as_bytes();
    let m = b.len();
    // No distance exceeds the longer length, so this bound loses nothing and
    // keeps the arithmetic below from overflowing.
    let bound = bound.min(a.len().max(m) + 1);
    let k = bound.checked_sub(1)?;
    let far = bound; // stands for "bound or more"
    let mut cells = [0usize; CELLS];
    let mut spill = Vec::new();
    let row: &mut [usize] = if m < CELLS {
        &mut cells[..=m]
    } else {
        spill.resize(m + 1, 0);
        &mut spill
    };
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = if j <= k { j } else { far };
    }
    for (i, ca) in a.chars().enumerate() {
        let i = i + 1;
        let ca = ca.to_ascii_lowercase();
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        if lo > hi {
            return None;
        }
        let mut diag = row[lo - 1];
        row[lo - 1] = if lo == 1 && i <= k { i } else { far };
        let mut least = row[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(ca != char::from(b[j - 1]));
            let next = (row[j] + 1).min(row[j - 1] + 1).min(diag + cost).min(far);
            diag = row[j];
            row[j] = next;
            least = least.min(next);
        }
        if least >= bound {
            return None;
        }
    }
    let dist = row[m];
    (dist < bound).then_some(dist)
}
