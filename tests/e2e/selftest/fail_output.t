This file must FAIL: the second command prints the wrong text.

  $ echo fine
  fine
  $ echo hello
  goodbye
