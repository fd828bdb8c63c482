#!/usr/bin/env python3
"""Independent reference values for tests/intervals_test.cpp.

Written from the published formulas (docs/analysis.md; SingleCaseES's NAP, Tau, Tau_BC;
Newcombe 2006 Method 5; Fisher, Kelley & Lomas 2003), not from leadlab's C++: exact fractions
where the statistic is rational, bisection to 1e-15 for Newcombe's interval, math.comb for the
binomial criterion. Run it and compare with the constants in the test:
    python3 tests/reference/intervals_reference.py
"""
from fractions import Fraction as F
from math import comb, sqrt
from statistics import median, mean, stdev

Z = 1.959963984540054  # qnorm(0.975)


def q(a, b):
    return F(1) if b > a else (F(1, 2) if b == a else F(0))


def nap(A, B):
    return sum(q(a, b) for a in A for b in B) / (len(A) * len(B))


def nap_se(A, B):
    m, n = len(A), len(B)
    Q = [[q(a, b) for b in B] for a in A]
    p = nap(A, B)
    q1 = sum(sum(row) ** 2 for row in Q) / (m * n * n)
    q2 = sum(sum(Q[i][j] for i in range(m)) ** 2 for j in range(n)) / (m * m * n)
    x = sum(v * v for row in Q for v in row) / (m * n)
    v = (p - (m + n - 1) * p * p + n * q1 + m * q2 - 2 * x) / ((m - 1) * (n - 1))
    return sqrt(max(float(v), 0.0))


def newcombe(p, m, n):
    p = float(p)
    h = (m + n) / 2 - 1

    def f(x):
        return m * n * (p - x) ** 2 * (2 - x) * (1 + x) - Z * Z * x * (1 - x) * (
            2 + h + (1 + 2 * h) * x * (1 - x))

    def root(lo, hi):
        flo = f(lo) > 0
        while hi - lo > 1e-15:
            mid = (lo + hi) / 2
            if (f(mid) > 0) == flo:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    low = root(0.0, p) if p > 0 else 0.0
    high = root(p, 1.0) if p < 1 else 1.0
    return low, high


def tau_bc(A, B):
    m = len(A)
    slopes = [F(A[j] - A[i], j - i) for i in range(m) for j in range(i + 1, m)]
    slope = median(slopes)
    intercept = median([A[i] - slope * (i + 1) for i in range(m)])
    Ac = [A[i] - intercept - slope * (i + 1) for i in range(m)]
    Bc = [B[j] - intercept - slope * (m + j + 1) for j in range(len(B))]
    p = nap(Ac, Bc)
    lo, hi = newcombe(p, m, len(B))
    return slope, intercept, 2 * p - 1, 2 * nap_se(Ac, Bc), (2 * lo - 1, 2 * hi - 1)


def cdc(A, B, up=True):
    m = len(A)
    mu = mean(A)
    xs = list(range(m))
    xm = mean(xs)
    slope = sum((x - xm) * (a - mu) for x, a in zip(xs, A)) / sum((x - xm) ** 2 for x in xs)
    icpt = mu - slope * xm
    shift = 0.25 * stdev(A) * (1 if up else -1)
    beyond = 0
    for j, b in enumerate(B):
        lines = (mu + shift, icpt + slope * (m + j) + shift)
        if (up and all(b > l for l in lines)) or (not up and all(b < l for l in lines)):
            beyond += 1
    n = len(B)
    needed = None
    for k in range(n, -1, -1):
        if F(sum(comb(n, i) for i in range(k, n + 1)), 2 ** n) > F(1, 20):
            break
        needed = k
    return beyond, needed


def more_points(p, m, n, limit=30):
    for k in range(1, limit + 1):
        lo, hi = newcombe(p, m, n + k)
        if (p > F(1, 2) and lo > 0.5) or (p < F(1, 2) and hi < 0.5):
            return k
    return None


def report(name, A, B):
    m, n = len(A), len(B)
    p = nap(A, B)
    lo, hi = newcombe(p, m, n)
    print(f"{name}: NAP {float(p):.15g} ({p}), SE {nap_se(A, B):.15g}, "
          f"CI [{lo:.15g}, {hi:.15g}], Tau CI [{2 * lo - 1:.15g}, {2 * hi - 1:.15g}]")
    s, i, t, se, ci = tau_bc(A, B)
    print(f"  Tau-BC slope {float(s):.15g} intercept {float(i):.15g} tau {float(t):.15g} "
          f"SE {se:.15g} CI [{ci[0]:.15g}, {ci[1]:.15g}]")
    if m >= 3:
        print(f"  CDC up {cdc(A, B, True)}, down {cdc(A, B, False)}")
    print(f"  more test points to settle: {more_points(p, m, n)}")


if __name__ == "__main__":
    report("SingleCaseES example", [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29])
    report("Parker & Vannest 2009", [4, 3, 4, 3, 4, 7, 5, 2, 3, 2],
           [5, 9, 7, 9, 7, 5, 9, 11, 11, 10, 9])
    report("Tarlow (SingleCaseES test)", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    demo_a = [F(3, 12), F(2, 13), F(4, 14), F(3, 11), F(2, 14)]
    demo_b = [F(6, 13), F(8, 14), F(7, 15), F(9, 14), F(10, 16), F(8, 12)]
    report("demo journal, share", demo_a, demo_b)
    report("3-point phases", [2, 4, 3], [5, 4, 6])
    report("short, unclear", [3, 5, 4], [5, 6, 4])
    print("binomial criterion n=1..12:", [cdc([1, 2, 3], [0] * n)[1] for n in range(1, 13)])
