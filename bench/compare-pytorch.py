#!/usr/bin/env python3
"""simdprop against PyTorch on the lesson's shapes, one thread each, side by side in one run.

Needs Debian's python3-torch with OpenBLAS as its BLAS (apt-get install python3-torch
libopenblas0-pthread: without OpenBLAS, Debian's torch runs the reference BLAS, many times slower)
and a built bench jar (mvn package). The script pins torch, OpenMP and OpenBLAS to one thread.
Run from the repository root:  python3 bench/compare-pytorch.py [repeats]

Both halves use the same shapes on synthetic data (50,000 samples of 784 uniform pixels, labels
0..9): an epoch of 04's 784-50-10 MLP (cross-entropy, SGD lr 0.5) at batch 64 as plain slices and
at batch 50 reshuffled (an index gather) every epoch; and 03's 784-50-1 model (randn, MSE) forward
and backward over the whole 50,000 x 784 batch. Each is timed `repeats` times, the two sides taking
turns (one repeat in PyTorch, then the same in simdprop's JVM, which stays running; all repeats of
one measurement before the next), so both see the machine in the same state: on this shared VM
PyTorch's epoch alone moved from 0.21 to 0.36 s within a day. The first time is reported apart (JIT
and allocator warm-up), and the median of the others is compared.
"""
import os
import platform
import subprocess
import sys
import tempfile
import time

# One thread for every pool torch may use; must be set before torch (and OpenBLAS) load.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import torch  # noqa: E402
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def torch_measurements():
    """Each measurement as a function that runs it once; models and data stay between repeats."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    n, d = 50_000, 784
    x, y = torch.rand(n, d), torch.randint(0, 10, (n,))
    measurements = {}
    for bs, shuffle in ((64, False), (50, True)):
        torch.manual_seed(1)
        model = torch.nn.Sequential(torch.nn.Linear(d, 50), torch.nn.ReLU(), torch.nn.Linear(50, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.5)

        def epoch(bs=bs, shuffle=shuffle, model=model, opt=opt):
            order = torch.randperm(n) if shuffle else None
            for i in range(0, n, bs):
                if shuffle:
                    idx = order[i:i + bs]
                    xb, yb = x[idx], y[idx]
                else:
                    xb, yb = x[i:i + bs], y[i:i + bs]
                loss = F.cross_entropy(model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
        measurements[f"epoch_bs{bs}_{'shuffled' if shuffle else 'slices'}"] = epoch
    torch.manual_seed(42)
    w1 = torch.randn(d, 50, requires_grad=True)
    b1 = torch.zeros(50, requires_grad=True)
    w2 = torch.randn(50, 1, requires_grad=True)
    b2 = torch.zeros(1, requires_grad=True)
    yf = y.float()

    def fullbatch():
        for p in (w1, b1, w2, b2):
            p.grad = None
        out = (x @ w1 + b1).clamp_min(0.) @ w2 + b2
        loss = (out[:, 0] - yf).pow(2).mean()
        loss.backward()
    measurements["fullbatch03_fwd_bwd"] = fullbatch
    return measurements


class SimdpropSide:
    """The JVM half (dev.simdprop.bench.PyTorchComparison), kept running: one repeat per request."""

    def __init__(self):
        java = subprocess.run([os.path.join(ROOT, "scripts", "find-java")], capture_output=True, text=True, check=True).stdout.strip()
        jar = os.path.join(ROOT, "bench", "target", "benchmarks.jar")
        if not os.path.exists(jar):
            sys.exit("build first: mvn -q package -DskipTests")
        self.err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms3g", "-Xmx3g", "-cp", jar,
                                      "dev.simdprop.bench.PyTorchComparison"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, text=True)
        ready = self.proc.stdout.readline()
        if not ready.startswith("ready"):
            self.fail("did not start")

    def fail(self, what):
        self.err.seek(0)
        sys.exit(f"simdprop's half {what}:\n{self.err.read()}")

    def run(self, name):
        self.proc.stdin.write(name + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != name:
            self.fail(f"answered {line!r} to {name}")
        return float(line[1])

    def kernels(self):
        self.err.seek(0)
        found = [l for l in self.err.read().splitlines() if "simdprop kernels:" in l]
        return found[0].split("simdprop kernels: ")[1] if found else "?"

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    theirs = torch_measurements()
    ours = SimdpropSide()
    times = {name: ([], []) for name in theirs}
    # Turns: each repeat of a measurement runs in PyTorch, then at once in simdprop; all repeats of
    # one measurement before the next, as a training run would (PyTorch's full batch, alternated with
    # its epochs instead, ran 25% slower: its large buffers were then allocated afresh each time).
    for name, fn in theirs.items():
        for _ in range(repeats):
            times[name][0].append(timed(fn))
            times[name][1].append(ours.run(name))
    ours.close()
    blas_link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    blas = os.path.realpath(blas_link) if os.path.exists(blas_link) else "unknown"
    print(f"machine: {cpu}, {os.cpu_count()} cores; torch {torch.__version__} (1 thread, BLAS {blas}); "
          f"simdprop kernels: {ours.kernels()} (1 thread); {repeats} repeats, taking turns")
    print(f"{'measurement':26} {'torch first':>12} {'torch median':>13} {'simdprop first':>15} {'simdprop median':>16} {'speed-up':>9}")
    for name, (t, o) in times.items():
        tm, om = median(t[1:]), median(o[1:])
        print(f"{name:26} {t[0]:11.3f}s {tm:12.3f}s {o[0]:14.3f}s {om:15.3f}s {tm / om:8.2f}x")
    print("speed-up = torch median / simdprop median; first = the first repeat (warm-up), not in the median")


if __name__ == "__main__":
    main()
