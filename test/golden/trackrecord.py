"""Golden values of the 90 % prior intervals in src/core/trust/trackRecord.test.ts
("reports the 90 % prior interval"), from a second implementation (python3, stdlib): the lower
incomplete gamma integral by Simpson's rule after the substitution u = t^a (which removes the
t^(a−1) singularity at 0), divided by Γ(a), then bisection for the 5 % and 95 % quantiles.

Priors (tempered Jeffreys, w = 5 bridge-years): shape (n + ½)·w/E, rate w, with n incidents and E
bridge-years of exposure: external (31 incidents, 120 years) → 1.3125; light client (1, 18) → 5/12;
native (0, 30) → 1/12.

Rerun: python3 test/golden/trackrecord.py
"""

import math
import re

from golden import ROOT, close, done

TEST = "src/core/trust/trackRecord.test.ts"


def lower_p(a, x, n=20000):
    # P(a, x) = (1/Γ(a)) ∫_0^x t^(a−1) e^(−t) dt = (1/(a Γ(a))) ∫_0^(x^a) e^(−u^(1/a)) du
    top = x**a
    h = top / n
    s = 1.0 + math.exp(-(top ** (1 / a)))
    for i in range(1, n):
        s += (4 if i % 2 else 2) * math.exp(-((i * h) ** (1 / a)))
    return s * h / 3 / (a * math.gamma(a))


def quantile(a, p):
    lo, hi = 0.0, 1.0
    while lower_p(a, hi) < p:
        hi *= 2
    for _ in range(60):
        mid = (lo + hi) / 2
        if lower_p(a, mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


RATE = 5
cases = {
    "external": 31.5 * RATE / 120,
    "lightClient": 1.5 * RATE / 18,
    "native": 0.5 * RATE / 30,
}
text = (ROOT / TEST).read_text(encoding="utf-8")
pattern = r"rel\(byClass\.(\w+)\?\.(lower|upper), ([0-9.e-]+)\)"
checked = 0
for cls, side, value in re.findall(pattern, text):
    p = 0.05 if side == "lower" else 0.95
    close(f"{cls} {side}", quantile(cases[cls], p) / RATE, float(value), rel=1e-8)
    checked += 1
if checked != 5:
    raise SystemExit(f"{TEST}: expected 5 interval values, found {checked}")
done("trackrecord.py")
