#!/usr/bin/env python3
"""PyTorch baseline for `convad bench --device cuda`: plain fp32 inference throughput on the same GPU.

Ran on an NVIDIA H200 (2026-12-04, through device-check.sh; docs/performance.md). Without a GPU it exits 2 with
"no CUDA device". Run it on the GPU
machine next to run-checks.sh, with a CUDA build of torch and torchvision (pip or conda; the bundle does not carry one):

    python3 torch_bench.py --out results/torch_bench.json

torchvision resnet50, mobilenet_v2 and efficientnet_b0 (weights=None: random weights, same cost), fp32, eval mode,
torch.inference_mode(), NCHW 224x224, batch 64 and 256, each with TF32 off and on
(torch.backends.cuda.matmul.allow_tf32 and torch.backends.cudnn.allow_tf32). cuDNN autotuning
(torch.backends.cudnn.benchmark) is on, as a tuned deployment would have it; the input stays on the GPU (no host
copies are timed, unlike convad bench, whose timed call includes copying images and masks in and scores out).
Each configuration: warm-up runs, then timed runs, each bracketed by torch.cuda.synchronize(); median images/s.
Writes one JSON object (environment + one row per configuration) to --out and a table to stdout.
"""

import argparse
import json
import platform
import statistics
import sys
import time

MODELS = ("resnet50", "mobilenet_v2", "efficientnet_b0")
BATCHES = (64, 256)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="torch_bench.json", help="JSON output file")
    ap.add_argument("--models", nargs="*", default=list(MODELS))
    ap.add_argument("--batches", nargs="*", type=int, default=list(BATCHES))
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--device", default="cuda:0")
    args = ap.parse_args()

    import torch
    import torchvision

    if not torch.cuda.is_available():
        print("torch_bench.py: no CUDA device (torch.cuda.is_available() is False; torch %s, built for CUDA %s)"
              % (torch.__version__, torch.version.cuda), file=sys.stderr)
        return 2

    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = True
    props = torch.cuda.get_device_properties(device)
    env = dict(
        torch=torch.__version__,
        torchvision=torchvision.__version__,
        cuda=torch.version.cuda,
        cudnn=torch.backends.cudnn.version(),
        gpu=torch.cuda.get_device_name(device),
        computeCapability="%d.%d" % (props.major, props.minor),
        memoryGiB=round(props.total_memory / 2**30, 1),
        python=platform.python_version(),
        platform=platform.platform(),
        cudnnBenchmark=True,
        warmup=args.warmup,
        runs=args.runs,
    )

    rows = []
    for name in args.models:
        torch.manual_seed(0)
        model = getattr(torchvision.models, name)(weights=None).eval().to(device)
        for batch in args.batches:
            x = torch.randn(batch, 3, 224, 224, device=device)
            for tf32 in (False, True):
                torch.backends.cuda.matmul.allow_tf32 = tf32
                torch.backends.cudnn.allow_tf32 = tf32
                row = dict(model=name, batch=batch, tf32=tf32, dtype="float32")
                try:
                    times = measure(torch, model, x, args.warmup, args.runs)
                except torch.cuda.OutOfMemoryError as e:  # noqa: PERF203
                    row.update(error="out of memory: %s" % str(e).splitlines()[0])
                    torch.cuda.empty_cache()
                    rows.append(row)
                    print("%-16s batch %4d  tf32 %-5s  out of memory" % (name, batch, tf32), flush=True)
                    continue
                median = statistics.median(times)
                row.update(
                    medianMs=median * 1000,
                    minMs=min(times) * 1000,
                    imagesPerSecond=batch / median,
                    peakMemoryGiB=round(torch.cuda.max_memory_allocated(device) / 2**30, 2),
                )
                rows.append(row)
                print("%-16s batch %4d  tf32 %-5s  %9.2f ms  %9.1f images/s"
                      % (name, batch, tf32, row["medianMs"], row["imagesPerSecond"]), flush=True)
                torch.cuda.reset_peak_memory_stats(device)
            del x
        del model
        torch.cuda.empty_cache()

    with open(args.out, "w") as f:
        json.dump(dict(environment=env, results=rows), f, indent=1)
        f.write("\n")
    print("wrote %s" % args.out)
    return 0


def measure(torch, model, x, warmup, runs):
    """Seconds per forward of the whole batch: warm-up, then `runs` timed calls, each synchronised."""
    with torch.inference_mode():
        for _ in range(warmup):
            model(x)
        torch.cuda.synchronize()
        times = []
        for _ in range(runs):
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            model(x)
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
    return times


if __name__ == "__main__":
    sys.exit(main())
