"""The computational graph of a two-layer network: the forward pass (solid, left to right) and the
backward pass (dashed, right to left), with the local rule each backward arrow applies."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

text = plt.rcParams["text.color"]
colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
forward, backward = colors[0], colors[1]

fig, ax = plt.subplots(figsize=(9.2, 4.4))
ax.set_xlim(0, 17.2)
ax.set_ylim(0, 7.8)
ax.axis("off")

# The nodes: (x, y, label). The main chain along y = 3.6, the parameters above it.
nodes = {
    "X": (0.9, 3.6, "$X$\ninputs"),
    "z1": (4.9, 3.6, "$Z_1$"),
    "a1": (8.5, 3.6, "$A_1$"),
    "z2": (12.3, 3.6, "$Z_2$\nlogits"),
    "L": (16.2, 3.6, "$L$\nloss"),
    "W1": (2.9, 6.7, "$W_1,\\ b_1$"),
    "W2": (10.4, 6.7, "$W_2,\\ b_2$"),
    "y": (16.2, 6.7, "$y$\nlabels"),
}
W, H = 1.4, 1.05
for x, y, label in nodes.values():
    ax.add_patch(FancyBboxPatch((x - W / 2, y - H / 2), W, H, boxstyle="round,pad=0.08,rounding_size=0.2",
                                facecolor="none", edgecolor=text, linewidth=1.2))
    ax.text(x, y, label, ha="center", va="center", fontsize=10.5, linespacing=1.1)


def arrow(a, b, color, dashed=False, rad=0.0):
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=13, color=color, linewidth=1.6,
                                 linestyle=(0, (4, 2.5)) if dashed else "-", connectionstyle=f"arc3,rad={rad}",
                                 shrinkA=0, shrinkB=0))


# Forward: solid arrows just above the centre line, the operation written above each.
up, down = 3.6 + 0.22, 3.6 - 0.22
ops = [("X", "z1", "$\\cdot W_1 + b_1$"), ("z1", "a1", "tanh"), ("a1", "z2", "$\\cdot W_2 + b_2$"),
       ("z2", "L", "softmax +\ncross-entropy")]
for a, b, label in ops:
    xa, xb = nodes[a][0] + W / 2 + 0.12, nodes[b][0] - W / 2 - 0.12
    arrow((xa, up), (xb, up), forward)
    ax.text((xa + xb) / 2, up + 0.2, label, ha="center", va="bottom", color=forward, fontsize=9.5, linespacing=1.0)
for p, target in (("W1", "X"), ("W2", "a1")):  # the parameters feed the first and second layer
    xs = (nodes[p][0], nodes[p][1] - H / 2 - 0.1)
    xm = ((nodes[target][0] + W / 2 + nodes["z1" if p == "W1" else "z2"][0] - W / 2) / 2, up + 0.95)
    arrow(xs, xm, forward)
arrow((nodes["y"][0], nodes["y"][1] - H / 2 - 0.1), (nodes["L"][0], nodes["L"][1] + H / 2 + 0.1), forward)

# Backward: dashed arrows below the centre line, each with the gradient it delivers.
back = [("L", "z2", "$(P - Y)\\,/\\,n$"), ("z2", "a1", "$\\cdot W_2^{\\top}$"),
        ("a1", "z1", "$\\odot\\,(1 - A_1^2)$")]
for a, b, label in back:
    xa, xb = nodes[a][0] - W / 2 - 0.12, nodes[b][0] + W / 2 + 0.12
    arrow((xa, down), (xb, down), backward, dashed=True)
    ax.text((xa + xb) / 2, down - 0.2, label, ha="center", va="top", color=backward, fontsize=10)
for node, grad in (("z2", "$\\partial L/\\partial Z_2$"), ("a1", "$\\partial L/\\partial A_1$"),
                   ("z1", "$\\partial L/\\partial Z_1$")):
    ax.text(nodes[node][0], 3.6 - H / 2 - 0.2, grad, ha="center", va="top", color=backward, fontsize=10)

# Backward into the parameters: dashed arrows from the layer's output gradient down-left to a note.
for node, label, x in (("z1", "$\\partial L/\\partial W_1 = X^{\\top}\\,\\partial L/\\partial Z_1$\n"
                               "$\\partial L/\\partial b_1 = $ column sums of $\\partial L/\\partial Z_1$", 4.9),
                       ("z2", "$\\partial L/\\partial W_2 = A_1^{\\top}\\,\\partial L/\\partial Z_2$\n"
                              "$\\partial L/\\partial b_2 = $ column sums of $\\partial L/\\partial Z_2$", 12.3)):
    arrow((nodes[node][0], 3.6 - H / 2 - 0.85), (nodes[node][0], 1.15), backward, dashed=True)
    ax.text(x, 0.55, label, ha="center", va="center", color=backward, fontsize=9.5, linespacing=1.3)

ax.text(5.0, 7.5, "forward: values", color=forward, fontsize=10, va="top", fontweight="bold")
ax.text(5.0, 6.9, "backward: gradients", color=backward, fontsize=10, va="top", fontweight="bold")

if __name__ == "__main__":
    plt.show()
