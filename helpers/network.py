"""Chapter 9's network, after Nielsen's ``network2.py``: these equations and nothing more.

    Z^l = A^(l-1) (W^l)^T + b^l   A^l = σ(Z^l), the output A^L = σ(Z^L) or softmax(Z^L)
    δ^L = ∂C/∂Z^L                 δ^l = (δ^(l+1) W^(l+1)) ∘ A^l(1 − A^l)
    ∂C/∂W^l = (δ^l)^T A^(l-1)     ∂C/∂b^l = Σ_records δ^l
    W^l ← W^l − η ∂C/∂W^l         b^l ← b^l − η ∂C/∂b^l

Records are rows: X = A^0 is (N, D), W^l = ``weights[l - 1]`` is (n_out, n_in) as in chapter 6;
C is a mean over the records, so δ^L carries the 1/N. A cost is a loss class: value, delta."""

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from .activations import sigmoid, softmax
from .losses import MSE, BinaryCrossEntropy, CategoricalCrossEntropy

OUTPUTS = {"sigmoid": sigmoid, "softmax": softmax}
PAIRS = {"sigmoid": {"mse": MSE, "bce": BinaryCrossEntropy},  # each output unit a yes/no
         "softmax": {"mse": MSE, "cce": CategoricalCrossEntropy}}  # one distribution a record


