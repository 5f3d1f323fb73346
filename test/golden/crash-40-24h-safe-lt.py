#!/usr/bin/env python3
"""Independent check of the historically safe LT of the seed's crash (crash-40-24h).

Price index 1 -> 0.6 linearly over 24 hours, on an hourly grid, then flat for one more hour.
A book opened every 6 hours (0, 6, 12, 18, 24 h), each of 10 positions, equal collateral, borrows spread evenly from 0.5 to 1 of the max
LTV, max LTV = 0.97 * LT. A position is liquidated in full at the first grid point where
price * LT < debt; its collateral is sold one hour later (horizon 3600 s) at that point's price;
Aave's rule: if collateral * price >= debt * (1 + bonus) the debt is repaid, else the whole
collateral is seized and repays collateral * price / (1 + bonus). Bonus 5 %. Bad debt over the
book's debt must stay <= 1 % for every book. Prints the largest LT in whole basis points that satisfies it.

Run: python3 test/golden/crash-40-24h-safe-lt.py   (stdlib only, no xcollat code)
"""
from fractions import Fraction as F

HOURS = 24
times = list(range(0, HOURS + 2))            # hours 0..25 (the tail of one horizon)
price = [max(F(6, 10), 1 - F(4, 10) * F(h, HOURS)) for h in times]
BONUS = F(5, 100)
SHARE = F(97, 100)  # 0.97: no trigger level 0.97 * u lands exactly on a grid price (k/60)
N = 10
BUDGET = F(1, 100)


def bad_debt_fraction(lt_bps):
    """The worst book over start dates every 6 hours (0, 6, 12, 18, 24 h)."""
    return max(book_loss(lt_bps, price[s:]) for s in range(0, HOURS + 1, 6))


def book_loss(lt_bps, path):
    price = [p / path[0] for p in path]       # each book sized at its start
    lt = F(lt_bps, 10000)
    ltv = SHARE * lt
    utils = [F(1, 2) + F(1, 2) * F(k, N - 1) for k in range(N)]
    total_debt = 0
    bad = 0
    for u in utils:
        coll = F(1, N)                        # value 1/N at price 1
        debt = coll * ltv * u
        total_debt += debt
        trig = next((i for i, p in enumerate(price) if coll * p * lt < debt), None)
        if trig is None:
            bad += max(0, debt - coll * price[-1])
            continue
        sale = min(trig + 1, len(price) - 1)  # one hour later
        value = coll * price[sale]
        repaid = debt if value >= debt * (1 + BONUS) else value / (1 + BONUS)
        bad += debt - repaid
    return bad / total_debt


# from the top down: the first LT that satisfies the budget is the largest one
best = next(b for b in range(9900, 2999, -1) if bad_debt_fraction(b) <= BUDGET)
print(f"{best / 10000:.4f}")
import sys
if len(sys.argv) > 1:
    for b in sys.argv[1:]:
        print(b, float(bad_debt_fraction(int(b))))
