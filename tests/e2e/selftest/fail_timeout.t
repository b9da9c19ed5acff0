This file must FAIL by timing out (run it with a short --timeout); the
background sleeper must be killed with the rest of the process group.

  $ sleep 300 &
  $ echo $! > "$HOME/sleeper.pid"
  $ echo waiting; sleep 300
  waiting
