"""PyTorch side of bench/learning-curve.bench.ts: the same learning-curve loop (sizes x repeats, fresh MLP 64-32-10,
Adam 1e-3, batch 32, the same number of optimizer steps per run, then loss/error on the subset and the hold-out);
prints JSON with the loop time."""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(2)
plan = json.loads(sys.argv[1])
data = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1, dtype=np.float32)
x_all = torch.from_numpy(data[:, :-1].copy())
y_all = torch.from_numpy(data[:, -1].astype(np.int64))
gen = np.random.default_rng(42)
order = gen.permutation(len(y_all))
cut = int(round(len(order) * 0.2))
test_idx, pool_idx = order[:cut], order[cut:]
x_test, y_test = x_all[test_idx], y_all[test_idx]
loss_fn = nn.CrossEntropyLoss()

started = time.perf_counter()
steps_done = 0
for point in plan:
    size, steps, repeats = point['size'], point['steps'], point['repeats']
    for repeat in range(repeats):
        torch.manual_seed(1000 * repeat + size)
        rows = torch.from_numpy(pool_idx[gen.permutation(len(pool_idx))[:size]])
        x, y = x_all[rows], y_all[rows]
        model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        step = 0
        while step < steps:
            perm = torch.randperm(size)
            for start in range(0, size, 32):
                if step >= steps:
                    break
                batch = perm[start:start + 32]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(x[batch]), y[batch])
                loss.backward()
                opt.step()
                step += 1
        steps_done += step
        with torch.no_grad():
            for xs, ys in ((x, y), (x_test, y_test)):
                out = model(xs)
                loss_fn(out, ys).item()
                (out.argmax(1) != ys).float().mean().item()
print(json.dumps({'loopSeconds': time.perf_counter() - started, 'steps': steps_done, 'version': torch.__version__, 'threads': torch.get_num_threads()}))
