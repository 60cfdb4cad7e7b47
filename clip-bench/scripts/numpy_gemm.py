#!/usr/bin/env python3
"""The numpy side of GemmBenchmark: [rows, 768] x [768, 3072] float32, 5 rounds of 2 s.

rows is the first argument: 1600 (default, batch 32 of the ViT-B/32 image tower, 7.55 GFLOP) or 50 (one image).

Run it right before or after `java -jar clip-jmh/target/benchmarks.jar GemmBenchmark`:
on a shared machine only figures of the same minute compare.
"""
import sys
import time

import numpy as np

M, K, N = (int(sys.argv[1]) if len(sys.argv) > 1 else 1600), 768, 3072
FLOP = 2.0 * M * K * N

rng = np.random.default_rng(7)
x = rng.random((M, K), dtype=np.float32)
w = rng.random((K, N), dtype=np.float32)
out = np.empty((M, N), dtype=np.float32)
np.matmul(x, w, out=out)  # warm-up: thread pool, page faults

rates = []
for _ in range(5):
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < 2.0:
        np.matmul(x, w, out=out)
        calls += 1
    rates.append(FLOP * calls / (time.perf_counter() - start) / 1e9)
blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
# The mean compares with JMH's score (a mean over its iterations); the best shows what a quiet moment gives.
print(f"[{M}, {K}]x[{K}, {N}] numpy {np.__version__} ({blas.get('name')} {blas.get('version')}): "
      f"mean {sum(rates) / len(rates):.1f} GFLOP/s, best {max(rates):.1f} GFLOP/s")
