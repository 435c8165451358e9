"""PyTorch side of bench/overfit-one.bench.ts: the same one-example fits of the digits CNN (same rows, same saved
weights, Adam, Keras cross-entropy, the same per-step trace and stopping rule); prints JSON."""
import json
import math
import struct
import sys
import time

t_start = time.perf_counter()
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
spec = json.loads(sys.argv[1])
fixture, rows, max_steps, lr, fit_loss = spec['dir'], spec['rows'], spec['maxSteps'], spec['learningRate'], spec['fitLoss']
EPS = 1e-7


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.dense = nn.Linear(72, 10)

    def forward(self, x):
        h = torch.max_pool2d(torch.relu(self.conv(x)), 2)
        # TF.js flattens channels-last: permute so the saved dense kernel lines up.
        return torch.softmax(self.dense(h.permute(0, 2, 3, 1).flatten(1)), dim=1)


def load_saved(model):
    manifest = json.load(open(f'{fixture}/model.json'))['weightsManifest'][0]
    data = open(f"{fixture}/{manifest['paths'][0]}", 'rb').read()
    offset, tensors = 0, {}
    for w in manifest['weights']:
        n = math.prod(w['shape'])
        tensors[w['name']] = torch.tensor(struct.unpack_from(f'<{n}f', data, offset)).reshape(w['shape'])
        offset += 4 * n
    with torch.no_grad():
        model.conv.weight.copy_(tensors['conv2d_1/kernel'].permute(3, 2, 0, 1))
        model.conv.bias.copy_(tensors['conv2d_1/bias'])
        model.dense.weight.copy_(tensors['dense_1/kernel'].t())
        model.dense.bias.copy_(tensors['dense_1/bias'])


def fresh(model, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for layer in (model.conv, model.dense):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)


lines = open(f'{fixture}/train.csv').read().strip().split('\n')[1:]
table = [[float(v) for v in line.split(',')] for line in lines]

t_fits = time.perf_counter()
fits, total_steps = [], 0
for start in ('saved', 'fresh'):
    model = Cnn()
    if start == 'saved':
        load_saved(model)
    else:
        fresh(model, 42)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    for cls, row in enumerate(rows):
        model.load_state_dict(initial)
        opt = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
        x = torch.tensor(table[row][:64]).reshape(1, 1, 8, 8)
        trace, fitted = [], None
        for step in range(max_steps + 1):
            opt.zero_grad(set_to_none=True)
            p = model(x)
            loss = -torch.log(torch.clamp(p[0, cls], EPS, 1 - EPS))
            loss.backward()
            # The same per-step record as nndoctor: loss, prediction, gradient norm and zero share per weight.
            grads = [q.grad for q in model.parameters()]
            record = (loss.item(), int(p.argmax()), [g.norm().item() for g in grads], [(g == 0).float().mean().item() for g in grads])
            trace.append(record)
            if not math.isfinite(record[0]):
                break
            if record[1] == cls and record[0] <= fit_loss:
                fitted = step
                break
            opt.step()
        total_steps += len(trace) - 1
        fits.append({'start': start, 'class': cls, 'fittedAtStep': fitted, 'steps': len(trace) - 1})
t_end = time.perf_counter()
print(json.dumps({'fits': fits, 'totalSteps': total_steps, 'fitSeconds': t_end - t_fits, 'importSeconds': t_fits - t_start, 'torch': torch.__version__}))
