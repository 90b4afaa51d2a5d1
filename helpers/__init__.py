"""Helpers for the course: activations, losses, data, gradient checks, plots, a network,
exercise checks.

Notebooks import from here, ``from helpers import sigmoid, load_admissions``; the modules
are short and flat so a learner can read any of them after the chapter that teaches it.
"""

from .activations import sigmoid, sigmoid_prime, softmax
from .checks_ch00 import check_weighted_sum
from .data import FEATURES, Split, load_admissions, one_hot_rank, prepare_admissions, standardise
from .gradcheck import check_gradients, numerical_gradient, relative_error
from .losses import (
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
from .notebook import setup_notebook
from .plotting import plot_decision_boundary, plot_loss_curve

__all__ = [
    "FEATURES", "Network", "Split", "binary_cross_entropy", "binary_cross_entropy_prime",
    "categorical_cross_entropy", "categorical_cross_entropy_prime", "check_gradients",
    "check_weighted_sum", "load_admissions", "mse", "mse_prime", "numerical_gradient",
    "one_hot_rank", "plot_decision_boundary", "plot_loss_curve", "prepare_admissions",
    "relative_error", "setup_notebook", "sigmoid", "sigmoid_prime", "softmax", "sse",
    "sse_prime", "standardise",
]
