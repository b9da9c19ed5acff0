bd member: membership changes are events signed by an admin (the first key
of a ledger); with policy "members" only members write, and the events of
others that arrive through git are quarantined: kept, listed, not applied.

  $ . "$TESTDIR/lib.sh"
  $ git init -q --bare remote.git && git clone -q remote.git a 2>/dev/null && cd a
  $ export BD_ACTOR=alice && bd init -q --prefix mb
  $ bd member list | sed 's/[0-9a-f]\{16\}/KEYID/; s/since .*/since DATE/'
  Policy: open (every key may write beads)
    admin     KEYID alice        since DATE
  $ BOB_KEY=$(BD_ACTOR=bob bd whoami --json | j 'd["key"]')
  $ bd member add $BOB_KEY --role writer --name bob | sed "s/$BOB_KEY/BOB/"
  ✓ Added BOB as writer
  $ bd member add $BOB_KEY --role writer | sed "s/$BOB_KEY/BOB/"
  BOB is already a writer
  $ BD_ACTOR=carol bd whoami >/dev/null && bd member add carol --role validator --json | j 'd["role"], d["changed"], d["key"].startswith("ed25519:")'
  validator True True
  $ bd member list --json | j 'd["policy"], [(m["actor"], m["role"], m["revoked"]) for m in d["members"]]'
  open [('alice', 'admin', False), ('carol', 'validator', False), ('bob', 'writer', False)]
  $ bd verify --deep | head -1
  ✓ 1 chains, 2 events verified (2 signatures checked, deep) in *s (glob)

Only admins change membership:

  $ BD_ACTOR=bob bd member add bob --role admin
  Error: only an admin can change members, and bob (key *) is not one (ask an admin (see `bd member list`), or use --actor with an admin's name) (glob)
  [1]
  $ BD_ACTOR=bob bd member policy members --json | j '"error" in d'
  True

With policy "members", a stranger is refused before anything is written;
members still write:

  $ X=$(bd create "Shared" --silent) && bd member policy members
  ✓ Policy is now members
  $ before=$(snapshot)
  $ BD_ACTOR=mallory bd create "Not mine to add"
  Error: mallory (key *) may not write bead.create here: it is not a member of this ledger (see `bd member list`; an admin can run `bd member add * --role ROLE`. Nothing was written) (glob)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ BD_ACTOR=bob bd update $X --notes "bob may" -q && bd show $X --json | j 'd[0]["notes"]'
  bob may

Events that a stranger wrote in a clone that had not yet seen the policy
arrive through git; those after the policy in fold order are quarantined:
kept in the log, not applied, listed by doctor and verify.

  $ bd member policy open -q && bd sync -q
  $ cd .. && git clone -q remote.git b && cd b
  $ for i in 1 2 3 4 5 6 7 8; do BD_ACTOR=mallory bd create "Mallory $i" -q >/dev/null; done
  $ cd ../a && bd member policy members -q && for i in 1 2 3; do bd update $X -p $i -q; done && bd sync -q
  $ cd ../b && BD_ACTOR=mallory bd sync -q && cd ../a && bd sync -q
  $ bd list --json | j 'sum(x["title"].startswith("Mallory") for x in d) <= 1'
  True
  $ n=$(bd verify | grep -c 'quarantined: bead.create signed by ed25519:'); [ $n -ge 1 ] && echo "some quarantined"
  some quarantined
  $ bd verify >/dev/null && echo "verify passes: quarantine is not damage"
  verify passes: quarantine is not damage
  $ bd verify --json | j 'all(q["reason"].startswith("quarantined:") for q in d["quarantined"]), len(d["quarantined"]) > 0'
  True True
  $ bd doctor | grep "quarantine:"
  ⚠ quarantine: * event(s) quarantined (kept in the log, not applied), first: log/*.jsonl:*: quarantined: bead.create signed by ed25519:*: it is not a member of this ledger (glob)
  $ M=$(BD_ACTOR=mallory bd whoami --json | j 'd["chain"]') && wc -l < .beads/$M
  8

Revoking: a revoked key is refused; the last admin cannot be revoked.

  $ bd member revoke $BOB_KEY | sed "s/$BOB_KEY/BOB/"
  ✓ Revoked BOB
  $ BD_ACTOR=bob bd update $X --notes "no longer" 2>&1 | grep -c 'is not a member'
  1
  $ bd member list --json | j '[(m["actor"], m["revoked"]) for m in d["members"]]'
  [('alice', False), ('carol', False), ('bob', True)]
  $ bd member revoke alice
  Error: cannot revoke the last admin (add another admin first with `bd member add KEY --role admin`)
  [1]

Bad input: a clear error, exit 1, nothing written.

  $ before=$(snapshot)
  $ refused member
  $ refused member add
  $ refused member add nobody-known
  $ refused member add ed25519:xyz
  $ refused member add bob --role king
  $ refused member revoke nobody-known
  $ refused member revoke dave
  $ refused member policy closed
  $ refused member list extra
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
