"""Overfitting on 200 digits: the training loss keeps falling, the held-out loss stops and turns up."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data, fit, models
from gdbook.optim import SGD

# The chapter's run: 200 training images, a 64-256-10 network, 100 epochs.
X, y = data.digits()
X_rest, X_test, y_rest, y_test = data.train_test_split(X, y, test_size=0.25, seed=0)
X_train, X_val, y_train, y_val = data.train_test_split(X_rest, y_rest, test_size=0.25, seed=0)
X_small, y_small = X_train[:200], y_train[:200]
model = models.MLP([64, 256, 10])
h = fit(model, model.init(seed=0), X_small, y_small, SGD(lr=0.5),
        epochs=100, batch_size=10, val=(X_val, y_val))
best = int(np.argmin(h.val_losses))
epochs = np.arange(h.epochs + 1)

fig, (ax, zoom) = plt.subplots(1, 2, figsize=(10.5, 3.9))
ax.plot(epochs, h.losses, color="C0", label="training loss (200 images)")
ax.plot(epochs, h.val_losses, color="C1", label=f"held-out loss ({len(y_val)} images)")
ax.axvline(best, color="C2", linestyle="--", linewidth=1.3, label=f"lowest held-out loss: epoch {best}")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy loss")
ax.set_title("The two losses", fontsize=11)
ax.legend(loc="upper right")

# The held-out loss alone, from epoch 10 on, on a finer scale.
late = epochs >= 10
zoom.plot(epochs[late], h.val_losses[late], color="C1")
zoom.axvline(best, color="C2", linestyle="--", linewidth=1.3)
zoom.plot([best], [h.val_losses[best]], "o", color="C2", markersize=7)
zoom.annotate("stop here\n(early stopping)", (best, h.val_losses[best]), xytext=(best + 12, h.val_losses[best] + 0.012),
              fontsize=10, arrowprops={"arrowstyle": "->", "color": "C2"})
zoom.set_xlabel("epoch")
zoom.set_ylabel("held-out loss")
zoom.set_title("The held-out loss, zoomed in", fontsize=11)

if __name__ == "__main__":
    plt.show()
