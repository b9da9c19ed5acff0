This file must FAIL twice: a command exits 1 without a [1] line, and another
is expected to exit 2 but succeeds. The command in between passes.

  $ echo before; false
  before
  $ true
  $ echo after
  after
  [2]
