//! Solvers: inversion of continuous and discrete CDFs, and Brent's root finder.

/// Solves `cdf(x) = p` for a continuous, increasing `cdf` on the bracket `[lo, hi]`
/// (which must satisfy `cdf(lo) <= p <= cdf(hi)`), starting from `x0`.
///
/// Newton steps using `pdf`, falling back to bisection whenever a step leaves the
/// current bracket; stops when the step or the bracket is at rounding level.
pub(in crate::dist) fn invert_continuous(
    p: f64,
    mut lo: f64,
    mut hi: f64,
    x0: f64,
    cdf: impl Fn(f64) -> f64,
    pdf: impl Fn(f64) -> f64,
) -> f64 {
    let mut x = if x0 > lo && x0 < hi {
        x0
    } else {
        lo + 0.5 * (hi - lo)
    };
    for _ in 0..400 {
        let f = cdf(x) - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let mut next = x - f / pdf(x);
        let newton = next > lo && next < hi;
        if !newton {
            next = lo + 0.5 * (hi - lo);
        }
        if next <= lo || next >= hi {
            // The bracket holds adjacent floats.
            return if f < 0.0 { hi } else { lo };
        }
        if newton && (next - x).abs() <= 2.0 * f64::EPSILON * x.abs() {
            return next;
        }
        x = next;
    }
    x
}

/// The smallest whole number `k` in `[0, max]` with `cdf(k) >= p`, for an increasing
/// `cdf` of a distribution on the whole numbers; `guess` is where the search starts.
pub(in crate::dist) fn invert_discrete(
    p: f64,
    guess: f64,
    max: f64,
    cdf: impl Fn(f64) -> f64,
) -> f64 {
    let mut k = guess.floor();
    if !(k >= 0.0) {
        k = 0.0;
    }
    if k > max {
        k = max;
    }
    // Bracket: cdf(lo) < p (lo = -1 stands for "below the support"), cdf(hi) >= p.
    let (mut lo, mut hi);
    if cdf(k) >= p {
        hi = k;
        lo = -1.0;
        let mut step = 1.0;
        while hi > 0.0 {
            let cand = (hi - step).max(0.0);
            if cdf(cand) < p {
                lo = cand;
                break;
            }
            hi = cand;
            step *= 2.0;
        }
    } else {
        lo = k;
        hi = max;
        let mut step = 1.0;
        while lo + step < max {
            let cand = lo + step;
            if cdf(cand) >= p {
                hi = cand;
                break;
            }
            lo = cand;
            step *= 2.0;
        }
    }
    while hi - lo > 1.0 {
        let mid = (lo + 0.5 * (hi - lo)).floor();
        if cdf(mid) >= p {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Brent's method (zeroin): a root of `f` in `[a, b]`, where `f(a)` and `f(b)` have
/// opposite signs (else `None`). Converges to `tol` in x.
pub(in crate::dist) fn brent(
    f: impl Fn(f64) -> f64,
    mut a: f64,
    mut b: f64,
    tol: f64,
) -> Option<f64> {
    let mut fa = f(a);
    let mut fb = f(b);
    if !(fa.is_finite() && fb.is_finite()) || fa * fb > 0.0 {
        return None;
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..200 {
        if fb * fc > 0.0 {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            if 2.0 * p < (3.0 * xm * q - (tol1 * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol1 { d } else { tol1.copysign(xm) };
        fb = f(b);
        if !fb.is_finite() {
            return None;
        }
    }
    Some(b)
}
