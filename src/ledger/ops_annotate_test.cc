// Labels, comments, deletion, deferral and retirement through the library.
#include <gtest/gtest.h>

#include "ledger/annotations.h"
#include "ledger/ledger.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

class OpsTest : public testing::LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    ledger_.emplace(Open());
  }
  std::string Create(const std::string& title, const std::string& description = "",
                     const std::string& parent = "") {
    CreateRequest r;
    r.title = title;
    r.description = description;
    r.parent = parent;
    auto bead = CreateBead(*ledger_, r);
    EXPECT_TRUE(bead) << bead.error().message;
    return bead ? bead->id : "";
  }
  void Depend(const std::string& from, const std::string& to, const std::string& type = "blocks") {
    auto change = AddDependency(*ledger_, from, to, type);
    ASSERT_TRUE(change) << change.error().message;
  }
  Bead Load(const std::string& id) {
    auto bead = LoadBead(ledger_->db(), id);
    EXPECT_TRUE(bead) << bead.error().message;
    return bead ? *bead : Bead{};
  }
  int64_t EventCount() {
    auto q = ledger_->db().Prepare("SELECT count(*) FROM events");
    return q && q->Step() ? q->Int(0) : -1;
  }
  std::optional<Ledger> ledger_;
};

TEST_F(OpsTest, LabelsAreIdempotentAndValidated) {
  std::string a = Create("A");
  EXPECT_TRUE(*AddLabel(*ledger_, a, "ui"));
  int64_t events = EventCount();
  EXPECT_FALSE(*AddLabel(*ledger_, a, "ui"));  // already there: no event
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(Load(a).labels, std::vector<std::string>{"ui"});
  for (const char* bad : {"", "two words", "a,b", "provides:x", "tab\there"})
    EXPECT_FALSE(AddLabel(*ledger_, a, bad)) << bad;
  EXPECT_EQ(EventCount(), events);
  EXPECT_TRUE(*RemoveLabel(*ledger_, a, "ui"));
  EXPECT_FALSE(*RemoveLabel(*ledger_, a, "ui"));
  EXPECT_TRUE(Load(a).labels.empty());
}

TEST_F(OpsTest, CommentIdMatchesTheFoldedComment) {
  std::string a = Create("A");
  auto comment = AddComment(*ledger_, a, "hello\nworld", "");
  ASSERT_TRUE(comment) << comment.error().message;
  auto other = AddComment(*ledger_, a, "as bob", "bob");
  ASSERT_TRUE(other);
  auto list = CommentsOf(ledger_->db(), a);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, comment->id);
  EXPECT_EQ((*list)[0].author, "alice");
  EXPECT_EQ((*list)[0].text, "hello\nworld");
  EXPECT_EQ((*list)[0].created_at, comment->created_at);
  EXPECT_EQ((*list)[1].author, "bob");
  EXPECT_FALSE(AddComment(*ledger_, a, " \n ", ""));
  EXPECT_FALSE(AddComment(*ledger_, "op-nope", "text", ""));
  EXPECT_EQ(Load(a).comment_count, 2);
}

TEST_F(OpsTest, DeleteRemovesEdgesAndMarksWholeWordMentions) {
  std::string a = Create("A");
  std::string b = Create("B", "after " + a + ", not " + a + ".1 or x" + a + "y; see " + a + ".");
  Depend(b, a);
  std::string c = Create("C", "unlinked mention of " + a);
  auto plan = DeleteBeads(*ledger_, {a}, /*cascade=*/false, "gone");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->ids, std::vector<std::string>{a});
  EXPECT_EQ(plan->edges.size(), 1u);
  EXPECT_EQ(plan->references, std::vector<std::string>{b});
  EXPECT_FALSE(LoadBead(ledger_->db(), a));
  Bead after = Load(b);
  EXPECT_EQ(after.description,
            "after [deleted:" + a + "], not " + a + ".1 or x" + a + "y; see [deleted:" + a + "].");
  EXPECT_EQ(after.dependency_count, 0);
  EXPECT_FALSE(after.blocked);
  EXPECT_EQ(Load(c).description, "unlinked mention of " + a);  // not linked: left alone
  EXPECT_FALSE(DeleteBeads(*ledger_, {a}, false, ""));         // already deleted
}

