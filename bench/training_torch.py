"""PyTorch side of bench/training.bench.ts: the same three models, SGD, the same timing protocol; prints JSON."""
import json
import statistics
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)
BUDGET = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 3


def models():
    return {
        'mlp': (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)), (1, 28, 28), 10, 32),
        'cnn': (lambda: nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 5 * 5, 10)), (1, 28, 28), 10, 32),
        'tiny': (lambda: nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)), (4,), 3, 1),
    }


def measure(make, shape, classes, batch):
    model = make()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    pool = [(torch.randn(batch, *shape), torch.randint(0, classes, (batch,))) for _ in range(8)]

    def step(i):
        x, y = pool[i % len(pool)]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    for i in range(5):
        step(i)
    rates = []
    for _ in range(ROUNDS):
        steps = 0
        start = time.perf_counter()
        while True:
            step(steps)
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= BUDGET and steps >= 3:
                break
        rates.append(steps / elapsed)
    return statistics.median(rates)


out = {}
for name, (make, shape, classes, batch) in models().items():
    out[name] = {'stepsPerSec': measure(make, shape, classes, batch), 'batch': batch}
out['version'] = torch.__version__
out['threads'] = torch.get_num_threads()
print(json.dumps(out))
