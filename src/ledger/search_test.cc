#include "ledger/search.h"

#include <gtest/gtest.h>

#include "ledger/index_schema.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

TEST(SanitizeSearchQuery, QuotesEveryWordAndPrefixMatchesTheLast) {
  EXPECT_EQ(*SanitizeSearchQuery("login fails"), "\"login\" \"fails\"*");
  EXPECT_EQ(*SanitizeSearchQuery("  foo-bar  "), "\"foo-bar\"*");
  EXPECT_EQ(*SanitizeSearchQuery("\"unbalanced"), "\"\"\"unbalanced\"*");
  // FTS5 operators are plain words once quoted.
  EXPECT_EQ(*SanitizeSearchQuery("a OR NOT b*"), "\"a\" \"OR\" \"NOT\" \"b*\"*");
  EXPECT_EQ(*SanitizeSearchQuery("!!! x ---"), "\"x\"*");
  EXPECT_EQ(*SanitizeSearchQuery("ünïcode"), "\"ünïcode\"*");
}

TEST(SanitizeSearchQuery, RefusesQueriesWithoutWords) {
  for (const char* q : {"", "   ", "!!!", "\" ( ) *", "-- ++"}) {
    auto r = SanitizeSearchQuery(q);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  }
}

class SearchTest : public testing::LedgerTest {
 protected:
  std::vector<std::string> Ids(Ledger& ledger, const std::string& query, ListFilter list = {}) {
    EXPECT_TRUE(EnsureSearchIndex(ledger.index()));
    SearchFilter f{query, list};
    auto beads = SearchBeads(ledger.db(), f);
    EXPECT_TRUE(beads) << beads.error().message;
    std::vector<std::string> ids;
    if (beads)
      for (const Bead& b : *beads) ids.push_back(b.id);
    return ids;
  }
};

TEST_F(SearchTest, FindsTitleDescriptionNotesAndCommentsRankedByTitle) {
  Ledger l = Open();
  Bead in_desc = Create(l, "Payment page", "the checkout crashes on Safari");
  Bead in_title = Create(l, "Safari crashes on login");
  CreateRequest r;
  r.title = "Notes only";
  r.notes = "seen on safari too";
  Bead in_notes = Create(l, r);
  Bead commented = Create(l, "Unrelated");
  Write(l, "comment.add", commented.id, {{"text", "also happens in Safari 17"}});
  Create(l, "Nothing to see");
  auto ids = Ids(l, "safari");
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[0], in_title.id);  // title weighs most
  EXPECT_NE(std::find(ids.begin(), ids.end(), in_desc.id), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), in_notes.id), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), commented.id), ids.end());
  // Every word must match; the last one as a prefix.
  EXPECT_EQ(Ids(l, "safari logi"), std::vector<std::string>{in_title.id});
  EXPECT_TRUE(Ids(l, "safari zebra").empty());
  // Punctuation is text, not syntax.
  EXPECT_EQ(Ids(l, "checkout-crashes"), std::vector<std::string>{in_desc.id});
}

TEST_F(SearchTest, StaysCurrentAfterUpdatesCommentsDeletesAndRebuilds) {
  Ledger l = Open();
  Bead a = Create(l, "Alpha");
  ASSERT_TRUE(EnsureSearchIndex(l.index()));
  ASSERT_TRUE(*SearchIndexReady(l.db()));
  Bead b = Create(l, "Bravo with zebra");  // after the index was built: a trigger
  EXPECT_EQ(Ids(l, "zebra"), std::vector<std::string>{b.id});

  UpdateRequest u;
  u.title = "Alpha, now about zebra";
  ASSERT_TRUE(UpdateBead(l, a.id, u));
  EXPECT_EQ(Ids(l, "alpha"), std::vector<std::string>{a.id});
  EXPECT_EQ(Ids(l, "zebra").size(), 2u);
  u.title = "Alpha";
  ASSERT_TRUE(UpdateBead(l, a.id, u));
  EXPECT_EQ(Ids(l, "zebra"), std::vector<std::string>{b.id});  // the old words are gone

  Write(l, "comment.add", a.id, {{"text", "quokka sighting"}});
  EXPECT_EQ(Ids(l, "quokka"), std::vector<std::string>{a.id});

  Write(l, "bead.delete", b.id);
  EXPECT_TRUE(Ids(l, "zebra").empty());
  Write(l, "bead.restore", b.id);
  EXPECT_EQ(Ids(l, "zebra"), std::vector<std::string>{b.id});

  // A rebuild empties the search index; the next search fills it again.
  ASSERT_TRUE(l.index().Rebuild());
  EXPECT_FALSE(*SearchIndexReady(l.db()));
  EXPECT_EQ(Ids(l, "quokka"), std::vector<std::string>{a.id});
  EXPECT_TRUE(*SearchIndexReady(l.db()));

  // Another process's writes reach this one's search through catch-up.
  Ledger other = Open();
  Bead c = Create(other, "Zebra crossing");
  Ledger again = Open();
  EXPECT_EQ(Ids(again, "zebra").size(), 2u);
  EXPECT_EQ(Ids(again, "crossing"), std::vector<std::string>{c.id});
}

TEST_F(SearchTest, FiltersLimitsAndIdSubstrings) {
  Ledger l = Open();
  CreateRequest r;
  r.title = "Fix the parser";
  r.issue_type = "bug";
  r.priority = 1;
  Bead bug = Create(l, r);
  Bead task = Create(l, "Parser docs");
  Bead closed = Create(l, "Old parser");
  ASSERT_TRUE(CloseBead(l, closed.id, "done", false));
  EXPECT_EQ(Ids(l, "parser").size(), 2u);  // closed beads hidden by default
  ListFilter all;
  all.all = true;
  EXPECT_EQ(Ids(l, "parser", all).size(), 3u);
  ListFilter bugs;
  bugs.issue_type = "bug";
  EXPECT_EQ(Ids(l, "parser", bugs), std::vector<std::string>{bug.id});
  ListFilter p1;
  p1.priority = 1;
  EXPECT_EQ(Ids(l, "parser", p1), std::vector<std::string>{bug.id});
  ListFilter one;
  one.limit = 1;
  EXPECT_EQ(Ids(l, "parser", one).size(), 1u);
  // The hash part of an id, in any case, finds the bead first.
  std::string hash = task.id.substr(3);
  auto ids = Ids(l, hash);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], task.id);
}

}  // namespace
}  // namespace gt
