#!/usr/bin/env python3
"""Checks `sparse-attn` against PyTorch on this machine, and times both in one run.

Not part of `swift test`: it needs PyTorch (2.5 or later, for FlexAttention on the CPU)
and NumPy, which the package itself does not. With a release build of `sparse-attn`:

    swift build -c release
    python3 Tests/PyTorchComparison/compare_with_pytorch.py

1. Exactness. For each bundled pattern (and one with empty rows), random Q, K, V at an awkward size (N = 1,000,
   8 query heads sharing 2 key heads, D = 64, Dv = 48) go through `sparse-attn run`; the
   pattern's mask comes from `sparse-attn mask`; PyTorch's `scaled_dot_product_attention`
   in float64 on that mask is the reference. Rows that keep no key are zero in our output
   (PyTorch gives NaN there). Fails if any output is off by more than 1e-5 relative to the
   reference's largest value.
2. Speed, 4 heads, D = 64, float32, the same thread count for both: NumPy's and PyTorch's
   float32 matrix products (2048³), PyTorch's dense `scaled_dot_product_attention`
   (causal and not), and FlexAttention compiled (`torch.compile`) with its block mask for
   the windowed patterns, beside `sparse-attn bench --json` (generated kernels and dense
   flash attention) on the same lengths. Each figure is the best of `--repeat` calls.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch.nn.attention.flex_attention import create_block_mask, flex_attention
except ImportError as error:
    sys.exit(f"error: this script needs NumPy and PyTorch 2.5 or later ({error}); "
             "for instance: pip install numpy torch")

PATTERN_FILES = [
    "Patterns/sliding_window.attn", "Patterns/longformer.attn", "Patterns/mistral.attn",
    "Patterns/bigbird.attn", "Patterns/dense.attn", "Patterns/prefix_lm.attn",
    "Patterns/sparse_transformer.attn", "Patterns/streaming_llm.attn",
    "Patterns/token_random.attn",
]

# FlexAttention's mask_mod for the windowed patterns timed, with the bundled defaults.
FLEX_MASKS = {
    "sliding_window": lambda b, h, q, k: (q - k).abs() <= 256,
    "longformer": lambda b, h, q, k: ((q - k).abs() <= 256) | (q == 0) | (k == 0),
    "mistral": lambda b, h, q, k: (q >= k) & (q - k <= 4095),
    "dense_causal": lambda b, h, q, k: q >= k,
}


def best_seconds(call, repeat):
    """The shortest of `repeat` timed calls, after one untimed warm-up call."""
    call()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def pattern_names(sparse_attn, path):
    listing = subprocess.run([sparse_attn, "list", path, "--json"], check=True,
                             capture_output=True, text=True).stdout
    return [entry["name"] for entry in json.loads(listing)]


# Beside the bundled patterns, one with rows that keep no key (row 0, and every row whose
# index is a multiple of 3), whose output must be 0 where PyTorch's is NaN.
EMPTY_ROWS_PATTERN = """
pattern empty_rows() {
    block 64
    mask k < q & q % 3 != 0
}
"""


def check_exactness(sparse_attn, length, threads, scratch):
    """Runs every bundled pattern, and one with empty rows, through `sparse-attn run` and
    compares with PyTorch."""
    rng = np.random.default_rng(7)
    q = rng.standard_normal((8, length, 64), dtype=np.float32)
    k = rng.standard_normal((2, length, 64), dtype=np.float32)
    v = rng.standard_normal((2, length, 48), dtype=np.float32)
    for name, array in (("q", q), ("k", k), ("v", v)):
        np.save(os.path.join(scratch, f"{name}.npy"), array)
    q64, k64, v64 = (torch.from_numpy(x).double()[None] for x in (q, k, v))
    worst = 0.0
    print(f"exactness at N = {length}, 8 query heads over 2 key heads, D = 64, Dv = 48")
    empty_rows_file = os.path.join(scratch, "empty_rows.attn")
    with open(empty_rows_file, "w") as file:
        file.write(EMPTY_ROWS_PATTERN)
    for path in PATTERN_FILES + [empty_rows_file]:
        for name in pattern_names(sparse_attn, path):
            out = os.path.join(scratch, "o.npy")
            mask_path = os.path.join(scratch, "m.npy")
            subprocess.run([sparse_attn, "mask", path, "--pattern", name, "--length", str(length),
                            "--output", mask_path], check=True)
            subprocess.run([sparse_attn, "run", path, "--pattern", name, "--threads", str(threads),
                            "--q", os.path.join(scratch, "q.npy"),
                            "--k", os.path.join(scratch, "k.npy"),
                            "--v", os.path.join(scratch, "v.npy"), "--output", out], check=True)
            mask = torch.from_numpy(np.load(mask_path))
            reference = F.scaled_dot_product_attention(q64, k64, v64, attn_mask=mask,
                                                       enable_gqa=True)[0]
            empty_rows = ~mask.any(dim=1)
            reference[:, empty_rows, :] = 0
            ours = torch.from_numpy(np.load(out)).double()
            error = ((ours - reference).abs().max() / reference.abs().max().clamp(min=1e-30)).item()
            worst = max(worst, error)
            verdict = "ok" if error <= 1e-5 else "DIFFERS"
            print(f"  {name:28} density {mask.double().mean().item():6.1%}  "
                  f"empty rows {int(empty_rows.sum()):4}  max error {error:.2e}  {verdict}")
    return worst <= 1e-5


NUMPY_MATMUL = """
import numpy as np, time
n = 2048
a, b = (np.random.rand(n, n).astype(np.float32) for _ in range(2))
a @ b
best = float("inf")
for _ in range({repeat}):
    start = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - start)
