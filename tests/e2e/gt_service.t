Services (issue 9): a service is a pinned bead of the town ledger that
names a command the daemon keeps running. gt service add files it, list
shows it (stopped until a daemon starts it), remove closes its bead; bad
input is refused in one line, as JSON under --json, and files nothing.

  $ . "$TESTDIR/lib.sh"
  $ gtrefused() {
  >   local out rc
  >   out=$(gt "$@" 2>"$HOME/.err"); rc=$?
  >   [ $rc = 1 ] || echo "text: exit $rc"
  >   [ -z "$out" ] || echo "text: stdout: $out"
  >   [ "$(wc -l < "$HOME/.err")" = 1 ] && grep -q '^Error: .' "$HOME/.err" || { echo "text: stderr:"; cat "$HOME/.err"; }
  >   cat "$HOME/.err"
  >   out=$(gt --json "$@" 2>"$HOME/.err"); rc=$?
  >   [ $rc = 1 ] || echo "json: exit $rc"
  >   [ -s "$HOME/.err" ] && { echo "json: stderr:"; cat "$HOME/.err"; }
  >   printf '%s' "$out" | j 'd["error"] != "" and d["schema_version"] == 1' | grep -qx True || echo "json: not an error object: $out"
  >   rm -f "$HOME/.err"
  > }
  $ gt init town --org acme >/dev/null && cd town && TOWN=$PWD && mkdir site

  $ gt service list
  No services (add one with gt service add NAME -- CMD)
  $ gt service add docs --cwd site -- python3 -m http.server 8000
  ✓ Added service docs (hq-*): ["python3","-m","http.server","8000"] (glob)
    runs in: */town/site (glob)
  $ gt --json service add tick -- sleep 30 | j 'd["name"], d["command"], d["cwd"] == "'$TOWN'", d["running"], d["log"]'
  tick ['sleep', '30'] True False logs/service-tick.log

The bead: pinned (never ready work), labelled gt:service, the command in
its description, signed by the town.

  $ D=$(gt --json service list | j 'd[0]["id"]')
  $ bd show $D --json | j 'd[0]["title"], d[0]["status"], d[0]["labels"], d[0]["created_by"]'
  Service: docs pinned ['gt:service'] mayor
  $ bd show $D --json | j 'd[0]["description"]'
  service: docs
  run: ["python3","-m","http.server","8000"]
  cwd: */town/site (glob)
  
  $ bd ready --json | j 'len(d)'
  0

  $ gt service list | sed "s/hq-[0-9a-z.]*/ID/"
  docs         ID   stopped              0 restart(s)  ["python3","-m","http.server","8000"]
  tick         ID   stopped              0 restart(s)  ["sleep","30"]
  $ gt --json service list | j '[(s["name"], s["running"], s["pid"], s["restarts"]) for s in d]'
  [('docs', False, None, 0), ('tick', False, None, 0)]

Refusals: no command, a bad name, a duplicate, a missing directory, an
unknown service.

  $ gtrefused service add web
  Error: service "web" needs a command after -- (e.g. gt service add web -- ./serve.sh --port 8080)
  $ gtrefused service add "Bad Name" -- sleep 1
  Error: invalid service name "Bad Name" (use lower-case letters, digits, '-' or '_', starting with a letter (max 32))
  $ gtrefused service add docs -- sleep 1
  Error: service "docs" already exists (hq-*) (remove it first (gt service remove docs) or pick another name) (glob)
  $ gtrefused service add web --cwd nowhere -- sleep 1
  Error: the service's directory */town/nowhere is not a directory (pass an existing directory with --cwd) (glob)
  $ gtrefused service remove nope
  Error: no service named "nope" (see gt service list)
  $ gt service list --json | j 'len(d)'
  2

Remove closes the bead with reason "removed"; the name is free again.

  $ gt service remove docs
  ✓ Removed service docs (stopped; bead hq-* closed) (glob)
  $ bd show $D --json | j 'd[0]["status"], d[0]["close_reason"]'
  closed removed
  $ gt service list --json | j '[s["name"] for s in d]'
  ['tick']
  $ gt --json service remove tick | j 'd["name"], d["removed"]'
  tick True
  $ gt service add docs -- sleep 1 >/dev/null && gt service list --json | j '[s["name"] for s in d]'
  ['docs']
