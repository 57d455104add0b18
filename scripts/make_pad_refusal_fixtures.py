#!/usr/bin/env python3
"""Write the small models whose explicit Pad ConvAD refuses, one refusal each (onnx.helper, seeded weights).

Usage (Debian's interpreter with python3-onnx): /usr/bin/python3 scripts/make_pad_refusal_fixtures.py Tests/Fixtures/models/pad_refusals

Each is Conv(3->4, 3x3) -> Pad -> Conv(4->4, 3x3) -> GlobalAveragePool -> Flatten on a [1,3,16,16] input:
  pads_from_data.onnx   the pads are computed from the image's values (known only when the model runs)
  pads_batch.onnx       pads the batch axis
  pads_crop.onnx        a negative pad of a spatial axis (a crop)
  pads_wrap.onnx        mode 'wrap' (opset 19)
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(name, pads, mode="constant", opset=13, pads_input=False):
    rng = np.random.default_rng(0)
    inits = [numpy_helper.from_array(rng.standard_normal((4, 3, 3, 3)).astype(np.float32), "w1"),
             numpy_helper.from_array(rng.standard_normal((4, 4, 3, 3)).astype(np.float32), "w2")]
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])]
    nodes = []
    if pads_input:
        # pads computed from the image's values: known only when the model runs
        inits.append(numpy_helper.from_array(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "which"))
        nodes += [helper.make_node("ReduceMax", ["input"], ["peak_map"], name="peak_map", axes=[2, 3], keepdims=0),
                  helper.make_node("ReduceMax", ["peak_map"], ["peak"], name="peak", keepdims=0),
                  helper.make_node("Cast", ["peak"], ["peak_int"], name="peak_int", to=TensorProto.INT64),
                  helper.make_node("Mul", ["peak_int", "which"], ["pads"], name="pads")]
    else:
        inits.append(numpy_helper.from_array(np.array(pads, np.int64), "pads"))
    nodes += [helper.make_node("Conv", ["input", "w1"], ["a"], name="conv1", kernel_shape=[3, 3]),
             helper.make_node("Pad", ["a", "pads"], ["p"], name="pad", mode=mode),
             helper.make_node("Conv", ["p", "w2"], ["b"], name="conv2", kernel_shape=[3, 3]),
             helper.make_node("GlobalAveragePool", ["b"], ["g"], name="gap"),
             helper.make_node("Flatten", ["g"], ["logits"], name="flatten")]
    graph = helper.make_graph(nodes, name, inputs, [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 4])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="scripts/make_pad_refusal_fixtures.py")
    m.ir_version = 8
    if opset <= onnx.defs.onnx_opset_version():  # an older onnx package does not know opset 19 ('wrap')
        onnx.checker.check_model(m)
    return m


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    models = {
        "pads_from_data.onnx": model("pads_from_data", None, pads_input=True),
        "pads_batch.onnx": model("pads_batch", [1, 0, 1, 1, 0, 0, 1, 1]),
        "pads_crop.onnx": model("pads_crop", [0, 0, -1, 0, 0, 0, 0, 0]),
        "pads_wrap.onnx": model("pads_wrap", [0, 0, 1, 1, 0, 0, 1, 1], mode="wrap", opset=19),
    }
    for file, m in models.items():
        path = os.path.join(out_dir, file)
        onnx.save(m, path)
        print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/models/pad_refusals")
