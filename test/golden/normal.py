"""Golden values of src/core/math/normal.test.ts from a second implementation: CPython's math.erfc
(Φ(x) = erfc(−x/√2)/2) and statistics.NormalDist().inv_cdf (Wichura's AS241).

Rerun: python3 test/golden/normal.py
"""

import math
from statistics import NormalDist

from golden import close, done, ts_table

TEST = "src/core/math/normal.test.ts"
for x, want in ts_table(TEST, "CDF"):
    close(f"Φ({x})", math.erfc(-x / math.sqrt(2)) / 2, want, rel=1e-15)
for p, want in ts_table(TEST, "QUANTILE"):
    close(f"Φ⁻¹({p})", NormalDist().inv_cdf(p), want, rel=1e-15, abs_=1e-300)
done("normal.py")
