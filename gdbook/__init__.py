"""gdbook: the small numpy engine of the gradient descent book.

Modules: ``functions`` (objectives of x), ``optim`` (optimizers),
``schedules`` (learning-rate schedules), ``loop`` (``minimize``, ``fit``,
``History``), ``gradcheck``, ``data``, ``models`` and ``plot`` (matplotlib is
imported only when a plot is drawn).

Examples:
    >>> import gdbook
    >>> from gdbook.functions import Parabola
    >>> from gdbook.optim import SGD
    >>> h = gdbook.minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=20)
    >>> round(float(h.x), 4)
    3.0576
"""

from gdbook import data, functions, gradcheck, loop, models, optim, plot, schedules
from gdbook.loop import History, fit, minimize

# The one source of the version: pyproject.toml reads it (dynamic), and a release tag vX.Y.Z must equal it.
__version__ = "0.1.0"

__all__ = [
    "History",
    "minimize",
    "fit",
    "functions",
    "optim",
    "schedules",
    "gradcheck",
    "data",
    "models",
    "loop",
    "plot",
    "__version__",
]
