"""Three epochs of 20 examples cut into batches of 8: the seeded shuffled order gdbook.fit uses."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data

n, batch_size, epochs = 20, 8, 3
ids = np.arange(n)
fig, ax = plt.subplots(figsize=(8.4, 3.2))
step = 0
for e in range(epochs):
    # exactly the batches fit(..., batch_size=8, seed=0) uses in epoch e: seed 0 + e
    position = 0
    for j, (_, batch) in enumerate(data.batches(ids[:, None], ids, batch_size, seed=e)):
        step += 1
        x0 = position + 0.9 * j  # a gap between batches
        ax.add_patch(plt.Rectangle((x0 - 0.45, -1.5 * e - 0.42), len(batch) - 0.1, 0.84,
                                   facecolor=f"C{j}", alpha=0.28, edgecolor=f"C{j}", linewidth=1.5))
        for i, example in enumerate(batch):
            ax.text(x0 + i, -1.5 * e, str(example), ha="center", va="center", fontsize=10)
        ax.text(x0 + (len(batch) - 1) / 2, -1.5 * e + 0.5, f"step {step}", ha="center", va="bottom", fontsize=9)
        position += len(batch)
ax.set_yticks([-1.5 * e for e in range(epochs)], [f"epoch {e + 1}" for e in range(epochs)])
ax.set_xticks([])
ax.set_xlim(-0.8, n + 1.2)
ax.set_ylim(-1.5 * (epochs - 1) - 0.5, 0.95)
ax.grid(False)
for side in ("left", "bottom"):
    ax.spines[side].set_visible(False)
ax.tick_params(left=False)
ax.set_title("20 examples, batch size 8: 3 steps per epoch (8 + 8 + 4), a new shuffle every epoch", fontsize=11)

if __name__ == "__main__":
    plt.show()
