"""A small multilayer network trained by mini-batch SGD: sigmoid hidden layers, a sigmoid or
softmax output, MSE or cross-entropy loss.

Orientation (the batch form of chapter 6): records are rows, X has shape (N, D), and the
weight matrix of layer l has shape (n_in, n_out), so one layer is

    Z^l = A^(l-1) W^l + b^l        A^l = σ(Z^l)        (A^0 = X)

Nielsen's W^l (n_out, n_in) acting on a column vector is the transpose of this W^l: his
W^l a is our a W^l, his (W^(l+1))^T δ^(l+1) is our δ^(l+1) (W^(l+1))^T, and his
δ^l (a^(l-1))^T summed over records is our (A^(l-1))^T δ^l. The loss is a mean over the N
records, so δ^L below already carries the 1/N.

Everything (weights, buffers, outputs) stays in the dtype chosen at construction; inputs are
converted to it once on entry. The training loop reuses buffers allocated once per batch
size, so a step allocates nothing that numpy lets us avoid.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import positive_number

OUTPUTS = ("sigmoid", "softmax")
LOSSES = ("mse", "bce", "cce")  # mean squared error, binary and categorical cross-entropy
# output -> the losses it pairs with: bce treats every output as its own yes/no
# probability (sigmoid); cce needs outputs that form one distribution per record (softmax)
PAIRS = {"sigmoid": ("mse", "bce"), "softmax": ("mse", "cce")}
DTYPES = (np.float32, np.float64)


class Network:
    """A fully connected network of layer sizes ``sizes`` = (D, n_1, ..., n_L).

    ``weights[i]`` has shape (sizes[i], sizes[i+1]) and ``biases[i]`` shape (sizes[i+1],).
    Python counts from 0, the text from 1: ``weights[i]`` is the text's W^(i+1), and
    ``self._A[i]`` its A^(i+1). Weights start as normal(0, 1/√n_in), biases at 0, drawn from
    ``np.random.default_rng(seed)``, which also shuffles the records every epoch.
    """

    def __init__(self, sizes: Sequence[int], output: str = "softmax", loss: str = "cce",
                 seed: int = 0, dtype: type | np.dtype = np.float64) -> None:
        self.sizes = _check_sizes(sizes)
        self.output = _check_choice("output", output, OUTPUTS)
        self.loss_name = _check_choice("loss", loss, LOSSES)
        if self.loss_name not in PAIRS[self.output]:
            raise ValueError(f"loss: expected one of {PAIRS[self.output]} with "
                             f"output={self.output!r}, got {loss!r}")
        if self.output == "softmax" and self.sizes[-1] < 2:
            raise ValueError(f"sizes: a softmax output needs at least 2 units, got "
                             f"{self.sizes[-1]}")
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise TypeError(f"seed: expected a non-negative int, got {seed!r}")
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"dtype: expected np.float32 or np.float64, got {dtype!r}") from None
        if self.dtype not in [np.dtype(d) for d in DTYPES]:
            raise TypeError(f"dtype: expected np.float32 or np.float64, got {self.dtype}")
        self.rng = np.random.default_rng(seed)
        self.weights = [(self.rng.standard_normal((n_in, n_out)) / np.sqrt(n_in))
                        .astype(self.dtype) for n_in, n_out in zip(self.sizes[:-1],
                                                                   self.sizes[1:], strict=True)]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.sizes[1:]]
        self._batch = 0  # batch size the buffers below were made for

    # ---- public API -------------------------------------------------------------------

    def forward(self, X: ArrayLike) -> NDArray:
        """Output activations A^L, shape (N, sizes[-1]), for inputs X of shape (N, D)."""
        X = self._inputs("X", X)
        return self._output(self._logits(X))

    def predict(self, X: ArrayLike) -> NDArray[np.intp]:
        """Class per record, shape (N,): argmax of the outputs, or output > 0.5 for one unit."""
        return _classes(self.forward(X))

    def loss(self, X: ArrayLike, Y: ArrayLike) -> float:
        """Mean loss over the N records of X (N, D) with targets Y (N, sizes[-1]).

        Cross-entropies are computed from Z^L with log-sum-exp, never as log of a rounded
        probability, so they stay finite however confident the network is.
        """
        X, Y = self._data(X, Y)
        return self._loss(self._logits(X), Y)

    def accuracy(self, X: ArrayLike, Y: ArrayLike) -> float:
        """Fraction of records whose predicted class matches the class of Y."""
        X, Y = self._data(X, Y)
        return float(np.mean(_classes(self._output(self._logits(X))) == _classes(Y)))

    def gradients(self, X: ArrayLike, Y: ArrayLike) -> tuple[list[NDArray], list[NDArray]]:
        """(nabla_w, nabla_b): ∂loss/∂W^l and ∂loss/∂b^l for every layer, computed on the
        whole of X by the same code the training loop runs; copies, shaped like the
        weights and biases."""
        X, Y = self._data(X, Y)
        self._ensure_buffers(len(X))
        self._forward_pass(X)
        self._backward_pass(X, Y, scale=1.0)
        return [g.copy() for g in self._nabla_w], [g.copy() for g in self._nabla_b]

    def train_epoch(self, X: ArrayLike, Y: ArrayLike, lr: float, batch_size: int = 32) -> None:
        """One pass of mini-batch SGD over a shuffled copy of (X, Y):
        W^l ← W^l − lr·nabla_w^l and b^l ← b^l − lr·nabla_b^l after every batch."""
        X, Y = self._data(X, Y)
        self._epoch(X, Y, positive_number("lr", lr), _positive_int("batch_size", batch_size))

    def fit(self, X: ArrayLike, Y: ArrayLike, epochs: int, lr: float, batch_size: int = 32,
            validation: tuple[ArrayLike, ArrayLike] | None = None) -> dict[str, list[float]]:
        """Train for ``epochs`` epochs; after each one record the loss and accuracy on the
        training data (and on ``validation`` = (X_val, Y_val) if given).

        Returns {"loss": [...], "accuracy": [...]} plus "val_loss" and "val_accuracy".
        """
        X, Y = self._data(X, Y)
        epochs = _positive_int("epochs", epochs)
        lr = positive_number("lr", lr)
        batch_size = _positive_int("batch_size", batch_size)
        sets = {"": (X, Y)}
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise TypeError(f"validation: expected a pair (X_val, Y_val), got "
                                f"{type(validation).__name__}")
            sets["val_"] = self._data(*validation, names=("X_val", "Y_val"))
        history: dict[str, list[float]] = {f"{p}{k}": [] for p in sets
                                           for k in ("loss", "accuracy")}
        for _ in range(epochs):
            self._epoch(X, Y, lr, batch_size)
            for prefix, (Xs, Ys) in sets.items():
                Z = self._logits(Xs)
                history[f"{prefix}loss"].append(self._loss(Z, Ys))
                hits = _classes(self._output(Z)) == _classes(Ys)
                history[f"{prefix}accuracy"].append(float(np.mean(hits)))
        return history

    # ---- the hot path: buffers made once, filled in place ------------------------------

    def _ensure_buffers(self, batch: int) -> None:
        if batch <= self._batch:
            return
        self._batch = batch
        t = self.dtype
        # A[l] holds Z^l, then (in place) A^l; delta[l] and scratch[l] are per layer
        self._A = [np.empty((batch, n), dtype=t) for n in self.sizes[1:]]
        self._delta = [np.empty((batch, n), dtype=t) for n in self.sizes[1:]]
        self._scratch = [np.empty((batch, n), dtype=t) for n in self.sizes[1:]]
        self._row = np.empty((batch, 1), dtype=t)  # one number per record (softmax sums)
        self._nabla_w = [np.empty_like(W) for W in self.weights]
        self._nabla_b = [np.empty_like(b) for b in self.biases]

    def _epoch(self, X: NDArray, Y: NDArray, lr: float, batch_size: int) -> None:
        n_records = len(X)
        batch_size = min(batch_size, n_records)
        self._ensure_buffers(batch_size)
        # shuffle once, then every batch is a contiguous slice of the permuted copy
        order = self.rng.permutation(n_records)
        if getattr(self, "_Xs", None) is None or self._Xs.shape != X.shape:
            self._Xs, self._Ys = np.empty_like(X), np.empty_like(Y)
        np.take(X, order, axis=0, out=self._Xs, mode="clip")  # "clip": no extra buffering
        np.take(Y, order, axis=0, out=self._Ys, mode="clip")
        for start in range(0, n_records, batch_size):
            Xb = self._Xs[start:start + batch_size]
            Yb = self._Ys[start:start + batch_size]
            self._forward_pass(Xb)
            # scale=lr: every nabla is linear in δ^L, so scaling δ^L (N × n_out, small)
            # by lr yields lr·nabla_w directly, without one more pass over each W
            self._backward_pass(Xb, Yb, scale=lr)
            for W, b, nabla_w, nabla_b in zip(self.weights, self.biases,
                                              self._nabla_w, self._nabla_b, strict=True):
                W -= nabla_w  # W^l ← W^l − lr·nabla_w^l, in place
                b -= nabla_b

    def _forward_pass(self, X: NDArray) -> None:
        n = len(X)
        A_prev = X
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            A = self._A[i][:n]
            np.matmul(A_prev, W, out=A)  # Z^l = A^(l-1) W^l + b^l
            A += b
            if i == last and self.output == "softmax":
                _softmax_inplace(A, self._row[:n])
            else:
                _sigmoid_inplace(A)
            A_prev = A

    def _backward_pass(self, X: NDArray, Y: NDArray, scale: float) -> None:
        """nabla_w and nabla_b of the batch (X, Y) into their buffers, times ``scale``."""
        n = len(X)
        L = len(self.weights) - 1
        A_L, delta = self._A[L][:n], self._delta[L][:n]
        self._output_delta(A_L, Y, delta, self._scratch[L][:n], self._row[:n])
        delta *= scale
        for i in range(L, -1, -1):
            A_prev = X if i == 0 else self._A[i - 1][:n]
            # nabla_w^l = (A^(l-1))^T δ^l and nabla_b^l = Σ_records δ^l
            np.matmul(A_prev.T, delta, out=self._nabla_w[i])
            np.sum(delta, axis=0, out=self._nabla_b[i])
            if i == 0:
                break  # nobody needs δ for the inputs
            # δ^(l-1) = (δ^l (W^l)^T) ∘ σ'(Z^(l-1)), with σ'(Z) = A(1 − A)
            delta_prev, sigma_prime = self._delta[i - 1][:n], self._scratch[i - 1][:n]
            np.matmul(delta, self.weights[i].T, out=delta_prev)
            np.subtract(1, A_prev, out=sigma_prime)
            sigma_prime *= A_prev
            delta_prev *= sigma_prime
            delta = delta_prev

    def _output_delta(self, A: NDArray, Y: NDArray, delta: NDArray, scratch: NDArray,
                      row: NDArray) -> None:
        """δ^L = ∂loss/∂Z^L, the 1/N of the mean included, written into ``delta``."""
        n = len(A)
        np.subtract(A, Y, out=delta)  # A − Y
        delta *= 1 / n
        if self.loss_name in ("bce", "cce"):
            # sigmoid + bce and softmax + cce: the σ' (or softmax Jacobian) cancels,
            # δ^L = (A − Y)/N
            return
        if self.output == "sigmoid":  # mse: δ^L = (A − Y)/N ∘ A(1 − A)
            np.subtract(1, A, out=scratch)
            scratch *= A
            delta *= scratch
            return
        # softmax + mse: with g = (A − Y)/N, δ^L_k = A_k (g_k − Σ_j g_j A_j)
        np.multiply(delta, A, out=scratch)
        np.sum(scratch, axis=1, keepdims=True, out=row)
        delta -= row
        delta *= A

    # ---- everything off the hot path ---------------------------------------------------

    def _logits(self, X: NDArray) -> NDArray:
        """Z^L for X; the hidden layers already through σ."""
        A = X
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            Z = A @ W
            Z += b
            if i == len(self.weights) - 1:
                return Z
            A = _sigmoid_inplace(Z)
        raise AssertionError("unreachable")

    def _output(self, Z: NDArray) -> NDArray:
        A = Z.copy()
        if self.output == "softmax":
            return _softmax_inplace(A, np.empty((len(A), 1), dtype=A.dtype))
        return _sigmoid_inplace(A)

    def _loss(self, Z: NDArray, Y: NDArray) -> float:
        n = len(Z)
        if self.loss_name == "mse":  # 1/(2N) Σ (A − Y)²
            diff = self._output(Z) - Y
            return float(0.5 * np.sum(diff * diff) / n)
        if self.loss_name == "bce":
            # ln σ(z) = −ln(1 + e^(−z)) and ln(1 − σ(z)) = −ln(1 + e^z)
            terms = Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)
            return float(np.sum(terms) / n)
        # cce: ln softmax(z)_k = z_k − max(z) − ln Σ_j e^(z_j − max(z))
        shifted = Z - Z.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return float(-np.sum(Y * log_p) / n)

    def _inputs(self, name: str, X: ArrayLike) -> NDArray:
        X = _as_array(name, X, self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"{name}: expected shape (N, {self.sizes[0]}), got {X.shape}")
        if len(X) == 0:
            raise ValueError(f"{name}: expected at least one record, got shape {X.shape}")
        return X

    def _data(self, X: ArrayLike, Y: ArrayLike,
              names: tuple[str, str] = ("X", "Y")) -> tuple[NDArray, NDArray]:
        X = self._inputs(names[0], X)
        Y = _as_array(names[1], Y, self.dtype)
        k = self.sizes[-1]
        if Y.ndim == 1 and k == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (len(X), k):
            raise ValueError(f"{names[1]}: expected shape ({len(X)}, {k}) to match "
                             f"{names[0]} {X.shape} and {k} outputs, got {Y.shape}")
        if self.loss_name != "mse" and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"{names[1]}: expected targets in [0, 1] for loss "
                             f"{self.loss_name!r}, got min {Y.min():.4g} and max {Y.max():.4g}")
        if self.loss_name == "cce":
            sums = Y.sum(axis=1)
            bad = np.flatnonzero(np.abs(sums - 1) > 1e-3)
            if bad.size:
                raise ValueError(f"{names[1]}: expected every row to sum to 1 (one-hot or a "
                                 f"distribution) for loss 'cce', row {bad[0]} sums to "
                                 f"{sums[bad[0]]:.4g}")
        return X, Y


def _sigmoid_inplace(A: NDArray) -> NDArray:
    """A ← σ(A) = 1/(1 + e^(−A)) in place; the same σ as helpers.activations.sigmoid.

    Z is first raised to at least −ln(1/tiny), so e^(−Z) cannot overflow and σ stays a
    normal float (about 1e-37 in float32) instead of a warning.
    """
    floor = float(np.log(np.finfo(A.dtype).tiny)) + 1  # a Python float keeps A's dtype
    np.maximum(A, floor, out=A)
    np.negative(A, out=A)
    np.exp(A, out=A)
    A += 1
    np.reciprocal(A, out=A)
    return A


def _softmax_inplace(A: NDArray, row: NDArray) -> NDArray:
    """A ← softmax of every row of A in place; ``row`` is an (N, 1) buffer.

    Subtracting the row maximum first changes nothing mathematically and keeps e^z ≤ 1.
    """
    np.max(A, axis=1, keepdims=True, out=row)
    A -= row
    np.exp(A, out=A)
    np.sum(A, axis=1, keepdims=True, out=row)
    A /= row
    return A


def _classes(A: NDArray) -> NDArray[np.intp]:
    if A.shape[1] == 1:
        return (A[:, 0] > 0.5).astype(np.intp)
    return np.argmax(A, axis=1)


def _as_array(name: str, value: ArrayLike, dtype: np.dtype) -> NDArray:
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name}: expected an array of numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name}: expected a rectangular array of numbers, got "
                        f"{type(value).__name__} ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected an array of numbers, got dtype {arr.dtype}")
    if arr.ndim != 2 and not (name.startswith("Y") and arr.ndim == 1):
        raise ValueError(f"{name}: expected a 2-D array (records × features), got shape "
                         f"{arr.shape}")
    arr = np.ascontiguousarray(arr, dtype=dtype)
    # min and max are NaN or inf exactly when some entry is: no full-size mask needed
    if arr.size and not (np.isfinite(arr.min()) and np.isfinite(arr.max())):
        raise ValueError(f"{name}: expected finite numbers, got NaN or inf")
    return arr


def _check_sizes(sizes: object) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes: expected a sequence of layer sizes such as (64, 32, 10), "
                        f"got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes: expected at least an input and an output size, got "
                         f"{list(sizes)}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"sizes: expected positive whole numbers, got {list(sizes)}")
    return tuple(int(n) for n in sizes)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"{name}: expected one of {choices}, got {value!r}")
    return str(value)


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a positive whole number, got "
                        f"{type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name}: expected a positive whole number, got {value}")
    return int(value)
