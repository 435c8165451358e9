"""Times one command for the benches and prints JSON: wall time from just before its process starts to just after
it is reaped, and its CPU time (user + sys) and peak RSS from wait4.

Why not time the command from the bench itself: the bench is a Node process of ~80 MB under tsx, and forking it
(then exec'ing /usr/bin/time, which forks again) adds 25-40 ms to every run on the 2-core bench VM (`node -e 0`:
~100 ms under hyperfine, ~125-160 ms timed from the bench). That is harness, not tool, and it shrinks the ratio
of the faster tool. Python starts the child with vfork, and its own start-up is outside the measured interval.

Peak RSS has a floor of this script's own (~10 MB): Linux carries the RSS high-water mark of the process image
that exec replaces into the child's. /usr/bin/time has the same floor at its ~2 MB. Only `wc -l` is that small.

Usage: time_command.py STDOUT_FILE STDERR_FILE -- COMMAND [ARGS...]
"""
import json
import os
import subprocess
import sys
import time

stdout_path, stderr_path, separator, *command = sys.argv[1:]
if separator != '--' or not command:
    sys.exit('usage: time_command.py STDOUT_FILE STDERR_FILE -- COMMAND [ARGS...]')
with open(stdout_path, 'wb') as stdout, open(stderr_path, 'wb') as stderr:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    _, wait_status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(wait_status)
print(json.dumps({
    'seconds': seconds,
    'cpuSeconds': usage.ru_utime + usage.ru_stime,
    # Linux reports ru_maxrss in kilobytes.
    'peakRssMb': usage.ru_maxrss / 1024,
    'status': child.returncode,
}))
