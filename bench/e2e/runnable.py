#!/usr/bin/python3
"""bench/e2e/runnable.py <cmd...>: runs cmd, samples its threads' states every 5 ms (/proc/<pid>/task/*/stat) and prints
how often it had 0, 1, 2, 3+ runnable threads (running or waiting for a core), the mean of min(runnable, 2), and that
mean per tenth of the run: how well the process would fill 2 cores, a view that the machine's load changes less than
wall time (a loaded machine stretches every phase alike). Example, in bench/.work/e2e after a bench/e2e/run:
  ARK_API_KEY=sim-key bench/e2e/runnable.py dotnet <bin>/seedream-batch.dll run manifest.yaml"""
import os, subprocess, sys, time, collections
env = dict(os.environ)
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
hist = collections.Counter(); timeline = []
t0 = time.time()
while p.poll() is None:
    r = 0
    try:
        for tid in os.listdir(f"/proc/{p.pid}/task"):
            try:
                with open(f"/proc/{p.pid}/task/{tid}/stat") as f:
                    s = f.read()
                if s[s.rindex(")") + 2] == "R":
                    r += 1
            except OSError:
                pass
    except OSError:
        break
    hist[min(r, 3)] += 1; timeline.append((time.time() - t0, r))
    time.sleep(0.005)
n = sum(hist.values())
demand = sum(min(r, 2) for _, r in timeline) / n
print(f"samples {n} wall {time.time()-t0:.2f}s  R=0 {hist[0]/n:.1%}  R=1 {hist[1]/n:.1%}  R=2 {hist[2]/n:.1%}  R>=3 {hist[3]/n:.1%}  mean min(R,2) {demand:.2f}")
# per tenth of the run: mean min(R,2)
k = max(1, len(timeline) // 10)
print("by tenth:", " ".join(f"{sum(min(r,2) for _, r in timeline[i:i+k]) / len(timeline[i:i+k]):.2f}" for i in range(0, len(timeline), k)))
