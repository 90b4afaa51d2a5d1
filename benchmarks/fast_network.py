"""The chapter 9 network with a buffered training loop, for the benchmark only.

``FastNetwork`` is ``helpers.network.Network`` (same construction, validation, loss, fit)
with ``train_epoch`` and ``gradients`` replaced by a hot path that allocates nothing per batch:
activations, deltas and gradients live in buffers made once per batch size and are filled
in place, the learning rate is folded into δ^L (every gradient is linear in δ^L, so scaling
the small N × n_out δ^L by η yields η ∂C/∂W without another pass over each W), and σ is
computed in place. The arithmetic is the same up to rounding: after an epoch both give the
same weights to about 1e-12 (tests/benchmarks/test_fast_network.py). ``make bench`` times
both against PyTorch and scikit-learn.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate as v
from helpers.losses import MSE
from helpers.network import Network


class FastNetwork(Network):
    """``Network`` with buffers: the same arguments, the same results up to rounding."""

    def gradients(self, X: ArrayLike, Y: ArrayLike) -> tuple[list[NDArray], list[NDArray]]:
        X, Y = self._data(X, Y)
        self._ensure_buffers(len(X))
        self._forward_pass(X)
        self._backward_pass(X, Y, scale=1.0)
        return [g.copy() for g in self._nabla_w], [g.copy() for g in self._nabla_b]

    def _ensure_buffers(self, batch: int) -> None:
        if batch <= getattr(self, "_batch", 0):
            return
        self._batch = batch
        t = self.dtype
        # A[i] holds Z^(i+1), then (in place) A^(i+1); delta[i] and scratch[i] per layer
        self._A = [np.empty((batch, n), dtype=t) for n in self.sizes[1:]]
        self._delta = [np.empty((batch, n), dtype=t) for n in self.sizes[1:]]
        self._scratch = [np.empty((batch, n), dtype=t) for n in self.sizes[1:]]
        self._row = np.empty((batch, 1), dtype=t)  # one number per record (softmax sums)
        self._nabla_w = [np.empty_like(W) for W in self.weights]
        self._nabla_b = [np.empty_like(b) for b in self.biases]

    def train_epoch(self, X: ArrayLike, Y: ArrayLike, lr: float, batch_size: int = 32) -> None:
        (X, Y), lr = self._data(X, Y), v.positive_number("lr", lr)
        batch_size = v.positive_int("batch_size", batch_size)
        n_records = len(X)
        batch_size = min(batch_size, n_records)
        self._ensure_buffers(batch_size)
        order = self.rng.permutation(n_records)  # the same draws as Network.train_epoch
        if getattr(self, "_Xs", None) is None or self._Xs.shape != X.shape:
            self._Xs, self._Ys = np.empty_like(X), np.empty_like(Y)
        np.take(X, order, axis=0, out=self._Xs, mode="clip")  # "clip": no extra buffering
        np.take(Y, order, axis=0, out=self._Ys, mode="clip")
        for start in range(0, n_records, batch_size):
            Xb = self._Xs[start:start + batch_size]
            Yb = self._Ys[start:start + batch_size]
            self._forward_pass(Xb)
            self._backward_pass(Xb, Yb, scale=lr)  # buffers now hold lr · ∂C/∂W
            for W, b, nabla_w, nabla_b in zip(self.weights, self.biases,
                                              self._nabla_w, self._nabla_b, strict=True):
                W -= nabla_w
                b -= nabla_b

    def _forward_pass(self, X: NDArray) -> None:
        n, A_prev, last = len(X), X, len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            A = self._A[i][:n]
            np.matmul(A_prev, W.T, out=A)  # Z = A_prev W^T + b
            A += b
            if i == last and self.output == "softmax":
                _softmax_inplace(A, self._row[:n])
            else:
                _sigmoid_inplace(A)
            A_prev = A

    def _backward_pass(self, X: NDArray, Y: NDArray, scale: float) -> None:
        n, L = len(X), len(self.weights) - 1
        A_L, delta = self._A[L][:n], self._delta[L][:n]
        self._output_delta(A_L, Y, delta, self._scratch[L][:n], self._row[:n])
        delta *= scale
        for i in range(L, -1, -1):
            A_prev = X if i == 0 else self._A[i - 1][:n]
            np.matmul(delta.T, A_prev, out=self._nabla_w[i])
            np.sum(delta, axis=0, out=self._nabla_b[i])
            if i == 0:
                break  # nobody needs δ for the inputs
            delta_prev, sigma_prime = self._delta[i - 1][:n], self._scratch[i - 1][:n]
            np.matmul(delta, self.weights[i], out=delta_prev)
            np.subtract(1, A_prev, out=sigma_prime)
            sigma_prime *= A_prev
            delta_prev *= sigma_prime
            delta = delta_prev

    def _output_delta(self, A: NDArray, Y: NDArray, delta: NDArray, scratch: NDArray,
                      row: NDArray) -> None:
        np.subtract(A, Y, out=delta)
        delta *= 1 / len(A)
        if self.cost is not MSE:
            return  # δ^L = (A − Y)/N
        if self.output == "sigmoid":  # mse: (A − Y)/N ∘ A(1 − A)
            np.subtract(1, A, out=scratch)
            scratch *= A
            delta *= scratch
            return
        np.multiply(delta, A, out=scratch)  # softmax + mse: A_k (g_k − Σ_j g_j A_j)
        np.sum(scratch, axis=1, keepdims=True, out=row)
        delta -= row
        delta *= A


def _sigmoid_inplace(A: NDArray) -> NDArray:
    """A ← 1/(1 + e^(−A)) in place; A is first raised to ln(tiny) + 1 so e^(−A) stays finite."""
    np.maximum(A, float(np.log(np.finfo(A.dtype).tiny)) + 1, out=A)
    np.negative(A, out=A)
    np.exp(A, out=A)
    A += 1
    np.reciprocal(A, out=A)
    return A


def _softmax_inplace(A: NDArray, row: NDArray) -> NDArray:
    """A ← softmax of every row in place; ``row`` is an (N, 1) buffer."""
    np.max(A, axis=1, keepdims=True, out=row)
    A -= row
    np.exp(A, out=A)
    np.sum(A, axis=1, keepdims=True, out=row)
    A /= row
    return A