TEST_F(OpsTest, CascadeFollowsBlockingEdgesAndChildrenOnly) {
  std::string epic = Create("Epic");
  std::string kid = Create("Kid", "", epic);
  std::string grandkid = Create("Grandkid", "", kid);
  std::string waiter = Create("Waiter");
  Depend(waiter, kid);
  std::string related = Create("Related");
  Depend(related, epic, "related");
  auto plan = PlanDelete(ledger_->db(), {epic}, /*cascade=*/true);
  ASSERT_TRUE(plan);
  std::vector<std::string> ids = plan->ids;
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> want = {epic, kid, grandkid, waiter};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(ids, want);
  EXPECT_EQ(plan->neighbours, std::vector<std::string>{related});
  ASSERT_TRUE(DeleteBeads(*ledger_, {epic}, true, ""));
  EXPECT_TRUE(LoadBead(ledger_->db(), related));
  EXPECT_EQ(Load(related).dependency_count, 0);
}

TEST_F(OpsTest, RestoreBringsTheBeadBackWithoutItsEdges) {
  std::string epic = Create("Epic");
  std::string kid = Create("Kid", "", epic);
  ASSERT_TRUE(AddLabel(*ledger_, kid, "keep"));
  ASSERT_TRUE(DeleteBeads(*ledger_, {kid}, false, ""));
  EXPECT_FALSE(RestoreBead(*ledger_, epic));  // not deleted
  auto back = RestoreBead(*ledger_, kid);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->title, "Kid");
  EXPECT_EQ(back->labels, std::vector<std::string>{"keep"});
  EXPECT_EQ(back->parent, "");
  EXPECT_FALSE(RestoreBead(*ledger_, "op-never"));
}

TEST_F(OpsTest, DeferAndUndefer) {
  std::string a = Create("A");
  auto deferred = DeferBead(*ledger_, a, "2099-01-01T00:00:00.000Z");
  ASSERT_TRUE(deferred);
  EXPECT_EQ(deferred->status, "deferred");
  ReadyFilter now;
  now.now = "2026-01-01T00:00:00.000Z";
  int64_t total = 0;
  EXPECT_TRUE(ReadyBeads(ledger_->db(), now, &total)->empty());
  now.now = "2099-01-02T00:00:00.000Z";
  EXPECT_EQ(ReadyBeads(ledger_->db(), now, &total)->size(), 1u);
  auto undone = UndeferBead(*ledger_, a);
  ASSERT_TRUE(undone);
  EXPECT_TRUE(undone->second);
  EXPECT_EQ(undone->first.status, "open");
  EXPECT_EQ(undone->first.defer_until, "");
  EXPECT_FALSE(UndeferBead(*ledger_, a)->second);
  ASSERT_TRUE(CloseBead(*ledger_, a, "", false));
  EXPECT_FALSE(DeferBead(*ledger_, a, ""));
}

TEST_F(OpsTest, DuplicateAndSupersedeLinkAndClose) {
  std::string a = Create("A"), b = Create("B"), c = Create("C");
  auto dup = MarkDuplicate(*ledger_, b, a);
  ASSERT_TRUE(dup) << dup.error().message;
  EXPECT_EQ(dup->status, "closed");
  EXPECT_EQ(dup->close_reason, "Duplicate of " + a);
  auto edges = DependenciesOf(ledger_->db(), b);
  ASSERT_EQ(edges->size(), 1u);
  EXPECT_EQ((*edges)[0].depends_on_id, a);
  EXPECT_EQ((*edges)[0].type, "duplicates");
  int64_t events = EventCount();
  ASSERT_TRUE(MarkDuplicate(*ledger_, b, a));  // again: nothing to do
  EXPECT_EQ(EventCount(), events);
  auto old = MarkSuperseded(*ledger_, a, c);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->close_reason, "Superseded by " + c);
  edges = DependenciesOf(ledger_->db(), c);
  ASSERT_EQ(edges->size(), 1u);
  EXPECT_EQ((*edges)[0].depends_on_id, a);
  EXPECT_EQ((*edges)[0].type, "supersedes");
  EXPECT_FALSE(MarkDuplicate(*ledger_, c, c));
}

}  // namespace
}  // namespace gt
