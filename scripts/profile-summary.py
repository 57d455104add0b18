#!/usr/bin/env python3
"""Where the ConvAD forward's time goes: ONNX Runtime's profiles of the plain and the ConvAD session side by side.

    convad bench MODEL --batch 16 --runs 5 --profile DIR
    /usr/bin/python3 scripts/profile-summary.py DIR [SKIP]

Reads DIR/plain_*.json and DIR/convad_*.json (the newest of each; ONNX Runtime's Chrome-trace format), sums the kernel time
of every node by op type (NCHWc ops as ONNX Runtime names them: ReorderInput/ReorderOutput are layout conversions into and
out of its blocked layout) and divides by the session's runs, so each row is milliseconds per call. The first SKIP calls of
each session (default 2, bench's warm-up) are left out: the first call allocates. After those, bench calls each forward twice
in a row and times the second (the first shares the cores with the other session's spinning threads): only the timed calls
are summed. It also prints the median of ONNX Runtime's
own run per call (the profile's model_run events): bench's wall-time medians minus these are what the engine does around the
call (copying images and masks in, zeroing occluded pixels, copying scores out). With the python onnx
package, the node counts per op type of the optimised graphs (plain.optimized.onnx, convad.optimized.onnx) are added:
they show which fusions ONNX Runtime kept. Standard library only, apart from that optional count.
"""
import collections
import glob
import json
import os
import sys


def newest(d, prefix):
    files = sorted(glob.glob(os.path.join(d, prefix + "_*.json")), key=os.path.getmtime)
    if not files:
        sys.exit(f"no {prefix}_*.json in {d}: run `convad bench MODEL --profile {d}` first")
    return files[-1]


def timed_calls(events, skip):
    """The model_run events bench timed: after SKIP warm-up calls, the second of each pair of calls."""
    calls = sorted((e for e in events if e.get("cat") == "Session" and e.get("name") == "model_run"), key=lambda e: e["ts"])
    return calls[skip + 1::2] if len(calls) > skip + 1 else calls


def per_op(path, skip):
    events = json.load(open(path))
    windows = [(c["ts"], c["ts"] + c["dur"]) for c in timed_calls(events, skip)]
    ops = collections.Counter()
    for e in events:
        ts = e.get("ts", 0)
        if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time") and any(a <= ts <= b for a, b in windows):
            ops[e.get("args", {}).get("op_name", "?")] += e.get("dur", 0)
    runs = max(len(windows), 1)
    return {k: v / 1000.0 / runs for k, v in ops.items()}, runs


def run_median(path, skip):
    """The median of ONNX Runtime's own run time per timed call (model_run: inputs bound, kernels run, outputs made), in ms."""
    durs = sorted(c["dur"] for c in timed_calls(json.load(open(path)), skip))
    return durs[len(durs) // 2] / 1000.0 if durs else 0.0


def node_counts(path):
    try:
        import onnx
    except ImportError:
        return None
    if not os.path.exists(path):
        return None
    return collections.Counter(n.op_type for n in onnx.load(path).graph.node)


def main():
    d = sys.argv[1]
    skip = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    plain, pr = per_op(newest(d, "plain"), skip)
    convad, cr = per_op(newest(d, "convad"), skip)
    pc = node_counts(os.path.join(d, "plain.optimized.onnx")) or {}
    cc = node_counts(os.path.join(d, "convad.optimized.onnx")) or {}
    ops = sorted(set(plain) | set(convad) | set(pc) | set(cc), key=lambda o: -(convad.get(o, 0) - plain.get(o, 0)))
    tp, tc = sum(plain.values()), sum(convad.values())
    print(f"kernel time per call (ms), {pr} plain and {cr} ConvAD calls profiled: plain {tp:.1f}, ConvAD {tc:.1f} "
          f"(+{tc - tp:.1f}, kernel-time ratio {tp / tc:.2f})")
    rp, rc = run_median(newest(d, "plain"), skip), run_median(newest(d, "convad"), skip)
    print(f"ONNX Runtime's run per call (median ms): plain {rp:.1f}, ConvAD {rc:.1f} (ratio {rp / rc:.2f}); "
          f"bench's wall-time medians minus these are the engine's own work per call\n")
    print("| op type | plain ms | ConvAD ms | Δ ms | share of Δ | nodes plain | nodes ConvAD |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for o in ops:
        p, c = plain.get(o, 0), convad.get(o, 0)
        if max(p, c) < 0.01 and pc.get(o, 0) == cc.get(o, 0):
            continue
        share = (c - p) / (tc - tp) * 100 if tc != tp else 0
        print(f"| {o} | {p:.2f} | {c:.2f} | {c - p:+.2f} | {share:.0f}% | {pc.get(o, '') } | {cc.get(o, '')} |")


if __name__ == "__main__":
    main()
