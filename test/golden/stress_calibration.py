#!/usr/bin/env python3
"""Stressed-regime calibration of the catalog assets from the xcollat data folder (stdlib only).

An independent implementation of src/core/risk/tail.ts, used for the catalog's stressed figures
(src/config/catalog/assets.ts) and as the golden values of test/tail.data.test.ts.

Usage: python3 test/golden/stress_calibration.py DATA_DIR > test/golden/stress_calibration.json

Per hourly price series (Binance close, 2020-01 -> 2022-10):
  r_t            log return between consecutive closes exactly one period apart (gaps skipped)
  sigmaCalm      annualised stdev of r over the last 8,760 returns (the catalog's calm figure)
  EWMA filter    s2_t = 0.94 s2_{t-1} + 0.06 r_{t-1}^2, seeded with the mean r^2 of the first 720
                 returns; z_t = r_t / s_t (standardised residuals, McNeil & Frey 2000)
  GPD tail       losses x = -z; threshold u = the 95th percentile of x; excesses y = x - u > 0;
                 probability-weighted moments (Hosking & Wallis 1987), plotting position
                 p_i = (i - 0.35) / n on ascending y: a0 = mean(y), a1 = mean((1 - p_i) y_i),
                 xi = 2 - a0 / (a0 - 2 a1), beta = 2 a0 a1 / (a0 - 2 a1); zeta = n_u / n
  sigmaStressed  99th percentile (nearest rank on sorted values, linear interpolation) of the
                 rolling 7-day (168-return) realised volatility sqrt(mean(r^2) * periods/year)
  episodes       maximal runs of windows with rolling vol >= sigmaStressed, runs closer than
                 7 days merged; episodeRate = episodes / years covered by the returns
Correlations: Pearson correlation of hourly log returns at the same hour (both series present).
Peg noise: the largest 7-day realised volatility of stETH/ETH (Chainlink rounds, annualised by
elapsed time: sqrt(sum r^2 / sum dt * year)).
Depegs: the deepest relative discount of a pegged series, the episodes where it traded more than
2 % below its peg (runs closer than 30 days merged), per year, and each episode's deepest discount
(the empirical distribution of depeg jumps).
"""
import csv
import json
import math
import sys

YEAR = 365 * 86400


