"""Six learning-rate schedules from gdbook.schedules, each drawn over a run of 100 steps."""

import matplotlib.pyplot as plt

from gdbook.plot import COLORS
from gdbook.schedules import (CosineAnnealingLR, ExponentialLR, LinearLR, MultiStepLR,
                              OneCycleLR, StepLR)

steps = 100
panels = [  # (schedule, title)
    (StepLR(0.1, step_size=25, gamma=0.5), "StepLR(0.1, step_size=25, gamma=0.5)"),
    (MultiStepLR(0.1, milestones=[50, 75], gamma=0.1), "MultiStepLR(0.1, [50, 75], gamma=0.1)"),
    (ExponentialLR(0.1, gamma=0.97), "ExponentialLR(0.1, gamma=0.97)"),
    (CosineAnnealingLR(0.1, T_max=100), "CosineAnnealingLR(0.1, T_max=100)"),
    (LinearLR(0.1, start_factor=0.1, total_iters=20), "LinearLR(0.1, start_factor=0.1, total_iters=20)"),
    (OneCycleLR(0.1, total_steps=100), "OneCycleLR(0.1, total_steps=100)"),
]

fig, axes = plt.subplots(2, 3, figsize=(10.0, 5.4), sharex=True, sharey=True)
for ax, (schedule, title), color in zip(axes.flat, panels, COLORS):
    t = list(range(steps))
    ax.step(t, schedule.values(steps), where="post", color=color, linewidth=2.0)
    ax.set_title(title, fontsize=9.5)
    ax.set_ylim(0.0, 0.108)
    ax.set_xlim(0, steps)
for ax in axes[1]:
    ax.set_xlabel("optimizer step t")
for ax in axes[:, 0]:
    ax.set_ylabel("learning rate")
fig.tight_layout()

if __name__ == "__main__":
    plt.show()