print(2 * n ** 3 / best / 1e9)
"""


def numpy_matmul_rate(repeat, threads, core_type=None):
    """NumPy's float32 2048³ product in GFLOP/s, measured in a fresh process.

    With `core_type`, OpenBLAS is told which of its kernels to use (`OPENBLAS_CORETYPE`):
    the NumPy wheels' OpenBLAS may not recognise a new CPU and fall back to older loops.
    Returns None when that process fails (a NumPy without OpenBLAS, a CPU without the
    instructions the kernels need).
    """
    environment = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    if core_type:
        environment["OPENBLAS_CORETYPE"] = core_type
    result = subprocess.run([sys.executable, "-c", NUMPY_MATMUL.format(repeat=repeat)],
                            env=environment, capture_output=True, text=True)
    return float(result.stdout) if result.returncode == 0 else None


def torch_matmul_rate(repeat):
    """PyTorch's float32 2048³ product, in GFLOP/s."""
    n = 2048
    a, b = torch.rand(n, n), torch.rand(n, n)
    return 2 * n ** 3 / best_seconds(lambda: a @ b, repeat) / 1e9


def torch_timings(lengths, repeat):
    """Seconds per call of PyTorch's dense attention and of FlexAttention, per length."""
    flex = torch.compile(flex_attention)
    timings = {}
    for length in lengths:
        q, k, v = (torch.randn(1, 4, length, 64) for _ in range(3))
        timings[("sdpa", length)] = best_seconds(
            lambda: F.scaled_dot_product_attention(q, k, v), repeat)
        timings[("sdpa causal", length)] = best_seconds(
            lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True), repeat)
        for name, mask_mod in FLEX_MASKS.items():
            start = time.perf_counter()
            block_mask = create_block_mask(mask_mod, None, None, length, length, device="cpu")
            timings[("block mask " + name, length)] = time.perf_counter() - start
            timings[("flex " + name, length)] = best_seconds(
                lambda: flex(q, k, v, block_mask=block_mask), repeat)
        print(f"  PyTorch timed at N = {length}", file=sys.stderr)
    return timings