def quantile(sorted_xs, q):
    """Linear interpolation between order statistics (numpy's default, type 7)."""
    n = len(sorted_xs)
    h = (n - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return sorted_xs[lo] + (h - lo) * (sorted_xs[hi] - sorted_xs[lo])


def read_closes(path, time_col, value_col, scale_ms=False):
    times, values = [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            t = float(row[time_col])
            if scale_ms:
                t /= 1000
            times.append(t)
            values.append(float(row[value_col]))
    return times, values


def returns_of(times, values, period):
    out = []
    for i in range(1, len(values)):
        if abs(times[i] - times[i - 1] - period) < 1e-6 and values[i] > 0 and values[i - 1] > 0:
            out.append(math.log(values[i] / values[i - 1]))
    return out


def gpd_pwm(excesses):
    y = sorted(excesses)
    n = len(y)
    a0 = sum(y) / n
    a1 = sum((1 - (i + 1 - 0.35) / n) * y[i] for i in range(n)) / n
    xi = 2 - a0 / (a0 - 2 * a1)
    beta = 2 * a0 * a1 / (a0 - 2 * a1)
    return xi, beta


def calibrate(r, period):
    per_year = YEAR / period
    last = r[-8760:]
    m = sum(last) / len(last)
    sigma_calm = math.sqrt(sum((x - m) ** 2 for x in last) / (len(last) - 1) * per_year)
    seed = 720
    s2 = sum(x * x for x in r[:seed]) / seed
    z = []
    for t in range(seed, len(r)):
        z.append(r[t] / math.sqrt(s2))
        s2 = 0.94 * s2 + 0.06 * r[t] * r[t]
    losses = sorted(-x for x in z)
    u = quantile(losses, 0.95)
    exc = [x - u for x in losses if x > u]
    xi, beta = gpd_pwm(exc)
    zeta = len(exc) / len(losses)
    w = 168
    acc = sum(x * x for x in r[:w])
    vols = [math.sqrt(acc / w * per_year)]
    for t in range(w, len(r)):
        acc += r[t] * r[t] - r[t - w] * r[t - w]
        vols.append(math.sqrt(max(acc, 0) / w * per_year))
    sigma_stressed = quantile(sorted(vols), 0.99)
    episodes = 0
    last_hit = None
    for i, v in enumerate(vols):
        if v >= sigma_stressed:
            if last_hit is None or i - last_hit > w:
                episodes += 1
            last_hit = i
    years = len(r) * period / YEAR
    n = len(r)
    mean = sum(r) / n
    var = sum((x - mean) ** 2 for x in r) / n
    kurt = sum((x - mean) ** 4 for x in r) / n / var**2 - 3
    return {
        'returns': n,
        'years': years,
        'sigmaCalm': sigma_calm,
        'sigmaStressed': sigma_stressed,
        'stressMultiple': sigma_stressed / sigma_calm,
        'episodes': episodes,
        'episodeRate': episodes / years,
        'tail': {'threshold': u, 'xi': xi, 'beta': beta, 'zeta': zeta, 'exceedances': len(exc)},
        'worstReturn': math.exp(min(r)) - 1,
        'excessKurtosis': kurt,
    }


def depeg(times, values, peg_of, gap_days=30):
    deepest = 0.0
    at = None
    depths = []
    last_hit = None
    for t, v in zip(times, values):
        d = 1 - v / peg_of
        if d > deepest:
            deepest, at = d, t
        if d > 0.02:
            if last_hit is None or t - last_hit > gap_days * 86400:
                depths.append(d)
            depths[-1] = max(depths[-1], d)
            last_hit = t
    years = (times[-1] - times[0]) / YEAR
    return {'deepest': deepest, 'deepestAtUnix': at, 'episodes': len(depths), 'years': years,
            'episodeRate': len(depths) / years, 'episodeDepths': depths}


def hourly(path):
    d = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            d[int(row['unix_ms']) // 1000] = float(row['close'])
    return {t: math.log(v / d[t - 3600]) for t, v in d.items() if t - 3600 in d}


def correlation(x, y):
    keys = sorted(set(x) & set(y))
    mx = sum(x[k] for k in keys) / len(keys)
    my = sum(y[k] for k in keys) / len(keys)
    c = sum((x[k] - mx) * (y[k] - my) for k in keys)
    vx = sum((x[k] - mx) ** 2 for k in keys)
    vy = sum((y[k] - my) ** 2 for k in keys)
    return c / math.sqrt(vx * vy)


def peg_noise(times, values):
    r = [(times[i] - times[i - 1], math.log(values[i] / values[i - 1])) for i in range(1, len(values))]
    best = 0.0
    for i in range(len(r)):
        s = d = 0.0
        j = i
        while j < len(r) and d < 7 * 86400:
            s += r[j][1] ** 2
            d += r[j][0]
            j += 1
        if d >= 7 * 86400:
            best = max(best, math.sqrt(s / d * YEAR))
    return best


def main():
    data = sys.argv[1]
    out = {}
    h = {n: hourly(f'{data}/prices/binance_{n.lower()}usdt_1h_2020-01_2022-10.csv') for n in ['ETH', 'BTC', 'SOL']}
    out['correlations'] = {'BTC|ETH': correlation(h['BTC'], h['ETH']), 'ETH|SOL': correlation(h['ETH'], h['SOL']),
                           'BTC|SOL': correlation(h['BTC'], h['SOL'])}
    for asset, name in [('ETH', 'eth'), ('BTC', 'btc'), ('SOL', 'sol'), ('AVAX', 'avax'), ('MATIC', 'matic')]:
        path = f'{data}/prices/binance_{name}usdt_1h_2020-01_2022-10.csv'
        times, values = read_closes(path, 'unix_ms', 'close', scale_ms=True)
        out[asset] = calibrate(returns_of(times, values, 3600), 3600)
        out[asset]['file'] = f'prices/binance_{name}usdt_1h_2020-01_2022-10.csv'
    # Pegged: daily lows (CoinMarketCap) against $1; stETH/ETH Chainlink rounds against 1.
    for asset, name in [('USDC', 'usdc'), ('DAI', 'dai'), ('USDT', 'usdt'), ('UST', 'ustc_terrausd')]:
        path = f'{data}/prices/cmc_{name}_1d_2020-2024.csv'
        times, lows = [], []
        with open(path) as f:
            for row in csv.DictReader(f):
                y, mo, d = map(int, row['date_utc'].split('-'))
                import datetime
                times.append(datetime.datetime(y, mo, d, tzinfo=datetime.timezone.utc).timestamp())
                lows.append(float(row['low_usd']))
        out[asset] = depeg(times, lows, 1.0)
        out[asset]['file'] = f'prices/cmc_{name}_1d_2020-2024.csv (low_usd)'
    times, answers = read_closes(f'{data}/oracles/chainlink_steth_eth_rounds_ethereum.csv', 'updated_at_unix', 'answer')
    out['stETH/ETH'] = depeg(times, answers, 1.0)
    out['stETH/ETH']['pegVolatilityStressed'] = peg_noise(times, answers)
    out['stETH/ETH']['file'] = 'oracles/chainlink_steth_eth_rounds_ethereum.csv (answer)'
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    print()


if __name__ == '__main__':
    main()
