"""The digits MLP for 5 epochs: the best constant learning rate against cosine and one-cycle."""

import matplotlib.pyplot as plt

from gdbook import data, fit, models
from gdbook.optim import SGD
from gdbook.plot import COLORS
from gdbook.schedules import CosineAnnealingLR, OneCycleLR

# The same runs as in the chapter: SGD with momentum 0.9, batches of 32, 5 epochs.
X, y = data.digits()
X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.25, seed=0)
model = models.MLP([64, 32, 10])
epochs, batch_size = 5, 32
total = epochs * 43                      # 43 batches per epoch (1,347 examples)
runs = [
    ("constant 0.2", 0.2),
    ("cosine, peak 0.3", CosineAnnealingLR(0.3, T_max=total)),
    ("one-cycle, peak 0.3", OneCycleLR(0.3, total_steps=total)),
]

fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.0))
for (name, lr), color in zip(runs, COLORS):
    h = fit(model, model.init(seed=0), X_train, y_train, SGD(lr=lr, momentum=0.9),
            epochs=epochs, batch_size=batch_size, val=(X_test, y_test))
    left.plot(range(len(h.lrs)), h.lrs, color=color, linewidth=2.0, label=name)
    right.plot(range(epochs + 1), h.val_losses, "-o", color=color, linewidth=2.0,
               markersize=5, label=name)
left.set_xlabel("optimizer step")
left.set_ylabel("learning rate")
left.set_ylim(0.0, None)
left.legend(loc="upper right")
right.set_xlabel("epoch")
right.set_ylabel("held-out loss")
right.set_yscale("log")
right.set_yticks([0.1, 0.2, 0.5, 1.0, 2.0], ["0.1", "0.2", "0.5", "1", "2"])
right.minorticks_off()
right.legend(loc="upper right")
fig.tight_layout()

if __name__ == "__main__":
    plt.show()
