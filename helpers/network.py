"""The network of chapter 9: sigmoid hidden layers, a sigmoid or softmax output, trained by
mini-batch stochastic gradient descent. These equations and nothing more:

    Z^l = A^(l-1) W^l + b^l       A^l = σ(Z^l), the output A^L = σ(Z^L) or softmax(Z^L)
    δ^L = ∂C/∂Z^L                 δ^l = (δ^(l+1) (W^(l+1))^T) ∘ σ'(Z^l),  σ'(Z^l) = A^l(1 − A^l)
    ∂C/∂W^l = (A^(l-1))^T δ^l     ∂C/∂b^l = Σ_records δ^l
    W^l ← W^l − η ∂C/∂W^l         b^l ← b^l − η ∂C/∂b^l

Records are rows: X (= A^0) has shape (N, D) and W^l shape (n_in, n_out), the transpose of
the (n_out, n_in) W^l of chapters 6-8 (their W a + b is our A W + b). C is a mean over the N
records, so δ^L carries the 1/N. Python counts layers from 0, the text from 1:
``weights[l - 1]`` is W^l. The buffered variant the benchmark times is
``benchmarks/fast_network.py``; it gives the same weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import (
    as_float_array,
    choice,
    layer_sizes,
    positive_int,
    positive_number,
    rows_sum_to_one,
)
from .activations import sigmoid, softmax
from .losses import MSE, BinaryCrossEntropy, CategoricalCrossEntropy

OUTPUTS = {"sigmoid": sigmoid, "softmax": softmax}
LOSSES = {"mse": MSE, "bce": BinaryCrossEntropy, "cce": CategoricalCrossEntropy}
# bce treats every output as its own yes/no probability (sigmoid); cce needs one
# distribution per record (softmax)
PAIRS = {"sigmoid": ("mse", "bce"), "softmax": ("mse", "cce")}


class Network:
    """A fully connected network of layer sizes ``sizes`` = (D, n_1, ..., n_L).

    Inputs:  sizes: units per layer, inputs first; output: "softmax" or "sigmoid";
             loss: "cce", "bce" or "mse" (see PAIRS); seed: for np.random.default_rng, which
             draws the weights and shuffles the records every epoch; dtype: np.float64 or
             np.float32 (weights, activations and gradients all stay in it).
    Weights start as normal(0, 1/√n_in) of shape (n_in, n_out), biases at 0.
    """

    def __init__(self, sizes: Sequence[int], output: str = "softmax", loss: str = "cce",
                 seed: int = 0, dtype: type | np.dtype = np.float64) -> None:
        self.sizes = layer_sizes("sizes", sizes)
        self.output = choice("output", output, tuple(OUTPUTS))
        self.loss_name = choice("loss", loss, tuple(LOSSES))
        if loss not in PAIRS[output]:
            raise ValueError(f"loss: expected one of {PAIRS[output]} with output={output!r}, "
                             f"got {loss!r}")
        if output == "softmax" and self.sizes[-1] < 2:
            raise ValueError(f"sizes: a softmax output needs at least 2 units, got "
                             f"{self.sizes[-1]}")
        self.cost = LOSSES[loss]
        if dtype not in (np.float32, np.float64, "float32", "float64"):
            raise TypeError(f"dtype: expected np.float32 or np.float64, got {dtype!r}")
        self.dtype = np.dtype(dtype)
        self.rng = np.random.default_rng(positive_int("seed", seed, low=0))
        self.weights = [(self.rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(
            self.dtype) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.sizes[1:]]

    def _feedforward(self, X: NDArray) -> tuple[list[NDArray], NDArray]:
        """([A^0 = X, A^1, ..., A^L], Z^L) for validated inputs X of shape (N, D)."""
        A, activations = X, [X]
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
            with np.errstate(over="ignore"):  # checked on the next line, in words
                Z = A @ W + b
            if not (np.isfinite(Z.min()) and np.isfinite(Z.max())):
                raise ValueError(f"X: expected inputs and weights whose weighted sums fit in "
                                 f"{self.dtype}, got Z^{layer} overflowing (scale the inputs, or "
                                 f"lower the learning rate if training diverged)")
            A = OUTPUTS[self.output](Z) if layer == len(self.weights) else sigmoid(Z)
            activations.append(A)
        return activations, Z

    def _backprop(self, X: NDArray, Y: NDArray) -> tuple[list[NDArray], list[NDArray]]:
        """(nabla_w, nabla_b) = (∂C/∂W^l, ∂C/∂b^l) of the batch (X, Y), validated."""
        activations, _ = self._feedforward(X)
        A = activations[-1]
        if self.output == "softmax" and self.cost is MSE:
            g = MSE.prime(Y, A)  # ∂C/∂A^L through the softmax: δ_k = A_k (g_k − Σ_j g_j A_j)
            delta = A * (g - np.sum(g * A, axis=1, keepdims=True))
        else:  # (A − Y)/N ∘ σ'(Z^L) for mse; (A − Y)/N for bce and cce, where σ' cancels
            delta = self.cost.delta(Y, A)
        nabla_w, nabla_b = [None] * len(self.weights), [None] * len(self.biases)
        for i in range(len(self.weights) - 1, -1, -1):  # i = l − 1 for l = L, ..., 1
            nabla_w[i] = activations[i].T @ delta  # (A^(l-1))^T δ^l
            nabla_b[i] = delta.sum(axis=0)
            if i:  # δ^(l-1) = (δ^l (W^l)^T) ∘ A^(l-1)(1 − A^(l-1))
                delta = (delta @ self.weights[i].T) * (activations[i] * (1 - activations[i]))
        return nabla_w, nabla_b

    def forward(self, X: ArrayLike) -> NDArray:
        """The forward pass.

        Inputs:  X: shape (N, D), one record per row.
        Returns: A^L, shape (N, sizes[-1]); each row a distribution for a softmax output.
        """
        return self._feedforward(self._inputs("X", X))[0][-1]

    def predict(self, X: ArrayLike) -> NDArray[np.intp]:
        """The predicted classes.

        Inputs:  X: shape (N, D).
        Returns: shape (N,): the argmax of each row of A^L, or A^L > 0.5 for one output unit.
        """
        return _classes(self.forward(X))

    def loss(self, X: ArrayLike, Y: ArrayLike) -> float:
        """The cost C, a mean over the records.

        Inputs:  X: shape (N, D); Y: targets, shape (N, sizes[-1]) ((N,) for one output);
                 one-hot rows (or distributions summing to 1 within 1e-6) for cce.
        Returns: C, a float. Cross-entropies are computed from Z^L (log-sum-exp), never as
                 the log of a rounded probability, so they stay exact however sure the network.
        """
        return self._scores(*self._data(X, Y))[0]

    def accuracy(self, X: ArrayLike, Y: ArrayLike) -> float:
        """The fraction of records classified right.

        Inputs:  X, Y: as for loss.
        Returns: a float in [0, 1]: how often predict(X) is the class of Y.
        """
        return self._scores(*self._data(X, Y))[1]

    def gradients(self, X: ArrayLike, Y: ArrayLike) -> tuple[list[NDArray], list[NDArray]]:
        """Backpropagation on the whole of (X, Y), as the training loop does on every batch.

        Inputs:  X, Y: as for loss.
        Returns: (nabla_w, nabla_b): lists of ∂C/∂W^l and ∂C/∂b^l, shaped like the weights
                 and biases.
        """
        return self._backprop(*self._data(X, Y))

    def train_epoch(self, X: ArrayLike, Y: ArrayLike, lr: float, batch_size: int = 32) -> None:
        """One epoch of mini-batch SGD over the records of (X, Y) in a shuffled order.

        Inputs:  X, Y: as for loss; lr: the learning rate η > 0; batch_size: records per
                 step (the last batch may be smaller).
        Returns: None; the weights and biases are updated in place.
        """
        X, Y = self._data(X, Y)
        self._epoch(X, Y, positive_number("lr", lr), positive_int("batch_size", batch_size))

    def fit(self, X: ArrayLike, Y: ArrayLike, epochs: int, lr: float, batch_size: int = 32,
            validation: tuple[ArrayLike, ArrayLike] | None = None) -> dict[str, list[float]]:
        """Train for ``epochs`` epochs.

        Inputs:  X, Y, lr, batch_size: as for train_epoch; epochs: a positive whole number;
                 validation: (X_val, Y_val), scored after every epoch, or None.
        Returns: {"loss": [...], "accuracy": [...]}, one value per epoch on (X, Y), plus
                 "val_loss" and "val_accuracy" on ``validation`` = (X_val, Y_val) if given.
        """
        sets = {"": self._data(X, Y)}
        epochs, lr = positive_int("epochs", epochs), positive_number("lr", lr)
        batch_size = positive_int("batch_size", batch_size)
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise TypeError(f"validation: expected a pair (X_val, Y_val), got "
                                f"{type(validation).__name__}")
            sets["val_"] = self._data(*validation, names=("X_val", "Y_val"))
        history = {f"{p}{k}": [] for p in sets for k in ("loss", "accuracy")}
        for _ in range(epochs):
            self._epoch(*sets[""], lr, batch_size)
            for prefix, data in sets.items():
                loss, accuracy = self._scores(*data)
                history[f"{prefix}loss"].append(loss)
                history[f"{prefix}accuracy"].append(accuracy)
        return history

    def _epoch(self, X: NDArray, Y: NDArray, lr: float, batch_size: int) -> None:
        order = self.rng.permutation(len(X))  # a new order of the records every epoch
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            nabla_w, nabla_b = self._backprop(X[batch], Y[batch])
            for W, b, dW, db in zip(self.weights, self.biases, nabla_w, nabla_b, strict=True):
                W -= lr * dW  # W^l ← W^l − η ∂C/∂W^l, in place
                b -= lr * db

    def _scores(self, X: NDArray, Y: NDArray) -> tuple[float, float]:
        activations, Z = self._feedforward(X)
        A = activations[-1]
        loss = MSE.value(Y, A) if self.cost is MSE else self.cost.value_from_logits(Y, Z)
        return loss, float(np.mean(_classes(A) == _classes(Y)))

    def _inputs(self, name: str, X: ArrayLike) -> NDArray:
        X = as_float_array(name, X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or not len(X):
            raise ValueError(f"{name}: expected a 2-D array of shape (N, {self.sizes[0]}), at "
                             f"least one record, got shape {X.shape}")
        return X

    def _data(self, X: ArrayLike, Y: ArrayLike, names: tuple[str, str] = ("X", "Y")):
        X, k = self._inputs(names[0], X), self.sizes[-1]
        Y = as_float_array(names[1], Y, dtype=self.dtype)
        Y = Y.reshape(-1, 1) if Y.ndim == 1 and k == 1 else Y
        if Y.shape != (len(X), k):
            raise ValueError(f"{names[1]}: expected shape ({len(X)}, {k}) to match "
                             f"{names[0]} {X.shape} and {k} outputs, got {Y.shape}")
        if self.cost is not MSE and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"{names[1]}: expected targets in [0, 1] for loss "
                             f"{self.loss_name!r}, got min {Y.min():.4g} and max {Y.max():.4g}")
        if self.cost is CategoricalCrossEntropy:
            rows_sum_to_one(names[1], Y)
        return X, Y


def _classes(A: NDArray) -> NDArray[np.intp]:
    return (A[:, 0] > 0.5).astype(np.intp) if A.shape[1] == 1 else np.argmax(A, axis=1)
