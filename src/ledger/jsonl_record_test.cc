#include "ledger/jsonl_record.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/ids.h"
#include "ledger/export.h"
#include "ledger/import.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "testing/temp_dir.h"

namespace gt {
namespace {

using json = nlohmann::json;

std::string Reason(const char* line) {
  auto r = NormalizeRecord(json::parse(line));
  return r ? "ok" : r.error().message;
}

TEST(JsonlRecord, NormalizesWhatBeadsLeavesOut) {
  auto r = NormalizeRecord(json::parse(
      R"({"_type":"issue","id":"bd-1","title":"T","labels":["b","a","b"],"description":"",
          "dependency_count":3,"wisp":true,
          "dependencies":[{"depends_on_id":"bd-3"},{"depends_on_id":"bd-2","type":"related"}],
          "comments":[{"id":2,"text":"later","created_at":"2025-01-02T00:00:00Z"},
                      {"id":"x","text":"first","author":"a","created_at":"2025-01-01T00:00:00Z"}]})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->contains("_type"));
  EXPECT_FALSE(r->contains("dependency_count"));
  EXPECT_FALSE(r->contains("description"));  // empty modeled strings are unset
  EXPECT_EQ((*r)["status"], "open");
  EXPECT_EQ((*r)["issue_type"], "task");
  EXPECT_EQ((*r)["priority"], 0);  // beads applies no default on import
  EXPECT_EQ((*r)["ephemeral"], true);
  EXPECT_EQ((*r)["labels"], json({"a", "b"}));
  EXPECT_EQ((*r)["dependencies"][0]["depends_on_id"], "bd-2");
  EXPECT_EQ((*r)["dependencies"][1]["type"], "blocks");
  EXPECT_EQ((*r)["dependencies"][1]["issue_id"], "bd-1");
  EXPECT_EQ((*r)["comments"][0]["id"], "x");
  EXPECT_EQ((*r)["comments"][1]["id"], 2);
  EXPECT_EQ((*r)["comments"][1]["author"], "");
}

TEST(JsonlRecord, RejectsWithTheReason) {
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","priority":9})"), "invalid priority 9 (expected 0-4)");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","priority":"high"})"),
            "invalid priority \"high\" (expected 0-4)");
  EXPECT_EQ(Reason(R"({"title":"T"})"), "missing id");
  EXPECT_EQ(Reason(R"({"id":"a b","title":"T"})"), "invalid id \"a b\"");
  EXPECT_EQ(Reason(R"({"id":"a"})"), "title is required");
  EXPECT_EQ(Reason((R"({"id":"a","title":")" + std::string(501, 'x') + "\"}").c_str()),
            "title must be 500 characters or less (got 501)");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","status":"done"})"), "invalid status \"done\"");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","issue_type":"thing"})"),
            "invalid issue_type \"thing\"");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","updated_at":"2025-13-01T00:00:00Z"})"),
            "invalid updated_at \"2025-13-01T00:00:00Z\" (expected an RFC 3339 time)");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","closed_at":"2025-01-01T00:00:00Z"})"),
            "non-closed issues cannot have closed_at timestamp");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","estimated_minutes":-1})"),
            "estimated_minutes cannot be negative");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","assignee":5})"), "assignee must be a string");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","dependencies":[{"depends_on_id":"b"},
                      {"depends_on_id":"b"}]})"),
            "duplicate dependency on b");
  EXPECT_EQ(
      Reason(R"({"id":"a","title":"T","dependencies":[{"issue_id":"z","depends_on_id":"b"}]})"),
      "dependency issue_id \"z\" does not match the issue id a");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","comments":[{"id":1.5,"text":"x"}]})"),
            "invalid comment id 1.5");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","_type":"thing"})"), "unknown _type \"thing\"");
  EXPECT_EQ(Reason(R"({"id":"a","title":"T","status":"in_progress","issue_type":"agent"})"), "ok");
}

TEST(JsonlRecord, KindsOfLines) {
  EXPECT_EQ(KindOfRecord(json::parse(R"({"_type":"memory","key":"k"})")), RecordKind::kMemory);
  EXPECT_EQ(KindOfRecord(json::parse(R"({"id":"a","status":"tombstone"})")),
            RecordKind::kTombstone);
  EXPECT_EQ(KindOfRecord(json::parse(R"({"id":"a"})")), RecordKind::kIssue);
}

