#!/usr/bin/env python3
"""OpenBLAS's matrix product through numpy, on the shapes the workbook's engine multiplies.

Prints one line per shape:

  peer=numpy shape=64x128x784 transpose=nn threads=1 gflops=118.3

A shape MxNxK is op(A) M×K times op(B) K×N in float32; transpose says which operand is transposed
(n: no, t: yes), for A then B. The time is the best of several runs of about 0.2 s each.

  python3 sgemm_peer.py --threads 1 64x128x784:nn 64x784x128:nt 784x128x64:tn
"""
import argparse, os, sys, time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--threads", type=int, default=1, help="OpenBLAS threads (set before numpy starts)")
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("shapes", nargs="+", help="MxNxK:ab, with a and b each n or t")
a = ap.parse_args()
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(a.threads)
import numpy as np

rng = np.random.default_rng(1)
for spec in a.shapes:
    size, _, flags = spec.partition(":")
    m, n, k = (int(x) for x in size.split("x"))
    ta, tb = (flags or "nn")[0] == "t", (flags or "nn")[1] == "t"
    A = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    B = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    opA, opB = (A.T if ta else A), (B.T if tb else B)
    C = np.empty((m, n), dtype=np.float32)
    np.matmul(opA, opB, out=C)
    start = time.perf_counter(); reps = 0
    while time.perf_counter() - start < 0.05:
        np.matmul(opA, opB, out=C); reps += 1
    reps = max(1, int(reps * 4))
    best = float("inf")
    for _ in range(a.runs):
        start = time.perf_counter()
        for _ in range(reps):
            np.matmul(opA, opB, out=C)
        best = min(best, (time.perf_counter() - start) / reps)
    print(f"peer=numpy shape={m}x{n}x{k} transpose={flags or 'nn'} threads={a.threads} gflops={2 * m * n * k / best / 1e9:.1f}")
    sys.stdout.flush()
