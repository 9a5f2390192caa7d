#!/usr/bin/python3
"""A small NumPy evaluator of ONNX graphs: the reference that convert_minilm.py checks its TorchScript against.

onnx 1.12 (Debian bookworm) has no `onnx.reference`, so this module runs a graph node by node with NumPy. It knows
only the operators of BERT-style encoders exported at opset 11 (the ones all-MiniLM-L6-v2 uses) and refuses any
other, so a graph it cannot evaluate faithfully is never half-evaluated.
"""

import math

import numpy as np
from onnx import numpy_helper

_ERF = np.vectorize(math.erf, otypes=[np.float64])


def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            if a.type == a.INT:
                return a.i
            if a.type == a.INTS:
                return list(a.ints)
            if a.type == a.FLOAT:
                return a.f
            if a.type == a.TENSOR:
                return numpy_helper.to_array(a.t)
            raise ValueError(f"{node.op_type}: attribute {name} of unsupported type {a.type}")
    return default


def _softmax(x, axis):
    # opset 11 Softmax coerces the input to 2-D at `axis`; for the last axis this is the ordinary softmax
    if axis not in (-1, x.ndim - 1):
        raise ValueError("Softmax over a non-final axis is not supported")
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _slice(x, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[int(a)] = slice(int(s), int(min(e, np.iinfo(np.int64).max)), int(st))
    return x[tuple(index)]


_CAST = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64}


def _run_node(node, ins):
    op = node.op_type
    if op == "Constant":
        return _attr(node, "value")
    if op == "Add":
        return ins[0] + ins[1]
    if op == "Sub":
        return ins[0] - ins[1]
    if op == "Mul":
        return ins[0] * ins[1]
    if op == "Div":
        if np.issubdtype(ins[0].dtype, np.integer):
            return ins[0] // ins[1]
        return ins[0] / ins[1]
    if op == "Pow":
        return np.power(ins[0], ins[1]).astype(ins[0].dtype)
    if op == "Sqrt":
        return np.sqrt(ins[0])
    if op == "Erf":
        return _ERF(ins[0]).astype(ins[0].dtype)
    if op == "MatMul":
        return np.matmul(ins[0], ins[1])
    if op == "Gather":
        return np.take(ins[0], ins[1], axis=_attr(node, "axis", 0))
    if op == "Unsqueeze":
        x = ins[0]
        for a in sorted(_attr(node, "axes")):
            x = np.expand_dims(x, a if a >= 0 else a + x.ndim + 1)
        return x
    if op == "Shape":
        return np.array(ins[0].shape, dtype=np.int64)
    if op == "Concat":
        return np.concatenate(ins, axis=_attr(node, "axis"))
    if op == "Reshape":
        shape = [ins[0].shape[i] if d == 0 else d for i, d in enumerate(ins[1].tolist())]
        return ins[0].reshape(shape)
    if op == "Transpose":
        return np.transpose(ins[0], _attr(node, "perm"))
    if op == "ReduceMean":
        return ins[0].mean(axis=tuple(_attr(node, "axes")), keepdims=bool(_attr(node, "keepdims", 1)))
    if op == "Softmax":
        return _softmax(ins[0], _attr(node, "axis", 1))
    if op == "Cast":
        return ins[0].astype(_CAST[_attr(node, "to")])
    if op == "Slice":
        return _slice(*ins)
    raise ValueError(f"operator {op} is not supported by this evaluator")


def run(model, feeds):
    """Evaluates `model` (an onnx ModelProto) on `feeds` (name -> array); returns {output name: array}."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update(feeds)
    for node in model.graph.node:
        ins = [values[n] if n else None for n in node.input]
        while ins and ins[-1] is None:
            ins.pop()
        out = _run_node(node, ins)
        values[node.output[0]] = np.asarray(out)
    return {o.name: values[o.name] for o in model.graph.output}
