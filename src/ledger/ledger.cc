#include "ledger/ledger.h"

#include <cmath>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/ids.h"
#include "ledger/chain_file.h"
#include "ledger/file_lock.h"
#include "ledger/fold.h"
#include "ledger/member_fold.h"

namespace gt {
namespace {

bool ValidUtf8(const std::string& s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

/// True when the encoder writes `value` as it is: every string (keys too) is
/// valid UTF-8, which it would otherwise replace, and every number is finite,
/// which it would otherwise write as null.
bool EncodesVerbatim(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      return ValidUtf8(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::number_float:
      return std::isfinite(value.get<double>());
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      return false;
    case nlohmann::json::value_t::object:
      for (auto it = value.begin(); it != value.end(); ++it)
        if (!ValidUtf8(it.key()) || !EncodesVerbatim(*it)) return false;
      return true;
    case nlohmann::json::value_t::array:
      for (const auto& item : value)
        if (!EncodesVerbatim(item)) return false;
      return true;
    default:
      return true;
  }
}

/// True when the line EncodeEvent wrote for `e` decodes back to `e`, so the
/// fold may apply `e` without parsing the line again.
bool EncodedVerbatim(const Event& e) {
  for (const std::string* s : {&e.op, &e.bead, &e.actor, &e.key, &e.prev, &e.ts})
    if (!ValidUtf8(*s)) return false;
  return EncodesVerbatim(e.data);
}

}  // namespace

Result<Ledger> Ledger::Open(const LedgerOptions& options) {
  auto config = LoadConfig(options.beads_dir);
  if (!config) return tl::unexpected(config.error());
  auto open = [&]() -> Result<Ledger> {
    auto index = Index::Open(options.beads_dir);
    if (!index) return tl::unexpected(index.error());
    Ledger ledger(options, *config, std::move(*index));
    auto report = ledger.index_.CatchUp();
    if (!report) return tl::unexpected(report.error());
    ledger.catch_up_ = std::move(*report);
    return ledger;
  };
  auto ledger = open();
  // The index is a cache of the log: a damaged one is thrown away and rebuilt.
  if (!ledger && ledger.error().kind == ErrorKind::kCorruption) {
    if (auto st = Index::Discard(options.beads_dir); !st) return tl::unexpected(st.error());
    ledger = open();
  }
  return ledger;
}

const std::string& Ledger::actor() const {
  if (options_.actor.empty() && options_.resolve_actor) options_.actor = options_.resolve_actor();
  return options_.actor;
}

Result<KeyPair> Ledger::Key() {
  if (!key_) {
    if (actor().empty())
      return Fail(ErrorKind::kInvalidArgument, "no actor: cannot tell who is writing",
                  "set BD_ACTOR or pass --actor NAME");
    auto key = LoadOrCreateKey(options_.key_dir, actor());
    if (!key) return tl::unexpected(key.error());
    key_ = *key;
  }
  return *key_;
}

namespace {

/// A wisp's own events (its bead is a wisp) go to the local chain, even
/// when they point at shared beads: nobody else ever sees them. A shared
/// bead may not point at a wisp, which other clones will never have.
bool LinksToWisp(const EventDraft& draft) {
  for (const char* link : {"depends_on", "parent"}) {
    auto it = draft.data.find(link);
    if (it != draft.data.end() && it->is_string() && IsWispId(it->get<std::string>())) return true;
  }
  return false;
}

/// Where a write goes: wisps' drafts to the local chain, others to the
/// shared one; a mix would leak wisp ids into the shared log.
Result<bool> WritesLocally(const std::vector<EventDraft>& drafts) {
  size_t wisp = 0;
  bool shared_links_wisp = false;
  for (const EventDraft& draft : drafts) {
    bool local = IsWispId(draft.bead);
    wisp += local;
    shared_links_wisp |= !local && LinksToWisp(draft);
  }
  if (shared_links_wisp || (wisp != 0 && wisp != drafts.size()))
    return Fail(ErrorKind::kInvalidArgument,
                "one command cannot change a wisp (kept on this machine) and shared beads together",
                "run it separately for the wisp's beads and for the others; nothing was written");
  return wisp != 0;
}

}  // namespace

Result<std::vector<Event>> Ledger::Write(const Planner& plan) {
  auto own_key = Key();
  if (!own_key) return tl::unexpected(own_key.error());

  // The write lock (a file never deleted), then SQLite's: writers are
  // serialised even if someone deletes the index under them.
  auto lock = FileLock::Acquire(index_.WriteLockPath());
  if (!lock) return tl::unexpected(lock.error());
  if (auto st = index_.BeginWrite(); !st) return tl::unexpected(st.error());
  auto fail = [&](Error error) -> Result<std::vector<Event>> {
    index_.Rollback();
    return tl::unexpected(std::move(error));
  };
  auto report = index_.CatchUpLocked(false);
  if (!report) return fail(report.error());
  catch_up_ = std::move(*report);

  auto drafts = plan(db());
  if (!drafts) return fail(drafts.error());
  if (drafts->empty()) {
    index_.Rollback();
    return std::vector<Event>{};
  }
  auto local = WritesLocally(*drafts);
  if (!local) return fail(local.error());
  const KeyPair local_key = *local ? DeriveLocalKey(*own_key) : KeyPair{};
  const KeyPair* key = *local ? &local_key : &*own_key;
  std::string keyid = KeyId(key->public_key);
  std::string dir = *local ? index_.local_dir() : index_.log_dir();
  std::string path = dir + "/" + keyid + ".jsonl";
  if (*local)
    if (auto st = PrepareLocalDirectory(beads_dir()); !st) return fail(st.error());

  std::string problem;
  auto cursor = index_.Cursor(keyid, &problem);
  if (!cursor) return fail(cursor.error());
  if (!problem.empty())
    return fail(Error{ErrorKind::kCorruption,
                      fmt::format("your chain {}/{}.jsonl is damaged: {}", *local ? "wisp" : "log",
                                  keyid, problem),
                      "run `bd verify` to see where; nothing was written"});

  std::string pub = PublicKeyText(key->public_key);
  // What the fold would quarantine is refused here, before it is written.
  MemberFold members(db());
  for (const EventDraft& draft : *drafts) {
    if (*local) break;  // this machine's own chain: not the members' business
    Event probe;
    probe.op = draft.op;
    probe.key = pub;
    auto refusal = members.Refusal(probe);
    if (!refusal) return fail(refusal.error());
    if (!refusal->empty())
      return fail(Error{
          ErrorKind::kConflict,
          fmt::format("{} (key {}) may not write {} here: {}", actor(), keyid, draft.op, *refusal),
          "see `bd member list`; an admin can run `bd member add " + keyid +
              " --role ROLE`. Nothing was written"});
  }

  auto max_lc = index_.MaxLamport();
  if (!max_lc) return fail(max_lc.error());
  std::string ts = FormatTimestamp(NowNanos());
  std::vector<Event> events;
  std::vector<std::string> lines;
  ChainCursor next = *cursor;
  next.keyid = keyid;
  next.key = pub;
  std::vector<int64_t> line_sizes;
  for (EventDraft& draft : *drafts) {
    Event e;
    e.op = std::move(draft.op);
    e.bead = std::move(draft.bead);
    e.data = std::move(draft.data);
    e.actor = actor();
    e.key = pub;
    e.lc = std::max(*max_lc, next.lc) + 1;
    e.seq = next.seq + 1;
    e.prev = next.last_hash;
    e.ts = ts;
    lines.push_back(EncodeEvent(e, *key));
    next.lc = e.lc;
    next.seq = e.seq;
    next.last_hash = LineHash(lines.back());
    *max_lc = e.lc;
    events.push_back(std::move(e));
  }

  auto start = AppendToChain(path, lines, cursor->offset);
  if (!start) return fail(start.error());

  Folder folder(db());
  if (*local) folder.TrustLocalChain(keyid);
  int64_t offset = *start;
  for (size_t i = 0; i < events.size(); ++i) {
    // Apply what the line says, not the draft: encoding replaced any invalid
    // UTF-8, and a rebuild from the log must give the same state. A draft
    // the encoder wrote verbatim is what the line says; only others are
    // parsed back.
    if (!EncodedVerbatim(events[i])) {
      auto written = DecodeProvenEvent(lines[i]);
      if (!written) return fail(written.error());
      events[i] = std::move(*written);
    }
    if (auto st = folder.Apply(events[i], keyid, offset); !st) return fail(st.error());
    next.last_offset = offset;
    offset += int64_t(lines[i].size()) + 1;
  }
  next.offset = offset;
  next.line = cursor->line + int64_t(lines.size());
  if (auto st = folder.Finish(); !st) return fail(st.error());
  if (auto st = index_.SaveCursor(path, next, "", 0); !st) return fail(st.error());
  if (auto st = index_.SetFoldPosition({next.lc, keyid, next.seq}); !st) return fail(st.error());
  if (auto st = index_.Commit(); !st) return fail(st.error());
  return events;
}

}  // namespace gt
