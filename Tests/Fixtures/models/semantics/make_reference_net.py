"""Builds reference_net.onnx: a tiny CNN with fixed, simple weights whose ConvAD output the tests
recompute by hand from the definition (Tests/ConvAD.Tests/Engine/SemanticsTests.cs).

Input [1,1,6,6] -> Conv 3x3 pad 1 (weights 1, bias 0.5) -> Relu -> MaxPool 2x2 s2
-> Conv 3x3 pad 1 (2 output channels: weights +1 and -1, no bias) -> GlobalAveragePool -> Flatten -> [1,2]
Run: /usr/bin/python3 make_reference_net.py
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

w1 = numpy_helper.from_array(np.ones((1, 1, 3, 3), np.float32), "w1")
b1 = numpy_helper.from_array(np.array([0.5], np.float32), "b1")
w2 = numpy_helper.from_array(np.stack([np.ones((1, 3, 3)), -np.ones((1, 3, 3))]).astype(np.float32), "w2")
nodes = [
    helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="conv1"),
    helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
    helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2], name="pool1"),
    helper.make_node("Conv", ["p1", "w2"], ["c2"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="conv2"),
    helper.make_node("GlobalAveragePool", ["c2"], ["g"], name="gap"),
    helper.make_node("Flatten", ["g"], ["y"], name="flatten"),
]
graph = helper.make_graph(nodes, "reference_net",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 6, 6])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
                          [w1, b1, w2])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="convad-tests")
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, "reference_net.onnx")