def our_timings(sparse_attn, lengths, threads, repeat):
    patterns = ",".join(FLEX_MASKS)
    result = subprocess.run([sparse_attn, "bench", *PATTERN_FILES, "--patterns", patterns,
                             "--lengths", ",".join(map(str, lengths)), "--threads", str(threads),
                             "--repeat", str(repeat), "--json"],
                            check=True, capture_output=True, text=True).stdout
    report = json.loads(result)
    timings = {}
    for run in report["runs"]:
        timings[(run["kernel"], run["pattern"], run["length"])] = (run["seconds"], run["kept_pairs"])
    return report["matmul_gflops"], timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sparse-attn", default=".build/release/sparse-attn")
    parser.add_argument("--check-length", type=int, default=1000)
    parser.add_argument("--lengths", default="4096,16384")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    if not os.access(args.sparse_attn, os.X_OK):
        parser.error(f"no sparse-attn binary at {args.sparse_attn}: run `swift build -c release` "
                     "in the package, or pass --sparse-attn PATH")
    missing = [path for path in PATTERN_FILES if not os.path.exists(path)]
    if missing:
        parser.error(f"{missing[0]} not found: run the script from the package's folder")
    if not 1 <= args.check_length <= 32768:
        parser.error("--check-length must be between 1 and 32,768 (`sparse-attn mask` writes N × N)")
    try:
        lengths = [int(n) for n in args.lengths.split(",")]
    except ValueError:
        parser.error(f"--lengths takes lengths separated by commas, not {args.lengths!r}")
    torch.set_num_threads(args.threads)

    with tempfile.TemporaryDirectory() as scratch:
        exact = check_exactness(args.sparse_attn, args.check_length, args.threads, scratch)
    if args.skip_speed:
        return 0 if exact else 1

    print(f"\nspeed: 4 heads, D = 64, float32, {args.threads} threads, PyTorch {torch.__version__}")
    numpy_rate = numpy_matmul_rate(args.repeat, args.threads)
    numpy_avx512_rate = (numpy_matmul_rate(args.repeat, args.threads, "SkylakeX")
                         if torch.backends.cpu.get_cpu_capability() == "AVX512" else None)
    torch_rate = torch_matmul_rate(args.repeat)
    timings = torch_timings(lengths, args.repeat)
    yardstick, ours = our_timings(args.sparse_attn, lengths, args.threads, args.repeat)
    forced = (f" (with OpenBLAS's AVX-512 kernels, OPENBLAS_CORETYPE=SkylakeX: "
              f"{numpy_avx512_rate:.0f})" if numpy_avx512_rate else "")
    print(f"  float32 matmul 2048³: NumPy {numpy_rate:.0f} GFLOP/s{forced}, "
          f"PyTorch {torch_rate:.0f}, sparse-attn's yardstick {yardstick:.0f}")
    print(f"  {'what':34} {'N':>6} {'PyTorch ms':>11} {'ours ms':>9} {'ours faster':>12} "
          f"{'PyTorch useful GFLOP/s':>23} {'ours':>6}")
    for length in lengths:
        dense_ours, dense_pairs = ours[("dense flash", "(dense)", length)]
        rows = [("dense, not causal (SDPA)", timings[("sdpa", length)], dense_ours, dense_pairs)]
        causal_ours, causal_pairs = ours[("generated", "dense_causal", length)]
        rows.append(("dense causal (SDPA)", timings[("sdpa causal", length)], causal_ours,
                     causal_pairs))
        for name in FLEX_MASKS:
            rows.append((f"{name} (FlexAttention)", timings[("flex " + name, length)],
                         *ours[("generated", name, length)]))
        for label, theirs, mine, pairs in rows:
            flops = 4 * 64 * 4 * pairs / 1e9
            print(f"  {label:34} {length:6} {theirs * 1e3:11.1f} {mine * 1e3:9.1f} "
                  f"{theirs / mine:11.1f}× {flops / theirs:23.0f} {flops / mine:6.0f}")
        masks = ", ".join(f"{name} {timings[('block mask ' + name, length)] * 1e3:.0f} ms"
                          for name in FLEX_MASKS)
        print(f"  create_block_mask at N = {length}: {masks}")
    return 0 if exact else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or "").strip()
        sys.exit(f"error: {' '.join(error.cmd[:2])} failed with status {error.returncode}"
                 + (f": {detail}" if detail else ""))