TEST(JsonlRecord, DefaultsComeFromTheLedgerThenNow) {
  json r = *NormalizeRecord(json::parse(
      R"({"id":"a","title":"T","status":"closed","dependencies":[{"depends_on_id":"b"}]})"));
  FillRecordDefaults(r, json(), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(r["created_at"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(r["closed_at"], "2026-01-01T00:00:01.000Z");  // max(created, updated) + 1 s
  EXPECT_EQ(r["dependencies"][0]["created_at"], "2026-01-01T00:00:00.000Z");

  json again = *NormalizeRecord(json::parse(R"({"id":"a","title":"T"})"));
  FillRecordDefaults(
      again, json{{"created_at", "2025-01-01T00:00:00Z"}, {"updated_at", "2025-02-01T00:00:00Z"}},
      "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(again["created_at"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(again["updated_at"], "2025-02-01T00:00:00Z");
}

TEST(JsonlRecord, ExportLineOrder) {
  json r = {
      {"id", "a"},
      {"title", "T"},
      {"zz_unknown", 1},
      {"status", "open"},
      {"priority", 0},
      {"spec_id", "S"},
      {"created_at", "c"},
      {"dependencies",
       {{{"type", "blocks"}, {"depends_on_id", "b"}, {"issue_id", "a"}, {"created_at", "c"}}}}};
  EXPECT_EQ(
      FormatRecordLine(r, {1, 2, 0}),
      R"({"_type":"issue","id":"a","title":"T","spec_id":"S","status":"open","priority":0,)"
      R"("created_at":"c","dependencies":[{"issue_id":"a","depends_on_id":"b","type":"blocks",)"
      R"("created_at":"c"}],"zz_unknown":1,"dependency_count":1,"dependent_count":2,)"
      R"("comment_count":0})");
  EXPECT_TRUE(IsExcludedByDefault({{"issue_type", "message"}}));
  EXPECT_TRUE(IsExcludedByDefault({{"issue_type", "task"}, {"is_template", true}}));
  EXPECT_FALSE(IsExcludedByDefault({{"issue_type", "task"}, {"ephemeral", false}}));
}

/// A real ledger in a temp dir.
class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = LoadOrCreateKey(dir_ / "keys", "alice");
    ASSERT_TRUE(key);
    auto beads =
        InitLedger(dir_.path() + "/repo", {"bd", PublicKeyText(key->public_key), "alice", "now"});
    ASSERT_TRUE(beads) << beads.error().message;
    auto ledger = Ledger::Open({*beads, "alice", dir_ / "keys"});
    ASSERT_TRUE(ledger) << ledger.error().message;
    ledger_.emplace(std::move(*ledger));
  }
  Result<ImportReport> Import(const std::string& text, ImportOptions options = {}) {
    return ImportJsonl(*ledger_, text, options);
  }
  std::string Export(bool all = true) {
    auto out = ExportJsonl(ledger_->db(), {all});
    EXPECT_TRUE(out);
    return out ? out->text : "";
  }
  int64_t Events() {
    auto q = ledger_->db().Prepare("SELECT count(*) FROM events");
    return q && q->Step() ? q->Int(0) : -1;
  }
  testing::TempDir dir_;
  std::optional<Ledger> ledger_;
};

TEST_F(ImportTest, BadLineImportsNothingUnlessSkipped) {
  std::string text =
      "{\"id\":\"bd-1\",\"title\":\"A\"}\n\n{\"id\":\"bd-2\",\"title\":\"B\",\"priority\":9}\n";
  auto r = Import(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "line 3: invalid priority 9 (expected 0-4)");
  EXPECT_EQ(Events(), 0);
  ImportOptions skip;
  skip.skip_bad = true;
  r = Import(text, skip);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->created, 1);
  ASSERT_EQ(r->bad_lines.size(), 1u);
  EXPECT_EQ(r->bad_lines[0].line, 3);
  EXPECT_EQ(r->skipped(), 1);
}

TEST_F(ImportTest, ChunksForwardEdgesAndBlocking) {
  // Five beads in chunks of two; each waits for the next one in the file.
  std::string text;
  for (int i = 1; i <= 5; ++i)
    text += json{{"id", fmt::format("bd-{}", i)},
                 {"title", "T"},
                 {"created_at", "2025-01-01T00:00:00Z"},
                 {"updated_at", "2025-01-01T00:00:00Z"},
                 {"dependencies",
                  i < 5 ? json::array({{{"depends_on_id", fmt::format("bd-{}", i + 1)}}})
                        : json::array()}}
                .dump() +
            "\n";
  ImportOptions options;
  options.chunk = 2;
  int calls = 0;
  options.progress = [&](int64_t done, int64_t total) {
    ++calls;
    EXPECT_EQ(total, 5);
    EXPECT_LE(done, total);
  };
  auto r = Import(text, options);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->created, 5);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(Events(), 5);
  auto b1 = LoadBead(ledger_->db(), "bd-1");
  auto b5 = LoadBead(ledger_->db(), "bd-5");
  ASSERT_TRUE(b1 && b5);
  EXPECT_TRUE(b1->blocked);
  EXPECT_FALSE(b5->blocked);
  EXPECT_EQ(b1->dependency_count, 1);
  // The ids count towards new hash ids' length like created ones.
  EXPECT_EQ(*CountTopLevelIds(ledger_->db()), 5);
}