class Network:
    """Inputs: sizes: units per layer (D, n_1, ..., n_L); output, loss: a pair of PAIRS; seed:
    of the rng drawing the weights as chapter 9's init_network, normal(0, 1/√n_in), and every
    epoch's order; dtype: np.float64 or np.float32, kept throughout."""
    def __init__(self, sizes: tuple[int, ...], output: str = "softmax", loss: str = "cce",
                 seed: int = 0, dtype: type | np.dtype = np.float64) -> None:
        self.sizes, self.output = v.layer_sizes("sizes", sizes), v.choice("output", output, PAIRS)
        if not isinstance(loss, str) or loss not in PAIRS[output]:
            raise ValueError(f"loss: expected one of {tuple(PAIRS[output])} with "
                             f"output={output!r}, got {loss!r}")
        if output == "softmax" and self.sizes[-1] < 2:
            raise ValueError(f"sizes: softmax output needs at least 2 units, got {self.sizes[-1]}")
        if dtype not in (np.float32, np.float64, "float32", "float64"):
            raise TypeError(f"dtype: expected np.float32 or np.float64, got {dtype!r}")
        self.cost, self.dtype = PAIRS[output][loss], np.dtype(dtype)
        self.rng = np.random.default_rng(v.positive_int("seed", seed, low=0))
        self.weights = [(self.rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(
            self.dtype) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)]
        self.rng.standard_normal(sum(self.sizes[1:]))  # chapter 6's bias draws, set to 0
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.sizes[1:]]

    def forward(self, X: ArrayLike) -> NDArray:
        """Inputs: X, shape (N, D). Returns: A^L, shape (N, sizes[-1])."""
        return self._feedforward(self._data(X))[0][-1]

    def predict(self, X: ArrayLike) -> NDArray[np.intp]:
        """Inputs: X, shape (N, D). Returns: (N,) classes, argmax of A^L's rows (or A^L > ½)."""
        return _classes(self.forward(X))

    def loss(self, X: ArrayLike, Y: ArrayLike) -> float:
        """Inputs: X, shape (N, D); Y, (N, sizes[-1]) or (N,) for one output, rows summing to 1
        for cce. Returns: C, a float; cross-entropies from Z^L: exact however sure the network."""
        return self._scores(*self._data(X, Y))[0]

    def accuracy(self, X: ArrayLike, Y: ArrayLike) -> float:
        """Inputs: X, Y as for loss. Returns: the fraction of records classified right."""
        return self._scores(*self._data(X, Y))[1]

    def gradients(self, X: ArrayLike, Y: ArrayLike) -> tuple[list[NDArray], list[NDArray]]:
        """Backpropagation on the whole of (X, Y), as on every batch. Inputs: X, Y as for loss.
        Returns: (nabla_w, nabla_b), lists of ∂C/∂W^l and ∂C/∂b^l shaped like the weights."""
        return self._backprop(*self._data(X, Y))

    def train_epoch(self, X: ArrayLike, Y: ArrayLike, lr: float, batch_size: int = 32) -> None:
        """One epoch of mini-batch SGD in a new order of the records, in place. Inputs: X, Y
        as for loss; lr: η > 0; batch_size: records a step (the last batch may be smaller)."""
        (X, Y), lr = self._data(X, Y), v.positive_number("lr", lr)
        batch_size = v.positive_int("batch_size", batch_size)
        order = self.rng.permutation(len(X))  # a new order of the records every epoch
        for batch in (order[k:k + batch_size] for k in range(0, len(X), batch_size)):
            nabla_w, nabla_b = self._backprop(X[batch], Y[batch])
            for W, b, dW, db in zip(self.weights, self.biases, nabla_w, nabla_b, strict=True):
                W -= lr * dW  # W^l ← W^l − η ∂C/∂W^l, in place
                b -= lr * db

    def fit(self, X: ArrayLike, Y: ArrayLike, epochs: int, lr: float, batch_size: int = 32,
            validation: tuple[ArrayLike, ArrayLike] | None = None) -> dict[str, list[float]]:
        """Inputs: X, Y, lr, batch_size: as for train_epoch; epochs > 0; validation: (X_val, Y_val)
        or None. Returns: {"loss": [...], "accuracy": [...], "val_loss": ...}, one an epoch."""
        sets, epochs = {"": self._data(X, Y)}, v.positive_int("epochs", epochs)
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise TypeError(f"validation: expected a pair (X_val, Y_val), got "
                                f"{type(validation).__name__}")
            sets["val_"] = self._data(*validation, names=("X_val", "Y_val"))
        history = {p + key: [] for p in sets for key in ("loss", "accuracy")}
        for _ in range(epochs):
            self.train_epoch(*sets[""], lr, batch_size)
            for p, data in sets.items():
                for key, value in zip(("loss", "accuracy"), self._scores(*data), strict=True):
                    history[p + key].append(value)
        return history

    def _feedforward(self, X: NDArray) -> tuple[list[NDArray], NDArray]:
        activations = [X]
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
            with np.errstate(over="ignore"):  # said in words below
                Z = activations[-1] @ W.T + b
            if not (np.isfinite(Z.min()) and np.isfinite(Z.max())):
                raise ValueError(f"X: expected inputs and weights whose weighted sums fit in "
                                 f"{self.dtype}, got Z^{layer} overflowing (scale the inputs, "
                                 f"or lower the learning rate if training diverged)")
            activations.append(sigmoid(Z) if layer < len(self.weights) else OUTPUTS[self.output](Z))
        return activations, Z  # [A^0 = X, A^1, ..., A^L], Z^L

    def _backprop(self, X: NDArray, Y: NDArray) -> tuple[list[NDArray], list[NDArray]]:
        activations, _ = self._feedforward(X)
        A = activations[-1]
        if self.output == "softmax" and self.cost is MSE:  # through the softmax's Jacobian:
            g = MSE.prime(Y, A)  # g = ∂C/∂A^L, δ_k = A_k (g_k − Σ_j g_j A_j)
            delta = A * (g - np.sum(g * A, axis=1, keepdims=True))
        else:  # mse: (A − Y)/N ∘ σ'(Z^L); bce and cce: (A − Y)/N, where σ' cancels
            delta = self.cost.delta(Y, A)
        nabla_w, nabla_b = [None] * len(self.weights), [None] * len(self.biases)
        for i in range(len(self.weights) - 1, -1, -1):  # i = l − 1 for l = L, ..., 1
            nabla_w[i], nabla_b[i] = delta.T @ activations[i], delta.sum(axis=0)  # (δ^l)^T A^(l-1)
            if i:  # δ^(l-1) = (δ^l W^l) ∘ A^(l-1)(1 − A^(l-1))
                delta = (delta @ self.weights[i]) * (activations[i] * (1 - activations[i]))
        return nabla_w, nabla_b

    def _scores(self, X: NDArray, Y: NDArray) -> tuple[float, float]:
        (*_, A), Z = self._feedforward(X)
        loss = MSE.value(Y, A) if self.cost is MSE else self.cost.value_from_logits(Y, Z)
        return loss, float(np.mean(_classes(A) == _classes(Y)))

    def _data(self, X: ArrayLike, Y: ArrayLike | None = None, names: tuple = ("X", "Y")):
        """X, or (X, Y), checked, in self.dtype; Y of shape (N, sizes[-1])."""
        (x, y), k = names, self.sizes[-1]
        X = v.as_float_array(x, X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or not len(X):
            raise ValueError(f"{x}: expected a 2-D array of shape (N, {self.sizes[0]}), at "
                             f"least one record, got shape {X.shape}")
        if Y is None:
            return X
        Y = v.as_float_array(y, Y, dtype=self.dtype)
        Y = Y.reshape(-1, 1) if Y.ndim == 1 and k == 1 else Y
        if Y.shape != (len(X), k):
            raise ValueError(f"{y}: expected shape ({len(X)}, {k}) to match {x} {X.shape} and "
                             f"{k} outputs, got {Y.shape}")
        if self.cost is not MSE:  # probabilities
            v.in_range(y, Y, 0, 1)
        if self.cost is CategoricalCrossEntropy:
            v.rows_sum_to_one(y, Y)
        return X, Y


def _classes(A: NDArray) -> NDArray[np.intp]:
    return (A[:, 0] > 0.5).astype(np.intp) if A.shape[1] == 1 else np.argmax(A, axis=1)
