"""The learner's maths: activations, losses, gradient checking, the admissions data, plots,
network diagrams, the (n_out, n_in) networks of chapters 6-8 (``net_nout_nin``) and the
network of chapter 9.

Notebooks import from here, ``from helpers import sigmoid, load_admissions``; each module is
short and flat, so a learner can read it after the chapter that teaches it. Modules that need
pandas or matplotlib are imported on first use, so ``import helpers`` stays fast. Nothing
here checks exercises or sets up notebooks: that is the course machinery, ``course``.
"""

from importlib import import_module

from .activations import sigmoid, sigmoid_prime, softmax
from .gradcheck import check_gradients, numerical_gradient, relative_error
from .losses import (
    MSE,
    SSE,
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    binary_cross_entropy,
    binary_cross_entropy_prime,
    categorical_cross_entropy,
    categorical_cross_entropy_prime,
    mse,
    mse_prime,
    sse,
    sse_prime,
)
from .network import Network

# name -> module that defines it, imported on first use (pandas and matplotlib are slow)
_LAZY = {
    "FEATURES": "data", "Split": "data", "load_admissions": "data", "one_hot_rank": "data",
    "prepare_admissions": "data", "standardise": "data",
    "plot_decision_boundary": "plotting", "plot_loss_curve": "plotting", "show_figure": "plotting",
    "use_course_style": "plotting",
    "draw_network": "diagrams",
}

__all__ = [  # noqa: F822 (the lazy names are resolved by __getattr__)
    "FEATURES", "MSE", "SSE", "BinaryCrossEntropy", "CategoricalCrossEntropy", "Network",
    "Split", "binary_cross_entropy", "binary_cross_entropy_prime",
    "categorical_cross_entropy", "categorical_cross_entropy_prime", "check_gradients",
    "draw_network", "load_admissions", "mse", "mse_prime", "numerical_gradient", "one_hot_rank",
    "plot_decision_boundary", "plot_loss_curve", "prepare_admissions", "relative_error",
    "show_figure", "sigmoid", "sigmoid_prime", "softmax", "sse", "sse_prime", "standardise",
    "use_course_style",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