TEST_F(ImportTest, UpsertsNewerSkipsOlderAndDeleted) {
  auto line = [](const char* title, const char* updated) {
    return json{{"id", "bd-1"},
                {"title", title},
                {"created_at", "2025-01-01T00:00:00Z"},
                {"updated_at", updated}}
        .dump();
  };
  ASSERT_TRUE(Import(line("First", "2025-01-02T00:00:00Z")));
  auto same = Import(line("First", "2025-01-02T00:00:00Z"));
  ASSERT_TRUE(same);
  EXPECT_EQ(same->unchanged, 1);
  EXPECT_EQ(Events(), 1);
  // Same instant written another way, different content: not newer.
  auto equal = Import(line("Other", "2025-01-01T16:00:00-08:00"));
  ASSERT_TRUE(equal);
  EXPECT_EQ(equal->stale_skipped_ids, std::vector<std::string>{"bd-1"});
  auto newer = Import(line("Second", "2025-01-03T00:00:00Z"));
  ASSERT_TRUE(newer);
  EXPECT_EQ(newer->updated, 1);
  EXPECT_EQ(LoadBead(ledger_->db(), "bd-1")->title, "Second");

  ASSERT_TRUE(ledger_->Write([](Database&) -> Result<std::vector<EventDraft>> {
    return std::vector<EventDraft>{{"bead.delete", "bd-1", json::object()}};
  }));
  int64_t before = Events();
  auto deleted = Import(line("Third", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->deleted_skipped_ids, std::vector<std::string>{"bd-1"});
  EXPECT_EQ(Events(), before);
  EXPECT_EQ(Export(), "");  // a deleted bead is not exported either
}

TEST_F(ImportTest, RoundTripKeepsUnmodeledFieldsAndReplacesEdges) {
  std::string in =
      R"({"_type":"issue","id":"bd-1","title":"T","status":"closed","priority":3,"issue_type":"gate",)"
      R"("created_at":"2025-11-02T21:58:07.295058-08:00","updated_at":"2025-11-03T00:00:00Z",)"
      R"("closed_at":"2025-11-03T00:00:00Z","due_at":"2026-01-01T00:00:00Z",)"
      R"("metadata":{"x":[1,{"y":null}]},"labels":["l"],)"
      R"("dependencies":[{"issue_id":"bd-1","depends_on_id":"bd-9","type":"parent-child",)"
      R"("created_at":"2025-11-02T21:58:07Z","metadata":"{}","thread_id":"t"}],)"
      R"("comments":[{"id":41,"issue_id":"bd-1","author":"a","text":"c","created_at":"2025-11-03T00:00:00Z"}],)"
      R"("timeout":3600000000000,"waiters":["a"],"dependency_count":1,"dependent_count":0,"comment_count":1})"
      "\n";
  ASSERT_TRUE(Import(in));
  EXPECT_EQ(Export(), in);
  EXPECT_EQ(LoadBead(ledger_->db(), "bd-1")->parent, "bd-9");
  // A newer record without the edge, labels and comments replaces them.
  ASSERT_TRUE(Import(R"({"id":"bd-1","title":"T","created_at":"2025-11-02T21:58:07.295058-08:00",)"
                     R"("updated_at":"2025-12-01T00:00:00Z"})"));
  EXPECT_EQ(Export(),
            R"({"_type":"issue","id":"bd-1","title":"T","status":"open","priority":0,)"
            R"("issue_type":"task","created_at":"2025-11-02T21:58:07.295058-08:00",)"
            R"("updated_at":"2025-12-01T00:00:00Z","dependency_count":0,"dependent_count":0,)"
            R"("comment_count":0})"
            "\n");
  EXPECT_EQ(LoadBead(ledger_->db(), "bd-1")->parent, "");
  // Later changes through ordinary ops keep the imported extras.
  UpdateRequest up;
  up.title = "Renamed";
  ASSERT_TRUE(Import(in.substr(0, 0)));  // an empty file is fine
  ASSERT_TRUE(UpdateBead(*ledger_, "bd-1", up));
  EXPECT_NE(Export().find("\"title\":\"Renamed\""), std::string::npos);
}

}  // namespace
}  // namespace gt
